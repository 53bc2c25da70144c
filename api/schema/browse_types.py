"""GraphQL types for browsing the graph: the ``Node`` interface, one type per node kind with its
stored properties and its links both ways, and Relay cursor connections for every list.

Each link resolves through the request's DataLoaders (``api.schema.browse_loaders``), so the
items of a list load their neighbours in one backend call. Lists of links are cut and sorted
here, from what the loader brought, by the same rules the backends use (``graph_model.browse``);
cursors are those of ``api.schema.browse_paging``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from api.schema.browse_paging import PageArgs, encode_cursor, page_in_memory
from api.schema.context import AsOf, Context, requested_day
from api.schema.types import NodeKind, described_enum
from graph_model import browse, kinds
from graph_model.browse import Direction, Neighbour, NodeFilter, Sort, check_filter, matches
from graph_model.elements import Node as GraphNode
from graph_model.errors import OrgraphError
from graph_model.kinds import RelType
from graph_model.timeline import valid_on

T = TypeVar("T")
R = TypeVar("R")
Ctx = Info[Context, None]
Window = tuple[int | None, str | None, int | None, str | None]
"""The Relay arguments as given: first, after, last, before."""

# -- enums ---------------------------------------------------------------------------------------
UnitKind = described_enum(
    kinds.UnitKind,
    "What kind of organisational unit.",
    COMPANY="The provincial company.",
    BUREAU="A prefecture bureau (地市供电局).",
    COUNTY="A county company.",
    DEPARTMENT="A functional department (职能部门).",
    SUPPORT="A business-support organisation (业务支撑机构).",
    STATION="A station or workshop.",
)
OrgKind = described_enum(
    kinds.OrgKind,
    "What kind of party org.",
    COMMITTEE="A party committee (党委).",
    GENERAL_BRANCH="A general branch (党总支).",
    BRANCH="A branch (党支部).",
)
BranchKind = described_enum(
    kinds.BranchKind,
    "What kind of branch.",
    ORGAN="An organ branch, in an HQ department (机关党支部).",
    GRASSROOTS="A grassroots branch (基层).",
    TEMPORARY="A temporary branch set up on a major project (临时党支部).",
    JOINT="A joint branch (联合).",
)
PartyStatus = described_enum(
    kinds.PartyStatus,
    "A person's party status.",
    FORMAL="A formal party member (正式党员).",
    PROBATIONARY="A probationary party member (预备党员).",
    NONE="Not a party member.",
)
SeatRole = described_enum(
    kinds.SeatRole,
    "A role held on a party org.",
    MEMBER="An ordinary member.",
    SECRETARY="The secretary (书记).",
    DEPUTY_SECRETARY="A deputy secretary (副书记).",
    COMMITTEE_MEMBER="A committee member (委员).",
)
LiaisonKind = described_enum(
    kinds.LiaisonKind,
    "What kind of liaison point.",
    PARTY_BUILDING="A party-building liaison point (党建联系点), at a unit or a party org.",
    BRANCH="A branch liaison point (党支部联系点), at a branch.",
)
VisitKind = described_enum(
    kinds.VisitKind,
    "What a visit was for.",
    RESEARCH="Research (调研).",
    GUIDANCE="Guidance (指导).",
    DUAL_LIFE="Dual organisational life (双重组织生活).",
)
SortField = described_enum(
    browse.SortField,
    "What a list is sorted by.",
    ID="By id.",
    NAME="By name, then by id; strings sort by Unicode code point.",
)
GroupBy = described_enum(
    browse.GroupBy,
    "What counts are grouped by.",
    UNIT="The unit: a person's, team's, project's or party org's own unit; a unit's parent; "
    "a party group's branch's unit; a liaison point's target unit, or its target party org's.",
    DOMAIN="The domain: a unit's, team's or project's; a party org's unit's. A unit in several "
    "domains counts in each.",
    KIND="The kind of a unit, party org or liaison point.",
    BRANCH_KIND="The branch kind of a party org (none for committees and general branches).",
    PARTY_STATUS="The party status of a person.",
)

# -- arguments -----------------------------------------------------------------------------------
First = Annotated[
    int | None,
    strawberry.argument(
        description="At most this many items from the start (after `after`). Without `first` "
        "and `last` a page holds the most a page may hold (the page size cap, 100 unless "
        "configured); more than the cap is refused (INVALID_REQUEST)."
    ),
]
After = Annotated[
    str | None, strawberry.argument(description="Only items after this cursor (see PageInfo).")
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description="At most this many items from the end (before `before`); at most the cap."
    ),
]
Before = Annotated[
    str | None, strawberry.argument(description="Only items before this cursor (see PageInfo).")
]
OrderBy = Annotated[
    SortField, strawberry.argument(description="Sort by id (the default) or by name, then id.")
]
Descending = Annotated[bool, strawberry.argument(description="Reverse the order.")]
NameContains = Annotated[
    str | None,
    strawberry.argument(description="Only items whose name contains this text (case-sensitive)."),
]
ValidOn = Annotated[
    date | None,
    strawberry.argument(
        description="Only items valid that day: party orgs existing, projects running, "
        "liaison points, seats and domain charges within their period."
    ),
]
UnitKinds = Annotated[
    list[UnitKind] | None,
    strawberry.argument(name="kinds", description="Only units of these kinds."),
]
OrgKinds = Annotated[
    list[OrgKind] | None,
    strawberry.argument(name="kinds", description="Only party orgs of these kinds."),
]
BranchKinds = Annotated[
    list[BranchKind] | None, strawberry.argument(description="Only branches of these kinds.")
]
LiaisonKinds = Annotated[
    list[LiaisonKind] | None,
    strawberry.argument(name="kinds", description="Only liaison points of these kinds."),
]
PartyStatuses = Annotated[
    list[PartyStatus] | None,
    strawberry.argument(description="Only people with one of these party statuses."),
]
Roles = Annotated[
    list[SeatRole] | None, strawberry.argument(description="Only seats with one of these roles.")
]


# -- connections ---------------------------------------------------------------------------------
@strawberry.type(
    description="Where a page lies in its list. A cursor is the standard base64 of the item's "
    "0-based offset in the list, in decimal (offset 0 is `MA==`); it names a position, so a "
    "list that changes between requests shifts under it."
)
class PageInfo:
    has_next_page: bool = strawberry.field(description="Items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null for an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item; null for an empty page."
    )


@strawberry.type(description="An item of a page, with the cursor of its place in the list.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` or `before` to page from here.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description="A page of a list (a Relay cursor connection): `first`/`after` page forwards, "
    "`last`/`before` backwards."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items with their cursors.")
    nodes: list[T] = strawberry.field(description="The page's items, without cursors.")
    page_info: PageInfo = strawberry.field(description="Where the page lies in the list.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")


def connection(start: int, rows: Sequence[T], total: int) -> Connection[T]:
    """The page of ``rows`` starting at offset ``start`` of a list of ``total`` items."""
    edges = [Edge(cursor=encode_cursor(start + i), node=row) for i, row in enumerate(rows)]
    info = PageInfo(
        has_next_page=start + len(rows) < total,
        has_previous_page=start > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, nodes=list(rows), page_info=info, total_count=total)


def checked(question: Callable[[], R]) -> R:
    """Answer a pure question in the event loop; its ``OrgraphError`` coded as ``ask`` codes
    a backend's."""
    try:
        return question()
    except OrgraphError as exc:
        raise GraphQLError(str(exc), extensions={"code": exc.code}) from exc


def paged(info: Ctx, items: Sequence[R], window: Window) -> Connection[R]:
    """A page of a whole list already in order."""
    args = checked(lambda: PageArgs.parse(*window, max_size=info.context.max_page_size))
    start, rows = page_in_memory(args, items)
    return connection(start, rows, len(items))


# -- looking things up through the request's loaders -------------------------------------------
async def reached(info: Ctx, node_id: str, rel: RelType, direction: Direction) -> list[Neighbour]:
    return list(await info.context.loaders.neighbours(rel, direction).load(node_id))


async def linked(
    info: Ctx, node_id: str, rel: RelType, direction: Direction, kind: kinds.NodeKind
) -> Any:
    """The first neighbour of ``kind`` (by id), as its GraphQL type; None if none."""
    for n in await reached(info, node_id, rel, direction):
        if n.node.kind is kind:
            return as_type(n.node)
    return None


async def load_node(info: Ctx, node_id: str | None) -> Any:
    found = await info.context.loaders.node.load(node_id) if node_id else None
    return as_type(found) if found else None


async def node_list(
    info: Ctx,
    node_id: str,
    rel: RelType,
    direction: Direction,
    kind: kinds.NodeKind,
    node_filter: NodeFilter,
    sort: Sort,
    window: Window,
) -> Connection[Any]:
    """A page of the neighbours of ``kind`` that pass the filter, in the order asked."""
    checked(lambda: check_filter(kind, node_filter))
    nodes = [
        n.node
        for n in await reached(info, node_id, rel, direction)
        if n.node.kind is kind and matches(n.node, node_filter)
    ]
    ordered = sorted(nodes, key=browse.node_key(sort), reverse=sort.descending)
    return paged(info, [as_type(n) for n in ordered], window)


def _values(chosen: Sequence[Any] | None) -> tuple[str, ...]:
    return tuple(v.value for v in chosen or ())


def _day(props: dict[str, Any], key: str) -> date | None:
    value = props.get(key)
    return value if isinstance(value, date) else None


# -- the node types ------------------------------------------------------------------------------
@strawberry.interface(description="An entity of the organisation graph, of any kind.")
class Node:
    id: strawberry.ID = strawberry.field(description="Unique across the whole organisation.")
    name: str = strawberry.field(description="Its name (a liaison point's is its id).")
    label: NodeKind = strawberry.field(description="What it is: its label in the graph.")


def _base(node: GraphNode) -> dict[str, Any]:
    return {
        "id": strawberry.ID(node.id),
        "name": str(node.props.get("name") or node.id),
        "label": node.kind,
    }


@strawberry.type(description="An organisational unit; units form a tree by PART_OF.")
class Unit(Node):
    kind: UnitKind = strawberry.field(description="What kind of unit.")

    @classmethod
    def of(cls, node: GraphNode) -> Unit:
        return cls(**_base(node), kind=kinds.UnitKind(node.props["kind"]))

    @strawberry.field(description="The unit it is part of; null at the top.")
    async def parent(self, info: Ctx) -> Unit | None:
        return await linked(info, self.id, RelType.PART_OF, Direction.OUT, kinds.NodeKind.UNIT)

    @strawberry.field(description="The units directly part of it.")
    async def children(
        self,
        info: Ctx,
        kinds_: UnitKinds = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Unit]:
        node_filter = NodeFilter(kinds=_values(kinds_), name_contains=name_contains)
        return await node_list(
            info,
            self.id,
            RelType.PART_OF,
            Direction.IN,
            kinds.NodeKind.UNIT,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The domains the unit is in.")
    async def domains(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Domain]:
        return await node_list(
            info,
            self.id,
            RelType.IN_DOMAIN,
            Direction.OUT,
            kinds.NodeKind.DOMAIN,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The party orgs attached to the unit itself.")
    async def party_orgs(
        self,
        info: Ctx,
        kinds_: OrgKinds = None,
        branch_kinds: BranchKinds = None,
        valid_on: ValidOn = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyOrg]:
        node_filter = NodeFilter(
            kinds=_values(kinds_),
            branch_kinds=_values(branch_kinds),
            valid_on=valid_on,
            name_contains=name_contains,
        )
        return await node_list(
            info,
            self.id,
            RelType.ATTACHED_TO,
            Direction.IN,
            kinds.NodeKind.PARTY_ORG,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The branches attached to the unit itself.")
    async def branches(
        self,
        info: Ctx,
        branch_kinds: BranchKinds = None,
        valid_on: ValidOn = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyOrg]:
        node_filter = NodeFilter(
            kinds=(kinds.OrgKind.BRANCH.value,),
            branch_kinds=_values(branch_kinds),
            valid_on=valid_on,
            name_contains=name_contains,
        )
        return await node_list(
            info,
            self.id,
            RelType.ATTACHED_TO,
            Direction.IN,
            kinds.NodeKind.PARTY_ORG,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The teams belonging to the unit itself.")
    async def teams(
        self,
        info: Ctx,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Team]:
        return await node_list(
            info,
            self.id,
            RelType.BELONGS_TO,
            Direction.IN,
            kinds.NodeKind.TEAM,
            NodeFilter(name_contains=name_contains),
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The people working in the unit itself.")
    async def people(
        self,
        info: Ctx,
        party_statuses: PartyStatuses = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Person]:
        node_filter = NodeFilter(
            party_statuses=_values(party_statuses), name_contains=name_contains
        )
        return await node_list(
            info,
            self.id,
            RelType.WORKS_IN,
            Direction.IN,
            kinds.NodeKind.PERSON,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The projects the unit owns.")
    async def projects(
        self,
        info: Ctx,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Project]:
        return await node_list(
            info,
            self.id,
            RelType.OWNED_BY,
            Direction.IN,
            kinds.NodeKind.PROJECT,
            NodeFilter(valid_on=valid_on),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The party-building liaison points at the unit.")
    async def liaison_points(
        self,
        info: Ctx,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LiaisonPoint]:
        return await node_list(
            info,
            self.id,
            RelType.AT,
            Direction.IN,
            kinds.NodeKind.LIAISON_POINT,
            NodeFilter(valid_on=valid_on),
            Sort(),
            (first, after, last, before),
        )

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
    @classmethod
    def of(cls, node: GraphNode) -> Domain:
        return cls(**_base(node))

    @strawberry.field(description="The units in the domain.")
    async def units(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Unit]:
        return await node_list(
            info,
            self.id,
            RelType.IN_DOMAIN,
            Direction.IN,
            kinds.NodeKind.UNIT,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The teams in the domain.")
    async def teams(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Team]:
        return await node_list(
            info,
            self.id,
            RelType.IN_DOMAIN,
            Direction.IN,
            kinds.NodeKind.TEAM,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The projects in the domain.")
    async def projects(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Project]:
        return await node_list(
            info,
            self.id,
            RelType.IN_DOMAIN,
            Direction.IN,
            kinds.NodeKind.PROJECT,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="Who is or was in charge of the domain, by person id.")
    async def charges(
        self,
        info: Ctx,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[DomainCharge]:
        found = [
            DomainCharge.of(Person.of(n.node), self, n.rel)
            for n in await reached(info, self.id, RelType.IN_CHARGE_OF, Direction.IN)
            if _holds(n.rel, valid_on)
        ]
        return paged(info, found, (first, after, last, before))


@strawberry.type(description="An employee.")
class Person(Node):
    party_status: PartyStatus = strawberry.field(description="Party member or not.")

    @classmethod
    def of(cls, node: GraphNode) -> Person:
        return cls(**_base(node), party_status=kinds.PartyStatus(node.props["partyStatus"]))

    @strawberry.field(description="The unit the person works in.")
    async def unit(self, info: Ctx) -> Unit | None:
        return await linked(info, self.id, RelType.WORKS_IN, Direction.OUT, kinds.NodeKind.UNIT)

    @strawberry.field(description="The team the person is in.")
    async def team(self, info: Ctx) -> Team | None:
        return await linked(info, self.id, RelType.IN_TEAM, Direction.OUT, kinds.NodeKind.TEAM)

    @strawberry.field(description="The person's seats on party orgs, by party org id.")
    async def seats(
        self,
        info: Ctx,
        roles: Roles = None,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Seat]:
        found = [
            Seat.of(self, PartyOrg.of(n.node), n.rel)
            for n in await reached(info, self.id, RelType.HOLDS, Direction.OUT)
            if _seat_kept(n.rel, roles, valid_on)
        ]
        return paged(info, found, (first, after, last, before))

    @strawberry.field(description="The domains the person is or was in charge of, by domain id.")
    async def charges(
        self,
        info: Ctx,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[DomainCharge]:
        found = [
            DomainCharge.of(self, Domain.of(n.node), n.rel)
            for n in await reached(info, self.id, RelType.IN_CHARGE_OF, Direction.OUT)
            if _holds(n.rel, valid_on)
        ]
        return paged(info, found, (first, after, last, before))

    @strawberry.field(description="The liaison points the person established.")
    async def liaison_points(
        self,
        info: Ctx,
        kinds_: LiaisonKinds = None,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LiaisonPoint]:
        return await node_list(
            info,
            self.id,
            RelType.ESTABLISHED,
            Direction.OUT,
            kinds.NodeKind.LIAISON_POINT,
            NodeFilter(kinds=_values(kinds_), valid_on=valid_on),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The person's visits to liaison points, by date then point.")
    async def visits(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Visit]:
        found = [
            Visit.of(self, LiaisonPoint.of(n.node), n.rel)
            for n in await reached(info, self.id, RelType.VISITED, Direction.OUT)
        ]
        return paged(info, _by_date(found), (first, after, last, before))

    @strawberry.field(description="The party groups the person is a member of.")
    async def party_groups(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyGroup]:
        return await node_list(
            info,
            self.id,
            RelType.IN_GROUP,
            Direction.OUT,
            kinds.NodeKind.PARTY_GROUP,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The teams the person leads (班组长).")
    async def teams_led(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Team]:
        return await node_list(
            info,
            self.id,
            RelType.LEADS,
            Direction.OUT,
            kinds.NodeKind.TEAM,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The party groups the person leads.")
    async def party_groups_led(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyGroup]:
        return await node_list(
            info,
            self.id,
            RelType.LEADS,
            Direction.OUT,
            kinds.NodeKind.PARTY_GROUP,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )


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

    @strawberry.field(description="The party org it reports to; null at the top.")
    async def parent(self, info: Ctx) -> PartyOrg | None:
        return await linked(
            info, self.id, RelType.REPORTS_TO, Direction.OUT, kinds.NodeKind.PARTY_ORG
        )

    @strawberry.field(description="The party orgs reporting directly to it.")
    async def children(
        self,
        info: Ctx,
        kinds_: OrgKinds = None,
        branch_kinds: BranchKinds = None,
        valid_on: ValidOn = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyOrg]:
        node_filter = NodeFilter(
            kinds=_values(kinds_),
            branch_kinds=_values(branch_kinds),
            valid_on=valid_on,
            name_contains=name_contains,
        )
        return await node_list(
            info,
            self.id,
            RelType.REPORTS_TO,
            Direction.IN,
            kinds.NodeKind.PARTY_ORG,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The unit it is attached to.")
    async def unit(self, info: Ctx) -> Unit | None:
        return await linked(info, self.id, RelType.ATTACHED_TO, Direction.OUT, kinds.NodeKind.UNIT)

    @strawberry.field(description="For a temporary branch: its project.")
    async def project(self, info: Ctx) -> Project | None:
        return await linked(
            info, self.id, RelType.FOR_PROJECT, Direction.OUT, kinds.NodeKind.PROJECT
        )

    @strawberry.field(description="The party groups under it.")
    async def party_groups(
        self,
        info: Ctx,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyGroup]:
        return await node_list(
            info,
            self.id,
            RelType.UNDER,
            Direction.IN,
            kinds.NodeKind.PARTY_GROUP,
            NodeFilter(name_contains=name_contains),
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="Seats held on it, by person id.")
    async def seats(
        self,
        info: Ctx,
        roles: Roles = None,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Seat]:
        found = [
            Seat.of(Person.of(n.node), self, n.rel)
            for n in await reached(info, self.id, RelType.HOLDS, Direction.IN)
            if _seat_kept(n.rel, roles, valid_on)
        ]
        return paged(info, found, (first, after, last, before))

    @strawberry.field(
        description="Its secretary on the day: the holder of a secretary seat valid that day "
        "(the first by id if several; `seats(roles: [SECRETARY])` lists all); null if none."
    )
    async def secretary(self, info: Ctx, as_of: AsOf = None) -> Person | None:
        day = requested_day(info, as_of)
        for n in await reached(info, self.id, RelType.HOLDS, Direction.IN):
            if _seat_kept(n.rel, [kinds.SeatRole.SECRETARY], day):
                return Person.of(n.node)
        return None

    @strawberry.field(description="The liaison points at it.")
    async def liaison_points(
        self,
        info: Ctx,
        kinds_: LiaisonKinds = None,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LiaisonPoint]:
        return await node_list(
            info,
            self.id,
            RelType.AT,
            Direction.IN,
            kinds.NodeKind.LIAISON_POINT,
            NodeFilter(kinds=_values(kinds_), valid_on=valid_on),
            Sort(),
            (first, after, last, before),
        )


@strawberry.type(description="A party group inside a branch, normally built on one team.")
class PartyGroup(Node):
    @classmethod
    def of(cls, node: GraphNode) -> PartyGroup:
        return cls(**_base(node))

    @strawberry.field(description="The branch it is under.")
    async def branch(self, info: Ctx) -> PartyOrg | None:
        return await linked(info, self.id, RelType.UNDER, Direction.OUT, kinds.NodeKind.PARTY_ORG)

    @strawberry.field(description="The team it is built on.")
    async def team(self, info: Ctx) -> Team | None:
        return await linked(info, self.id, RelType.BUILT_ON, Direction.OUT, kinds.NodeKind.TEAM)

    @strawberry.field(description="Its group leader.")
    async def leader(self, info: Ctx) -> Person | None:
        return await linked(info, self.id, RelType.LEADS, Direction.IN, kinds.NodeKind.PERSON)

    @strawberry.field(description="Its members.")
    async def members(
        self,
        info: Ctx,
        party_statuses: PartyStatuses = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Person]:
        node_filter = NodeFilter(
            party_statuses=_values(party_statuses), name_contains=name_contains
        )
        return await node_list(
            info,
            self.id,
            RelType.IN_GROUP,
            Direction.IN,
            kinds.NodeKind.PERSON,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )


@strawberry.type(description="A work team (班组) in a unit.")
class Team(Node):
    @classmethod
    def of(cls, node: GraphNode) -> Team:
        return cls(**_base(node))

    @strawberry.field(description="The unit it belongs to.")
    async def unit(self, info: Ctx) -> Unit | None:
        return await linked(info, self.id, RelType.BELONGS_TO, Direction.OUT, kinds.NodeKind.UNIT)

    @strawberry.field(description="Its team leader (班组长).")
    async def leader(self, info: Ctx) -> Person | None:
        return await linked(info, self.id, RelType.LEADS, Direction.IN, kinds.NodeKind.PERSON)

    @strawberry.field(description="Its domain.")
    async def domain(self, info: Ctx) -> Domain | None:
        return await linked(info, self.id, RelType.IN_DOMAIN, Direction.OUT, kinds.NodeKind.DOMAIN)

    @strawberry.field(description="The project it is assigned to.")
    async def project(self, info: Ctx) -> Project | None:
        return await linked(
            info, self.id, RelType.ASSIGNED_TO, Direction.OUT, kinds.NodeKind.PROJECT
        )

    @strawberry.field(description="The people in the team.")
    async def members(
        self,
        info: Ctx,
        party_statuses: PartyStatuses = None,
        name_contains: NameContains = None,
        order_by: OrderBy = browse.SortField.ID,
        descending: Descending = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Person]:
        node_filter = NodeFilter(
            party_statuses=_values(party_statuses), name_contains=name_contains
        )
        return await node_list(
            info,
            self.id,
            RelType.IN_TEAM,
            Direction.IN,
            kinds.NodeKind.PERSON,
            node_filter,
            Sort(order_by, descending),
            (first, after, last, before),
        )

    @strawberry.field(description="The party groups built on the team.")
    async def party_groups(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyGroup]:
        return await node_list(
            info,
            self.id,
            RelType.BUILT_ON,
            Direction.IN,
            kinds.NodeKind.PARTY_GROUP,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )


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

    @strawberry.field(description="The unit that owns it.")
    async def unit(self, info: Ctx) -> Unit | None:
        return await linked(info, self.id, RelType.OWNED_BY, Direction.OUT, kinds.NodeKind.UNIT)

    @strawberry.field(description="Its domain.")
    async def domain(self, info: Ctx) -> Domain | None:
        return await linked(info, self.id, RelType.IN_DOMAIN, Direction.OUT, kinds.NodeKind.DOMAIN)

    @strawberry.field(description="The teams assigned to it.")
    async def teams(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Team]:
        return await node_list(
            info,
            self.id,
            RelType.ASSIGNED_TO,
            Direction.IN,
            kinds.NodeKind.TEAM,
            NodeFilter(),
            Sort(),
            (first, after, last, before),
        )

    @strawberry.field(description="The party orgs set up for it (its temporary branches).")
    async def party_orgs(
        self,
        info: Ctx,
        valid_on: ValidOn = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartyOrg]:
        return await node_list(
            info,
            self.id,
            RelType.FOR_PROJECT,
            Direction.IN,
            kinds.NodeKind.PARTY_ORG,
            NodeFilter(valid_on=valid_on),
            Sort(),
            (first, after, last, before),
        )


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

    @strawberry.field(description="The leader who established it.")
    async def leader(self, info: Ctx) -> Person | None:
        return await linked(info, self.id, RelType.ESTABLISHED, Direction.IN, kinds.NodeKind.PERSON)

    @strawberry.field(description="Where it is: a unit or a party org.")
    async def target(self, info: Ctx) -> Node | None:
        found = await reached(info, self.id, RelType.AT, Direction.OUT)
        return as_type(found[0].node) if found else None

    @strawberry.field(description="The visits made to it, by date.")
    async def visits(
        self,
        info: Ctx,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Visit]:
        found = [
            Visit.of(Person.of(n.node), self, n.rel)
            for n in await reached(info, self.id, RelType.VISITED, Direction.IN)
        ]
        return paged(info, _by_date(found), (first, after, last, before))


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


def _holds(rel: dict[str, Any], day: date | None) -> bool:
    return day is None or valid_on(_day(rel, "from"), _day(rel, "to"), day)


def _seat_kept(rel: dict[str, Any], roles: Sequence[Any] | None, day: date | None) -> bool:
    return (not roles or rel.get("role") in _values(roles)) and _holds(rel, day)


def _by_date(visits: list[Visit]) -> list[Visit]:
    """Visits by date, then point, then leader; the loader's order breaks the remaining ties."""
    return sorted(
        visits,
        key=lambda v: (
            v.day,
            v.liaison_point.id,
            v.leader.id,
        ),
    )


_TYPES: dict[kinds.NodeKind, Callable[[GraphNode], Any]] = {
    kinds.NodeKind.UNIT: Unit.of,
    kinds.NodeKind.DOMAIN: Domain.of,
    kinds.NodeKind.PERSON: Person.of,
    kinds.NodeKind.PARTY_ORG: PartyOrg.of,
    kinds.NodeKind.PARTY_GROUP: PartyGroup.of,
    kinds.NodeKind.TEAM: Team.of,
    kinds.NodeKind.PROJECT: Project.of,
    kinds.NodeKind.LIAISON_POINT: LiaisonPoint.of,
}
assert set(_TYPES) == set(kinds.NodeKind)


def as_type(node: GraphNode) -> Any:
    """A graph node as the GraphQL type of its kind."""
    return _TYPES[node.kind](node)


__all__ = [
    "Connection",
    "Domain",
    "DomainCharge",
    "Edge",
    "GroupBy",
    "LiaisonPoint",
    "Node",
    "PageInfo",
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
    "checked",
    "connection",
    "paged",
    "reached",
]
