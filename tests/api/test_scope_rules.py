"""How answers are cut to a caller's scope (queries/scope/adapter.py), each rule on a small
organisation built for it, on both backends.

The organisation: a company ``u-co`` with its committee ``po-co`` and a standing branch
``br-co``; bureau A (``u-a``, the scope: committee ``po-a``, branch ``br-a1`` in ``u-a1``, a
team right in ``u-a``); bureau B (``u-b``, branch ``br-b``). The company's secretary covers
every branch from the company unit; bureau A's secretary has a liaison point in A and one in B;
a person working in A sits on B's branch committee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import Role
from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from graph_model.records import Bundle
from queries.scope.adapter import OUTSIDE
from tests.conformance.builders import Org
from tests.support.auth import bearer, with_test_key
from tests.support.language import ENGLISH

Load = Callable[[Bundle], Backend]
Ask = Callable[[str], dict[str, Any]]


def org() -> Bundle:
    bundle = (
        Org()
        .unit("u-co", kind="company")
        .committee("po-co", unit="u-co")
        .branch("br-co", unit="u-co", parent="po-co")
        .person("p-boss", unit="u-co")
        .seat("p-boss", "po-co", "secretary")
        .lp("lp-co", leader="p-boss", kind="party_building", target="u-co", start=date(2020, 1, 1))
        .charge("p-boss", "d-ops")
        .unit("u-a", parent="u-co", kind="bureau", domains=["d-ops"])
        .unit("u-a1", parent="u-a")
        .committee("po-a", unit="u-a", parent="po-co")
        .branch("br-a1", unit="u-a1", parent="po-a")
        .branch("br-a2", unit="u-a1", parent="po-a")  # covered from the company only
        .branch("br-odd", unit="u-b", parent="po-a")  # reports into A, set up in B
        .person("p-alead", unit="u-a")
        .seat("p-alead", "po-a", "secretary")
        .lp("lp-a-in", leader="p-alead", kind="branch", target="br-a1", start=date(2020, 3, 1))
        .lp("lp-a-out", leader="p-alead", kind="branch", target="br-b", start=date(2020, 4, 1))
        .visit("lp-a-in", date(2020, 5, 1))
        .visit("lp-a-in", date(2024, 2, 1))
        .visit("lp-a-out", date(2020, 6, 1))
        .visit("lp-a-out", date(2020, 7, 1))
        .visit("lp-a-out", date(2024, 3, 1))
        .person("p-tl", unit="u-a")
        .team("t-a", unit="u-a", leader="p-tl")
        .person("p-mixed", unit="u-a1")
        .unit("u-b", parent="u-co", kind="bureau")
        .branch("br-b", unit="u-b", parent="po-co")
        .seat("p-mixed", "br-b", "committee_member")
        .seat("p-bsec", "br-b", "secretary")
        .team("t-b", unit="u-b")
        .group("g-b", branch="br-b", team="t-b", members=["p-bsec"])
        .bundle()
    )
    benchmarks = {"br-a1": ("d-ops", "先锋"), "br-odd": ("d-ops", "其他")}
    return replace(
        bundle,
        party_orgs=tuple(
            replace(
                o, benchmark_domain_id=benchmarks[o.id][0], benchmark_category=benchmarks[o.id][1]
            )
            if o.id in benchmarks
            else o
            for o in bundle.party_orgs
        ),
    )


@pytest.fixture
def app(load: Load) -> Iterator[Callable[[Role, str | None], Ask]]:
    settings = with_test_key(Settings())
    application = create_app(settings, backend=load(org()))
    with TestClient(application, headers=ENGLISH) as client:

        def caller(role: Role, scope: str | None) -> Ask:
            headers = bearer(settings, role, scope)

            def ask(query: str) -> dict[str, Any]:
                response = client.post("/graphql", json={"query": query}, headers=headers)
                assert response.status_code == 200, response.text
                body: dict[str, Any] = response.json()
                return body

            return ask

        yield caller


@pytest.fixture
def scoped(app: Callable[[Role, str | None], Ask]) -> Ask:
    return app(Role.EDITOR, "u-a")


@pytest.fixture
def admin(app: Callable[[Role, str | None], Ask]) -> Ask:
    return app(Role.ADMIN, None)


def data(answer: dict[str, Any]) -> Any:
    assert "errors" not in answer, answer["errors"]
    return answer["data"]


# -- coverage from above ---------------------------------------------------------------------------
COVERAGE = (
    '{ branchCoverage(branchId: "br-a1", asOf: "2024-06-30") '
    "{ leader { id } liaisonPoint { id } } }"
)


def test_a_branch_covered_from_outside_is_covered_but_its_cover_is_not_shown(
    scoped: Ask, admin: Ask
) -> None:
    assert {c["leader"]["id"] for c in data(admin(COVERAGE))["branchCoverage"]} == {
        "p-boss",
        "p-alead",
    }
    assert data(scoped(COVERAGE))["branchCoverage"] == [
        {"leader": {"id": "p-alead"}, "liaisonPoint": {"id": "lp-a-in"}}
    ]
    uncovered = '{ uncoveredBranches(asOf: "2024-06-30") { id } }'
    assert data(scoped(uncovered))["uncoveredBranches"] == []  # br-a2: covered from above
    explained = data(
        scoped(
            '{ explainUncovered(branchId: "br-a2", asOf: "2024-06-30") '
            "{ covered coverage { leader { id } } } }"
        )
    )
    assert explained["explainUncovered"] == {"covered": True, "coverage": []}


# -- chains ----------------------------------------------------------------------------------------
def test_a_chain_keeps_the_links_above_the_scope_empty_and_says_so(scoped: Ask, admin: Ask) -> None:
    query = (
        '{ responsibilityChain(fromId: "t-a", asOf: "2024-06-30") '
        "{ links { level status note entities { id } people { person { id } } } } }"
    )
    full = data(admin(query))["responsibilityChain"]["links"]
    cut = data(scoped(query))["responsibilityChain"]["links"]
    assert [(k["level"], k["status"]) for k in cut] == [(k["level"], k["status"]) for k in full]
    branch = next(k for k in cut if k["level"] == "BRANCH")
    assert branch == {
        "level": "BRANCH",
        "status": "MISSING",  # br-co has no secretary
        "note": "no secretary recorded; outside your scope",
        "entities": [],
        "people": [],
    }
    assert next(k for k in full if k["level"] == "BRANCH")["entities"] == [{"id": "br-co"}]
    domain = next(k for k in cut if k["level"] == "DOMAIN")
    assert domain["entities"] == [{"id": "d-ops"}] and domain["people"] == []
    assert domain["note"] == "outside your scope"  # p-boss is in charge, out of sight
    team = next(k for k in cut if k["level"] == "TEAM")
    assert team["people"] == [{"person": {"id": "p-tl"}}]


# -- audit -----------------------------------------------------------------------------------------
def test_an_audit_finding_names_nothing_outside_the_scope(scoped: Ask, admin: Ask) -> None:
    query = (
        '{ audit(asOf: "2024-06-30", rules: ["R06"], underUnitId: "u-a") { findings { '
        "entity { id } message evidence { nodes { id } relationships { startId endId } } } "
        "countsByUnit { unit { id } count } } }"
    )
    full = data(admin(query))["audit"]
    cut = data(scoped(query))["audit"]
    [finding] = cut["findings"]
    assert finding["entity"] == {"id": "p-mixed"}
    assert "br-b" in full["findings"][0]["message"]
    assert finding["message"] == full["findings"][0]["message"].replace("br-b", OUTSIDE)
    assert "br-b" not in str(finding["evidence"])
    assert cut["countsByUnit"] == full["countsByUnit"]


# -- counts recomputed over what is visible --------------------------------------------------------
def test_a_leaders_workload_counts_only_the_points_of_the_scope(scoped: Ask, admin: Ask) -> None:
    query = (
        '{ leaderWorkload(asOf: "2024-06-30", visitsFrom: "2020-01-01", underUnitId: "u-a") '
        "{ leader { id } branchPoints branchesCovered visits lastVisit } }"
    )
    assert data(admin(query))["leaderWorkload"] == [
        {
            "leader": {"id": "p-alead"},
            "branchPoints": 2,
            "branchesCovered": 2,
            "visits": 5,
            "lastVisit": "2024-03-01",
        }
    ]
    assert data(scoped(query))["leaderWorkload"] == [
        {
            "leader": {"id": "p-alead"},
            "branchPoints": 1,
            "branchesCovered": 1,
            "visits": 2,
            "lastVisit": "2024-02-01",
        }
    ]


def test_a_committees_figures_count_only_the_points_and_branches_of_the_scope(
    scoped: Ask, admin: Ask
) -> None:
    query = (
        '{ figures(year: 2020, committeeId: "po-a", asOf: "2024-06-30") { liaisonPoints { id } '
        "branchPoints visits benchmarkBranches { id } benchmarkCategories { name count } "
        "benchmarkDomains { entity { id } count } } }"
    )
    full = data(admin(query))["figures"]
    assert full["branchPoints"] == 2 and full["visits"] == 3
    assert [b["id"] for b in full["benchmarkBranches"]] == ["br-a1", "br-odd"]
    assert data(scoped(query))["figures"] == {
        "liaisonPoints": [{"id": "lp-a-in"}],
        "branchPoints": 1,
        "visits": 1,
        "benchmarkBranches": [{"id": "br-a1"}],
        "benchmarkCategories": [{"name": "先锋", "count": 1}],
        "benchmarkDomains": [{"entity": {"id": "d-ops"}, "count": 1}],
    }


def test_a_group_keyed_by_a_unit_outside_the_scope_has_no_key(scoped: Ask) -> None:
    found = data(
        scoped("{ units { totalCount countBy(groupBy: UNIT) { key count node { id } } } }")
    )
    assert found["units"] == {
        "totalCount": 2,
        "countBy": [
            {"key": "u-a", "count": 1, "node": {"id": "u-a"}},
            {"key": None, "count": 1, "node": None},
        ],
    }


# -- browsing --------------------------------------------------------------------------------------
def test_a_visible_person_shows_only_what_lies_in_the_scope(scoped: Ask, admin: Ask) -> None:
    query = (
        '{ node(id: "p-alead") { ... on Person { seats { nodes { partyOrg { id } } } '
        "liaisonPoints { nodes { id target { id } } } visits { totalCount } } } }"
    )
    assert data(admin(query))["node"]["visits"]["totalCount"] == 5
    assert data(scoped(query))["node"] == {
        "seats": {"nodes": [{"partyOrg": {"id": "po-a"}}]},
        "liaisonPoints": {"nodes": [{"id": "lp-a-in", "target": {"id": "br-a1"}}]},
        "visits": {"totalCount": 2},
    }
    assert data(scoped('{ node(id: "p-boss") { id } a: entity(id: "lp-a-out") { id } }')) == {
        "node": None,
        "a": None,
    }


def test_the_top_of_the_scope_has_no_parent(scoped: Ask) -> None:
    assert data(scoped('{ node(id: "u-a") { ... on Unit { parent { id } } } }')) == {
        "node": {"parent": None}
    }
    found = data(
        scoped(
            '{ node(id: "po-a") { ... on PartyOrg { parent { id } children { nodes { id } } } } }'
        )
    )
    children = [{"id": "br-a1"}, {"id": "br-a2"}]  # not br-odd, set up in bureau B
    assert found == {"node": {"parent": None, "children": {"nodes": children}}}


# -- changes ---------------------------------------------------------------------------------------
def test_a_change_may_not_create_an_id_taken_outside_nor_say_by_what(
    scoped: Ask, admin: Ask
) -> None:
    mutation = (
        'mutation { setUpLiaisonPoint(input: {id: "lp-co", leaderId: "p-alead", kind: BRANCH, '
        'targetId: "br-a1"}) { ok errors { field message code } } }'
    )
    assert data(admin(mutation))["setUpLiaisonPoint"]["errors"][0]["message"] == (
        "id 'lp-co' is taken by a liaison point"
    )
    assert data(scoped(mutation))["setUpLiaisonPoint"] == {
        "ok": False,
        "errors": [{"field": "id", "message": "id 'lp-co' is taken", "code": "ID_TAKEN"}],
    }


def test_the_trail_shows_only_changes_wholly_inside_the_scope(scoped: Ask, admin: Ask) -> None:
    for point in ("lp-a-in", "lp-a-out"):  # the newest change is outside the scope
        visit = f'liaisonPointId: "{point}", date: "2024-06-01"'
        assert data(admin(f"mutation {{ recordVisit(input: {{{visit}}}) {{ ok }} }}"))
    newest = "{ changes(first: 1) { nodes { entityIds } } }"
    assert data(admin(newest))["changes"]["nodes"] == [
        {"entityIds": ["lp-a-out", "p-alead", "br-b"]}
    ]
    assert data(scoped(newest))["changes"]["nodes"] == [
        {"entityIds": ["lp-a-in", "p-alead", "br-a1"]}
    ]
    assert data(scoped('{ changes(entityId: "lp-a-out") { totalCount } }'))["changes"] == {
        "totalCount": 0
    }


def test_a_change_inside_the_scope_is_visible_at_once(scoped: Ask) -> None:
    made = scoped(
        'mutation { createPartyGroup(input: {id: "g-new", name: "new", branchId: "br-a1", '
        'teamId: "t-a"}) { ok } }'
    )
    assert data(made)["createPartyGroup"]["ok"]
    assert data(scoped('{ node(id: "g-new") { id } }'))["node"] == {"id": "g-new"}


def test_a_token_scoped_to_no_unit_sees_nothing(app: Callable[[Role, str | None], Ask]) -> None:
    lost = app(Role.VIEWER, "u-nowhere")
    answer = lost("{ uncoveredBranches { id } }")
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "u-nowhere" in answer["errors"][0]["message"]
