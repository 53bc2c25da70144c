"""Browsing through the API, on both backends: any entity by id as its type, paged lists with
filters, sorting and counts, links both ways, the page size cap, and backend round trips that
stay the same however many items a page holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from graph_model.records import Bundle
from tests.conformance.builders import Org
from tests.support.browse_org import org
from tests.support.language import ENGLISH

Load = Callable[[Bundle], Backend]


#: How the API asks the store its point questions, not questions themselves: the embedded
#: store's lock, the Neo4j store's event loop (queries/neo4j/on_loop.py).
PLUMBING = {"reading_if_free", "answer_on_loop", "serving_on_loop"}


class Counting:
    """A backend that counts the calls made to it; on Neo4j each is one Cypher round trip,
    and ``reads`` counts the queries actually sent."""

    def __init__(self, backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
        self._backend = backend
        self.calls: Counter[str] = Counter()
        self.reads = 0
        read = getattr(backend, "_read", None)
        if read is not None:

            def counted_read(*args: Any, **kwargs: Any) -> Any:
                self.reads += 1
                return read(*args, **kwargs)

            monkeypatch.setattr(backend, "_read", counted_read)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._backend, name)
        if not callable(found) or name in PLUMBING:
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted

    def reset(self) -> None:
        self.calls.clear()
        self.reads = 0


class Served:
    """The API over one organisation: ``ask`` posts a query and returns the whole body."""

    def __init__(self, client: TestClient, backend: Counting) -> None:
        self.client = client
        self.backend = backend

    def ask(self, query: str, **variables: Any) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.ask(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


Serve = Callable[..., Served]


@pytest.fixture
def serve(load: Load, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    """``serve(bundle, max_page_size=…)``: the API over ``bundle`` on the backend under test."""
    with ExitStack() as stack:

        def start(bundle: Bundle, **settings: Any) -> Served:
            backend = Counting(load(bundle), monkeypatch)
            app = create_app(Settings(auth_mode="dev", **settings), backend=backend)  # type: ignore[arg-type]
            return Served(stack.enter_context(TestClient(app, headers=ENGLISH)), backend)

        yield start


@pytest.fixture
def api(serve: Serve) -> Served:
    return serve(org().bundle())


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# -- node(id) ------------------------------------------------------------------------------------
def test_node_answers_any_entity_as_the_type_of_its_kind_with_its_stored_fields(
    api: Served,
) -> None:
    data = api.data(
        """{
          unit: node(id: "u-east") { __typename id name label ... on Unit { kind } }
          domain: node(id: "d-grid") { __typename id name label }
          person: node(id: "p-bo") { __typename name ... on Person { partyStatus } }
          org: node(id: "br-e1") { __typename ... on PartyOrg {
            kind branchKind establishedOn dissolvedOn electedOn benchmarkDomainId
            benchmarkCategory } }
          group: node(id: "g-e1") { __typename name }
          team: node(id: "t-e1") { __typename name }
          project: node(id: "pr-line") { __typename ... on Project { major startOn endOn } }
          point: node(id: "lp-2") { __typename name ... on LiaisonPoint { kind from to } }
          none: node(id: "nope") { id }
        }"""
    )
    assert data == {
        "unit": {
            "__typename": "Unit",
            "id": "u-east",
            "name": "Anhai bureau",
            "label": "UNIT",
            "kind": "BUREAU",
        },
        "domain": {"__typename": "Domain", "id": "d-grid", "name": "Grid", "label": "DOMAIN"},
        "person": {"__typename": "Person", "name": "Bo Yang", "partyStatus": "PROBATIONARY"},
        "org": {
            "__typename": "PartyOrg",
            "kind": "BRANCH",
            "branchKind": "GRASSROOTS",
            "establishedOn": "2024-01-01",
            "dissolvedOn": None,
            "electedOn": None,
            "benchmarkDomainId": None,
            "benchmarkCategory": None,
        },
        "group": {"__typename": "PartyGroup", "name": "G-E1"},
        "team": {"__typename": "Team", "name": "Repair"},
        "project": {
            "__typename": "Project",
            "major": True,
            "startOn": "2024-01-01",
            "endOn": "2024-12-31",
        },
        "point": {
            "__typename": "LiaisonPoint",
            "name": "lp-2",
            "kind": "PARTY_BUILDING",
            "from": None,
            "to": "2023-12-31",
        },
        "none": None,
    }


# -- paging --------------------------------------------------------------------------------------
PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  units(orderBy: NAME, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


def page(api: Served, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = api.data(PAGE, **variables)["units"]
    return found


def test_a_cursor_is_the_base64_of_the_offset(api: Served) -> None:
    edges = page(api)["edges"]
    assert [e["cursor"] for e in edges] == ["MA==", "MQ==", "Mg==", "Mw=="]


def test_a_list_pages_forwards_with_first_and_after(api: Served) -> None:
    one = page(api, first=2)
    assert [e["node"]["id"] for e in one["edges"]] == ["u-east", "u-west"]
    assert one["totalCount"] == 4
    assert one["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": "MA==",
        "endCursor": "MQ==",
    }
    two = page(api, first=2, after=one["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in two["edges"]] == ["u-hq", "u-e1"]
    assert two["pageInfo"]["hasNextPage"] is False
    assert two["pageInfo"]["hasPreviousPage"] is True
    assert page(api, first=2, after="Mw==")["edges"] == []


@pytest.mark.parametrize(
    ("variables", "expected", "previous", "following"),
    [
        pytest.param({"last": 3}, ["u-west", "u-hq", "u-e1"], True, False, id="last"),
        pytest.param({"last": 1, "before": "Mg=="}, ["u-west"], True, True, id="last before"),
        pytest.param({"last": 9, "before": "Mg=="}, ["u-east", "u-west"], False, True, id="all"),
        pytest.param({"last": 2, "after": "Mg=="}, ["u-e1"], True, False, id="last after"),
        pytest.param(
            {"last": 2, "before": "OTk="}, ["u-hq", "u-e1"], True, False, id="before past the end"
        ),
        pytest.param({"first": 3, "last": 1}, ["u-hq"], True, True, id="first then last"),
    ],
)
def test_a_list_pages_backwards_with_last_and_before(
    api: Served,
    variables: dict[str, Any],
    expected: list[str],
    previous: bool,
    following: bool,
) -> None:
    found = page(api, **variables)
    assert [e["node"]["id"] for e in found["edges"]] == expected
    assert found["pageInfo"]["hasPreviousPage"] is previous
    assert found["pageInfo"]["hasNextPage"] is following


def test_without_first_or_last_a_page_holds_the_cap(serve: Serve) -> None:
    api = serve(org().bundle(), max_page_size=3)
    found = api.data("{ units { nodes { id } pageInfo { hasNextPage } } }")["units"]
    assert (ids(found["nodes"]), found["pageInfo"]["hasNextPage"]) == (
        ["u-e1", "u-east", "u-hq"],
        True,
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ units(first: 101) { totalCount } }", "first is 101, more than the 100 items"),
        ("{ units(last: 500) { totalCount } }", "last is 500, more than the 100 items"),
        ("{ units(first: -1) { totalCount } }", "must not be negative"),
        ('{ units(after: "bm90IGEgY3Vyc29y") { totalCount } }', "is not a cursor"),
        ('{ units(before: "-1") { totalCount } }', "is not a cursor"),
        (
            '{ node(id: "u-hq") { ... on Unit { children(first: 101) { totalCount } } } }',
            "first is 101, more than the 100 items",
        ),
    ],
)
def test_a_page_past_the_cap_or_a_bad_cursor_is_an_invalid_request(
    api: Served, query: str, message: str
) -> None:
    body = api.ask(query)
    assert codes(body) == ["INVALID_REQUEST"]
    assert message in body["errors"][0]["message"]


def test_the_cap_is_a_setting(serve: Serve) -> None:
    api = serve(org().bundle(), max_page_size=2)
    assert codes(api.ask("{ units(first: 3) { totalCount } }")) == ["INVALID_REQUEST"]
    assert api.data("{ units(first: 2) { totalCount } }") == {"units": {"totalCount": 4}}


# -- filters, sorting, counts --------------------------------------------------------------------
def test_a_list_is_filtered_and_sorted_as_asked(api: Served) -> None:
    data = api.data(
        """{
          branches: partyOrgs(
            filter: {kinds: [BRANCH], underUnitId: "u-east", validOn: "2024-06-15"},
            orderBy: NAME, descending: true
          ) { totalCount nodes { id name } }
          people: people(filter: {partyStatuses: [PROBATIONARY, NONE]}) { nodes { id } }
          named: people(filter: {nameContains: "an"}) { nodes { id } }
          points: liaisonPoints(filter: {underUnitId: "u-west"}) { nodes { id } }
          projects: projects(filter: {domainId: "d-grid", validOn: "2025-01-01"}) {
            totalCount }
        }"""
    )
    assert data["branches"] == {
        "totalCount": 3,
        "nodes": [
            {"id": "br-e1", "name": "Zhen branch"},
            {"id": "br-east", "name": "East branch"},
            {"id": "br-line", "name": "BR-LINE"},
        ],
    }
    assert ids(data["people"]["nodes"]) == ["p-bo", "p-cao"]
    assert ids(data["named"]["nodes"]) == ["p-bo", "p-du"]
    assert ids(data["points"]["nodes"]) == ["lp-3"]
    assert data["projects"] == {"totalCount": 0}


def test_an_unknown_unit_in_a_filter_is_not_found(api: Served) -> None:
    body = api.ask('{ teams(filter: {underUnitId: "nope"}) { totalCount } }')
    assert codes(body) == ["NOT_FOUND"]


def test_counts_group_the_whole_filtered_list(api: Served) -> None:
    data = api.data(
        """{ partyOrgs(filter: {kinds: [BRANCH]}, first: 1) {
             byKind: countBy(groupBy: BRANCH_KIND) { key count node { id } }
             byDomain: countBy(groupBy: DOMAIN) { key count node { id name } } } }"""
    )["partyOrgs"]
    assert data["byKind"] == [
        {"key": "grassroots", "count": 2, "node": None},
        {"key": "organ", "count": 2, "node": None},
        {"key": "temporary", "count": 1, "node": None},
    ]
    assert data["byDomain"] == [
        {"key": "d-grid", "count": 2, "node": {"id": "d-grid", "name": "Grid"}},
        {"key": "d-sales", "count": 4, "node": {"id": "d-sales", "name": "Sales"}},
        {"key": None, "count": 1, "node": None},
    ]


def test_a_count_by_a_group_the_kind_lacks_is_an_invalid_request(api: Served) -> None:
    body = api.ask("{ people { countBy(groupBy: BRANCH_KIND) { count } } }")
    assert codes(body) == ["INVALID_REQUEST"]


# -- links both ways -----------------------------------------------------------------------------
def test_a_unit_leads_up_down_and_to_what_it_holds(api: Served) -> None:
    unit = api.data(
        """{ node(id: "u-east") { ... on Unit {
             parent { id } children { nodes { id } } domains { nodes { id } }
             branches { nodes { id } } partyOrgs(kinds: [BRANCH], branchKinds: [TEMPORARY]) {
               nodes { id project { id } } }
             teams { totalCount } people { nodes { id } } projects { nodes { id } }
             now: coverage(asOf: "2024-06-15") { asOf branches covered uncovered ratio }
             then: coverage(asOf: "2023-06-30") { branches covered ratio } } } }"""
    )["node"]
    assert unit == {
        "parent": {"id": "u-hq"},
        "children": {"nodes": [{"id": "u-e1"}]},
        "domains": {"nodes": [{"id": "d-grid"}, {"id": "d-sales"}]},
        "branches": {"nodes": [{"id": "br-east"}, {"id": "br-line"}]},
        "partyOrgs": {"nodes": [{"id": "br-line", "project": {"id": "pr-line"}}]},
        "teams": {"totalCount": 0},
        "people": {"nodes": [{"id": "p-an"}]},
        "projects": {"nodes": [{"id": "pr-line"}]},
        "now": {
            "asOf": "2024-06-15",
            "branches": 3,
            "covered": 1,
            "uncovered": 2,
            "ratio": pytest.approx(1 / 3),
        },
        "then": {"branches": 2, "covered": 0, "ratio": 0.0},
    }


def test_a_branch_leads_to_its_groups_their_teams_and_members_and_back(api: Served) -> None:
    branch = api.data(
        """{ node(id: "br-e1") { ... on PartyOrg {
             unit { id } parent { id children(kinds: [GENERAL_BRANCH]) { nodes { id } } }
             secretary(asOf: "2024-06-15") { id }
             formerSecretary: secretary(asOf: "2023-06-30") { id }
             seats(roles: [SECRETARY]) { nodes { person { id } role from to } }
             partyGroups(first: 10) { nodes {
               id branch { id } leader { id }
               members(orderBy: NAME, first: 20) { nodes { id name } }
               team { id leader { id } unit { id } domain { id } project { id }
                      partyGroups(first: 5) { nodes { id } } members { totalCount } } } } } } }"""
    )["node"]
    assert branch == {
        "unit": {"id": "u-e1"},
        "parent": {"id": "po-hq", "children": {"nodes": [{"id": "gb-west"}]}},
        "secretary": {"id": "p-an"},
        "formerSecretary": {"id": "p-bo"},
        "seats": {
            "nodes": [
                {"person": {"id": "p-an"}, "role": "SECRETARY", "from": "2024-01-01", "to": None},
                {"person": {"id": "p-bo"}, "role": "SECRETARY", "from": None, "to": "2023-12-31"},
            ]
        },
        "partyGroups": {
            "nodes": [
                {
                    "id": "g-e1",
                    "branch": {"id": "br-e1"},
                    "leader": {"id": "p-an"},
                    "members": {
                        "nodes": [
                            {"id": "p-an", "name": "An Ning"},
                            {"id": "p-bo", "name": "Bo Yang"},
                        ]
                    },
                    "team": {
                        "id": "t-e1",
                        "leader": {"id": "p-an"},
                        "unit": {"id": "u-e1"},
                        "domain": {"id": "d-grid"},
                        "project": {"id": "pr-line"},
                        "partyGroups": {"nodes": [{"id": "g-e1"}]},
                        "members": {"totalCount": 0},
                    },
                }
            ]
        },
    }


def test_a_person_leads_to_seats_points_visits_and_charges(api: Served) -> None:
    people = api.data(
        """{ li: node(id: "p-li") { ... on Person {
               unit { id } seats { nodes { partyOrg { id kind } role from to } }
               charges(validOn: "2024-06-15") { nodes { domain { id } from to } }
               liaisonPoints(kinds: [PARTY_BUILDING]) { nodes { id } }
               valid: liaisonPoints(validOn: "2024-06-15") { nodes { id } }
               visits { nodes { date kind note liaisonPoint { id } leader { id } } } } }
             an: node(id: "p-an") { ... on Person {
               seats(validOn: "2023-06-30") { nodes { partyOrg { id } role } }
               teamsLed { nodes { id } } partyGroupsLed { nodes { id } }
               partyGroups { nodes { id } } team { id } } } }"""
    )
    assert people["li"] == {
        "unit": {"id": "u-hq"},
        "seats": {
            "nodes": [
                {
                    "partyOrg": {"id": "po-hq", "kind": "COMMITTEE"},
                    "role": "COMMITTEE_MEMBER",
                    "from": None,
                    "to": None,
                }
            ]
        },
        "charges": {"nodes": [{"domain": {"id": "d-grid"}, "from": "2023-01-01", "to": None}]},
        "liaisonPoints": {"nodes": [{"id": "lp-2"}, {"id": "lp-3"}]},
        "valid": {"nodes": [{"id": "lp-1"}, {"id": "lp-3"}]},
        "visits": {
            "nodes": [
                {
                    "date": "2024-02-01",
                    "kind": "GUIDANCE",
                    "note": None,
                    "liaisonPoint": {"id": "lp-1"},
                    "leader": {"id": "p-li"},
                },
                {
                    "date": "2024-03-01",
                    "kind": "RESEARCH",
                    "note": None,
                    "liaisonPoint": {"id": "lp-1"},
                    "leader": {"id": "p-li"},
                },
            ]
        },
    }
    assert people["an"] == {
        "seats": {"nodes": [{"partyOrg": {"id": "br-e1"}, "role": "MEMBER"}]},
        "teamsLed": {"nodes": [{"id": "t-e1"}]},
        "partyGroupsLed": {"nodes": [{"id": "g-e1"}]},
        "partyGroups": {"nodes": [{"id": "g-e1"}]},
        "team": None,
    }


def test_a_liaison_point_leads_to_its_leader_target_and_visits(api: Served) -> None:
    data = api.data(
        """{ liaisonPoints { nodes { id leader { id } target { __typename id }
             visits(last: 1) { totalCount nodes { date } } } }
             domain: node(id: "d-grid") { ... on Domain {
               charges { nodes { person { id } } } units { nodes { id } } } } }"""
    )
    assert data["liaisonPoints"]["nodes"] == [
        {
            "id": "lp-1",
            "leader": {"id": "p-li"},
            "target": {"__typename": "PartyOrg", "id": "br-east"},
            "visits": {"totalCount": 2, "nodes": [{"date": "2024-03-01"}]},
        },
        {
            "id": "lp-2",
            "leader": {"id": "p-li"},
            "target": {"__typename": "Unit", "id": "u-e1"},
            "visits": {"totalCount": 0, "nodes": []},
        },
        {
            "id": "lp-3",
            "leader": {"id": "p-li"},
            "target": {"__typename": "PartyOrg", "id": "gb-west"},
            "visits": {"totalCount": 0, "nodes": []},
        },
    ]
    assert data["domain"] == {
        "charges": {"nodes": [{"person": {"id": "p-li"}}]},
        "units": {"nodes": [{"id": "u-east"}, {"id": "u-hq"}]},
    }


# -- round trips ---------------------------------------------------------------------------------
def many_branches(n: int) -> Bundle:
    """A committee with ``n`` branches, each in its own unit with a secretary, a team and a
    party group built on the team."""
    built = Org().unit("u-hq", kind="company").committee("po-hq", unit="u-hq")
    for i in range(n):
        unit, branch, person, team = f"u-{i:03}", f"br-{i:03}", f"p-{i:03}", f"t-{i:03}"
        built = (
            built.unit(unit, "u-hq")
            .branch(branch, unit, "po-hq")
            .person(person, unit=unit)
            .seat(person, branch, "secretary")
            .team(team, unit, leader=person)
            .group(f"g-{i:03}", branch, team=team, leader=person, members=[person])
        )
    return built.bundle()


NESTED = """query($n: Int) {
  partyOrgs(filter: {kinds: [BRANCH]}, first: $n) {
    totalCount
    countBy(groupBy: UNIT) { count }
    nodes {
      id
      secretary(asOf: "2024-06-15") { id name }
      unit { id coverage(asOf: "2024-06-15") { ratio } }
      partyGroups { nodes { id leader { id } team { id leader { id } } members { totalCount } } }
    }
  }
}"""

#: One backend call for the page, one for the counts, one per link asked at each level: never
#: per item. The neighbours: HOLDS in (secretaries), ATTACHED_TO out (units), UNDER in (groups),
#: then LEADS in (group leaders), BUILT_ON out (teams), IN_GROUP in (members), then LEADS in
#: again one level down (team leaders).
EXPECTED_CALLS = {"find": 1, "count_by": 1, "neighbours": 7, "unit_coverage": 1}


@pytest.mark.parametrize("n", [10, 500])
def test_round_trips_stay_the_same_however_many_branches_a_page_holds(serve: Serve, n: int) -> None:
    api = serve(many_branches(n), max_page_size=500, max_cost=10_000_000)
    api.backend.reset()
    found = api.data(NESTED, n=n)["partyOrgs"]
    assert found["totalCount"] == len(found["nodes"]) == n
    last = found["nodes"][-1]
    assert last["secretary"]["id"] == last["partyGroups"]["nodes"][0]["team"]["leader"]["id"]
    assert dict(api.backend.calls) == EXPECTED_CALLS
    if api.backend.reads:  # Neo4j: one query per call
        assert api.backend.reads == sum(EXPECTED_CALLS.values())
