"""``orgraph generate``: write a generated grid-company organisation as a bundle.

The bundle is ``loaders.generate.generate(people, seed)``, written as a CSV folder or a JSON
file that ``orgraph check`` and ``orgraph load`` read; the same size and seed write the same
files. Exit status 0 when written; 1 when OUT is in the way (an existing file or non-empty
folder, without ``--force``) or cannot be written; 2 for bad arguments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from api.cli.progress import ProgressDisplay, QuietOption
from loaders.generate import GENERATING, MIN_PEOPLE, SIZES, generate, write_csv, write_json

Size = Literal["S", "M", "L"]
Format = Literal["csv", "json"]


def generate_bundle(
    out: Annotated[
        Path,
        typer.Argument(help="The folder (CSV) or the .json file to write the bundle to."),
    ],
    people: Annotated[
        int | None,
        typer.Option(min=MIN_PEOPLE, help="How many people; or --size.", show_default=False),
    ] = None,
    size: Annotated[
        Size | None,
        typer.Option(
            case_sensitive=False, help="S = 10,000 people, M = 100,000, L = 1,000,000. Default: S."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="The same seed and size give the same files.")] = 0,
    output: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="csv (a folder) or json (a file). Default: json for OUT.json, else csv.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write over an existing OUT (its bundle files).")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Generate an organisation shaped like a grid company, deterministic for a seed."""
    if people is not None and size is not None:
        raise typer.BadParameter("give --people or --size, not both", param_hint="'--people'")
    output = output or ("json" if out.suffix.lower() == ".json" else "csv")
    if output == "json" and out.suffix.lower() != ".json":
        raise typer.BadParameter("a JSON bundle's name ends in .json", param_hint="'OUT'")
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    refusal = _refusal(out, output, force)
    if refusal:
        err.print(f"error: {out}: {refusal}; nothing was written", markup=False)
        raise typer.Exit(1)
    wanted = people if people is not None else SIZES[size or "S"]
    with ProgressDisplay(err, quiet=quiet, units={GENERATING: "steps"}) as display:
        bundle = generate(wanted, seed, display.report)
        try:
            with display.phase(f"writing {output.upper()}"):
                out.parent.mkdir(parents=True, exist_ok=True)  # as write_csv makes its folder
                (write_json if output == "json" else write_csv)(bundle, out)
        except OSError as exc:
            err.print(f"error: {out}: {exc}", markup=False)
            raise typer.Exit(1) from None
    rows = sum(bundle.counts().values())
    typer.echo(f"{out}: {wanted} people, {rows} rows (seed {seed}), written as {output.upper()}")


def _refusal(out: Path, output: Format, force: bool) -> str | None:
    """Why OUT cannot be written to, if it cannot."""
    if output == "csv" and out.exists() and not out.is_dir():
        return "is a file, and a CSV bundle is a folder"
    if output == "json" and out.is_dir():
        return "is a folder, and a JSON bundle is a file"
    in_use = (out.is_dir() and any(out.iterdir())) or (out.is_file() and out.stat().st_size > 0)
    if in_use and not force:
        return "already exists and is not empty; pass --force to write over it"
    return None


__all__ = ["generate_bundle"]
