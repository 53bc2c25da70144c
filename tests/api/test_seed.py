"""With Neo4j, ORGRAPH_BUNDLE seeds an empty database and leaves a filled one as it is."""

from __future__ import annotations

import pytest

from api.http.app import create_app
from api.settings import Settings
from graph_model.kinds import OrgKind, UnitKind
from graph_model.records import Bundle, PartyOrg, Unit
from loaders import SAMPLE_BUNDLE
from queries.neo4j.backend import Neo4jBackend

pytestmark = pytest.mark.neo4j
SETTINGS = Settings(backend="neo4j", bundle=SAMPLE_BUNDLE, auth_mode="dev")
KEPT = Bundle(
    units=(Unit("u-own", "Our own", UnitKind.COMPANY),),
    party_orgs=(PartyOrg("br-own", "Our branch", OrgKind.BRANCH, unit_id="u-own"),),
)


def test_an_empty_database_is_seeded_with_the_bundle(neo4j_backend: Neo4jBackend) -> None:
    neo4j_backend.replace_all(Bundle())
    create_app(SETTINGS, backend=neo4j_backend)
    assert neo4j_backend.entity("po-gx") is not None


def test_a_database_holding_an_organisation_keeps_it(neo4j_backend: Neo4jBackend) -> None:
    neo4j_backend.replace_all(KEPT)
    create_app(SETTINGS, backend=neo4j_backend)
    assert neo4j_backend.entity("po-gx") is None
    assert neo4j_backend.entity("br-own") is not None
