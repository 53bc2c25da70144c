"""The audit on the sample (``loaders.SAMPLE_BUNDLE``): the deliberate gaps that
``scripts/make_sample.py`` lists show up as findings, and both backends return identical
reports. The sample is loaded once per module; the tests only read.

Of the listed gaps only "person without a unit" (``p-0011``) is no finding: none of the 14
rules asks for a unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from graph_model.audit import AuditReport
from graph_model.kinds import SeatRole
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.audit.rules import load_rules
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend

TODAY = date(2026, 11, 23)  # "today" of the sample (scripts/make_sample.py)
RULES = load_rules()


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


@pytest.fixture
def backend(backend_kind: str, request: pytest.FixtureRequest) -> Backend:
    """The sample on the backend under test: the module fixture named like it."""
    backend: Backend = request.getfixturevalue(backend_kind)
    return backend


def found(report: AuditReport) -> list[tuple[str, str]]:
    return [(f.rule_id, f.entity.id) for f in report.findings]


def secretary_of(sample: Bundle, org: str) -> str:
    return next(
        s.person_id for s in sample.seats if s.org_id == org and s.role is SeatRole.SECRETARY
    )


def test_the_samples_deliberate_gaps_are_findings(backend: Backend, sample: Bundle) -> None:
    gaps = [
        ("R02", "lp-b04-2"),  # visited, not within the last 12 months
        ("R02", "lp-b10-3"),
        ("R02", "lp-b13-2"),  # never visited
        ("R02", "lp-br-11"),
        ("R02", "lp-pb-08"),
        ("R03", "br-b09-s1"),  # covered only by an expired point
        ("R03", "br-d11"),  # never covered
        ("R04", "t-b05-s1-1"),  # 3+ formal members, no party group
        ("R05", "t-b06-s1-1"),  # the formal-member leader does not lead the group
        ("R07", "pj-hs"),  # major project running without a temporary branch
        ("R08", "d-digital"),  # no leader in charge
        ("R10", "br-b02-s1"),  # more than 50 members
        ("R11", "br-b13-s1"),  # no secretary
        ("R12", "po-b12"),  # elected 2019-04-18
        ("R14", "p-0008"),  # no dual organisational life
        ("R14", "p-0009"),
        ("R14", secretary_of(sample, "po-b07")),
    ]
    side_effects = [  # noted in make_sample.py, or following from it
        ("R09", "pj-hs"),  # 3+ formal members in its teams, no branch
        ("R09", "pj-pw"),  # not major, but running with 3+ formal members
        ("R09", "u-gx"),  # the company leaders work at u-gx, which has no branch
    ]
    report = backend.audit(TODAY, RULES)
    assert found(report) == sorted(gaps + side_effects)
    assert [f.check for f in report.findings if f.entity.id == "lp-b13-2"] == ["never_visited"]
    assert [f.check for f in report.findings if f.rule_id == "R11"] == ["no_secretary"]


def test_a_temporary_branch_outliving_its_project_is_a_finding(backend: Backend) -> None:
    report = backend.audit(date(2021, 1, 15), RULES.only(["R07", "R13"]))
    assert ("R13", "br-kll") in found(report)  # pj-kll ended 2020-12-27, br-kll on 2021-03-31
    assert ("R07", "pj-kll") not in found(report)


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("day", "under"),
    [
        (TODAY, None),
        (TODAY, "u-b13"),
        (TODAY, "u-s01"),
        (date(2020, 7, 1), None),  # br-kll running; only the company's 2020 points
        (date(2022, 9, 30), "u-b09"),  # the last day of lp-b09-1
    ],
)
def test_both_backends_return_identical_reports(
    memory: MemoryBackend, neo4j: Neo4jBackend, day: date, under: str | None
) -> None:
    expected = memory.audit(day, RULES, under)
    assert expected.findings, "every one of these days has findings"
    assert neo4j.audit(day, RULES, under) == expected
