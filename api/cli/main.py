"""The ``orgraph`` command: serve the API, load a bundle into a backend, check a bundle."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from api.auth import AuthConfigError, Authenticator, describe
from api.cli import plan
from api.cli.audit import audit
from api.cli.bundle_problems import ErrorsToOption, LangOption, cli_lang, validated_or_exit
from api.cli.export import StateDirOption, export
from api.cli.generate import generate_bundle
from api.cli.plan import PlanFormat
from api.cli.progress import ProgressDisplay, QuietOption
from api.cli.recover import recover
from api.cli.template import template
from api.cli.token import token
from api.settings import Settings
from graph_model.errors import BackendUnavailable, BundleError
from graph_model.progress import Progress
from graph_model.protocol import Backend
from loaders import SAMPLE_BUNDLE, ValidatedBundle
from loaders.messages import Lang, say

app = typer.Typer(
    help="A graph of a party organisation and the questions it answers.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: Where ``orgraph serve`` saves the embedded backend's changes unless told otherwise.
DEFAULT_STATE_DIR = Path(".orgraph")

BackendOption = Annotated[
    Literal["memory", "neo4j"] | None,
    typer.Option("--backend", help="memory (embedded, default) or neo4j; else ORGRAPH_BACKEND."),
]
BundleArgument = Annotated[
    Path, typer.Argument(help="A folder of CSV files, a .json bundle or an .xlsx workbook.")
]


def _settings(backend: str | None, **overrides: object) -> Settings:
    values = {k: v for k, v in {"backend": backend, **overrides}.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


def _serving(settings: Settings, restored_from: Path | None) -> str | None:
    """What the server answers from: the state it restored, else the bundle or the sample."""
    if restored_from is not None:
        return (
            f"the state saved in {restored_from} (not the bundle; remove the folder to start over)"
        )
    bundle = settings.bundle or (SAMPLE_BUNDLE if settings.backend == "memory" else None)
    return str(bundle) if bundle is not None else None


def _validated(
    path: Path,
    progress: Progress | None = None,
    lang: Lang | None = None,
    errors_to: Path | None = None,
) -> ValidatedBundle:
    """The bundle, or exit 1 listing every problem as file:row: column: message (in a
    workbook, sheet!cell: column: message)."""
    return validated_or_exit(path, err, progress, lang, errors_to)


@app.command()
def check(
    bundle: BundleArgument,
    quiet: QuietOption = False,
    lang: LangOption = None,
    errors_to: ErrorsToOption = None,
) -> None:
    """Validate a bundle without writing anything: exit 0 when valid, 1 otherwise."""
    with ProgressDisplay(err, quiet=quiet) as display:
        counts = _validated(bundle, display.report, lang, errors_to).bundle.counts()
    listed = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    out.print(say("cli_valid", cli_lang(lang), bundle=bundle, counts=listed), markup=False)


@app.command()
def load(
    bundle: BundleArgument,
    backend: BackendOption = None,
    quiet: QuietOption = False,
    plan_only: Annotated[
        bool, typer.Option("--plan", help="Show what the load would change; write nothing.")
    ] = False,
    overwrite_changes: Annotated[
        bool,
        typer.Option(
            "--overwrite-changes",
            help="Load even where it undoes changes made through the API since the last load.",
        ),
    ] = False,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", help="table (readable, default) or json.")
    ] = "table",
    state_dir: StateDirOption = None,
    lang: LangOption = None,
    errors_to: ErrorsToOption = None,
) -> None:
    """Validate a bundle, show what it would change, and replace the backend's contents with
    it, all or nothing (exit 3: refused, see `--overwrite-changes`)."""
    with (
        ProgressDisplay(err, quiet=quiet) as display,
        _holding_state_folder(_settings(backend, state_dir=state_dir)),
    ):
        validated = _validated(bundle, display.report, lang, errors_to)
        settings = _settings(backend, state_dir=state_dir)
        if settings.backend == "memory" and settings.state_dir is None:
            if plan_only:
                err.print("error: give the embedded backend's --state-dir to plan", markup=False)
                raise typer.Exit(2)
            out.print(
                f"{bundle}: valid; the embedded backend holds data only while it serves: "
                f"run `orgraph serve --bundle {bundle}`, or load into its --state-dir",
                markup=False,
            )
            return
        store = _backend(settings)
        try:
            with display.phase("planning" if plan_only else f"writing to {settings.backend}"):
                where = (
                    f"{settings.backend} at {settings.neo4j_uri}"
                    if settings.backend == "neo4j"
                    else f"the embedded backend's state in {settings.state_dir}"
                )
                total = sum(validated.bundle.counts().values())
                plan.run(
                    store,
                    validated.bundle,
                    str(bundle),
                    plan_only=plan_only,
                    overwrite=overwrite_changes,
                    out=out,
                    err=err,
                    output_format=output_format,
                    loaded_line=f"{bundle}: loaded {total} rows into {where}",
                )
        finally:
            store.close()


def _backend(settings: Settings) -> Backend:
    """The backend to load into, or exit 2 when it cannot be had. The embedded one is its state
    folder: what is saved there, or nothing yet (not the bundle ``serve`` would start from)."""
    from api.bootstrap import make_backend
    from queries.embedded.backend import MemoryBackend

    try:
        if settings.backend == "memory":
            return MemoryBackend(state_dir=settings.state_dir)
        return make_backend(settings)
    except (BackendUnavailable, BundleError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None


@contextmanager
def _holding_state_folder(settings: Settings) -> Iterator[None]:
    """Exit 2 at once, before reading any bundle, when another process serves the embedded
    backend's state folder (the store takes this process's hold over). A folder made here for
    a load that then fails (a bundle refused) is taken away again: nothing is left behind."""
    if settings.backend != "memory" or settings.state_dir is None:
        yield
        return
    from queries.embedded.lock import LOCK_FILE, FolderLock

    folder = settings.state_dir
    made_here = not folder.exists()
    try:
        lock = FolderLock.take(folder, owner=None)
    except BackendUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    try:
        yield
    except BaseException:
        if made_here and lock.owner is None:  # no store took the folder over
            lock.release(None)
            if [entry.name for entry in folder.iterdir()] == [LOCK_FILE]:
                (folder / LOCK_FILE).unlink()
                folder.rmdir()
        raise


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    bundle: Annotated[
        Path | None,
        typer.Option(
            help="Bundle to serve (embedded) or to load first (neo4j). Default: the sample."
        ),
    ] = None,
    backend: BackendOption = None,
    state_dir: Annotated[
        Path | None,
        typer.Option(
            help="Embedded backend: the folder its changes are saved in, and served from at the "
            "next start. Default: ORGRAPH_STATE_DIR, else .orgraph."
        ),
    ] = None,
    dev: Annotated[
        bool,
        typer.Option(
            "--dev",
            help="Local development: no token needed, a caller without one is an admin of the "
            "whole organisation (refused in production). Default: ORGRAPH_AUTH_MODE, else jwt.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes, one per core to start with. With the embedded backend each "
            "holds a copy of the organisation (memory times N) and they share --state-dir.",
        ),
    ] = 1,
) -> None:
    """Serve the GraphQL API, the dashboard at / and GraphiQL at /graphql (built when missing)."""
    from api.cli.web_build import build_for_serving
    from api.http.app import create_app
    from api.http.serving import serve as run_server
    from api.http.serving import share_state_folder

    try:
        settings = _settings(
            backend, bundle=bundle, state_dir=state_dir, auth_mode="dev" if dev else None
        )
    except ValueError as exc:  # settings refused: unsafe in production, or unusable
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    if settings.backend == "memory" and settings.state_dir is None:
        settings = settings.model_copy(update={"state_dir": DEFAULT_STATE_DIR})
    with _holding_state_folder(settings):
        if bundle is not None:
            _validated(bundle)
    build_for_serving(settings, err)
    application = None
    try:
        if settings.backend == "memory" and workers > 1:  # each worker reads the folder
            Authenticator(settings)  # refused here, not by every worker
            restored = share_state_folder(settings)
        else:
            application = create_app(settings)
            restored = getattr(application.state.backend, "restored_from", None)
    except (BackendUnavailable, AuthConfigError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    source = _serving(settings, restored)
    out.print(
        f"orgraph: {settings.backend} backend" + (f", serving {source}" if source else ""),
        markup=False,
    )
    if settings.backend == "memory":
        out.print(f"changes are saved in {settings.state_dir}", markup=False)
    out.print(describe(settings), markup=False)
    out.print(f"Dashboard: http://{host}:{port}/", markup=False)
    if settings.graphiql_enabled:  # production serves none: the address would answer 404
        out.print(f"GraphiQL: http://{host}:{port}/graphql", markup=False)
    run_server(application, settings, host, port, workers)


@app.command("schema")
def print_schema() -> None:
    """Print the GraphQL schema (SDL): `orgraph schema > api/schema.graphql` refreshes the file."""
    import sys

    from api.schema.contract import sdl

    sys.stdout.write(sdl())


app.command()(audit)
app.command("generate")(generate_bundle)
app.command()(token)
app.command()(recover)
app.command()(template)
app.command()(export)


def main() -> None:
    app()
