"""Responsibility chains on an ``OrgGraph`` (docs/domain.md "Responsibility chain").

From a team: team leader → party group built on the team → branch (the group's, else the
nearest non-temporary branch attached to the team's unit or an ancestor) → each superior party
org with its secretary → the leaders covering the branch → the leaders in charge of the team's
domain. A party group, a party org or a project starts the same walk at its own level; a project
starts with its temporary branch. A link that is not there is reported ``missing``, never skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph_model.errors import NotFound
from graph_model.kinds import BranchKind, NodeKind, RelType, SeatRole
from graph_model.results import (
    ChainLink,
    EntityRef,
    LinkLevel,
    LinkStatus,
    PersonInRole,
    ResponsibilityChain,
)
from graph_model.timeline import valid_on
from queries.chain.notes import Note, note
from queries.coverage.memory import branch_coverage
from queries.embedded.orggraph import OrgGraph

STARTS = ("team", "party group", "party org", "project")
GROUPS_BRANCH = note("groups_branch")


def responsibility_chain(graph: OrgGraph, start: str, day: date) -> ResponsibilityChain:
    kind = graph.kind(start)
    walk = {
        NodeKind.TEAM: _from_team,
        NodeKind.PARTY_GROUP: _from_group,
        NodeKind.PARTY_ORG: _from_org,
        NodeKind.PROJECT: _from_project,
    }.get(kind)  # type: ignore[arg-type]
    if walk is None:
        raise NotFound(start, STARTS)
    return ResponsibilityChain(graph.ref(start), day, tuple(walk(graph, start, day)))


def _from_team(graph: OrgGraph, team: str, day: date) -> list[ChainLink]:
    leaders = [p for p, _ in graph.into(team, RelType.LEADS)]
    links = [
        _link(
            graph,
            LinkLevel.TEAM,
            [team],
            leaders,
            "team_leader",
            None if leaders else note("no_team_leader"),
        )
    ]
    groups = graph.team_groups(team, day)
    if groups:
        links.append(_group_link(graph, groups))
    else:
        links.append(_missing(LinkLevel.PARTY_GROUP, note("no_party_group")))
    unit = graph.one_out(team, RelType.BELONGS_TO)
    branches = sorted({b for g in groups for b, _ in graph.out(g, RelType.UNDER)})
    return (
        links
        + _from_branches(graph, branches, unit, day, GROUPS_BRANCH)
        + _domain_links(graph, _domains(graph, team, unit), day)
    )


def _from_group(graph: OrgGraph, group: str, day: date) -> list[ChainLink]:
    branches = [b for b, _ in graph.out(group, RelType.UNDER) if graph.org_exists(b, day)]
    team = graph.one_out(group, RelType.BUILT_ON)
    home = branches[0] if branches else team
    unit = (
        graph.one_out(home, RelType.ATTACHED_TO if branches else RelType.BELONGS_TO)
        if home
        else None
    )
    domains = _domains(graph, team, None) if team else []
    return [
        _group_link(graph, [group]),
        *_from_branches(graph, branches, unit, day, GROUPS_BRANCH),
        *_domain_links(graph, domains or _domains(graph, None, unit), day),
    ]


def _from_org(graph: OrgGraph, org: str, day: date) -> list[ChainLink]:
    unit = graph.one_out(org, RelType.ATTACHED_TO)
    if graph.is_branch(org):
        links = _from_branches(graph, [org], unit, day)
    else:
        links = _org_links(graph, org, day)
    return links + _domain_links(graph, _domains(graph, None, unit), day)


def _from_project(graph: OrgGraph, project: str, day: date) -> list[ChainLink]:
    temporary = [
        b
        for b, _ in graph.into(project, RelType.FOR_PROJECT)
        if graph.is_branch(b) and graph.org_exists(b, day)
    ]
    unit = graph.one_out(project, RelType.OWNED_BY)
    if temporary:
        first = _branch_link(graph, LinkLevel.TEMPORARY_BRANCH, temporary, day, None)
        rest = _above_branch(graph, temporary[0], day)
    else:
        first = _missing(LinkLevel.TEMPORARY_BRANCH, note("no_temporary_branch"))
        rest = _from_branches(graph, [], unit, day)
    return [first, *rest, *_domain_links(graph, _domains(graph, project, unit), day)]


# -- the branch and everything above it ------------------------------------------------------
def _from_branches(
    graph: OrgGraph,
    branches: list[str],
    unit: str | None,
    day: date,
    source: Note | None = None,
) -> list[ChainLink]:
    """The branch link (given, with ``source`` saying where it came from, else the nearest),
    the orgs above it, and its coverage."""
    if not branches and unit is not None:
        branches, at = _nearest_attached(graph, unit, day, standing_branches_only=True)
        source = note("nearest_branch", unit=at) if branches else None
    if not branches:
        link = _missing(LinkLevel.BRANCH, note("no_branch"))
        orgs, at = (
            _nearest_attached(graph, unit, day, standing_branches_only=False) if unit else ([], "")
        )
        tail = (
            _org_links(graph, orgs[0], day, note("nearest_party_org", unit=at))
            if orgs
            else [_missing(LinkLevel.PARTY_ORG, note("no_party_org"))]
        )
        return [link, *tail, _missing(LinkLevel.COVERAGE, note("no_branch_to_cover"))]
    link = _branch_link(graph, LinkLevel.BRANCH, branches, day, source)
    return [link, *_above_branch(graph, branches[0], day)]


def _above_branch(graph: OrgGraph, branch: str, day: date) -> list[ChainLink]:
    parent = graph.one_out(branch, RelType.REPORTS_TO)
    superiors = _org_links(graph, parent, day) if parent else []
    return [*superiors, _coverage_link(graph, branch, day)]


def _org_links(graph: OrgGraph, org: str, day: date, source: Note | None = None) -> list[ChainLink]:
    """``org`` and each party org above it, with its secretary; ``source`` says where the
    first came from."""
    links = []
    for level, current in enumerate(graph.ancestors(org, RelType.REPORTS_TO)):
        secretaries = graph.holders(current, SeatRole.SECRETARY, day)
        problem = None if graph.org_exists(current, day) else note("org_not_existing")
        problem = problem or (None if secretaries else note("no_secretary"))
        link = _link(
            graph,
            LinkLevel.PARTY_ORG,
            [current],
            secretaries,
            "secretary",
            problem,
            source if level == 0 else None,
        )
        links.append(link)
    return links


def _nearest_attached(
    graph: OrgGraph, unit: str, day: date, standing_branches_only: bool
) -> tuple[list[str], str]:
    """Party orgs attached to ``unit`` or, failing that, to the nearest unit above it."""
    for current in graph.ancestors(unit, RelType.PART_OF):
        found = [
            org
            for org, _ in graph.into(current, RelType.ATTACHED_TO)
            if graph.org_exists(org, day)
            and (
                not standing_branches_only
                or (
                    graph.is_branch(org)
                    and graph.props(org).get("branchKind") != BranchKind.TEMPORARY.value
                )
            )
        ]
        if found:
            return found, current
    return [], ""


def _branch_link(
    graph: OrgGraph, level: LinkLevel, branches: list[str], day: date, source: Note | None
) -> ChainLink:
    secretaries = [s for b in branches for s in graph.holders(b, SeatRole.SECRETARY, day)]
    if len(branches) > 1:
        return _noted(
            level,
            LinkStatus.AMBIGUOUS,
            _refs(graph, branches),
            _people(graph, secretaries, "secretary"),
            note("branches_ambiguous", count=len(branches), first=branches[0]),
        )
    return _link(
        graph,
        level,
        branches,
        secretaries,
        "secretary",
        None if secretaries else note("no_secretary"),
        source,
    )


def _group_link(graph: OrgGraph, groups: list[str]) -> ChainLink:
    leaders = [p for g in groups for p, _ in graph.into(g, RelType.LEADS)]
    if len(groups) > 1:
        return _noted(
            LinkLevel.PARTY_GROUP,
            LinkStatus.AMBIGUOUS,
            _refs(graph, groups),
            _people(graph, leaders, "group_leader"),
            note("groups_ambiguous", count=len(groups)),
        )
    return _link(
        graph,
        LinkLevel.PARTY_GROUP,
        groups,
        leaders,
        "group_leader",
        None if leaders else note("no_group_leader"),
    )


def _coverage_link(graph: OrgGraph, branch: str, day: date) -> ChainLink:
    covering = branch_coverage(graph, branch, day)
    people = tuple(
        PersonInRole(c.leader, "covering_leader", c.kind, c.liaison_point.id) for c in covering
    )
    status = LinkStatus.OK if people else LinkStatus.MISSING
    why = None if people else note("not_covered")
    return _noted(LinkLevel.COVERAGE, status, (graph.ref(branch),), people, why)


# -- domains ---------------------------------------------------------------------------------
def _domains(graph: OrgGraph, entity: str | None, unit: str | None) -> list[str]:
    """The entity's own domain, else the domains of its unit."""
    own = [d for d, _ in graph.out(entity, RelType.IN_DOMAIN)] if entity else []
    return own or ([d for d, _ in graph.out(unit, RelType.IN_DOMAIN)] if unit else [])


def _domain_links(graph: OrgGraph, domains: list[str], day: date) -> list[ChainLink]:
    if not domains:
        return [_missing(LinkLevel.DOMAIN, note("no_domain"))]
    links = []
    for domain in domains:
        leaders = sorted(
            {
                person
                for person, charge in graph.into(domain, RelType.IN_CHARGE_OF)
                if _charge_holds(charge, day) and graph.is_leader(person, day)
            }
        )
        links.append(
            _link(
                graph,
                LinkLevel.DOMAIN,
                [domain],
                leaders,
                "leader_in_charge",
                None if leaders else note("no_leader_in_charge"),
            )
        )
    return links


def _charge_holds(charge: dict[str, Any], day: date) -> bool:
    return valid_on(charge.get("from"), charge.get("to"), day)


# -- small builders --------------------------------------------------------------------------
def _refs(graph: OrgGraph, ids: Iterable[str]) -> tuple[EntityRef, ...]:
    return tuple(graph.ref(i) for i in ids)


def _people(graph: OrgGraph, ids: Iterable[str], role: str) -> tuple[PersonInRole, ...]:
    return tuple(PersonInRole(graph.ref(p), role) for p in dict.fromkeys(ids))


def _link(
    graph: OrgGraph,
    level: LinkLevel,
    entities: list[str],
    people: list[str],
    role: str,
    problem: Note | None,
    source: Note | None = None,
) -> ChainLink:
    """A link, missing when there is a ``problem`` (its note), else noted with its source."""
    status = LinkStatus.MISSING if problem else LinkStatus.OK
    return _noted(
        level, status, _refs(graph, entities), _people(graph, people, role), problem or source
    )


def _missing(level: LinkLevel, why: Note) -> ChainLink:
    return _noted(level, LinkStatus.MISSING, (), (), why)


def _noted(
    level: LinkLevel,
    status: LinkStatus,
    entities: tuple[EntityRef, ...],
    people: tuple[PersonInRole, ...],
    why: Note | None,
) -> ChainLink:
    """A link with its note in English, and the note's code and values beside it."""
    if why is None:
        return ChainLink(level, status, entities, people)
    return ChainLink(level, status, entities, people, why.text, why.code, why.params)
