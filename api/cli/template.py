"""``orgraph template OUT.xlsx``: the empty workbook to fill, one sheet per table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.cli.bundle_problems import LangOption, cli_lang
from loaders.messages import say
from loaders.schema import TABLES
from loaders.workbook.template import write_template

out = Console(highlight=False, soft_wrap=True)


def template(
    path: Annotated[Path, typer.Argument(help="The .xlsx file to write.", dir_okay=False)],
    lang: LangOption = None,
) -> None:
    """Write an empty workbook to fill: a sheet per table with a bilingual header, drop-down
    lists and notes; `orgraph check` and `orgraph load` read it back."""
    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter("the template is an .xlsx workbook", param_hint="PATH")
    write_template(path)
    out.print(
        say("cli_template_written", cli_lang(lang), path=path, sheets=len(TABLES)), markup=False
    )
