"""A Neo4j that goes away: a clear 503 and GraphQL error, and recovery when it is back."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.kinds import OrgKind, UnitKind
from graph_model.records import Bundle, PartyOrg, Unit
from queries.neo4j.backend import Neo4jBackend
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.neo4j

QUERY = {"query": '{ uncoveredBranches(asOf: "2026-01-01") { id } }'}


@pytest.fixture
def proxy(neo4j_uri: str) -> Iterator[TcpProxy]:
    target = urlparse(neo4j_uri)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 7687)
    yield proxy
    proxy.close()


def test_a_server_that_goes_down_gets_503_and_recovers(
    proxy: TcpProxy, neo4j_backend: Neo4jBackend
) -> None:
    neo4j_backend.replace_all(
        Bundle(
            units=(Unit("u-co", "Company", UnitKind.COMPANY),),
            party_orgs=(
                PartyOrg("po-co", "Committee", OrgKind.COMMITTEE, unit_id="u-co"),
                PartyOrg("br-1", "Branch", OrgKind.BRANCH, "po-co", "u-co"),
            ),
        )
    )
    backend = Neo4jBackend(f"bolt://127.0.0.1:{proxy.port}", "neo4j", "orgraph-test")
    with TestClient(
        create_app(Settings(backend="neo4j", auth_mode="dev"), backend=backend)
    ) as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/graphql", json=QUERY).json()["data"]["uncoveredBranches"] == [
            {"id": "br-1"}
        ]

        proxy.cut()
        down = client.get("/readyz")
        assert down.status_code == 503
        assert "unavailable" in down.json()["error"]
        error = client.post("/graphql", json=QUERY).json()["errors"][0]
        assert error["extensions"]["code"] == "BACKEND_UNAVAILABLE"
        assert f"127.0.0.1:{proxy.port}" not in error["message"]  # the log has it, not callers

        proxy.restore()
        assert client.get("/readyz").status_code == 200
        assert client.post("/graphql", json=QUERY).json()["data"]["uncoveredBranches"] == [
            {"id": "br-1"}
        ]


def test_a_server_that_never_answers_is_not_ready() -> None:
    backend = Neo4jBackend("bolt://127.0.0.1:9", "neo4j", "x")
    with TestClient(
        create_app(Settings(backend="neo4j", auth_mode="dev"), backend=backend)
    ) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["backend"] == "neo4j"
