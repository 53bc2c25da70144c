"""Settings from the environment (``ORGRAPH_…``), typed, with unsafe production values refused."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph_model.timeline import DEFAULT_TIMEZONE

DEV_PASSWORD = "orgraph-dev"


class Settings(BaseSettings):
    """Everything the service reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="ORGRAPH_", extra="ignore")

    backend: Literal["memory", "neo4j"] = "memory"
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_PASSWORD)
    neo4j_database: str = "neo4j"
    #: The bundle the embedded backend serves (default: the sample); with Neo4j, loaded at start.
    bundle: Path | None = None
    timezone: str = DEFAULT_TIMEZONE
    environment: Literal["development", "production"] = "development"

    @model_validator(mode="after")
    def _refuse_dev_password_in_production(self) -> Settings:
        if (
            self.environment == "production"
            and self.backend == "neo4j"
            and self.neo4j_password.get_secret_value() == DEV_PASSWORD
        ):
            raise ValueError("ORGRAPH_NEO4J_PASSWORD must be set in production")
        return self
