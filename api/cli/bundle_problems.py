"""How ``orgraph check`` and ``orgraph load`` tell a person what is wrong with a bundle: every
problem, then the verdict, in Chinese or English (``--lang``, else the locale), and on request
(``--errors-to``) a copy of the workbook with the problem cells marked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph_model.errors import BundleError
from graph_model.progress import Progress
from loaders import ValidatedBundle
from loaders.formula_warnings import read_bundle_warning_of_formulas
from loaders.messages import Lang, lang_from_locale, located, say
from loaders.workbook.report import write_errors_workbook

#: The step the progress display shows while the errors workbook is written.
WRITING_ERRORS = "writing the errors workbook"

LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Messages in zh (Chinese) or en (English); default: the locale's "
        "(LC_ALL, LC_MESSAGES, LANG). The --errors-to workbook is in Chinese unless en.",
    ),
]
ErrorsToOption = Annotated[
    Path | None,
    typer.Option(
        "--errors-to",
        help="When the bundle is rejected, write this .xlsx: a copy of the workbook with every "
        "problem cell filled red and commented, and a first sheet listing the problems.",
        dir_okay=False,
    ),
]


def cli_lang(lang: Lang | None) -> Lang:
    """The language of the command's own output: the one asked for, else the locale's."""
    return lang or lang_from_locale(os.environ)


def validated_or_exit(
    path: Path,
    err: Console,
    progress: Progress | None = None,
    lang: Lang | None = None,
    errors_to: Path | None = None,
) -> ValidatedBundle:
    """The bundle and its warnings printed; or every problem, the verdict (and the errors
    workbook, when asked for) and exit 1."""
    said = cli_lang(lang)
    try:
        validated = read_bundle_warning_of_formulas(path, progress)
    except BundleError as exc:
        for found in exc.problems:
            err.print(located(found, said), markup=False)
        if errors_to is not None:
            if progress is not None:
                progress(WRITING_ERRORS, 0, None)  # a large workbook takes a while to copy
            # People who fix the workbook read Chinese: its language is zh unless asked for.
            try:
                write_errors_workbook(path, exc.problems, errors_to, lang or "zh")
            except OSError as why:  # a folder that is not there, a file open in Excel
                err.print(
                    say("cli_errors_not_written", said, path=errors_to, reason=why), markup=False
                )
            else:
                err.print(say("cli_errors_written", said, path=errors_to), markup=False)
        err.print(say("cli_rejected", said, bundle=path, count=len(exc.problems)), markup=False)
        raise typer.Exit(1) from None
    for warning in validated.warnings:
        err.print(say("cli_warning", said, problem=located(warning, said)), markup=False)
    return validated
