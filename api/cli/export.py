"""``orgraph export OUT``: the backend's graph, API changes included, written as a bundle.

What ``orgraph load`` turns back into the same graph (``Backend.snapshot``), in canonical order
(``loaders.canonical``), so that exporting, loading and exporting again gives the same files.
The format is ``--format`` or else the name's: ``.json`` a JSON document, ``.xlsx`` a workbook,
anything else a folder of CSV files. The export is written beside ``OUT`` and renamed into
place when complete: a failed export leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from api.cli.progress import ProgressDisplay, QuietOption
from api.cli.workbook_writer import write_workbook
from api.settings import Settings
from graph_model.errors import BackendUnavailable, BundleError, GraphChanged
from graph_model.records import Bundle
from loaders.csv_writer import write_csv
from loaders.json_writer import dumps

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ExportFormat = Literal["csv", "json", "xlsx"]
StateDirOption = Annotated[
    Path | None,
    typer.Option(
        "--state-dir",
        help="Embedded backend: the state folder `orgraph serve` keeps its graph in. Default: "
        "ORGRAPH_STATE_DIR.",
    ),
]


def export(
    target: Annotated[Path, typer.Argument(help="The folder, .json or .xlsx file to write.")],
    output_format: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="csv, json or xlsx; default: from the name's suffix."),
    ] = None,
    backend: Annotated[
        Literal["memory", "neo4j"] | None,
        typer.Option(
            "--backend",
            help="memory (embedded: its --state-dir, else the configured bundle or the sample) "
            "or neo4j; default ORGRAPH_BACKEND.",
        ),
    ] = None,
    state_dir: StateDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace what is at OUT.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Write the backend's graph, API changes included, as a bundle `orgraph load` reads."""
    from api.bootstrap import make_backend

    chosen = output_format or format_of(target)
    target = named_for(target, chosen)
    if target.exists() and not force:
        err.print(f"error: {target} exists; choose another name or give --force", markup=False)
        raise typer.Exit(1)
    values = {"backend": backend, "state_dir": state_dir}
    settings = Settings(**{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]
    with ProgressDisplay(err, quiet=quiet) as display:
        try:
            store = make_backend(settings)
            try:
                with display.phase(f"reading {settings.backend}"):
                    bundle = store.snapshot()
            finally:
                store.close()
        except (BackendUnavailable, GraphChanged, BundleError) as exc:
            err.print(f"error: {exc}; nothing was written", markup=False)
            raise typer.Exit(2) from None
        with display.phase(f"writing {chosen}"):
            write_atomically(bundle, target, chosen)
    counts = bundle.counts()
    shown = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    out.print(
        f"{target}: exported {sum(counts.values())} rows ({shown}) from {settings.backend}",
        markup=False,
    )


def format_of(target: Path) -> ExportFormat:
    """The format a name asks for: ``.json``, ``.xlsx``, else a CSV folder."""
    suffix = target.suffix.lower()
    return "json" if suffix == ".json" else "xlsx" if suffix == ".xlsx" else "csv"


def named_for(target: Path, chosen: ExportFormat) -> Path:
    """``target`` with the suffix a file of ``chosen`` needs: ``orgraph check`` and ``load``
    tell a workbook or a JSON document by its suffix, so ``--format xlsx out`` writes
    ``out.xlsx``.

    >>> named_for(Path("out"), "xlsx").name, named_for(Path("b.json"), "json").name
    ('out.xlsx', 'b.json')
    """
    if chosen == "csv" or target.suffix.lower() == f".{chosen}":
        return target
    return target.with_name(f"{target.name}.{chosen}")


def write_atomically(bundle: Bundle, target: Path, chosen: ExportFormat) -> None:
    """Write ``bundle`` beside ``target``, then put it in ``target``'s place."""
    partial = target.with_name(f".{target.name}.partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove(partial)
    try:
        if chosen == "csv":
            write_csv(bundle, partial)
        elif chosen == "json":
            partial.write_bytes(dumps(bundle))
        else:
            write_workbook(bundle, partial)
        _remove(target)
        os.replace(partial, target)
    except BaseException:
        _remove(partial)
        raise


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


__all__ = ["ExportFormat", "StateDirOption", "export", "format_of", "write_atomically"]
