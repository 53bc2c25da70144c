"""Browsing the graph: any entity by id, and a paged, filtered, sorted list of each kind with
counts by group.

Each list is a Relay cursor connection (``api.schema.connections``); one backend call answers a
page (``Backend.find``), another the counts (``Backend.count_by``). The links of what a page holds
resolve through the request's DataLoaders, one backend call per link asked, however many items
the page holds::

    {
      partyOrgs(filter: {underUnitId: "u-b09", kinds: [BRANCH]}, first: 20) {
        totalCount
        countBy(groupBy: BRANCH_KIND) { key count }
        pageInfo { hasNextPage endCursor }
        nodes { id name secretary { name } partyGroups { nodes { team { name } } } }
      }
    }
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from api.schema.arguments import Argument, taking
from api.schema.browse_paging import Fetch
from api.schema.browse_types import (
    DESCENDING,
    ORDER_BY,
    BranchKind,
    Domain,
    GroupBy,
    LiaisonKind,
    LiaisonPoint,
    Node,
    OrgKind,
    PartyGroup,
    PartyOrg,
    PartyStatus,
    Person,
    Project,
    Team,
    Unit,
    UnitKind,
    as_type,
    load_node,
)
from api.schema.connections import Connection, StoredList, paged_field
from api.schema.context import Context, ask
from graph_model import browse
from graph_model.browse import NodeFilter, Sort
from graph_model.elements import Node as GraphNode
from graph_model.kinds import NodeKind

T = TypeVar("T")
Ctx = Info[Context, None]


# -- counts --------------------------------------------------------------------------------------
@strawberry.type(description="How many items of a list fall in one group.")
class Bucket:
    key: str | None = strawberry.field(
        description="The group: a unit's or domain's id, else a property's value (a kind, a "
        "party status); null for the items that have none."
    )
    count: int = strawberry.field(description="How many items of the list are in the group.")
    group_by: strawberry.Private[browse.GroupBy]

    @strawberry.field(description="For groups by unit or domain: that unit or domain.")
    async def node(self, info: Ctx) -> Node | None:
        if self.group_by not in (browse.GroupBy.UNIT, browse.GroupBy.DOMAIN):
            return None
        return await load_node(info, self.key)  # type: ignore[no-any-return]


@strawberry.type(
    description="A page of a filtered list of one kind of entity (a Relay cursor connection), "
    "with counts over the whole filtered list."
)
class SearchConnection(Connection[T], Generic[T]):
    kind: strawberry.Private[NodeKind]
    node_filter: strawberry.Private[NodeFilter]

    @strawberry.field(
        description="How many items of the whole filtered list fall in each group, by key (the "
        "group of items without one last). A grouping that does not apply to the kind is "
        "refused (INVALID_REQUEST)."
    )
    async def count_by(
        self,
        info: Ctx,
        group_by: Annotated[GroupBy, strawberry.argument(description="What to group by.")],
    ) -> list[Bucket]:
        found = await ask(
            lambda: info.context.backend.count_by(self.kind, self.node_filter, group_by)
        )
        return [Bucket(key=b.key, count=b.count, group_by=group_by) for b in found]


@dataclass(frozen=True)
class Found(StoredList[Any]):
    """The nodes of ``kind`` passing the filter, in the order asked: the backend cuts the page
    (``Backend.find``), counting from the end when a page is asked from the end."""

    kind: NodeKind
    node_filter: NodeFilter

    @classmethod
    def of(cls, info: Ctx, kind: NodeKind, node_filter: NodeFilter, sort: Sort) -> Found:
        backend = info.context.backend

        async def fetch(at: Fetch) -> tuple[int, tuple[GraphNode, ...]]:
            asked = Sort(sort.field, sort.descending != at.descending)
            return await ask(lambda: backend.find(kind, node_filter, asked, at.offset, at.limit))

        return cls(fetch=fetch, item=as_type, kind=kind, node_filter=node_filter)

    def page(self, start: int, rows: Sequence[Any], total: int) -> SearchConnection[Any]:
        found = super().page(start, rows, total)
        return SearchConnection(
            edges=found.edges,
            nodes=found.nodes,
            page_info=found.page_info,
            total_count=found.total_count,
            kind=self.kind,
            node_filter=self.node_filter,
        )


# -- filters -------------------------------------------------------------------------------------
def _values(chosen: list[Any] | None) -> tuple[str, ...]:
    return tuple(v.value for v in chosen or ())


def _id(value: strawberry.ID | None) -> str | None:
    return str(value) if value is not None else None


@strawberry.input(description="Which units to list; every given part must hold.")
class UnitFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this unit and the units below it."
    )
    domain_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only units in this domain."
    )
    kinds: list[UnitKind] | None = strawberry.field(
        default=None, description="Only units of these kinds."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Only units whose name contains this text (case-sensitive)."
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            kinds=_values(self.kinds),
            name_contains=self.name_contains,
            under_unit_id=_id(self.under_unit_id),
            domain_id=_id(self.domain_id),
        )


@strawberry.input(description="Which domains to list.")
class DomainFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Only domains whose name contains this text (case-sensitive)."
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(name_contains=self.name_contains)


@strawberry.input(description="Which people to list; every given part must hold.")
class PersonFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only people working in this unit or a unit below it."
    )
    party_statuses: list[PartyStatus] | None = strawberry.field(
        default=None, description="Only people with one of these party statuses."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Only people whose name contains this text (case-sensitive)."
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            party_statuses=_values(self.party_statuses),
            name_contains=self.name_contains,
            under_unit_id=_id(self.under_unit_id),
        )


@strawberry.input(description="Which party orgs to list; every given part must hold.")
class PartyOrgFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only party orgs attached to this unit or a unit below it."
    )
    domain_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only party orgs whose unit is in this domain."
    )
    kinds: list[OrgKind] | None = strawberry.field(
        default=None, description="Only party orgs of these kinds (BRANCH: the branches)."
    )
    branch_kinds: list[BranchKind] | None = strawberry.field(
        default=None, description="Only branches of these kinds."
    )
    valid_on: date | None = strawberry.field(
        default=None,
        description="Only party orgs existing that day (established by then, not yet dissolved).",
    )
    name_contains: str | None = strawberry.field(
        default=None,
        description="Only party orgs whose name contains this text (case-sensitive).",
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            kinds=_values(self.kinds),
            branch_kinds=_values(self.branch_kinds),
            name_contains=self.name_contains,
            valid_on=self.valid_on,
            under_unit_id=_id(self.under_unit_id),
            domain_id=_id(self.domain_id),
        )


@strawberry.input(description="Which party groups to list; every given part must hold.")
class PartyGroupFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only party groups whose branch is attached to this unit or a unit below.",
    )
    name_contains: str | None = strawberry.field(
        default=None,
        description="Only party groups whose name contains this text (case-sensitive).",
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(name_contains=self.name_contains, under_unit_id=_id(self.under_unit_id))


@strawberry.input(description="Which teams to list; every given part must hold.")
class TeamFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only teams belonging to this unit or a unit below it."
    )
    domain_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only teams in this domain."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Only teams whose name contains this text (case-sensitive)."
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            name_contains=self.name_contains,
            under_unit_id=_id(self.under_unit_id),
            domain_id=_id(self.domain_id),
        )


@strawberry.input(description="Which projects to list; every given part must hold.")
class ProjectFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only projects owned by this unit or a unit below it."
    )
    domain_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only projects in this domain."
    )
    valid_on: date | None = strawberry.field(
        default=None, description="Only projects running that day (start to end, inclusive)."
    )
    name_contains: str | None = strawberry.field(
        default=None,
        description="Only projects whose name contains this text (case-sensitive).",
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            name_contains=self.name_contains,
            valid_on=self.valid_on,
            under_unit_id=_id(self.under_unit_id),
            domain_id=_id(self.domain_id),
        )


@strawberry.input(description="Which liaison points to list; every given part must hold.")
class LiaisonPointFilter:
    under_unit_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only points at this unit or a unit below it, or at a party org attached "
        "to one.",
    )
    kinds: list[LiaisonKind] | None = strawberry.field(
        default=None, description="Only liaison points of these kinds."
    )
    valid_on: date | None = strawberry.field(
        default=None, description="Only points valid that day (from to to, inclusive)."
    )
    name_contains: str | None = strawberry.field(
        default=None,
        description="Only points whose name (their id) contains this text (case-sensitive).",
    )

    def to_filter(self) -> NodeFilter:
        return NodeFilter(
            kinds=_values(self.kinds),
            name_contains=self.name_contains,
            valid_on=self.valid_on,
            under_unit_id=_id(self.under_unit_id),
        )


# -- the questions -------------------------------------------------------------------------------
def _search_field(kind: NodeKind, filter_type: type, node_type: type, words: str) -> Any:
    """The top-level list of one kind: every kind's list has the same arguments but its filter."""
    filter_argument = Argument("filter", filter_type | None, f"Which {words}; default all.")

    @taking([filter_argument, ORDER_BY, DESCENDING])
    async def resolve(info: Ctx, **given: Any) -> Found:
        node_filter = given["filter"].to_filter() if given["filter"] else NodeFilter()
        return Found.of(info, kind, node_filter, Sort(given["order_by"], given["descending"]))

    found_type = SearchConnection[node_type]  # type: ignore[valid-type]
    description = f"{words[0].upper()}{words[1:]}, filtered, sorted and paged."
    return paged_field(found_type, description)(resolve)


@strawberry.type(description="Browsing the graph: any entity, and a paged list of each kind.")
class BrowseQuery:
    @strawberry.field(
        description="Any entity by id, as the type of its kind (Unit, Person, PartyOrg, ...); "
        "null if there is none."
    )
    async def node(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, strawberry.argument(description="Any entity's id.")],
    ) -> Node | None:
        return await load_node(info, str(id))  # type: ignore[no-any-return]

    units = _search_field(NodeKind.UNIT, UnitFilter, Unit, "units")
    domains = _search_field(NodeKind.DOMAIN, DomainFilter, Domain, "domains")
    people = _search_field(NodeKind.PERSON, PersonFilter, Person, "people")
    party_orgs = _search_field(NodeKind.PARTY_ORG, PartyOrgFilter, PartyOrg, "party orgs")
    party_groups = _search_field(NodeKind.PARTY_GROUP, PartyGroupFilter, PartyGroup, "party groups")
    teams = _search_field(NodeKind.TEAM, TeamFilter, Team, "teams")
    projects = _search_field(NodeKind.PROJECT, ProjectFilter, Project, "projects")
    liaison_points = _search_field(
        NodeKind.LIAISON_POINT, LiaisonPointFilter, LiaisonPoint, "liaison points"
    )
