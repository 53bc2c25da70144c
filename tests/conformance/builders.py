"""Hand-built organisations for tests: a few readable lines per graph, a ``Bundle`` at the end.

>>> from datetime import date
>>> org = (
...     Org()
...     .unit("u-hq", kind="company")
...     .committee("po-hq", unit="u-hq")
...     .seat("p-li", "po-hq", "committee_member")
...     .unit("u-ops", parent="u-hq")
...     .branch("br-ops", unit="u-ops", parent="po-hq")
...     .lp("lp-1", leader="p-li", kind="branch", target="br-ops", start=date(2024, 1, 1))
... )
>>> [o.id for o in org.bundle().party_orgs]
['po-hq', 'br-ops']
>>> org.ref("br-ops")
EntityRef(id='br-ops', kind=<NodeKind.PARTY_ORG: 'PartyOrg'>, name='BR-OPS')

Conventions:

* Every method returns the builder, so a graph reads top to bottom as one expression.
* Names default to the id in capitals (``br-ops`` → ``BR-OPS``), so a test that mixes up ids
  and names fails; liaison points have no name column and answer with their id.
* People and domains spring into being the first time they are named (formal party members,
  no unit); declare them with ``person``/``domain`` only to set something else.
* ``bundle()`` refuses a graph that names a unit, party org, team or project it never built:
  a typo in a test should fail loudly, not quietly test a smaller graph.
* Kinds and roles are given as the strings of docs/format.md (``"branch"``, ``"committee_member"``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    NodeKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
    VisitKind,
)
from graph_model.records import (
    Bundle,
    Domain,
    DomainCharge,
    LiaisonPoint,
    PartyGroup,
    PartyOrg,
    Person,
    Project,
    Seat,
    Team,
    Unit,
    Visit,
)
from graph_model.results import EntityRef

__all__ = ["Org", "default_name"]


def default_name(entity_id: str) -> str:
    """The name an entity gets when a test does not give one."""
    return entity_id.upper()


class Org:
    """An organisation under construction; ``bundle()`` returns it as records."""

    def __init__(self) -> None:
        self._rows: dict[str, list[Any]] = {name: [] for name in Bundle.__dataclass_fields__}
        self._kinds: dict[str, NodeKind] = {}
        self._names: dict[str, str] = {}

    # -- entities ------------------------------------------------------------------------
    def domain(self, id: str, name: str | None = None) -> Org:
        return self._add("domains", NodeKind.DOMAIN, Domain(id, name or default_name(id)))

    def unit(
        self,
        id: str,
        parent: str | None = None,
        kind: str = "station",
        domains: Iterable[str] = (),
        name: str | None = None,
    ) -> Org:
        domains = tuple(domains)
        for domain in domains:
            self._ensure(domain, NodeKind.DOMAIN)
        return self._add(
            "units",
            NodeKind.UNIT,
            Unit(id, name or default_name(id), UnitKind(kind), parent, domains),
        )

    def person(
        self,
        id: str,
        party_status: str = "formal",
        unit: str | None = None,
        team: str | None = None,
        name: str | None = None,
    ) -> Org:
        return self._add(
            "people",
            NodeKind.PERSON,
            Person(id, name or default_name(id), PartyStatus(party_status), unit, team),
        )

    def committee(
        self,
        id: str,
        unit: str | None,
        parent: str | None = None,
        established: date | None = None,
        dissolved: date | None = None,
        elected: date | None = None,
        name: str | None = None,
    ) -> Org:
        return self._org(
            id, OrgKind.COMMITTEE, unit, parent, None, None, established, dissolved, elected, name
        )

    def general_branch(
        self,
        id: str,
        unit: str | None,
        parent: str | None = None,
        established: date | None = None,
        dissolved: date | None = None,
        name: str | None = None,
    ) -> Org:
        return self._org(
            id, OrgKind.GENERAL_BRANCH, unit, parent, None, None, established, dissolved, None, name
        )

    def branch(
        self,
        id: str,
        unit: str | None,
        parent: str | None,
        kind: str = "grassroots",
        project: str | None = None,
        established: date | None = None,
        dissolved: date | None = None,
        name: str | None = None,
    ) -> Org:
        return self._org(
            id,
            OrgKind.BRANCH,
            unit,
            parent,
            BranchKind(kind),
            project,
            established,
            dissolved,
            None,
            name,
        )

    def team(
        self,
        id: str,
        unit: str,
        leader: str | None = None,
        domain: str | None = None,
        project: str | None = None,
        name: str | None = None,
    ) -> Org:
        self._ensure(leader, NodeKind.PERSON)._ensure(domain, NodeKind.DOMAIN)
        return self._add(
            "teams",
            NodeKind.TEAM,
            Team(id, name or default_name(id), unit, leader, domain, project),
        )

    def group(
        self,
        id: str,
        branch: str,
        team: str | None = None,
        leader: str | None = None,
        members: Iterable[str] = (),
        name: str | None = None,
    ) -> Org:
        members = tuple(members)
        for person in (leader, *members):
            self._ensure(person, NodeKind.PERSON)
        return self._add(
            "party_groups",
            NodeKind.PARTY_GROUP,
            PartyGroup(id, name or default_name(id), branch, team, leader, members),
        )

    def project(
        self,
        id: str,
        unit: str,
        domain: str | None = None,
        major: bool = True,
        start: date | None = None,
        end: date | None = None,
        name: str | None = None,
    ) -> Org:
        self._ensure(domain, NodeKind.DOMAIN)
        return self._add(
            "projects",
            NodeKind.PROJECT,
            Project(id, name or default_name(id), unit, domain, major, start, end),
        )

    def lp(
        self,
        id: str,
        leader: str,
        kind: str,
        target: str,
        start: date | None = None,
        end: date | None = None,
    ) -> Org:
        """A liaison point: ``kind`` is ``"branch"`` or ``"party_building"``."""
        self._ensure(leader, NodeKind.PERSON)
        self._names[id] = id  # liaison points have no name; answers show the id
        return self._add(
            "liaison_points",
            NodeKind.LIAISON_POINT,
            LiaisonPoint(id, leader, LiaisonKind(kind), target, start, end),
        )

    # -- links over time -----------------------------------------------------------------
    def seat(
        self,
        person: str,
        org: str,
        role: str = "member",
        start: date | None = None,
        end: date | None = None,
    ) -> Org:
        self._ensure(person, NodeKind.PERSON)
        self._rows["seats"].append(Seat(person, org, SeatRole(role), start, end))
        return self

    def charge(
        self, person: str, domain: str, start: date | None = None, end: date | None = None
    ) -> Org:
        """``person`` is in charge of ``domain`` (a row of ``leader_domains.csv``)."""
        self._ensure(person, NodeKind.PERSON)._ensure(domain, NodeKind.DOMAIN)
        self._rows["domain_charges"].append(DomainCharge(person, domain, start, end))
        return self

    def visit(self, lp: str, day: date, kind: str | None = None) -> Org:
        self._rows["visits"].append(Visit(lp, day, VisitKind(kind) if kind else None))
        return self

    # -- results -------------------------------------------------------------------------
    def bundle(self) -> Bundle:
        self._check_references()
        return Bundle(**{name: tuple(rows) for name, rows in self._rows.items()})

    def ref(self, entity_id: str) -> EntityRef:
        """The ``EntityRef`` an answer should carry for an entity of this organisation."""
        return EntityRef(entity_id, self._kinds[entity_id], self._names[entity_id])

    # -- internals -----------------------------------------------------------------------
    def _org(
        self,
        id: str,
        kind: OrgKind,
        unit: str | None,
        parent: str | None,
        branch_kind: BranchKind | None,
        project: str | None,
        established: date | None,
        dissolved: date | None,
        elected: date | None,
        name: str | None,
    ) -> Org:
        return self._add(
            "party_orgs",
            NodeKind.PARTY_ORG,
            PartyOrg(
                id,
                name or default_name(id),
                kind,
                parent,
                unit,
                branch_kind,
                project,
                established,
                dissolved,
                elected,
            ),
        )

    def _add(self, table: str, kind: NodeKind, record: Any) -> Org:
        if record.id in self._kinds:
            raise ValueError(f"{record.id!r} is built twice")
        self._kinds[record.id] = kind
        self._names.setdefault(record.id, getattr(record, "name", record.id))
        self._rows[table].append(record)
        return self

    def _ensure(self, entity_id: str | None, kind: NodeKind) -> Org:
        if entity_id is not None and entity_id not in self._kinds:
            if kind is NodeKind.PERSON:
                self.person(entity_id)
            else:
                self.domain(entity_id)
        return self

    def _check_references(self) -> None:
        rows = self._rows
        wanted: list[tuple[str | None, set[NodeKind]]] = [
            *((u.parent_id, {NodeKind.UNIT}) for u in rows["units"]),
            *((p.unit_id, {NodeKind.UNIT}) for p in rows["people"]),
            *((p.team_id, {NodeKind.TEAM}) for p in rows["people"]),
            *((o.parent_id, {NodeKind.PARTY_ORG}) for o in rows["party_orgs"]),
            *((o.unit_id, {NodeKind.UNIT}) for o in rows["party_orgs"]),
            *((o.project_id, {NodeKind.PROJECT}) for o in rows["party_orgs"]),
            *((s.org_id, {NodeKind.PARTY_ORG}) for s in rows["seats"]),
            *((t.unit_id, {NodeKind.UNIT}) for t in rows["teams"]),
            *((t.project_id, {NodeKind.PROJECT}) for t in rows["teams"]),
            *((g.branch_id, {NodeKind.PARTY_ORG}) for g in rows["party_groups"]),
            *((g.team_id, {NodeKind.TEAM}) for g in rows["party_groups"]),
            *((p.unit_id, {NodeKind.UNIT}) for p in rows["projects"]),
            *((lp.target_id, {NodeKind.UNIT, NodeKind.PARTY_ORG}) for lp in rows["liaison_points"]),
            *((v.liaison_point_id, {NodeKind.LIAISON_POINT}) for v in rows["visits"]),
        ]
        wrong = sorted(
            {ref for ref, kinds in wanted if ref is not None and self._kinds.get(ref) not in kinds}
        )
        if wrong:
            raise ValueError(f"the test graph names what it never built: {', '.join(wrong)}")
