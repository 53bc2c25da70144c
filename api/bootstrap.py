"""The composition root: the one place that picks a backend from the settings."""

from __future__ import annotations

from api.settings import Settings
from graph_model.protocol import Backend
from loaders import SAMPLE_BUNDLE, read_bundle


def make_backend(settings: Settings) -> Backend:
    """The configured backend; the embedded one starts holding the state saved in
    ``settings.state_dir`` when there is one, else the configured bundle."""
    if settings.backend == "neo4j":
        from queries.neo4j.backend import Neo4jBackend

        return Neo4jBackend(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
            settings.neo4j_timeouts,
        )
    from queries.embedded.backend import MemoryBackend
    from queries.embedded.state import StateDir

    state = settings.state_dir
    if state is not None and StateDir(state).has_bundle():
        return MemoryBackend(state_dir=state)  # the saved state, not the configured bundle
    return MemoryBackend(read_bundle(settings.bundle or SAMPLE_BUNDLE).bundle, state_dir=state)
