"""The sample organisation (``loaders.SAMPLE_BUNDLE``): both backends give equal answers to every
question on it, on days before, during and after the sample's changes.

The sample is loaded once per module into each backend; the tests here only read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from graph_model.kinds import LEADER_ROLES, OrgKind
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend

pytestmark = pytest.mark.neo4j

TODAY = date(2026, 11, 23)  # "today" of the sample (scripts/make_sample.py)
DAYS = [
    pytest.param(date(2020, 7, 1), id="2020, the temporary branch br-kll running"),
    pytest.param(date(2022, 9, 30), id="last day of lp-b09-1"),
    pytest.param(TODAY, id="the sample's today"),
]


@pytest.fixture(scope="module")
def sample() -> Bundle:
    return read_bundle(SAMPLE_BUNDLE).bundle


@pytest.fixture(scope="module")
def memory(sample: Bundle) -> MemoryBackend:
    return MemoryBackend(sample)


@pytest.fixture(scope="module")
def neo4j(neo4j_backend: Neo4jBackend, sample: Bundle) -> Iterator[Neo4jBackend]:
    neo4j_backend.replace_all(sample)
    yield neo4j_backend


def disagreements(
    ids: list[str], ask: Callable[[Any, str], object], memory: MemoryBackend, neo4j: Neo4jBackend
) -> list[str]:
    """The ids for which the two backends answer ``ask`` differently."""
    return [i for i in ids if ask(memory, i) != ask(neo4j, i)]


def branches(sample: Bundle) -> list[str]:
    return sorted(o.id for o in sample.party_orgs if o.kind is OrgKind.BRANCH)


def leaders(sample: Bundle) -> list[str]:
    """Everyone who ever held a leader's seat on a committee or set up a liaison point."""
    committees = {o.id for o in sample.party_orgs if o.kind is OrgKind.COMMITTEE}
    seated = {
        s.person_id for s in sample.seats if s.role in LEADER_ROLES and s.org_id in committees
    }
    return sorted(seated | {lp.leader_id for lp in sample.liaison_points})


@pytest.mark.parametrize("day", DAYS)
def test_both_backends_list_the_same_uncovered_branches_everywhere_and_under_each_unit(
    sample: Bundle, memory: MemoryBackend, neo4j: Neo4jBackend, day: date
) -> None:
    assert memory.uncovered_branches(day) == neo4j.uncovered_branches(day)
    units = sorted(u.id for u in sample.units)
    assert disagreements(units, lambda b, u: b.uncovered_branches(day, u), memory, neo4j) == []


@pytest.mark.parametrize("day", DAYS)
def test_both_backends_agree_on_every_branchs_coverage(
    sample: Bundle, memory: MemoryBackend, neo4j: Neo4jBackend, day: date
) -> None:
    ids = branches(sample)
    assert disagreements(ids, lambda b, i: b.branch_coverage(i, day), memory, neo4j) == []
    assert any(memory.branch_coverage(i, day) for i in ids), "nothing was compared"


@pytest.mark.parametrize("day", DAYS)
def test_both_backends_agree_on_every_leaders_coverage(
    sample: Bundle, memory: MemoryBackend, neo4j: Neo4jBackend, day: date
) -> None:
    ids = leaders(sample)
    assert disagreements(ids, lambda b, i: b.leader_coverage(i, day), memory, neo4j) == []
    assert any(memory.leader_coverage(i, day) for i in ids), "nothing was compared"


@pytest.mark.parametrize("day", DAYS)
def test_both_backends_agree_on_the_chain_from_every_team_and_project(
    sample: Bundle, memory: MemoryBackend, neo4j: Neo4jBackend, day: date
) -> None:
    ids = sorted(t.id for t in sample.teams) + sorted(p.id for p in sample.projects)
    assert disagreements(ids, lambda b, i: b.responsibility_chain(i, day), memory, neo4j) == []


@pytest.mark.parametrize("day", DAYS)
def test_both_backends_agree_on_the_chain_from_every_party_group_and_org(
    sample: Bundle, memory: MemoryBackend, neo4j: Neo4jBackend, day: date
) -> None:
    ids = sorted(g.id for g in sample.party_groups) + sorted(o.id for o in sample.party_orgs)
    assert disagreements(ids, lambda b, i: b.responsibility_chain(i, day), memory, neo4j) == []


def test_the_sample_has_uncovered_branches_among_them_its_deliberate_gaps(
    memory: MemoryBackend, neo4j: Neo4jBackend
) -> None:
    uncovered = {b.id for b in memory.uncovered_branches(TODAY)}
    assert uncovered >= {"br-d11", "br-b09-s1"}  # the gaps scripts/make_sample.py documents
    assert {b.id for b in neo4j.uncovered_branches(TODAY)} == uncovered
