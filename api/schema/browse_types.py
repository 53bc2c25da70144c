"""GraphQL types for browsing the graph: the ``Node`` interface, one type per node kind with its
stored properties and its links both ways, each list a Relay cursor connection.

A type's links are a table in its body, a row each: ``link`` (one neighbour), ``links`` (a paged
list of the neighbours of one kind) or ``relationships`` (a paged list of links with their
properties: seats, charges, visits). A row names the relationship, the direction it is followed,
what it reaches, the description, then the arguments the list takes, in their order: filters
(``NodeFilter`` fields), then ``SORTED`` for a list sorted as asked rather than by id::

    children = links(RelType.PART_OF, IN, NodeKind.UNIT, "The units directly part of it.",
        UNIT_KINDS, NAME_CONTAINS, *SORTED)

The rows are kept out of the formatter (``# fmt: off``) so that they read as a table.

Each link resolves through the request's DataLoaders (``api.schema.browse_loaders``), so the
items of a list load their neighbours in one backend call. Lists are filtered and sorted here,
from what the loader brought, by the same rules the backends use (``graph_model.browse``), then
paged by ``api.schema.connections``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Protocol, Self

import strawberry
from strawberry.types import Info

from api.schema.arguments import Argument, taking
from api.schema.connections import Connection, checked, paged_field
from api.schema.context import AsOf, Context, requested_day
from api.schema.types import NodeKind, describe_enum
from graph_model import browse, kinds, timeline
from graph_model.browse import Direction, Neighbour, NodeFilter, Sort, check_filter, matches
from graph_model.elements import Node as GraphNode
from graph_model.kinds import RelType

Ctx = Info[Context, None]
IN, OUT = Direction.IN, Direction.OUT

# -- enums ---------------------------------------------------------------------------------------
UnitKind = kinds.UnitKind
describe_enum(
    UnitKind,
    "What kind of organisational unit.",
    COMPANY="The provincial company.",
    BUREAU="A prefecture bureau (地市供电局).",
    COUNTY="A county company.",
    DEPARTMENT="A functional department (职能部门).",
    SUPPORT="A business-support organisation (业务支撑机构).",
    STATION="A station or workshop.",
)
OrgKind = kinds.OrgKind
describe_enum(
    OrgKind,
    "What kind of party org.",
    COMMITTEE="A party committee (党委).",
    GENERAL_BRANCH="A general branch (党总支).",
    BRANCH="A branch (党支部).",
)
BranchKind = kinds.BranchKind
describe_enum(
    BranchKind,
    "What kind of branch.",
    ORGAN="An organ branch, in an HQ department (机关党支部).",
    GRASSROOTS="A grassroots branch (基层).",
    TEMPORARY="A temporary branch set up on a major project (临时党支部).",
    JOINT="A joint branch (联合).",
)
PartyStatus = kinds.PartyStatus
describe_enum(
    PartyStatus,
    "A person's party status.",
    FORMAL="A formal party member (正式党员).",
    PROBATIONARY="A probationary party member (预备党员).",
    NONE="Not a party member.",
)
SeatRole = kinds.SeatRole
describe_enum(
    SeatRole,
    "A role held on a party org.",
    MEMBER="An ordinary member.",
    SECRETARY="The secretary (书记).",
    DEPUTY_SECRETARY="A deputy secretary (副书记).",
    COMMITTEE_MEMBER="A committee member (委员).",
)
LiaisonKind = kinds.LiaisonKind
describe_enum(
    LiaisonKind,
    "What kind of liaison point.",
    PARTY_BUILDING="A party-building liaison point (党建联系点), at a unit or a party org.",
    BRANCH="A branch liaison point (党支部联系点), at a branch.",
)
VisitKind = kinds.VisitKind
describe_enum(
    VisitKind,
    "What a visit was for.",
    RESEARCH="Research (调研).",
    GUIDANCE="Guidance (指导).",
    DUAL_LIFE="Dual organisational life (双重组织生活).",
)
SortField = browse.SortField
describe_enum(
    SortField,
    "What a list is sorted by.",
    ID="By id.",
    NAME="By name, then by id; strings sort by Unicode code point.",
)
GroupBy = browse.GroupBy
describe_enum(
    GroupBy,
    "What counts are grouped by.",
    UNIT="The unit: a person's, team's, project's or party org's own unit; a unit's parent; "
    "a party group's branch's unit; a liaison point's target unit, or its target party org's.",
    DOMAIN="The domain: a unit's, team's or project's; a party org's unit's. A unit in several "
    "domains counts in each.",
    KIND="The kind of a unit, party org or liaison point.",
    BRANCH_KIND="The branch kind of a party org (none for committees and general branches).",
    PARTY_STATUS="The party status of a person.",
)

# -- the arguments of lists ----------------------------------------------------------------------
ORDER_BY = Argument(
    "order_by", SortField, "Sort by id (the default) or by name, then id.", browse.SortField.ID
)
DESCENDING = Argument("descending", bool, "Reverse the order.", False)
SORTED = (ORDER_BY, DESCENDING)
NAME_CONTAINS = Argument(
    "name_contains", str | None, "Only items whose name contains this text (case-sensitive)."
)
VALID_ON = Argument(
    "valid_on",
    date | None,
    "Only items valid that day: party orgs existing, projects running, liaison points, seats "
    "and domain charges within their period.",
)
UNIT_KINDS = Argument("kinds", list[UnitKind] | None, "Only units of these kinds.", members=True)
ORG_KINDS = Argument("kinds", list[OrgKind] | None, "Only party orgs of these kinds.", members=True)
LIAISON_KINDS = Argument(
    "kinds", list[LiaisonKind] | None, "Only liaison points of these kinds.", members=True
)
BRANCH_KINDS = Argument(
    "branch_kinds", list[BranchKind] | None, "Only branches of these kinds.", members=True
)
PARTY_STATUSES = Argument(
    "party_statuses",
    list[PartyStatus] | None,
    "Only people with one of these party statuses.",
    members=True,
)
ROLES = Argument(
    "roles", list[SeatRole] | None, "Only seats with one of these roles.", members=True
)
NO_FILTER = NodeFilter()
BRANCHES = NodeFilter(kinds=(kinds.OrgKind.BRANCH.value,))


# -- looking things up through the request's loaders -------------------------------------------
async def reached(info: Ctx, node_id: str, rel: RelType, direction: Direction) -> list[Neighbour]:
    return list(await info.context.loaders.neighbours(rel, direction).load(node_id))


async def load_node(info: Ctx, node_id: str | None) -> Any:
    found = await info.context.loaders.node.load(node_id) if node_id else None
    return as_type(found) if found else None


def _day(props: dict[str, Any], key: str) -> date | None:
    value = props.get(key)
    return value if isinstance(value, date) else None


# -- the node interface --------------------------------------------------------------------------
@strawberry.interface(description="An entity of the organisation graph, of any kind.")
class Node:
    id: strawberry.ID = strawberry.field(description="Unique across the whole organisation.")
    name: str = strawberry.field(description="Its name (a liaison point's is its id).")
    label: NodeKind = strawberry.field(description="What it is: its label in the graph.")

    @classmethod
    def of(cls, node: GraphNode) -> Self:
        """A graph node of a kind that stores nothing more, as its type."""
        return cls(**_base(node))


def _base(node: GraphNode) -> dict[str, Any]:
    return {
        "id": strawberry.ID(node.id),
        "name": str(node.props.get("name") or node.id),
        "label": node.kind,
    }


# -- links: a row each in its type's table -------------------------------------------------------
# A node type is named as its kind (``_TYPES`` checks it), so a link names the GraphQL type it
# answers by the kind it reaches: forward references, as the types refer to each other.
def link(rel: RelType, direction: Direction, kind: NodeKind, description: str) -> Any:
    """A field answering the first neighbour of ``kind`` (by id) along ``rel``; null if none."""

    async def resolve(root: Node, info: Ctx) -> Any:
        for n in await reached(info, root.id, rel, direction):
            if n.node.kind is kind:
                return as_type(n.node)
        return None

    return strawberry.field(
        resolver=resolve, graphql_type=f"{kind.value} | None", description=description
    )


def links(
    rel: RelType,
    direction: Direction,
    kind: NodeKind,
    description: str,
    *arguments: Argument,
    only: NodeFilter = NO_FILTER,
) -> Any:
    """A paged field of the neighbours of ``kind`` along ``rel``, taking ``arguments``: filters,
    each narrowing the ``NodeFilter`` field of its name, and the sort (``SORTED``; else by id).
    ``only``: what the list holds at most (its ``NodeFilter``)."""
    filters = [a for a in arguments if a not in SORTED]

    @taking(arguments)
    async def resolve(root: Node, info: Ctx, **given: Any) -> list[Any]:
        sort = Sort(given.pop("order_by", browse.SortField.ID), given.pop("descending", False))
        node_filter = replace(only, **{f.name: f.value(given[f.name]) for f in filters})
        checked(lambda: check_filter(kind, node_filter))
        nodes = [
            n.node
            for n in await reached(info, root.id, rel, direction)
            if n.node.kind is kind and matches(n.node, node_filter)
        ]
        ordered = sorted(nodes, key=browse.node_key(sort), reverse=sort.descending)
        return [as_type(n) for n in ordered]

    return paged_field(f"Connection[{kind.value}]", description)(resolve)


class _Record(Protocol):
    """A link with its properties (``Seat``, ``DomainCharge``, ``Visit``)."""

    @classmethod
    def of(cls, start: Any, end: Any, rel: dict[str, Any]) -> Any: ...


def relationships(
    rel: RelType,
    direction: Direction,
    record: type[_Record],
    description: str,
    *arguments: Argument,
    order: Callable[[list[Any]], list[Any]] = list,
) -> Any:
    """A paged field of a node's links ``rel``, each with its properties as a ``record`` of its
    start, its end and the properties; kept by ``arguments`` (``ROLES``, ``VALID_ON``), in the
    loader's order (the neighbours' ids) or ``order``'s."""

    @taking(arguments)
    async def resolve(root: Node, info: Ctx, **given: Any) -> list[Any]:
        chosen = {a.name: a.value(given[a.name]) for a in arguments}
        found = []
        for n in await reached(info, root.id, rel, direction):
            if _kept(n.rel, **chosen):
                other = as_type(n.node)
                start, end = (root, other) if direction is OUT else (other, root)
                found.append(record.of(start, end, n.rel))
        return order(found)

    return paged_field(Connection[record], description)(resolve)  # type: ignore[valid-type]


def _kept(rel: dict[str, Any], roles: Sequence[str] = (), valid_on: date | None = None) -> bool:
    """A link's properties pass: one of the ``roles`` (if any), holding on ``valid_on``."""
    return (not roles or rel.get("role") in roles) and _holds(rel, valid_on)


def _holds(rel: dict[str, Any], day: date | None) -> bool:
    return day is None or timeline.valid_on(_day(rel, "from"), _day(rel, "to"), day)


# -- links with properties -----------------------------------------------------------------------
@strawberry.type(description="A seat: a person's role on a party org over a period (HOLDS).")
class Seat:
    person: Person = strawberry.field(description="Who holds it.")
    party_org: PartyOrg = strawberry.field(description="The party org it is on.")
    role: SeatRole = strawberry.field(description="The role.")
    start: date | None = strawberry.field(name="from", description="First day; null: open.")
    end: date | None = strawberry.field(name="to", description="Last day; null: open.")

    @classmethod
    def of(cls, person: Person, org: PartyOrg, rel: dict[str, Any]) -> Seat:
        return cls(
            person=person,
            party_org=org,
            role=kinds.SeatRole(rel["role"]),
            start=_day(rel, "from"),
            end=_day(rel, "to"),
        )


@strawberry.type(description="A leader in charge of a domain over a period (IN_CHARGE_OF).")
class DomainCharge:
    person: Person = strawberry.field(description="The leader in charge.")
    domain: Domain = strawberry.field(description="The domain.")
    start: date | None = strawberry.field(name="from", description="First day; null: open.")
    end: date | None = strawberry.field(name="to", description="Last day; null: open.")

    @classmethod
    def of(cls, person: Person, domain: Domain, rel: dict[str, Any]) -> DomainCharge:
        return cls(person=person, domain=domain, start=_day(rel, "from"), end=_day(rel, "to"))


@strawberry.type(description="A leader's visit to one of his or her liaison points (VISITED).")
class Visit:
    leader: Person = strawberry.field(description="Who visited.")
    liaison_point: LiaisonPoint = strawberry.field(description="The point visited.")
    day: date = strawberry.field(name="date", description="When.")
    kind: VisitKind | None = strawberry.field(description="What for; null when not recorded.")
    note: str | None = strawberry.field(description="A note, if any.")

    @classmethod
    def of(cls, leader: Person, point: LiaisonPoint, rel: dict[str, Any]) -> Visit:
        kind = rel.get("kind")
        note = rel.get("note")
        return cls(
            leader=leader,
            liaison_point=point,
            day=rel["date"],
            kind=kinds.VisitKind(kind) if kind else None,
            note=str(note) if note is not None else None,
        )


def _by_date(visits: list[Visit]) -> list[Visit]:
    """Visits by date, then point, then leader; the loader's order breaks the remaining ties."""
    return sorted(visits, key=lambda v: (v.day, v.liaison_point.id, v.leader.id))


# -- the node types ------------------------------------------------------------------------------
@strawberry.type(description="An organisational unit; units form a tree by PART_OF.")
class Unit(Node):
    kind: UnitKind = strawberry.field(description="What kind of unit.")

    @classmethod
    def of(cls, node: GraphNode) -> Unit:
        return cls(**_base(node), kind=kinds.UnitKind(node.props["kind"]))

    # fmt: off
    parent = link(RelType.PART_OF, OUT, NodeKind.UNIT, "The unit it is part of; null at the top.")
    children = links(RelType.PART_OF, IN, NodeKind.UNIT, "The units directly part of it.",
        UNIT_KINDS, NAME_CONTAINS, *SORTED)
    domains = links(RelType.IN_DOMAIN, OUT, NodeKind.DOMAIN, "The domains the unit is in.")
    party_orgs = links(RelType.ATTACHED_TO, IN, NodeKind.PARTY_ORG,
        "The party orgs attached to the unit itself.",
        ORG_KINDS, BRANCH_KINDS, VALID_ON, NAME_CONTAINS, *SORTED)
    branches = links(RelType.ATTACHED_TO, IN, NodeKind.PARTY_ORG,
        "The branches attached to the unit itself.",
        BRANCH_KINDS, VALID_ON, NAME_CONTAINS, *SORTED, only=BRANCHES)
    teams = links(RelType.BELONGS_TO, IN, NodeKind.TEAM, "The teams belonging to the unit itself.",
        NAME_CONTAINS, *SORTED)
    people = links(RelType.WORKS_IN, IN, NodeKind.PERSON, "The people working in the unit itself.",
        PARTY_STATUSES, NAME_CONTAINS, *SORTED)
    projects = links(RelType.OWNED_BY, IN, NodeKind.PROJECT, "The projects the unit owns.",
        VALID_ON)
    liaison_points = links(RelType.AT, IN, NodeKind.LIAISON_POINT,
        "The party-building liaison points at the unit.",
        VALID_ON)
    # fmt: on

    @strawberry.field(
        description="Liaison coverage of the branches attached to this unit or a unit below it."
    )
    async def coverage(self, info: Ctx, as_of: AsOf = None) -> UnitCoverage:
        day = requested_day(info, as_of)
        found = await info.context.loaders.unit_coverage.load((self.id, day))
        if found is None:
            return UnitCoverage(as_of=day, branches=0, covered=0)
        return UnitCoverage(as_of=day, branches=found.branches, covered=found.covered)


@strawberry.type(description="Liaison coverage of the branches in a unit's subtree on a day.")
class UnitCoverage:
    as_of: date = strawberry.field(description="The day it holds.")
    branches: int = strawberry.field(
        description="Branches attached to the unit or a unit below it, existing that day."
    )
    covered: int = strawberry.field(
        description="Of those, the branches a counting liaison point covers (direct, via a "
        "unit or via a party org)."
    )

    @strawberry.field(description="Of those, the branches no counting liaison point covers.")
    def uncovered(self) -> int:
        return self.branches - self.covered

    @strawberry.field(description="Covered over existing branches; null when there are none.")
    def ratio(self) -> float | None:
        return self.covered / self.branches if self.branches else None


@strawberry.type(description="A professional line (专业领域).")
class Domain(Node):
    # fmt: off
    units = links(RelType.IN_DOMAIN, IN, NodeKind.UNIT, "The units in the domain.")
    teams = links(RelType.IN_DOMAIN, IN, NodeKind.TEAM, "The teams in the domain.")
    projects = links(RelType.IN_DOMAIN, IN, NodeKind.PROJECT, "The projects in the domain.")
    charges = relationships(RelType.IN_CHARGE_OF, IN, DomainCharge,
        "Who is or was in charge of the domain, by person id.",
        VALID_ON)
    # fmt: on


@strawberry.type(description="An employee.")
class Person(Node):
    party_status: PartyStatus = strawberry.field(description="Party member or not.")

    @classmethod
    def of(cls, node: GraphNode) -> Person:
        return cls(**_base(node), party_status=kinds.PartyStatus(node.props["partyStatus"]))

    # fmt: off
    unit = link(RelType.WORKS_IN, OUT, NodeKind.UNIT, "The unit the person works in.")
    team = link(RelType.IN_TEAM, OUT, NodeKind.TEAM, "The team the person is in.")
    seats = relationships(RelType.HOLDS, OUT, Seat,
        "The person's seats on party orgs, by party org id.",
        ROLES, VALID_ON)
    charges = relationships(RelType.IN_CHARGE_OF, OUT, DomainCharge,
        "The domains the person is or was in charge of, by domain id.",
        VALID_ON)
    liaison_points = links(RelType.ESTABLISHED, OUT, NodeKind.LIAISON_POINT,
        "The liaison points the person established.",
        LIAISON_KINDS, VALID_ON)
    visits = relationships(RelType.VISITED, OUT, Visit,
        "The person's visits to liaison points, by date then point.",
        order=_by_date)
    party_groups = links(RelType.IN_GROUP, OUT, NodeKind.PARTY_GROUP,
        "The party groups the person is a member of.")
    teams_led = links(RelType.LEADS, OUT, NodeKind.TEAM, "The teams the person leads (班组长).")
    party_groups_led = links(RelType.LEADS, OUT, NodeKind.PARTY_GROUP,
        "The party groups the person leads.")
    # fmt: on


@strawberry.type(description="A party committee, general branch or branch; a tree by REPORTS_TO.")
class PartyOrg(Node):
    kind: OrgKind = strawberry.field(description="Committee, general branch or branch.")
    branch_kind: BranchKind | None = strawberry.field(description="For a branch: its kind.")
    established_on: date | None = strawberry.field(description="Its first day; null: always.")
    dissolved_on: date | None = strawberry.field(
        description="Its first day gone; null: still there."
    )
    elected_on: date | None = strawberry.field(description="When its committee was elected.")
    benchmark_domain_id: strawberry.ID | None = strawberry.field(
        description="For a benchmark branch (标杆党支部): the id of its domain."
    )
    benchmark_category: str | None = strawberry.field(
        description="For a benchmark branch: its category."
    )

    @classmethod
    def of(cls, node: GraphNode) -> PartyOrg:
        props = node.props
        branch_kind = props.get("branchKind")
        benchmark_domain = props.get("benchmarkDomainId")
        category = props.get("benchmarkCategory")
        return cls(
            **_base(node),
            kind=kinds.OrgKind(props["kind"]),
            branch_kind=kinds.BranchKind(branch_kind) if branch_kind else None,
            established_on=_day(props, "establishedOn"),
            dissolved_on=_day(props, "dissolvedOn"),
            elected_on=_day(props, "electedOn"),
            benchmark_domain_id=strawberry.ID(benchmark_domain) if benchmark_domain else None,
            benchmark_category=str(category) if category is not None else None,
        )

    @strawberry.field(description="For a benchmark branch: its domain.")
    async def benchmark_domain(self, info: Ctx) -> Domain | None:
        return await load_node(info, self.benchmark_domain_id)  # type: ignore[no-any-return]

    # fmt: off
    parent = link(RelType.REPORTS_TO, OUT, NodeKind.PARTY_ORG,
        "The party org it reports to; null at the top.")
    children = links(RelType.REPORTS_TO, IN, NodeKind.PARTY_ORG,
        "The party orgs reporting directly to it.",
        ORG_KINDS, BRANCH_KINDS, VALID_ON, NAME_CONTAINS, *SORTED)
    unit = link(RelType.ATTACHED_TO, OUT, NodeKind.UNIT, "The unit it is attached to.")
    project = link(RelType.FOR_PROJECT, OUT, NodeKind.PROJECT,
        "For a temporary branch: its project.")
    party_groups = links(RelType.UNDER, IN, NodeKind.PARTY_GROUP, "The party groups under it.",
        NAME_CONTAINS, *SORTED)
    seats = relationships(RelType.HOLDS, IN, Seat, "Seats held on it, by person id.",
        ROLES, VALID_ON)
    # fmt: on

    @strawberry.field(
        description="Its secretary on the day: the holder of a secretary seat valid that day "
        "(the first by id if several; `seats(roles: [SECRETARY])` lists all); null if none."
    )
    async def secretary(self, info: Ctx, as_of: AsOf = None) -> Person | None:
        day = requested_day(info, as_of)
        secretary = (kinds.SeatRole.SECRETARY.value,)
        for n in await reached(info, self.id, RelType.HOLDS, IN):
            if _kept(n.rel, secretary, day):
                return Person.of(n.node)
        return None

    liaison_points = links(RelType.AT, IN, NodeKind.LIAISON_POINT, "The liaison points at it.",
        LIAISON_KINDS, VALID_ON)  # fmt: skip


@strawberry.type(description="A party group inside a branch, normally built on one team.")
class PartyGroup(Node):
    # fmt: off
    branch = link(RelType.UNDER, OUT, NodeKind.PARTY_ORG, "The branch it is under.")
    team = link(RelType.BUILT_ON, OUT, NodeKind.TEAM, "The team it is built on.")
    leader = link(RelType.LEADS, IN, NodeKind.PERSON, "Its group leader.")
    members = links(RelType.IN_GROUP, IN, NodeKind.PERSON, "Its members.",
        PARTY_STATUSES, NAME_CONTAINS, *SORTED)
    # fmt: on


@strawberry.type(description="A work team (班组) in a unit.")
class Team(Node):
    # fmt: off
    unit = link(RelType.BELONGS_TO, OUT, NodeKind.UNIT, "The unit it belongs to.")
    leader = link(RelType.LEADS, IN, NodeKind.PERSON, "Its team leader (班组长).")
    domain = link(RelType.IN_DOMAIN, OUT, NodeKind.DOMAIN, "Its domain.")
    project = link(RelType.ASSIGNED_TO, OUT, NodeKind.PROJECT, "The project it is assigned to.")
    members = links(RelType.IN_TEAM, IN, NodeKind.PERSON, "The people in the team.",
        PARTY_STATUSES, NAME_CONTAINS, *SORTED)
    party_groups = links(RelType.BUILT_ON, IN, NodeKind.PARTY_GROUP,
        "The party groups built on the team.")
    # fmt: on


@strawberry.type(description="A construction project or major task.")
class Project(Node):
    major: bool = strawberry.field(description="A major project (重大工程).")
    start_on: date | None = strawberry.field(description="Its first day; null: unknown.")
    end_on: date | None = strawberry.field(description="Its last day; null: still running.")

    @classmethod
    def of(cls, node: GraphNode) -> Project:
        props = node.props
        return cls(
            **_base(node),
            major=bool(props.get("major")),
            start_on=_day(props, "startOn"),
            end_on=_day(props, "endOn"),
        )

    # fmt: off
    unit = link(RelType.OWNED_BY, OUT, NodeKind.UNIT, "The unit that owns it.")
    domain = link(RelType.IN_DOMAIN, OUT, NodeKind.DOMAIN, "Its domain.")
    teams = links(RelType.ASSIGNED_TO, IN, NodeKind.TEAM, "The teams assigned to it.")
    party_orgs = links(RelType.FOR_PROJECT, IN, NodeKind.PARTY_ORG,
        "The party orgs set up for it (its temporary branches).",
        VALID_ON)
    # fmt: on


@strawberry.type(description="A standing link a leader set up to guide a unit or a branch.")
class LiaisonPoint(Node):
    kind: LiaisonKind = strawberry.field(description="Party-building or branch liaison point.")
    start: date | None = strawberry.field(name="from", description="First valid day; null: open.")
    end: date | None = strawberry.field(name="to", description="Last valid day; null: open.")

    @classmethod
    def of(cls, node: GraphNode) -> LiaisonPoint:
        props = node.props
        return cls(
            **_base(node),
            kind=kinds.LiaisonKind(props["kind"]),
            start=_day(props, "from"),
            end=_day(props, "to"),
        )

    leader = link(RelType.ESTABLISHED, IN, NodeKind.PERSON, "The leader who established it.")

    @strawberry.field(description="Where it is: a unit or a party org.")
    async def target(self, info: Ctx) -> Node | None:
        found = await reached(info, self.id, RelType.AT, OUT)
        return as_type(found[0].node) if found else None

    visits = relationships(RelType.VISITED, IN, Visit, "The visits made to it, by date.",
        order=_by_date)  # fmt: skip


_TYPES: dict[NodeKind, type[Node]] = {
    NodeKind.UNIT: Unit,
    NodeKind.DOMAIN: Domain,
    NodeKind.PERSON: Person,
    NodeKind.PARTY_ORG: PartyOrg,
    NodeKind.PARTY_GROUP: PartyGroup,
    NodeKind.TEAM: Team,
    NodeKind.PROJECT: Project,
    NodeKind.LIAISON_POINT: LiaisonPoint,
}
assert set(_TYPES) == set(NodeKind)
# ``link`` and ``links`` name the type a kind's link answers by the kind.
assert all(cls.__name__ == kind.value for kind, cls in _TYPES.items())


def as_type(node: GraphNode) -> Any:
    """A graph node as the GraphQL type of its kind."""
    return _TYPES[node.kind].of(node)


__all__ = [
    "DESCENDING",
    "ORDER_BY",
    "Domain",
    "DomainCharge",
    "GroupBy",
    "LiaisonPoint",
    "Node",
    "PartyGroup",
    "PartyOrg",
    "Person",
    "Project",
    "Seat",
    "SortField",
    "Team",
    "Unit",
    "UnitCoverage",
    "Visit",
    "as_type",
    "load_node",
    "reached",
]
