"""Changes through the API, on both backends: payloads with the trail's entry or the input's
errors, nothing written when refused, the trail paged newest first, the caller as the actor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import Role
from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from graph_model.records import Bundle
from graph_model.timeline import today
from tests.support.auth import bearer, with_test_key
from tests.support.change_cases import org

Load = Callable[[Bundle], Backend]
Ask = Callable[..., dict[str, Any]]

PAYLOAD = """
  ok
  errors { field message code }
  change { id actor at command entityId entityIds before after }
"""
SET_UP = f"""
mutation ($input: SetUpLiaisonPointInput!) {{ setUpLiaisonPoint(input: $input) {{ {PAYLOAD} }} }}
"""
END = f"""
mutation ($input: EndLiaisonPointInput!) {{ endLiaisonPoint(input: $input) {{ {PAYLOAD} }} }}
"""
UNCOVERED = '{ uncoveredBranches(asOf: "2025-06-30") { id } }'
TRAIL = """
query ($entityId: ID, $first: Int, $after: String) {
  changes(entityId: $entityId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id command entityId actor }
  }
}
"""


def asking(client: TestClient, headers: dict[str, str]) -> Ask:
    def ask(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return ask


@pytest.fixture
def served(load: Load) -> Iterator[tuple[TestClient, Settings]]:
    settings = with_test_key(Settings())
    with TestClient(create_app(settings, backend=load(org().bundle()))) as client:
        yield client, settings


@pytest.fixture
def ask(served: tuple[TestClient, Settings]) -> Ask:
    """Ask as an unscoped admin, ``test-admin``."""
    client, settings = served
    return asking(client, bearer(settings, Role.ADMIN))


def uncovered(ask: Ask) -> list[str]:
    return [b["id"] for b in ask(UNCOVERED)["data"]["uncoveredBranches"]]


def test_a_liaison_point_set_up_covers_its_branch_and_is_recorded(ask: Ask) -> None:
    assert uncovered(ask) == ["br-b"]

    body = ask(
        SET_UP,
        input={
            "id": "lp-b",
            "leaderId": "p-wu",
            "kind": "BRANCH",
            "targetId": "br-b",
            "from": "2025-01-01",
        },
    )

    payload = body["data"]["setUpLiaisonPoint"]
    assert payload["ok"] is True and payload["errors"] == []
    change = payload["change"]
    assert change["actor"] == "test-admin"
    assert change["command"] == "SET_UP_LIAISON_POINT"
    assert change["entityId"] == "lp-b"
    assert change["entityIds"] == ["lp-b", "p-wu", "br-b"]
    assert change["before"] is None
    assert change["after"] == {
        "id": "lp-b",
        "leader_id": "p-wu",
        "kind": "branch",
        "target_id": "br-b",
        "from": "2025-01-01",
        "to": None,
    }
    assert change["at"].endswith("+00:00")
    assert uncovered(ask) == []


def test_a_refused_change_answers_its_errors_by_input_field_and_writes_nothing(ask: Ask) -> None:
    before = ask(TRAIL)["data"]["changes"]["totalCount"]

    body = ask(
        SET_UP,
        input={
            "id": "lp-b",
            "leaderId": "p-nobody",
            "kind": "BRANCH",
            "targetId": "u-b",
            "from": "2025-02-01",
            "to": "2025-01-31",
        },
    )

    assert "errors" not in body  # an answer, not a GraphQL error
    payload = body["data"]["setUpLiaisonPoint"]
    assert (payload["ok"], payload["change"]) == (False, None)
    assert payload["errors"] == [
        {"field": "leaderId", "message": "'p-nobody' names no person", "code": "NOT_FOUND"},
        {
            "field": "targetId",
            "message": "a branch liaison point must be at a branch; 'u-b' is a unit",
            "code": "WRONG_KIND",
        },
        {"field": "to", "message": "2025-01-31 precedes from 2025-02-01", "code": "BAD_PERIOD"},
    ]
    assert uncovered(ask) == ["br-b"]
    assert ask(TRAIL)["data"]["changes"]["totalCount"] == before


def test_an_end_without_a_day_ends_today(ask: Ask) -> None:
    payload = ask(END, input={"id": "lp-a"})["data"]["endLiaisonPoint"]
    assert payload["ok"] is True
    assert payload["change"]["after"] == {"id": "lp-a", "to": today().isoformat()}
    again = ask(END, input={"id": "lp-a"})["data"]["endLiaisonPoint"]
    assert [e["code"] for e in again["errors"]] == ["ALREADY_ENDED"]


MUTATIONS = {
    "recordVisit": ("RecordVisitInput", {"liaisonPointId": "lp-a", "date": "2025-03-08"}),
    "appointSeat": (
        "AppointSeatInput",
        {"personId": "p-ma", "orgId": "br-a", "role": "MEMBER", "from": "2025-01-01"},
    ),
    "endSeat": (
        "EndSeatInput",
        {"personId": "p-zhao", "orgId": "br-a", "role": "SECRETARY", "on": "2025-06-30"},
    ),
    "chargeDomain": ("ChargeDomainInput", {"personId": "p-li", "domainId": "d-build"}),
    "createPartyGroup": (
        "CreatePartyGroupInput",
        {"id": "pg-a", "name": "A", "branchId": "br-a", "teamId": "t-a", "memberIds": ["p-ma"]},
    ),
    "moveTeam": ("MoveTeamInput", {"teamId": "t-a", "unitId": "u-b"}),
}


@pytest.mark.parametrize("field", sorted(MUTATIONS))
def test_every_mutation_applies_and_is_recorded(ask: Ask, field: str) -> None:
    input_type, given = MUTATIONS[field]
    query = f"mutation ($input: {input_type}!) {{ {field}(input: $input) {{ {PAYLOAD} }} }}"
    payload = ask(query, input=given)["data"][field]
    assert payload["errors"] == [] and payload["ok"] is True
    change = payload["change"]
    newest = ask(TRAIL, first=1)["data"]["changes"]["nodes"]
    assert newest == [
        {
            "id": change["id"],
            "command": change["command"],
            "entityId": change["entityId"],
            "actor": "test-admin",
        }
    ]


def test_the_trail_pages_newest_first_and_by_entity(ask: Ask) -> None:
    ask(SET_UP, input={"id": "lp-b", "leaderId": "p-wu", "kind": "BRANCH", "targetId": "br-b"})
    ask(END, input={"id": "lp-b", "on": "2025-12-31"})
    ask(END, input={"id": "lp-a", "on": "2025-12-31"})

    first = ask(TRAIL, entityId="lp-b", first=1)["data"]["changes"]
    assert first["totalCount"] >= 2  # Neo4j's trail outlives the loads of earlier tests
    assert [n["command"] for n in first["nodes"]] == ["END_LIAISON_POINT"]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    second = ask(TRAIL, entityId="lp-b", first=1, after=after)["data"]["changes"]
    assert [n["command"] for n in second["nodes"]] == ["SET_UP_LIAISON_POINT"]
    assert int(second["nodes"][0]["id"]) < int(first["nodes"][0]["id"])
    newest = ask(TRAIL, first=1)["data"]["changes"]["nodes"]
    assert [n["entityId"] for n in newest] == ["lp-a"]


def test_a_viewer_may_not_change_anything(served: tuple[TestClient, Settings]) -> None:
    client, settings = served
    viewer = asking(client, bearer(settings, Role.VIEWER, scope="u-co"))
    body = viewer(
        SET_UP, input={"id": "lp-b", "leaderId": "p-wu", "kind": "BRANCH", "targetId": "br-b"}
    )
    assert "errors" in body, f"a viewer's mutation ran: {body}"
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert uncovered(asking(client, bearer(settings))) == ["br-b"]
