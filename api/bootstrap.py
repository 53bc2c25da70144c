"""The composition root: the one place that picks a backend from the settings."""

from __future__ import annotations

from api.settings import Settings
from graph_model.protocol import Backend
from loaders import SAMPLE_BUNDLE, read_bundle


def make_backend(settings: Settings) -> Backend:
    """The configured backend; the embedded one starts holding the configured bundle."""
    if settings.backend == "neo4j":
        from queries.neo4j.backend import Neo4jBackend

        return Neo4jBackend(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    from queries.memory_backend import MemoryBackend

    return MemoryBackend(read_bundle(settings.bundle or SAMPLE_BUNDLE).bundle)
