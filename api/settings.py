"""Settings from the environment (``ORGRAPH_…``), typed, with unsafe production values refused."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import (
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    SecretStr,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.auth import settings_problem
from graph_model.timeline import DEFAULT_TIMEZONE
from queries.neo4j.timeouts import DEFAULT_TIMEOUTS, DriverTimeouts

DEV_PASSWORD = "orgraph-dev"


class Settings(BaseSettings):
    """Everything the service reads from its environment."""

    #: A refused value is not repeated in the error: it may be a secret.
    model_config = SettingsConfigDict(
        env_prefix="ORGRAPH_", extra="ignore", hide_input_in_errors=True
    )

    backend: Literal["memory", "neo4j"] = "memory"
    #: ``neo4j://`` routes: a cluster's read replicas serve the reads, and one server serves all.
    neo4j_uri: str = "neo4j://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_PASSWORD)
    neo4j_database: str = "neo4j"
    #: How long the Neo4j backend waits, in seconds: queries/neo4j/timeouts.py says why each.
    neo4j_connection_timeout: PositiveFloat = DEFAULT_TIMEOUTS.connection_timeout
    neo4j_acquisition_timeout: PositiveFloat = DEFAULT_TIMEOUTS.acquisition_timeout
    neo4j_retry_seconds: NonNegativeFloat = DEFAULT_TIMEOUTS.retry_time
    neo4j_probe_interval: PositiveFloat = DEFAULT_TIMEOUTS.probe_interval
    #: The bundle the embedded backend serves (default: the sample); with Neo4j, loaded at start.
    bundle: Path | None = None
    #: Where the embedded backend saves its changes and trail (queries/embedded/state.py); a state
    #: saved there is served instead of the bundle. ``orgraph serve`` uses ``.orgraph`` if unset.
    state_dir: Path | None = None
    timezone: str = DEFAULT_TIMEZONE
    environment: Literal["development", "production"] = "development"
    #: GraphiQL at /graphql and schema introspection; unset: on, except in production.
    graphiql: bool | None = None
    introspection: bool | None = None
    #: Guards against abusive queries (api/schema/guards.py): each refuses with a GraphQL error.
    max_depth: PositiveInt = 8
    max_tokens: PositiveInt = 500
    max_aliases: NonNegativeInt = 30
    max_cost: PositiveInt = 50_000
    #: What a list counts in the query cost: the items it is assumed to hold (api/schema/cost.py).
    list_cost: PositiveInt = 10
    #: Operations one batched request may hold; 0 turns batching off (a JSON array gets 400).
    max_batch: NonNegativeInt = 0
    #: Request bodies above this many bytes get 413.
    max_body_bytes: PositiveInt = 100_000
    #: ``POST /imports`` (api/http/imports.py): the largest upload, in bytes (this route alone;
    #: the rest keep ``max_body_bytes``), the bytes its zip may unpack to, and how long a planned
    #: import waits to be applied.
    max_import_bytes: PositiveInt = 50_000_000
    max_import_unpacked_bytes: PositiveInt = 1_000_000_000
    import_ttl_seconds: PositiveInt = 3600
    #: Where planned imports wait, shared by every worker; unset: ``<state_dir>/imports``, else
    #: ``orgraph-imports-<uid>`` in the temporary folder.
    imports_dir: Path | None = None
    #: The most items one page of a list may hold (api/schema/browse_paging.py); more is refused.
    max_page_size: PositiveInt = 100
    #: Who may ask (api/auth.py): ``jwt``, a signed bearer token on every GraphQL request;
    #: ``dev``, no token needed: an anonymous caller is an admin (refused in production).
    auth_mode: Literal["jwt", "dev"] = "jwt"
    #: Tokens are checked with a shared secret (HS…) or a PEM public key (RS…, ES…): one of them.
    jwt_secret: SecretStr | None = None
    jwt_public_key: str | None = None
    jwt_issuer: str = "orgraph"
    jwt_audience: str = "orgraph"
    #: The algorithms a token may be signed with; as JSON in the environment: '["RS256"]'.
    jwt_algorithms: list[str] = ["HS256"]
    #: Clock skew tolerated on ``exp``, ``iat`` and ``nbf``.
    jwt_leeway_seconds: NonNegativeInt = 30
    #: The built dashboard and GraphiQL (api/http/web_app.py); unset: this checkout's web/dist.
    web_dist: Path | None = None

    @property
    def neo4j_timeouts(self) -> DriverTimeouts:
        """The Neo4j backend's waits, from the ``ORGRAPH_NEO4J_…`` settings above."""
        return DriverTimeouts(
            connection_timeout=self.neo4j_connection_timeout,
            acquisition_timeout=self.neo4j_acquisition_timeout,
            retry_time=self.neo4j_retry_seconds,
            probe_interval=self.neo4j_probe_interval,
        )

    @property
    def graphiql_enabled(self) -> bool:
        if self.graphiql is not None:
            return self.graphiql
        return self.environment != "production"

    @property
    def introspection_enabled(self) -> bool:
        if self.introspection is not None:
            return self.introspection
        return self.environment != "production"

    @model_validator(mode="after")
    def _refuse_dev_password_in_production(self) -> Settings:
        if (
            self.environment == "production"
            and self.backend == "neo4j"
            and self.neo4j_password.get_secret_value() == DEV_PASSWORD
        ):
            raise ValueError("ORGRAPH_NEO4J_PASSWORD must be set in production")
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_authentication(self) -> Settings:
        if problem := settings_problem(self):
            raise ValueError(problem)
        return self
