"""The usual probes of a public GraphQL endpoint: each is refused with a clear error, at once,
and the server answers a normal query right after."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import get_introspection_query, parse
from strawberry.extensions import SchemaExtension

from api.schema.cost import operation_costs
from api.schema.guards import guarded_schema
from api.schema.root import schema as contract_schema
from api.settings import Settings
from tests.api.conftest import GraphQL, Serve

NORMAL = '{ uncoveredBranches(asOf: "2026-11-23") { id } }'
CHAIN = """
{ responsibilityChain(fromId: "t-b05-s1-1", asOf: "2026-11-23") {
    links { level status entities { id name } people { person { id } role } } } }
"""


def post(client: TestClient, query: str) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def refused(client: TestClient, query: str, code: str = "QUERY_TOO_COMPLEX") -> str:
    """Assert the query is refused with ``code`` and nothing ran; return the first message."""
    body = post(client, query)
    assert body["data"] is None
    assert body["errors"], body
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}, body["errors"]
    message: str = body["errors"][0]["message"]
    return message


def still_answers(client: TestClient) -> None:
    assert post(client, NORMAL) == {
        "data": {"uncoveredBranches": [{"id": "br-b09-s1"}, {"id": "br-d11"}]}
    }


def test_101_aliases_are_refused(client: TestClient) -> None:
    aliases = " ".join(f"a{i}: id" for i in range(101))
    message = refused(client, f'{{ uncoveredBranches(asOf: "2026-11-23") {{ {aliases} }} }}')
    assert message == "101 aliases found. Allowed: 30"
    still_answers(client)


def test_a_few_aliases_are_fine(graphql: GraphQL) -> None:
    body = graphql('{ a: entity(id: "br-d11") { id } b: entity(id: "po-gx") { id } }')
    assert body == {"data": {"a": {"id": "br-d11"}, "b": {"id": "po-gx"}}}


def test_nesting_deeper_than_the_limit_is_refused(serve: Serve) -> None:
    client = serve(Settings(max_depth=3))
    message = refused(client, CHAIN)
    assert message == "'anonymous' exceeds maximum operation depth of 3"
    still_answers(client)


def test_nesting_through_fragments_counts_too(serve: Serve) -> None:
    client = serve(Settings(max_depth=3))
    query = """
    query Deep { responsibilityChain(fromId: "t-b05-s1-1") { ...Links } }
    fragment Links on ResponsibilityChain { links { ...People } }
    fragment People on ChainLink { people { person { id } } }
    """
    assert refused(client, query) == "'Deep' exceeds maximum operation depth of 3"
    still_answers(client)


def test_the_default_depth_lets_the_deepest_question_through(graphql: GraphQL) -> None:
    body = graphql(CHAIN)
    assert "errors" not in body and body["data"]["responsibilityChain"]["links"]


@pytest.mark.parametrize(
    "query",
    [
        "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
        '{ __type(name: "Query") { fields { type { fields { type { fields { name } } } } } } }',
    ],
    ids=["schema", "type"],
)
def test_deep_introspection_is_refused(client: TestClient, query: str) -> None:
    assert refused(client, query) == "Maximum introspection depth exceeded"
    still_answers(client)


def test_500_duplicated_fields_are_refused(client: TestClient) -> None:
    fields = " ".join(["name"] * 500)
    message = refused(client, f"{{ uncoveredBranches {{ {fields} }} }}")
    assert "more than 500 tokens" in message
    still_answers(client)


def test_a_field_repeated_under_the_token_limit_costs_its_merging(client: TestClient) -> None:
    query = "{ " + " ".join(["uncoveredBranches { name }"] * 100) + " }"
    assert refused(client, query).startswith("'anonymous' costs 102000, more than the 50000")
    still_answers(client)


def test_a_fragment_bomb_is_refused_without_expanding_it(client: TestClient) -> None:
    fragments = " ".join(
        f"fragment F{i} on Entity {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 30)
    )
    query = f'{{ entity(id: "br-d11") {{ ...F29 }} }} fragment F0 on Entity {{ id }} {fragments}'
    assert "costs" in refused(client, query)
    still_answers(client)


def test_lists_nested_in_lists_are_refused_past_the_cost(serve: Serve) -> None:
    client = serve(Settings(max_cost=500))
    query = (
        '{ leaderCoverage(leaderId: "p-0001", asOf: "2026-11-23") '
        "{ evidence { nodes { id kind name } relationships { type startId endId } } } }"
    )
    assert refused(client, query) == (
        "'anonymous' costs 820, more than the 500 allowed "
        "(a page counts its size, any other list 10 items)"
    )
    still_answers(client)


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        ("{ uncoveredBranches { id name } }", 30),
        ('{ responsibilityChain(fromId: "t") { links { note } } }', 21),
        ('{ leaderCoverage(leaderId: "p") { evidence { nodes { id } } } }', 220),
        ('{ entity(id: "e") { id ...E } } fragment E on Entity { id name }', 4 + 10 * 2 * 2),
        ('{ entity(id: "e") { __typename } __schema { types { fields { name } } } }', 2 + 4),
        ("{ " + " ".join(["uncoveredBranches { name }"] * 124) + " }", 2480 + 10 * 124 * 124),
    ],
    ids=["list", "nested list", "lists in lists", "repeated by fragment", "introspection", "124"],
)
def test_the_cost_of_an_operation(query: str, cost: int) -> None:
    [(_, found)] = operation_costs(contract_schema._schema, parse(query), list_weight=10)
    assert found == cost


def test_batches_are_off_by_default(client: TestClient) -> None:
    response = client.post("/graphql", json=[{"query": NORMAL}, {"query": NORMAL}])
    assert response.status_code == 400
    assert response.text == "Batching is not enabled"
    still_answers(client)


def test_batches_hold_at_most_max_batch_operations(serve: Serve) -> None:
    client = serve(Settings(max_batch=2))
    answered = client.post("/graphql", json=[{"query": NORMAL}, {"query": NORMAL}])
    assert answered.status_code == 200
    assert [r["data"]["uncoveredBranches"][0]["id"] for r in answered.json()] == ["br-b09-s1"] * 2
    too_many = client.post("/graphql", json=[{"query": NORMAL}] * 3)
    assert (too_many.status_code, too_many.text) == (400, "Too many operations")
    still_answers(client)


def test_each_operation_of_a_batch_is_guarded(serve: Serve) -> None:
    client = serve(Settings(max_batch=2))
    aliases = " ".join(f"a{i}: id" for i in range(101))
    abusive = {"query": f"{{ uncoveredBranches {{ {aliases} }} }}"}
    answers = client.post("/graphql", json=[abusive, {"query": NORMAL}]).json()
    assert answers[0]["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert answers[1]["data"]["uncoveredBranches"]


def test_production_turns_introspection_and_graphiql_off(serve: Serve) -> None:
    client = serve(Settings(environment="production"))
    message = refused(client, "{ __schema { queryType { name } } }", "GRAPHQL_VALIDATION_FAILED")
    assert "introspection has been disabled" in message
    refused(client, '{ __type(name: "Entity") { name } }', "GRAPHQL_VALIDATION_FAILED")
    assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
    assert post(client, "{ __typename }") == {"data": {"__typename": "Query"}}
    still_answers(client)


def test_explicit_settings_turn_them_back_on_in_production(serve: Serve) -> None:
    client = serve(Settings(environment="production", introspection=True, graphiql=True))
    assert post(client, "{ __schema { queryType { name } } }")["data"]["__schema"]
    assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 200


def test_explicit_settings_turn_them_off_in_development(serve: Serve) -> None:
    client = serve(Settings(introspection=False, graphiql=False))
    refused(client, "{ __schema { queryType { name } } }", "GRAPHQL_VALIDATION_FAILED")
    assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 404


def test_graphiql_introspection_query_passes_every_guard(client: TestClient) -> None:
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    body = post(client, query)
    assert "errors" not in body and body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_a_query_over_get_is_refused(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": NORMAL})
    assert (response.status_code, response.text) == (400, "queries are not allowed when using GET")
    still_answers(client)


def test_an_oversized_body_gets_413(serve: Serve) -> None:
    client = serve(Settings(max_body_bytes=1_000))
    padded = "{" + " " * 2_000 + "uncoveredBranches { id } }"
    response = client.post("/graphql", json={"query": padded})
    assert response.status_code == 413
    assert response.json()["errors"][0] == {
        "message": "request body too large: the limit is 1000 bytes",
        "extensions": {"code": "REQUEST_TOO_LARGE", "requestId": response.headers["x-request-id"]},
    }
    still_answers(client)


def test_an_oversized_body_without_a_length_gets_413_too(serve: Serve) -> None:
    client = serve(Settings(max_body_bytes=1_000))

    def chunks() -> Any:
        yield b'{"query": "{'
        for _ in range(20):
            yield b" " * 100
        yield b'uncoveredBranches { id } }"}'

    response = client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    still_answers(client)


def test_the_default_body_limit_is_100_kb(client: TestClient) -> None:
    padded = "{" + " " * 100_000 + "uncoveredBranches { id } }"
    assert client.post("/graphql", json={"query": padded}).status_code == 413
    still_answers(client)


def test_the_rules_are_built_once_so_the_validation_cache_can_hit() -> None:
    seen = []

    class Spy(SchemaExtension):
        def on_validate(self) -> Any:
            yield
            seen.append(self.execution_context.validation_rules)

    schema = guarded_schema(Settings())
    schema.extensions = (*schema.extensions, Spy)
    for _ in range(2):
        assert schema.execute_sync("{ __typename }").errors is None
    assert len(seen) == 2 and seen[0] is seen[1]
