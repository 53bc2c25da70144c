"""What a caller scoped to a unit may see (``Backend.visible_ids``), on every backend: the same
ids as the oracle computed from the records, for a hand-built organisation and for the sample."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph_model.errors import NotFound
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.neo4j.backend import Neo4jBackend
from queries.scope import cypher as scope_cypher
from tests.conformance.builders import Org
from tests.support.scope_oracle import visible

Load = Callable[[Bundle], Backend]


def org() -> Org:
    """A company with two bureaus; bureau A holds one of everything, and people reach it by
    every kind of link."""
    return (
        Org()
        .unit("u-co", kind="company")
        .committee("po-co", unit="u-co")
        .unit("u-a", parent="u-co", kind="bureau")
        .unit("u-a1", parent="u-a")
        .unit("u-b", parent="u-co", kind="bureau")
        .committee("po-a", unit="u-a", parent="po-co")
        .branch("br-a1", unit="u-a1", parent="po-a")
        .branch("br-b", unit="u-b", parent="po-co")
        .person("p-works", unit="u-a1")
        .person("p-teamed", team="t-a1")
        .team("t-a1", unit="u-a1", leader="p-team-lead")
        .group("g-a1", branch="br-a1", team="t-a1", leader="p-group-lead", members=["p-member"])
        .group("g-b", branch="br-b", team="t-a1", members=["p-b-member"])
        .project("pj-a", unit="u-a1")
        .seat("p-boss", "po-co", "secretary")
        .seat("p-seated", "br-a1", "secretary")
        .lp("lp-at-unit", leader="p-boss", kind="party_building", target="u-a")
        .lp("lp-at-org", leader="p-deputy", kind="branch", target="br-a1")
        .lp("lp-b", leader="p-other", kind="branch", target="br-b")
        .person("p-b", unit="u-b")
        .domain("d-1")
    )


def test_a_bureau_sees_its_subtree_and_what_belongs_to_it(load: Load) -> None:
    backend = load(org().bundle())
    assert backend.visible_ids("u-a") == {
        *("u-a", "u-a1", "po-a", "br-a1", "t-a1", "g-a1", "pj-a"),
        *("lp-at-unit", "lp-at-org"),
        *("p-works", "p-teamed", "p-team-lead", "p-group-lead", "p-member", "p-seated"),
        *("p-boss", "p-deputy"),  # they established a point there
        "d-1",  # every domain
    }


def test_a_group_built_on_a_visible_team_under_a_branch_elsewhere_is_not_visible(
    load: Load,
) -> None:
    backend = load(org().bundle())
    assert not {"g-b", "p-b-member", "br-b", "po-co", "u-co"} & backend.visible_ids("u-a")


def test_the_top_unit_sees_what_the_oracle_sees(load: Load) -> None:
    bundle = org().bundle()
    assert load(bundle).visible_ids("u-co") == visible(bundle, "u-co")


def test_an_unknown_unit_or_an_id_of_another_kind_is_not_found(load: Load) -> None:
    backend = load(org().bundle())
    for wrong in ("u-nowhere", "po-a"):
        with pytest.raises(NotFound, match=f"no unit with id '{wrong}'"):
            backend.visible_ids(wrong)


@pytest.mark.parametrize("unit", ["u-gx", "u-b09", "u-b01", "u-s01", "u-b09-c2-s1", "u-d02"])
def test_on_the_sample_every_backend_agrees_with_the_oracle(load: Load, unit: str) -> None:
    bundle = read_bundle(SAMPLE_BUNDLE).bundle
    assert load(bundle).visible_ids(unit) == visible(bundle, unit)


@pytest.mark.neo4j
def test_the_cypher_seeks_the_unit_and_scans_only_the_domains(
    neo4j_backend: Neo4jBackend,
) -> None:
    neo4j_backend.entity("u-1")  # makes sure the schema (constraints) exists
    _, summary, _ = neo4j_backend._driver.execute_query(
        "EXPLAIN " + scope_cypher.VISIBLE_IDS, {"unitId": "u-1"}
    )
    assert summary.plan is not None
    operators = _operators(summary.plan)
    names = {name for name, _ in operators}
    assert {"NodeUniqueIndexSeek", "NodeIndexSeek"} & names, operators
    assert "AllNodesScan" not in names, operators
    scans = [details for name, details in operators if name == "NodeByLabelScan"]
    assert all(":Domain" in details for details in scans), operators


def _operators(plan: Any) -> list[tuple[str, str]]:
    """Every operator of a plan tree with its details, without the ``@database`` suffix."""
    here = (plan["operatorType"].split("@")[0], str(plan.get("args", {}).get("Details", "")))
    return [here, *(op for child in plan.get("children", []) for op in _operators(child))]
