"""On random valid organisations, both backends return the same audit report on every day of
the date grid, for the whole organisation and under each unit.

The organisations of ``organisations.py`` are enriched with what only the audit reads: party
statuses, team members, group members, election days, visits and minor projects. Small as they
are, they break the size rules only under tight thresholds, so both rule sets run.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_model import records as r
from graph_model.audit import RuleSet
from graph_model.kinds import PartyStatus
from graph_model.protocol import Backend
from queries.audit.rules import load_rules
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from tests.differential.organisations import DAYS, organisations

pytestmark = pytest.mark.neo4j
EXAMPLES = int(os.environ.get("ORGRAPH_HYPOTHESIS_EXAMPLES", "25"))
RULES = load_rules()
_TIGHTER: dict[str, dict[str, object]] = {
    "R02": {"months": 3},
    "R04": {"min_formal_members": 1},
    "R09": {"min_formal_members": 1, "project_min_months": 3},
    "R10": {"branch_max_members": 1, "committee_min_members": 2},
    "R11": {"committee_from_formal_members": 2, "committee_min": 2, "committee_max": 2},
    "R12": {"term_years": {"committee": 1, "general_branch": 1, "branch": 1}},
    "R13": {"grace_days": 30},
}
TIGHT = RuleSet(
    tuple(
        replace(rule, thresholds={**rule.thresholds, **_TIGHTER.get(rule.id, {})})
        for rule in RULES.rules
    )
)
days = st.sampled_from(DAYS)


@st.composite
def audited_organisations(draw: st.DrawFn) -> r.Bundle:
    bundle = draw(organisations())
    teams = {t.id: t for t in bundle.teams}
    people = []
    for person in bundle.people:
        team = draw(st.none() | st.sampled_from(sorted(teams))) if teams else None
        people.append(
            replace(
                person,
                party_status=draw(st.sampled_from(list(PartyStatus))),
                team_id=team,
                unit_id=teams[team].unit_id if team else person.unit_id,
            )
        )
    person_ids = [p.id for p in people]
    groups = tuple(
        replace(g, member_ids=tuple(draw(st.lists(st.sampled_from(person_ids), unique=True))))
        for g in bundle.party_groups
    )
    orgs = tuple(replace(o, elected_on=draw(st.none() | days)) for o in bundle.party_orgs)
    projects = tuple(replace(p, major=draw(st.booleans())) for p in bundle.projects)
    teams_on_projects = tuple(
        replace(t, project_id=draw(st.none() | st.sampled_from([p.id for p in projects])))
        if projects
        else t
        for t in bundle.teams
    )
    visits = tuple(
        r.Visit(lp.id, day)
        for lp in bundle.liaison_points
        for day in draw(st.lists(days, max_size=3, unique=True))
    )
    return replace(
        bundle,
        people=tuple(people),
        party_groups=groups,
        party_orgs=orgs,
        projects=projects,
        teams=teams_on_projects,
        visits=visits,
    )


def _reports(backend: Backend, bundle: r.Bundle, day: date) -> list[object]:
    return [
        backend.audit(day, rules, under)
        for rules in (RULES, TIGHT)
        for under in (None, *(u.id for u in bundle.units))
    ]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bundle=audited_organisations())
def test_both_backends_return_the_same_audit(neo4j_backend: Neo4jBackend, bundle: r.Bundle) -> None:
    memory = MemoryBackend(bundle)
    neo4j_backend.replace_all(bundle)
    for day in (DAYS[1], DAYS[4], DAYS[6]):
        assert _reports(neo4j_backend, bundle, day) == _reports(memory, bundle, day)
