"""The ``orgraph`` command: serve the API, load a bundle into a backend, check a bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from api.auth import AuthConfigError, describe
from api.cli.audit import audit
from api.cli.generate import generate_bundle
from api.cli.progress import ProgressDisplay, QuietOption
from api.cli.recover import recover
from api.cli.token import token
from api.settings import Settings
from graph_model.errors import BackendUnavailable, BundleError, Problem
from graph_model.progress import Progress
from loaders import SAMPLE_BUNDLE, ValidatedBundle, read_bundle

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
BundleArgument = Annotated[Path, typer.Argument(help="A folder of CSV files or a .json bundle.")]


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


def _validated(path: Path, progress: Progress | None = None) -> ValidatedBundle:
    """The bundle, or exit 1 listing every problem as file:row: column: message."""
    try:
        validated = read_bundle(path, progress)
    except BundleError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        err.print(
            f"{path}: rejected, {len(exc.problems)} problem(s); nothing was written", markup=False
        )
        raise typer.Exit(1) from None
    _print_warnings(validated.warnings)
    return validated


def _print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        err.print(f"warning: {warning}", markup=False)


@app.command()
def check(bundle: BundleArgument, quiet: QuietOption = False) -> None:
    """Validate a bundle without writing anything: exit 0 when valid, 1 otherwise."""
    with ProgressDisplay(err, quiet=quiet) as display:
        counts = _validated(bundle, display.report).bundle.counts()
    out.print(
        f"{bundle}: valid ({', '.join(f'{n} {t}' for t, n in counts.items() if n)})", markup=False
    )


@app.command()
def load(bundle: BundleArgument, backend: BackendOption = None, quiet: QuietOption = False) -> None:
    """Validate a bundle and replace the backend's contents with it, all or nothing."""
    with ProgressDisplay(err, quiet=quiet) as display:
        validated = _validated(bundle, display.report)
        settings = _settings(backend)
        if settings.backend != "memory":
            with display.phase(f"writing to {settings.backend}"):
                _replace_all(settings, validated)
    if settings.backend == "memory":
        out.print(
            f"{bundle}: valid; the embedded backend holds data only while it serves: "
            f"run `orgraph serve --bundle {bundle}`",
            markup=False,
        )
        return
    total = sum(validated.bundle.counts().values())
    out.print(
        f"{bundle}: loaded {total} rows into {settings.backend} at {settings.neo4j_uri}",
        markup=False,
    )


def _replace_all(settings: Settings, validated: ValidatedBundle) -> None:
    """Replace the backend's contents, or exit 2 when it does not answer."""
    from api.bootstrap import make_backend

    store = make_backend(settings)
    try:
        store.replace_all(validated.bundle)
    except BackendUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    finally:
        store.close()


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
) -> None:
    """Serve the GraphQL API (GraphiQL in a browser at /graphql)."""
    import uvicorn

    from api.http.app import create_app

    try:
        settings = _settings(
            backend, bundle=bundle, state_dir=state_dir, auth_mode="dev" if dev else None
        )
    except ValueError as exc:  # settings refused: unsafe in production, or unusable
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    if settings.backend == "memory" and settings.state_dir is None:
        settings = settings.model_copy(update={"state_dir": DEFAULT_STATE_DIR})
    if bundle is not None:
        _validated(bundle)
    try:
        application = create_app(settings)
    except (BackendUnavailable, AuthConfigError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    source = _serving(settings, getattr(application.state.backend, "restored_from", None))
    out.print(
        f"orgraph: {settings.backend} backend" + (f", serving {source}" if source else ""),
        markup=False,
    )
    if settings.backend == "memory":
        out.print(f"changes are saved in {settings.state_dir}", markup=False)
    out.print(describe(settings), markup=False)
    out.print(f"GraphiQL: http://{host}:{port}/graphql", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


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


def main() -> None:
    app()
