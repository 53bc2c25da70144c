"""On a generated organisation of S size (10,000 people, shaped like a grid company, with every
audit rule's gap planted), both backends give the same answers to a fixed sample of questions
and the same audit, which finds every rule's gap: the differential suite at a size where
chunked and indexed answers can differ from a small organisation's.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_model.browse import GroupBy, NodeFilter, Sort
from graph_model.kinds import NodeKind
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders.generate import AS_OF, SIZES, generate
from queries.audit.rules import load_rules
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from tests.differential.answers import Subjects, answer, every_answer

pytestmark = pytest.mark.neo4j
SINCE = AS_OF - timedelta(days=365)
DAYS = (AS_OF, date(AS_OF.year - 2, 6, 30))


@pytest.fixture(scope="module")
def organisation() -> Bundle:
    return generate(SIZES["S"], seed=11)


@pytest.fixture(scope="module")
def backends(organisation: Bundle, neo4j_backend: Neo4jBackend) -> tuple[Backend, Backend]:
    neo4j_backend.replace_all(organisation)
    return MemoryBackend(organisation), neo4j_backend


def _whole_organisation(backend: Backend, bundle: Bundle, day: date) -> dict[str, object]:
    """The questions over the whole organisation that the sampled ones do not ask."""
    units = [u.id for u in bundle.units]
    return {
        "unit_coverage": answer(lambda: backend.unit_coverage(units, day)),
        "count_by": {
            (kind, group): answer(lambda k=kind, g=group: backend.count_by(k, NodeFilter(), g))
            for kind in (NodeKind.PERSON, NodeKind.PARTY_ORG, NodeKind.UNIT)
            for group in (GroupBy.UNIT, GroupBy.KIND, GroupBy.PARTY_STATUS)
        },
        "find": answer(
            lambda: backend.find(NodeKind.PARTY_ORG, NodeFilter(valid_on=day), Sort(), 100, 50)
        ),
    }


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_sampled_questions_agree(
    backends: tuple[Backend, Backend], organisation: Bundle, day: date
) -> None:
    memory, neo4j = backends
    subjects = Subjects.every(organisation).sample(40, units=8, seed=day.toordinal())
    assert every_answer(neo4j, subjects, day, SINCE) == every_answer(memory, subjects, day, SINCE)
    assert _whole_organisation(neo4j, organisation, day) == _whole_organisation(
        memory, organisation, day
    )


def test_the_audit_agrees_and_finds_the_planted_gaps(backends: tuple[Backend, Backend]) -> None:
    memory, neo4j = backends
    rules = load_rules()
    report = memory.audit(AS_OF, rules)
    assert neo4j.audit(AS_OF, rules) == report
    assert {f.rule_id for f in report.findings} == {rule.id for rule in rules.enabled()}
