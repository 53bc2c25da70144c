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
from queries.coverage.memory import branch_coverage
from queries.embedded.orggraph import OrgGraph

STARTS = ("team", "party group", "party org", "project")
GROUPS_BRANCH = "the party group's branch"


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
            "" if leaders else "no team leader recorded",
        )
    ]
    groups = graph.team_groups(team, day)
    if groups:
        links.append(_group_link(graph, groups))
    else:
        links.append(_missing(LinkLevel.PARTY_GROUP, "no party group is built on the team"))
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
        first = _branch_link(graph, LinkLevel.TEMPORARY_BRANCH, temporary, day, "")
        rest = _above_branch(graph, temporary[0], day)
    else:
        first = _missing(LinkLevel.TEMPORARY_BRANCH, "the project has no temporary branch")
        rest = _from_branches(graph, [], unit, day)
    return [first, *rest, *_domain_links(graph, _domains(graph, project, unit), day)]


# -- the branch and everything above it ------------------------------------------------------
def _from_branches(
    graph: OrgGraph, branches: list[str], unit: str | None, day: date, note: str = ""
) -> list[ChainLink]:
    """The branch link (given, with ``note`` saying where it came from, else the nearest),
    the orgs above it, and its coverage."""
    if not branches and unit is not None:
        branches, at = _nearest_attached(graph, unit, day, standing_branches_only=True)
        note = f"nearest branch, attached to {at}" if branches else ""
    if not branches:
        link = _missing(LinkLevel.BRANCH, "no branch is attached to the unit or any unit above it")
        orgs, at = (
            _nearest_attached(graph, unit, day, standing_branches_only=False) if unit else ([], "")
        )
        tail = (
            _org_links(graph, orgs[0], day, f"nearest party org, attached to {at}")
            if orgs
            else [_missing(LinkLevel.PARTY_ORG, "no party org is attached to the unit or above")]
        )
        return [link, *tail, _missing(LinkLevel.COVERAGE, "no branch to cover")]
    link = _branch_link(graph, LinkLevel.BRANCH, branches, day, note)
    return [link, *_above_branch(graph, branches[0], day)]


def _above_branch(graph: OrgGraph, branch: str, day: date) -> list[ChainLink]:
    parent = graph.one_out(branch, RelType.REPORTS_TO)
    superiors = _org_links(graph, parent, day) if parent else []
    return [*superiors, _coverage_link(graph, branch, day)]


def _org_links(graph: OrgGraph, org: str, day: date, note: str = "") -> list[ChainLink]:
    """``org`` and each party org above it, with its secretary."""
    links = []
    for level, current in enumerate(graph.ancestors(org, RelType.REPORTS_TO)):
        secretaries = graph.holders(current, SeatRole.SECRETARY, day)
        problem = "" if graph.org_exists(current, day) else "the party org does not exist that day"
        problem = problem or ("" if secretaries else "no secretary recorded")
        link = _link(graph, LinkLevel.PARTY_ORG, [current], secretaries, "secretary", problem)
        if level == 0 and note and not problem:
            link = ChainLink(link.level, link.status, link.entities, link.people, note)
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
    graph: OrgGraph, level: LinkLevel, branches: list[str], day: date, note: str
) -> ChainLink:
    secretaries = [s for b in branches for s in graph.holders(b, SeatRole.SECRETARY, day)]
    if len(branches) > 1:
        return ChainLink(
            level,
            LinkStatus.AMBIGUOUS,
            _refs(graph, branches),
            _people(graph, secretaries, "secretary"),
            f"{len(branches)} branches qualify; the chain follows {branches[0]}",
        )
    return _link(
        graph,
        level,
        branches,
        secretaries,
        "secretary",
        "" if secretaries else "no secretary recorded",
        note,
    )


def _group_link(graph: OrgGraph, groups: list[str]) -> ChainLink:
    leaders = [p for g in groups for p, _ in graph.into(g, RelType.LEADS)]
    if len(groups) > 1:
        return ChainLink(
            LinkLevel.PARTY_GROUP,
            LinkStatus.AMBIGUOUS,
            _refs(graph, groups),
            _people(graph, leaders, "group_leader"),
            f"{len(groups)} party groups are built on the team",
        )
    return _link(
        graph,
        LinkLevel.PARTY_GROUP,
        groups,
        leaders,
        "group_leader",
        "" if leaders else "no group leader recorded",
    )


def _coverage_link(graph: OrgGraph, branch: str, day: date) -> ChainLink:
    covering = branch_coverage(graph, branch, day)
    people = tuple(
        PersonInRole(c.leader, "covering_leader", c.kind, c.liaison_point.id) for c in covering
    )
    status = LinkStatus.OK if people else LinkStatus.MISSING
    note = "" if people else "no liaison point covers the branch"
    return ChainLink(LinkLevel.COVERAGE, status, (graph.ref(branch),), people, note)


# -- domains ---------------------------------------------------------------------------------
def _domains(graph: OrgGraph, entity: str | None, unit: str | None) -> list[str]:
    """The entity's own domain, else the domains of its unit."""
    own = [d for d, _ in graph.out(entity, RelType.IN_DOMAIN)] if entity else []
    return own or ([d for d, _ in graph.out(unit, RelType.IN_DOMAIN)] if unit else [])


def _domain_links(graph: OrgGraph, domains: list[str], day: date) -> list[ChainLink]:
    if not domains:
        return [_missing(LinkLevel.DOMAIN, "no domain is recorded for it or its unit")]
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
                "" if leaders else "no leader is in charge of the domain",
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
    problem: str,
    note: str = "",
) -> ChainLink:
    status = LinkStatus.MISSING if problem else LinkStatus.OK
    return ChainLink(
        level, status, _refs(graph, entities), _people(graph, people, role), problem or note
    )


def _missing(level: LinkLevel, why: str) -> ChainLink:
    return ChainLink(level, LinkStatus.MISSING, (), (), why)
