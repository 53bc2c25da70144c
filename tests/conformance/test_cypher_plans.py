"""Every Cypher query under ``queries/`` plans as intended: Neo4j ``EXPLAIN``s each one (reads,
writes and schema statements alike: ``EXPLAIN`` runs nothing) with parameters from one table.

The queries are found, not listed (``tests.support.cypher_queries``). For each: every
parameter it uses is in ``PARAMETERS`` (a missing one fails, so no query is skipped), no
operator walks a variable-length pattern without an upper bound, and nothing scans every node.
A query anchored on an id (``{id: $x}``, or ``{id: row.id}`` after ``UNWIND $rows AS row``) seeks
its anchor through an index, never scans it, and scans no label at all unless ``SCANS_BY_DESIGN``
says which. Each query is planned as written and, where a generation changes it, in each of the
graph's two generations, as the backend runs it (``name@G0``, ``name@G1``): there its anchor is
sought through the generation's id constraint, and a query that reads every node of a label by
design may read the generation's instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_model.kinds import NodeKind
from queries.neo4j.backend import Neo4jBackend
from tests.support.cypher_queries import all_queries, in_generations

QUERIES: dict[str, str] = {name: str(query) for name, query in all_queries().items()}
QUERIES.update(in_generations(all_queries()))

DAY = date(2026, 1, 1)

#: A value for every parameter a query may use, of the type its caller passes.
PARAMETERS: dict[str, Any] = {
    # days
    **dict.fromkeys(
        (
            "asOf",
            "dayFrom",
            "dayTo",
            "validOn",
            "visitsFrom",
            "visitsTo",
            "yearStart",
            "yearEnd",
            "visitedSince",
            "projectEndedBefore",
            "on",
        ),
        DAY,
    ),
    "at": datetime(2026, 1, 1, tzinfo=UTC),
    # ids
    "branchId": "br-1",
    "committeeId": "c-1",
    "domainId": "d-1",
    "entityId": "t-1",
    "fromId": "t-1",
    "id": "x-1",
    "leaderId": "p-1",
    "orgId": "po-1",
    "personId": "p-1",
    "teamId": "t-1",
    "underUnitId": "u-1",
    "unitId": "u-1",
    # lists
    "ids": ["a", "b"],
    "unitIds": ["u-1"],
    "visible": ["u-1", "lp-1"],
    "entityIds": ["t-1"],
    "handles": ["h"],
    "kinds": [],
    "branchKinds": [],
    "partyStatuses": [],
    "rows": [{"id": "a", "label": "Unit", "start": "a", "end": "b", "props": {}}],
    # browse and paging
    "nameContains": "x",
    "group": "unit",
    "byName": True,
    "descending": False,
    "oldestFirst": False,
    "offset": 0,
    "limit": 10,
    # audit thresholds (queries.audit.rules.parameters)
    "teamMinFormal": 3,
    "unitMinFormal": 3,
    "projectMinMonths": 6,
    "branchMaxMembers": 50,
    "committeeMinMembers": 100,
    "committeeFromFormal": 7,
    "committeeMin": 3,
    "committeeMax": 7,
    "termYears": {"committee": 5, "general_branch": 5, "branch": 3},
    "termCutoffs": {"committee": DAY, "general_branch": DAY, "branch": DAY},
    # keyset pages of a big question (queries.neo4j.pinned; ``after`` is the change trail's)
    "chunkRows": 20_000,
    # the graph's state and loads (queries.neo4j.loading)
    "token": "t",
    "staleAfter": 30.0,
    "lane": 0,
    "lanes": [0, 1],
    "mark": "m-1",
    "staged": 1,
    "batch": 5000,
    "links": 30_000,
    # the change trail
    "actor": "tester",
    "command": "move_team",
    "before": "{}",
    "after": "{}",
}

#: Anchored queries that read every node of a label, by design: a browse list filters every
#: node of its kind, the scope reads every domain, the audit's rules read the whole graph.
SCANS_BY_DESIGN: dict[str, frozenset[str]] = {
    **{
        f"browse.cypher.{q}[{kind}]": frozenset({kind})
        for q in ("FIND", "COUNT_BY")
        for kind in NodeKind
    },
    "scope.cypher.VISIBLE_IDS": frozenset({"Domain"}),
}

SEEKS = {"NodeUniqueIndexSeek", "NodeIndexSeek"}
BY_ELEMENT_ID = {"NodeByElementIdSeek", "DirectedRelationshipByElementIdSeek"}
SCANS = {"AllNodesScan", "NodeByLabelScan"}
SOUGHT = re.compile(r"(\w+):\w+\(")  # the variable a seek binds: ``UNIQUE b:PartyOrg(id) …``
SOUGHT_ID = re.compile(r"WHERE id = ([^,\s]+)")  # the id it seeks: ``… WHERE id = $branchId``
#: The operators that walk variable-length patterns, and how they show the bounds.
WALKS = ("VarLengthExpand", "VarExpand", "ShortestPath")
LENGTH = re.compile(r"\*([^\]\s]*)\]")
REPEAT = re.compile(r"\{(\d+), (\d*)\}")
NO_BOUND = 2**31 - 1  # what the planner writes for a pattern left open


@dataclass(frozen=True)
class Anchor:
    """A node pattern given its id: ``(variable:Labels {id: value})``."""

    variable: str
    labels: frozenset[str]
    value: str


ANCHOR = re.compile(r"\((\w*)((?::\w+)*)\s*\{id:\s*([$\w.\[\]]+)\}\)")


def anchors(query: str) -> list[Anchor]:
    """The node patterns of ``query`` given an id from a parameter or a row unwound from one
    (``row.id``, or ``row[0]`` where the rows are lists)."""
    unwound = set(re.findall(r"UNWIND \$\w+ AS (\w+)", query))
    return [
        Anchor(variable, frozenset(filter(None, labels.split(":"))), value)
        for variable, labels, value in ANCHOR.findall(query)
        if value.startswith("$") or re.split(r"[.\[]", value)[0] in unwound
    ]


ANCHORED = sorted(name for name, query in QUERIES.items() if anchors(query))


@dataclass(frozen=True)
class Operator:
    name: str
    details: str


def _operators(plan: Any) -> list[Operator]:
    """Every operator of a plan tree, without the ``@database`` and ``(Locking)`` suffixes."""
    name = plan["operatorType"].split("@")[0].removesuffix("(Locking)")
    here = Operator(name, str(plan.get("args", {}).get("Details", "")))
    return [here, *(op for child in plan.get("children", []) for op in _operators(child))]


@pytest.fixture(scope="module")
def plan(neo4j_backend: Neo4jBackend) -> Callable[[str], list[Operator]]:
    """The operators of a query's plan, each query explained once."""
    neo4j_backend.entity("u-1")  # makes sure the schema (constraints) exists
    plans: dict[str, list[Operator]] = {}

    def explain(name: str) -> list[Operator]:
        if name not in plans:
            query = QUERIES[name]
            used = sorted(set(re.findall(r"\$(\w+)", query)))
            missing = [p for p in used if p not in PARAMETERS]
            assert not missing, f"{name} uses parameters PARAMETERS lacks: {missing}"
            params = {p: PARAMETERS[p] for p in used}
            _, summary, _ = neo4j_backend._driver.execute_query("EXPLAIN " + query, params)
            assert summary.plan is not None
            plans[name] = _operators(summary.plan)
        return plans[name]

    return explain


def _unbounded(op: Operator) -> bool:
    if op.name.startswith("Repeat"):
        return any(not upper for _, upper in REPEAT.findall(op.details))
    if not op.name.startswith(WALKS):
        return False
    for length in LENGTH.findall(op.details):
        upper = length.rpartition("..")[2] if ".." in length else length
        if not upper.isdigit() or int(upper) >= NO_BOUND:
            return True
    return False


def _scanned(op: Operator) -> tuple[str, str]:
    """The variable and label a scan reads (``*`` for every node)."""
    variable, _, label = op.details.partition(":")
    return variable.strip(), label.strip() or "*"


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_query_plans_with_bounded_walks_and_never_scans_every_node(
    plan: Callable[[str], list[Operator]], name: str
) -> None:
    operators = plan(name)
    open_walks = [op for op in operators if _unbounded(op)]
    assert not open_walks, f"{name} walks without an upper bound: {open_walks}"
    assert "AllNodesScan" not in {op.name for op in operators}, f"{name} scans every node"


@pytest.mark.neo4j
@pytest.mark.parametrize("name", ANCHORED)
def test_a_query_given_an_id_seeks_it_and_never_scans_it(
    plan: Callable[[str], list[Operator]], name: str
) -> None:
    operators = plan(name)
    given = anchors(QUERIES[name])
    seeks = [op.details for op in operators if op.name in SEEKS]
    # On a small store the planner may find ``(b:PartyOrg {id: $x}) WHERE b.kind = …`` through
    # the kind index and then compare the id; given element ids too (``END_SEATS``), it may start
    # from those and compare the ids after. Either is a seek, not a scan, so either counts.
    sought = {found for details in seeks for found in SOUGHT.findall(details)}
    sought_ids = {found for details in seeks for found in SOUGHT_ID.findall(details)}
    assert any(a.variable in sought or a.value in sought_ids for a in given) or any(
        op.name in BY_ELEMENT_ID for op in operators
    ), f"{name} finds none of {given} through an index: {operators}"
    scans = [_scanned(op) for op in operators if op.name in SCANS]
    for anchor in given:
        on_it = [
            (variable, label)
            for variable, label in scans
            if variable == anchor.variable
            or (not anchor.variable and variable.startswith("anon_") and label in anchor.labels)
        ]
        assert not on_it, f"{name} scans its anchor {anchor}: {operators}"
    labels = {label for _, label in scans}
    written, _, generation = name.partition("@")
    allowed = SCANS_BY_DESIGN.get(written, frozenset())
    if allowed and generation:
        allowed |= {generation}
    assert labels <= allowed, f"{name} scans {sorted(labels - allowed)}: {operators}"


def test_the_tables_name_only_what_the_queries_use() -> None:
    used = {p for query in QUERIES.values() for p in re.findall(r"\$(\w+)", query)}
    assert sorted(set(PARAMETERS) - used) == []
    assert sorted(set(SCANS_BY_DESIGN) - set(ANCHORED)) == []
