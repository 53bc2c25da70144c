"""What a caller may see: its token's scope, enforced once, in front of the backend.

A caller scoped to a unit sees that unit's subtree and what belongs to it, and every domain
(``Backend.visible_ids``; queries/scope/memory.py states the rule). The request's ``Context`` holds
its ``Scope``; ``scope.backend`` is the backend itself for a caller of the whole organisation,
else a ``ScopedBackend`` answering every question of the protocol within the scope. Every
resolver, DataLoader and nested field asks through it, so no path reaches the store around it.
The visible ids are fetched once per request (one round trip), on the first question that needs
them.

How answers are cut, the same way everywhere:

* An entity outside the scope is absent: a question about it by id answers as for an unknown
  id (NOT_FOUND, or null); lists, nested fields and evidence leave it out.
* ``underUnitId`` is intersected with the scope: without it a scoped caller gets its scope;
  a unit outside the scope is NOT_FOUND, as a unit that does not exist. Browse lists are
  filtered the same way, by the backend, so pages and totals count only what is visible.
* Counts are counts of what the caller may see: recomputed where an answer lost items to the
  scope (audit tallies, completeness, a leader's workload, a committee's figures); a group of
  ``countBy`` keyed by a unit outside the scope joins the group without a key (null).
* Facts about a visible entity hold over the whole organisation: a branch covered only from
  outside the scope is covered (``uncoveredBranches`` leaves it out), though the leader and the
  point that cover it are not shown; ``coverageDiff`` still reports its change.
* A relationship is visible when both its ends are. Evidence keeps the visible nodes and the
  relationships between them; a text naming a cut entity (a chain note, an audit message) has
  that id replaced by "(outside your scope)".
* A chain link keeps its level and status; the entities and people outside the scope are left
  out and the note says "outside your scope". A covering leader is shown only with a visible
  liaison point.

A leader from outside the scope who established a liaison point in it, or holds a seat, leads or
is a member there, is visible (by id and in answers) with only what is in the scope: not among
the people of ``people`` lists, which are the people working in the scope's units.

Example (what the app does per request)::

    scope = Scope.of(caller.scope, backend)
    scope.backend.branch_coverage("br-b01-1", day)   # NOT_FOUND if the branch is outside
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from graph_model.audit import AuditReport, RuleSet
from graph_model.browse import (
    FILTERS,
    Bucket,
    Direction,
    GroupBy,
    Neighbour,
    NodeFilter,
    Sort,
    UnitCoverage,
    bucket_key,
)
from graph_model.changes import (
    ChangeErrorCode,
    ChangeOutcome,
    ChangeRecord,
    Command,
    Facts,
    LoadNote,
)
from graph_model.elements import Node
from graph_model.errors import Forbidden, NotFound
from graph_model.insights import (
    BranchCoverageChange,
    CompletenessGap,
    DataCompleteness,
    LeaderWorkload,
    Reason,
    UncoveredExplanation,
    YearFigures,
)
from graph_model.kinds import NodeKind, RelType
from graph_model.protocol import Backend
from graph_model.records import Bundle, Seat
from graph_model.results import (
    ChainLink,
    Coverage,
    EntityRef,
    Evidence,
    PersonInRole,
    ResponsibilityChain,
)
from queries.chain.walk import STARTS
from queries.changes.check import SPECS, Wanted, check, normalised, seat_of, wanted

OUTSIDE = "(outside your scope)"
OUTSIDE_NOTE = "outside your scope"


class Scope:
    """What one request's caller may see: everything, one unit's subtree, or nothing."""

    def __init__(self, backend: Backend, unit_id: str | None, *, nothing: bool = False) -> None:
        self.unit_id = unit_id
        self.everything = unit_id is None and not nothing
        self._store = backend
        self._ids: frozenset[str] | None = frozenset() if nothing else None
        self._lock = threading.Lock()
        self.backend: Backend = backend if self.everything else ScopedBackend(backend, self)

    @classmethod
    def of(cls, unit_id: str | None, backend: Backend, *, authenticated: bool = True) -> Scope:
        """The scope of a caller scoped to ``unit_id`` (None: the whole organisation); of no
        authenticated caller, a scope that sees nothing."""
        if not authenticated:
            return cls(backend, None, nothing=True)
        return cls(backend, unit_id)

    def ids(self) -> frozenset[str]:
        """Every visible id, fetched once (call it off the event loop: it may ask the store)."""
        with self._lock:
            if self._ids is None:
                assert self.unit_id is not None
                try:
                    self._ids = self._store.visible_ids(self.unit_id)
                except NotFound:
                    raise Forbidden(
                        f"the token's scope {self.unit_id!r} names no unit of this organisation"
                    ) from None
            return self._ids

    def forget(self) -> None:
        """Fetch the visible ids again on next use: a change may have added some."""
        with self._lock:
            if not self.everything and self.unit_id is not None:
                self._ids = None

    @property
    def known(self) -> bool:
        """Whether the visible ids are known without asking the store (or need not be)."""
        return self.everything or self._ids is not None

    def sees(self, entity_id: str | None) -> bool:
        return self.everything or (entity_id is not None and entity_id in self.ids())

    def sees_all(self, refs: Iterable[EntityRef]) -> bool:
        return all(self.sees(ref.id) for ref in refs)

    def require(self, entity_id: str, expected: Sequence[str]) -> None:
        """``NotFound``, worded as for an unknown id, unless the entity is visible."""
        if not self.sees(entity_id):
            raise NotFound(entity_id, expected)

    def under(self, unit_id: str | None) -> str | None:
        """``underUnitId`` within the scope: the scope's unit when none is given."""
        if self.everything:
            return unit_id
        if self.unit_id is None:
            raise Forbidden("nobody is authenticated")  # the scope of no caller
        if unit_id is None:
            self.ids()  # FORBIDDEN when the scope names no unit
            return self.unit_id
        self.require(unit_id, ["unit"])
        return unit_id


# -- cutting answers -----------------------------------------------------------------------------
def evidence(scope: Scope, found: Evidence) -> tuple[Evidence, set[str]]:
    """The visible part of ``found``, and the ids cut from it."""
    nodes = tuple(n for n in found.nodes if scope.sees(n.id))
    kept = {n.id for n in nodes}
    rels = tuple(r for r in found.relationships if r.start in kept and r.end in kept)
    return Evidence(nodes, rels), {n.id for n in found.nodes} - kept


def scrub(text: str, cut: Iterable[str]) -> str:
    """``text`` with every id of ``cut`` replaced by ``OUTSIDE``.

    >>> scrub("2 branches qualify; the chain follows br-1", {"br-1"})
    '2 branches qualify; the chain follows (outside your scope)'
    """
    ids = sorted(cut, key=len, reverse=True)
    if not ids or not text:
        return text
    pattern = r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])"
    return re.sub(pattern, OUTSIDE, text)


def scrub_params(
    params: tuple[tuple[str, str], ...], cut: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    """A message's values (kept to say it in another language) scrubbed as its text is."""
    ids = set(cut)
    return tuple((name, scrub(value, ids)) for name, value in params)


def coverage(scope: Scope, found: Iterable[Coverage]) -> tuple[Coverage, ...]:
    """The coverage whose leader, branch and liaison point are visible."""
    return tuple(
        replace(c, evidence=evidence(scope, c.evidence)[0])
        for c in found
        if scope.sees_all((c.leader, c.branch, c.liaison_point))
    )


def chain_link(scope: Scope, link: ChainLink) -> ChainLink:
    """The link with what is outside the scope left out. A link that loses an entity loses its
    people too: their roles (secretary, leader, covering) are on that entity."""
    entities = tuple(e for e in link.entities if scope.sees(e.id))
    whole = len(entities) == len(link.entities)
    people = tuple(p for p in link.people if whole and _shown(scope, p))
    if whole and len(people) == len(link.people):
        return link
    named = {e.id for e in link.entities} | {p.person.id for p in link.people}
    named |= {p.liaison_point_id for p in link.people if p.liaison_point_id}
    cut = {i for i in named if not scope.sees(i)}
    note = scrub(link.note, cut)
    return replace(
        link,
        entities=entities,
        people=people,
        note=f"{note}; {OUTSIDE_NOTE}" if note else OUTSIDE_NOTE,
        note_params=scrub_params(link.note_params, cut),
    )


def _shown(scope: Scope, person: PersonInRole) -> bool:
    """A person of a chain link is shown when visible, with a visible liaison point if any."""
    point = person.liaison_point_id
    return scope.sees(person.person.id) and (point is None or scope.sees(point))


def _reason(scope: Scope, reason: Reason) -> Reason:
    periods = tuple(p for p in reason.leader_periods if scope.sees(p.committee.id))
    return replace(reason, leader_periods=periods)


def _kept(scope: Scope, refs: Iterable[EntityRef]) -> tuple[EntityRef, ...]:
    return tuple(r for r in refs if scope.sees(r.id))


def _gap(scope: Scope, gap: CompletenessGap) -> CompletenessGap:
    missing = _kept(scope, gap.missing)
    return CompletenessGap(gap.checked - (len(gap.missing) - len(missing)), missing)


# -- the backend, within a scope -----------------------------------------------------------------
class ScopedBackend:
    """The backend protocol answered within a scope (the module's rules). Anything the protocol
    gains must be added here before a scoped caller can use it: an unknown method fails closed
    (FORBIDDEN)."""

    def __init__(self, backend: Backend, scope: Scope) -> None:
        self._backend = backend
        self._scope = scope
        self.name = backend.name

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not callable(getattr(self._backend, name, None)):
            raise AttributeError(name)

        def refused(*args: Any, **kwargs: Any) -> Any:
            raise Forbidden(f"{name} is not available to a caller scoped to a unit")

        return refused

    # -- the store ---------------------------------------------------------------------------
    def replace_all(self, bundle: Bundle) -> None:
        raise Forbidden("replacing the whole organisation needs an unscoped admin")

    def load_bundle(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        raise Forbidden("replacing the whole organisation needs an unscoped admin")

    def snapshot(self) -> Bundle:
        raise Forbidden("exporting the whole organisation needs an unscoped admin")

    def ping(self) -> None:
        self._backend.ping()

    def close(self) -> None:
        """The app owns the backend: a request's view of it closes nothing."""

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        self._scope.require(unit_id, ["unit"])
        return self._backend.visible_ids(unit_id) & self._scope.ids()

    # -- changes -----------------------------------------------------------------------------
    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """The change checked first against the store as the caller sees it: naming anything
        outside the scope, it is refused as naming what does not exist, and nothing is
        written. An id the change would create, taken outside the scope, is only said to be
        taken."""
        command = normalised(command)
        if errors := check(command, self._facts(wanted(command))):
            return ChangeOutcome(errors=errors)
        outcome = self._backend.apply_change(command, actor, at)
        self._scope.forget()
        new_id = SPECS[type(command)].new_id
        created = getattr(command, new_id) if new_id else None
        return replace(
            outcome,
            errors=tuple(
                replace(e, message=f"id {created!r} is taken")
                if e.code is ChangeErrorCode.ID_TAKEN and not self._scope.sees(created)
                else e
                for e in outcome.errors
            ),
        )

    def _facts(self, want: Wanted) -> Facts:
        """What the scoped store holds that a change is checked against (as
        ``queries.changes.check.facts_from_graph`` gathers it from the whole graph)."""
        nodes = {n.id: n for n in self.nodes(list(want.ids)) if n is not None}

        def reached(node_id: str, rel: RelType, direction: Direction) -> list[Neighbour]:
            return list(self.neighbours([node_id], rel, direction)[node_id])

        liaison = None
        lp = want.liaison_point
        if lp and lp in nodes and nodes[lp].kind is NodeKind.LIAISON_POINT:
            leaders = reached(lp, RelType.ESTABLISHED, Direction.IN)
            targets = reached(lp, RelType.AT, Direction.OUT)
            liaison = (
                leaders[0].node.id if leaders else None,
                targets[0].node.id if targets else None,
            )
        seats: tuple[Seat, ...] = ()
        if want.seats_of:
            person, org = want.seats_of
            seats = tuple(
                seat_of(person, org, n.rel)
                for n in reached(person, RelType.HOLDS, Direction.OUT)
                if n.node.id == org
            )
        team_unit = None
        team = want.team
        if team and team in nodes and nodes[team].kind is NodeKind.TEAM:
            units = reached(team, RelType.BELONGS_TO, Direction.OUT)
            team_unit = units[0].node.id if units else None
        return Facts(nodes, liaison, seats, team_unit)

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        """The trail's entries every entity of which is visible, paged here: the whole trail
        (of ``entity_id``) is read to count them."""
        if entity_id is not None and not self._scope.sees(entity_id):
            return 0, ()
        total, _ = self._backend.change_trail(entity_id, 0, 0, oldest_first)
        _, every = self._backend.change_trail(entity_id, 0, total, oldest_first)
        kept = [e for e in every if all(self._scope.sees(i) for i in e.entity_ids)]
        return len(kept), tuple(kept[offset : offset + limit])

    # -- coverage and chains -----------------------------------------------------------------
    def entity(self, entity_id: str) -> EntityRef | None:
        return self._backend.entity(entity_id) if self._scope.sees(entity_id) else None

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        self._scope.require(branch_id, ["branch"])
        return coverage(self._scope, self._backend.branch_coverage(branch_id, as_of))

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        self._scope.require(leader_id, ["person"])
        return coverage(self._scope, self._backend.leader_coverage(leader_id, as_of))

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        found = self._backend.uncovered_branches(as_of, self._scope.under(under_unit_id))
        return _kept(self._scope, found)

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        self._scope.require(from_id, STARTS)
        found = self._backend.responsibility_chain(from_id, as_of)
        return replace(found, links=tuple(chain_link(self._scope, k) for k in found.links))

    # -- insights ----------------------------------------------------------------------------
    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        scope = self._scope
        scope.require(branch_id, ["branch"])
        found = self._backend.explain_uncovered(branch_id, as_of)
        candidates = tuple(
            replace(
                m,
                reasons=tuple(_reason(scope, r) for r in m.reasons),
                evidence=evidence(scope, m.evidence)[0],
            )
            for m in found.candidates
            if scope.sees_all((m.liaison_point, m.leader, m.target))
        )
        near = tuple(
            n for n in found.near_misses if scope.sees_all((n.liaison_point, n.leader, n.target))
        )
        return replace(
            found,
            coverage=coverage(scope, found.coverage),
            candidates=candidates,
            near_misses=near,
        )

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        scope = self._scope
        found = self._backend.coverage_diff(day_from, day_to, scope.under(under_unit_id))
        return tuple(
            replace(
                c,
                added=tuple(p for p in c.added if scope.sees_all((p.leader, p.liaison_point))),
                removed=tuple(p for p in c.removed if scope.sees_all((p.leader, p.liaison_point))),
            )
            for c in found
            if scope.sees(c.branch.id)
        )

    def leader_workload(
        self,
        as_of: date,
        visits_from: date,
        visits_to: date,
        under_unit_id: str | None = None,
        visible: frozenset[str] | None = None,
    ) -> tuple[LeaderWorkload, ...]:
        scope = self._scope
        found = self._backend.leader_workload(
            as_of, visits_from, visits_to, scope.under(under_unit_id), _within(scope, visible)
        )
        return tuple(
            replace(w, seats=tuple(s for s in w.seats if scope.sees(s.committee.id)))
            for w in found
            if scope.sees(w.leader.id)
        )

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        scope = self._scope
        found = self._backend.data_completeness(as_of, scope.under(under_unit_id))
        return DataCompleteness(
            branches_without_secretary=_gap(scope, found.branches_without_secretary),
            teams_without_leader=_gap(scope, found.teams_without_leader),
            people_without_unit=_gap(scope, found.people_without_unit),
        )

    def year_figures(
        self, year: int, committee_id: str, as_of: date, visible: frozenset[str] | None = None
    ) -> YearFigures:
        scope = self._scope
        scope.require(committee_id, ["committee"])
        return self._backend.year_figures(year, committee_id, as_of, _within(scope, visible))

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        scope = self._scope
        report = self._backend.audit(as_of, rules, scope.under(under_unit_id))
        findings = []
        for f in report.findings:
            if not scope.sees(f.entity.id):
                continue
            shown, cut = evidence(scope, f.evidence)
            findings.append(
                replace(
                    f,
                    unit=f.unit if f.unit is None or scope.sees(f.unit.id) else None,
                    evidence=shown,
                    message=scrub(f.message, cut),
                    params=scrub_params(f.params, cut),
                    missing=scrub(f.missing, cut) if f.missing else None,
                )
            )
        return replace(report, findings=tuple(findings))

    # -- browsing ----------------------------------------------------------------------------
    def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        scope = self._scope
        return [n if n is not None and scope.sees(n.id) else None for n in self._backend.nodes(ids)]

    def neighbours(
        self, ids: Sequence[str], rel: RelType, direction: Direction
    ) -> dict[str, tuple[Neighbour, ...]]:
        scope = self._scope
        found = self._backend.neighbours([i for i in ids if scope.sees(i)], rel, direction)
        return {
            i: tuple(n for n in found.get(i, ()) if scope.sees(n.node.id))
            for i in dict.fromkeys(ids)
        }

    def find(
        self, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, tuple[Node, ...]]:
        total, rows = self._backend.find(kind, self._within(kind, node_filter), sort, offset, limit)
        return total, tuple(n for n in rows if self._scope.sees(n.id))

    def count_by(
        self, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
    ) -> tuple[Bucket, ...]:
        found = self._backend.count_by(kind, self._within(kind, node_filter), group)
        if group not in (GroupBy.UNIT, GroupBy.DOMAIN):
            return found
        counts: Counter[str | None] = Counter()
        for b in found:
            counts[b.key if self._scope.sees(b.key) else None] += b.count
        return tuple(sorted((Bucket(k, n) for k, n in counts.items()), key=bucket_key))

    def unit_coverage(self, unit_ids: Sequence[str], as_of: date) -> dict[str, UnitCoverage | None]:
        scope = self._scope
        found = self._backend.unit_coverage([u for u in unit_ids if scope.sees(u)], as_of)
        return {u: found.get(u) for u in unit_ids}

    def _within(self, kind: NodeKind, node_filter: NodeFilter) -> NodeFilter:
        """The filter with its ``under_unit_id`` within the scope, for the kinds that take one."""
        if kind not in FILTERS["under_unit_id"]:
            return node_filter
        return replace(node_filter, under_unit_id=self._scope.under(node_filter.under_unit_id))


def _within(scope: Scope, visible: frozenset[str] | None) -> frozenset[str]:
    """What a question recounts over: the scope's ids, narrowed further when asked."""
    return scope.ids() if visible is None else scope.ids() & visible


__all__ = ["OUTSIDE", "OUTSIDE_NOTE", "Scope", "ScopedBackend", "evidence", "scrub"]
