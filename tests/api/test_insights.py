"""The insight questions through the API, on the sample's deliberate gaps, on both backends."""

from __future__ import annotations

from tests.api.conftest import GraphQL

TODAY = "2026-11-23"


def test_an_expired_point_explains_the_uncovered_station_branch(graphql: GraphQL) -> None:
    body = graphql(
        """query($d: Date) { explainUncovered(branchId: "br-b09-s1", asOf: $d) {
             exists covered coverage { liaisonPoint { id } }
             candidates { liaisonPoint { id } leader { id } kind from to
                          reasons { code day leaderPeriods { committee { id } } } }
             nearMisses { liaisonPoint { id } relation counts } } }""",
        d=TODAY,
    )
    assert "errors" not in body, body
    answer = body["data"]["explainUncovered"]
    assert (answer["exists"], answer["covered"], answer["coverage"]) == (True, False, [])
    assert answer["candidates"] == [
        {
            "liaisonPoint": {"id": "lp-b09-1"},
            "leader": {"id": "p-0032"},
            "kind": "DIRECT",
            "from": answer["candidates"][0]["from"],
            "to": "2022-09-30",
            "reasons": [{"code": "EXPIRED", "day": "2022-09-30", "leaderPeriods": []}],
        }
    ]
    relations = {m["relation"] for m in answer["nearMisses"]}
    assert relations <= {"SIBLING_UNIT", "UNIT_BELOW", "SIBLING_ORG"}
    assert answer["nearMisses"], "the bureau's other points sit next to the station"


def test_a_former_leaders_point_is_explained_by_the_end_of_his_seat(graphql: GraphQL) -> None:
    body = graphql(
        """{ explainUncovered(branchId: "br-b14-s1", asOf: "2026-11-23") {
             covered candidates { liaisonPoint { id } reasons { code day } } } }"""
    )
    answer = body["data"]["explainUncovered"]
    assert answer["covered"]  # by another point; lp-br-12 no longer counts
    assert {
        "liaisonPoint": {"id": "lp-br-12"},
        "reasons": [{"code": "LEADER_NOT_A_LEADER", "day": "2021-06-30"}],
    } in (answer["candidates"])


def test_the_station_branch_lost_its_coverage_when_the_point_expired(graphql: GraphQL) -> None:
    body = graphql(
        """{ coverageDiff(from: "2022-06-30", to: "2026-11-23", underUnitId: "u-b09") {
             branch { id } change removed { liaisonPoint { id } kind } } }"""
    )
    assert "errors" not in body, body
    lost = [c for c in body["data"]["coverageDiff"] if c["change"] == "LOST"]
    assert lost == [
        {
            "branch": {"id": "br-b09-s1"},
            "change": "LOST",
            "removed": [{"liaisonPoint": {"id": "lp-b09-1"}, "kind": "DIRECT"}],
        }
    ]


def test_the_company_leaders_workload(graphql: GraphQL) -> None:
    body = graphql(
        """{ leaderWorkload(asOf: "2026-11-23", underUnitId: "u-gx",
                            visitsFrom: "2020-01-01", visitsTo: "2020-12-31") {
             leader { id } seats { committee { id } role }
             partyBuildingPoints branchPoints branchesCovered visits lastVisit } }"""
    )
    assert "errors" not in body, body
    rows = body["data"]["leaderWorkload"]
    company = [r for r in rows if "po-gx" in {s["committee"]["id"] for s in r["seats"]}]
    assert [r["leader"]["id"] for r in company] == [f"p-{n:04}" for n in range(1, 10)]
    # Of the 179 visits of 2020, p-0010 (no leader since 2021-06-30) made 12.
    assert sum(r["visits"] for r in company) == 179 - 12
    assert all(r["partyBuildingPoints"] + r["branchPoints"] >= 1 for r in company)
    assert all(r["lastVisit"] <= "2026-11-23" for r in company if r["lastVisit"])


def test_the_data_gaps_of_the_sample(graphql: GraphQL) -> None:
    body = graphql(
        """{ dataCompleteness(asOf: "2026-11-23") {
             branchesWithoutSecretary { count missing { id } }
             teamsWithoutLeader { count }
             peopleWithoutUnit { count missing { id } } } }"""
    )
    assert "errors" not in body, body
    answer = body["data"]["dataCompleteness"]
    assert answer["branchesWithoutSecretary"] == {"count": 1, "missing": [{"id": "br-b13-s1"}]}
    assert answer["peopleWithoutUnit"] == {"count": 1, "missing": [{"id": "p-0011"}]}
    assert answer["teamsWithoutLeader"] == {"count": 0}


def test_a_visit_period_that_ends_before_it_starts_is_refused(graphql: GraphQL) -> None:
    body = graphql(
        '{ leaderWorkload(visitsFrom: "2021-01-01", visitsTo: "2020-01-01") { visits } }'
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"
