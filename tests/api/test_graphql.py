"""The GraphQL API over the sample bundle, on both backends."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import GraphQL

CHAIN = """
query Chain($id: ID!, $asOf: Date) {
  responsibilityChain(fromId: $id, asOf: $asOf) {
    start { id kind }
    asOf
    links { level status note entities { id } people { person { id } role via liaisonPointId } }
  }
}
"""


def test_uncovered_branches_are_the_sample_gaps(graphql: GraphQL) -> None:
    body = graphql('{ uncoveredBranches(asOf: "2026-11-23") { id kind name } }')
    ids = [b["id"] for b in body["data"]["uncoveredBranches"]]
    assert ids == ["br-b09-s1", "br-d11"]
    assert {b["kind"] for b in body["data"]["uncoveredBranches"]} == {"PARTY_ORG"}


def test_a_branch_covered_only_by_an_expired_point_was_covered_before_it_expired(
    graphql: GraphQL,
) -> None:
    query = "query($d: Date) { uncoveredBranches(asOf: $d) { id } }"
    before = graphql(query, d="2022-06-30")["data"]["uncoveredBranches"]
    assert "br-b09-s1" not in [b["id"] for b in before]
    coverage = graphql(
        '{ branchCoverage(branchId: "br-b09-s1", asOf: "2022-06-30") '
        "{ leader { id } kind liaisonPoint { id } evidence { nodes { id } } } }"
    )["data"]["branchCoverage"]
    assert [(c["leader"]["id"], c["liaisonPoint"]["id"]) for c in coverage] == [
        ("p-0032", "lp-b09-1")
    ]
    assert coverage[0]["evidence"]["nodes"][0]["id"] == "p-0032"
    assert coverage[0]["evidence"]["nodes"][-1]["id"] == "br-b09-s1"


def test_uncovered_branches_within_a_unit_subtree(graphql: GraphQL) -> None:
    body = graphql('{ uncoveredBranches(asOf: "2026-11-23", underUnitId: "u-b09") { id } }')
    assert [b["id"] for b in body["data"]["uncoveredBranches"]] == ["br-b09-s1"]


def test_a_leader_sees_the_branches_they_cover_with_evidence(graphql: GraphQL) -> None:
    body = graphql(
        '{ leaderCoverage(leaderId: "p-0001", asOf: "2026-11-23") '
        "{ branch { id } kind evidence { nodes { id } relationships { type startId endId } } } }"
    )
    found = body["data"]["leaderCoverage"]
    assert found, "the company secretary covers branches in the sample"
    for coverage in found:
        nodes = [n["id"] for n in coverage["evidence"]["nodes"]]
        rels = coverage["evidence"]["relationships"]
        assert nodes[0] == "p-0001" and nodes[-1] == coverage["branch"]["id"]
        assert len(rels) == len(nodes) - 1
        assert rels[0] == {"type": "ESTABLISHED", "startId": "p-0001", "endId": nodes[1]}
    assert [c["branch"]["id"] for c in found] == sorted(c["branch"]["id"] for c in found)


def test_a_chain_from_a_team_without_a_group_reports_the_group_missing(graphql: GraphQL) -> None:
    chain = graphql(CHAIN, id="t-b05-s1-1", asOf="2026-11-23")["data"]["responsibilityChain"]
    levels = [(link["level"], link["status"]) for link in chain["links"]]
    assert levels[0] == ("TEAM", "OK")
    assert levels[1] == ("PARTY_GROUP", "MISSING")
    assert levels[2][0] == "BRANCH"
    assert ("PARTY_ORG", "OK") in levels
    assert chain["links"][-1]["level"] == "DOMAIN"
    top = [link for link in chain["links"] if link["level"] == "PARTY_ORG"][-1]
    assert top["entities"] == [{"id": "po-gx"}]
    assert top["people"][0]["person"]["id"] == "p-0001"


def test_a_project_chain_starts_with_its_temporary_branch(graphql: GraphQL) -> None:
    running = graphql(CHAIN, id="pj-kll", asOf="2020-06-01")["data"]["responsibilityChain"]
    first = running["links"][0]
    assert (first["level"], first["status"]) == ("TEMPORARY_BRANCH", "OK")
    assert first["entities"] == [{"id": "br-kll"}]
    assert first["people"] == [
        {"person": {"id": "p-0155"}, "role": "secretary", "via": None, "liaisonPointId": None}
    ]
    dissolved = graphql(CHAIN, id="pj-kll", asOf="2021-03-31")["data"]["responsibilityChain"]
    assert (dissolved["links"][0]["level"], dissolved["links"][0]["status"]) == (
        "TEMPORARY_BRANCH",
        "MISSING",
    )
    assert dissolved["links"][1]["level"] == "BRANCH"


def test_unknown_ids_are_a_not_found_error(graphql: GraphQL) -> None:
    body = graphql(CHAIN, id="no-such-team")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "no-such-team" in body["errors"][0]["message"]


def test_a_unit_is_not_a_branch(graphql: GraphQL) -> None:
    body = graphql('{ branchCoverage(branchId: "u-gx") { kind } }')
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_bad_date_is_a_validation_error(graphql: GraphQL) -> None:
    body = graphql('{ uncoveredBranches(asOf: "2026-13-01") { id } }')
    assert body["errors"] and "Date" in body["errors"][0]["message"]


def test_probes_say_alive_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_graphiql_is_served_to_browsers(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
