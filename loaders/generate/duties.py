"""Step 7: what leaders do — the domains they are in charge of, their liaison points and visits.

Each committee shares every domain among its leaders (the secretary takes party building), but
one domain is left with no leader in charge. A bureau's leaders set up party-building liaison
points at its county companies (the unit or its general branch), a provincial or the company's
leaders at their support organisations; each leader also has branch liaison points at the
branches no such point reaches (departments, the bureau's own stations, temporary branches).
Leaders left with no point of a kind get one at a place already covered, so every leader has
several. Points are visited two to five times a year since they were set up.
"""

from __future__ import annotations

from datetime import date

from graph_model import records as r
from graph_model.kinds import LiaisonKind, OrgKind, VisitKind
from graph_model.timeline import exists_on
from loaders.generate.plan import (
    AS_OF,
    COUNTY_STATIONS,
    LIAISON_START,
    NO_EXTRA,
    Draft,
    LeaderPlan,
    OrgPlan,
    PointPlan,
    Role,
    Scope,
    shift,
)
from loaders.generate.vocabulary import DOMAINS, PARTY_DOMAIN, UNCHARGED_CANDIDATES, VISIT_NOTES

RATES = {
    "no_branch_point": 0.03,  # R01: leaders
    "uncovered": 0.01,  # R03: branches
    "stale": 0.03,  # R02: liaison points that count
}
RECENT_VISIT = 300  # days: the last visit of a point that is kept up
STALE_VISIT = 400  # days: the last visit of a point left unvisited, at least
PB, BRANCH = LiaisonKind.PARTY_BUILDING, LiaisonKind.BRANCH
_VISIT_KINDS = {
    PB: ((VisitKind.RESEARCH, 0.55), (VisitKind.GUIDANCE, 0.95), (VisitKind.DUAL_LIFE, 1.0)),
    BRANCH: ((VisitKind.RESEARCH, 0.35), (VisitKind.GUIDANCE, 0.7), (VisitKind.DUAL_LIFE, 1.0)),
}


def assign_duties(d: Draft) -> None:
    _charges(d)
    for scope in d.scopes:
        _targets(d, scope)
    branches = sum(1 for o in d.orgs if o.kind is OrgKind.BRANCH and _exists(o))
    direct = [(scope, b) for scope in d.scopes for b in scope.direct]
    for scope, branch in d.plant(direct, RATES["uncovered"], branches):
        scope.direct.remove(branch)
    everyone = [leader for scope in d.scopes for leader in scope.leaders]
    for leader in d.plant(everyone, RATES["no_branch_point"]):
        leader.no_branch_point = True
    for scope in d.scopes:  # someone has to take the scope's branch points
        if all(leader.no_branch_point for leader in scope.leaders):
            scope.leaders[0].no_branch_point = False
    for scope in d.scopes:
        _points(d, scope)
    counting = [p for p in d.points if p.counts]
    old = [p for p in counting if p.point.start and p.point.start <= shift(AS_OF, -430)]
    for plan in d.plant(old, RATES["stale"], len(counting)):
        plan.stale = True
    for plan in d.points:
        _visits(d, plan)


def _exists(org: OrgPlan) -> bool:
    return exists_on(org.established_on, org.dissolved_on, AS_OF)


# -- domains -----------------------------------------------------------------------------------
def _charges(d: Draft) -> None:
    rng = d.rng
    d.uncharged_domain = rng.choice(UNCHARGED_CANDIDATES)
    active = [dom for dom, _, _ in DOMAINS if dom not in (d.uncharged_domain, PARTY_DOMAIN)]
    for scope in d.scopes:
        secretary, others = scope.leaders[0], scope.leaders[1:] or scope.leaders[:1]
        _charge(d, secretary, PARTY_DOMAIN, secretary.start, None)
        domains = rng.sample(active, len(active))
        for i, domain in enumerate(domains):
            leader = others[i % len(others)]
            _charge(d, leader, domain, leader.start, None)
        for former in scope.former:
            _charge(d, former, d.pick(active), former.start, former.end)
    company = d.scopes[0]
    if company.former:  # the uncharged domain's leader left and nobody took it over
        former = company.former[0]
        assert former.end is not None
        _charge(d, former, d.uncharged_domain, d.day(former.start, former.end), former.end)
    else:
        leader = d.pick(company.leaders)
        end = d.day(max(leader.start, shift(AS_OF, -300)), shift(AS_OF, -30))
        _charge(d, leader, d.uncharged_domain, leader.start, end)


def _charge(d: Draft, leader: LeaderPlan, domain: str, start: date, end: date | None) -> None:
    d.charges.append(r.DomainCharge(leader.person.id, domain, start, end, NO_EXTRA))


# -- liaison points ----------------------------------------------------------------------------
def _targets(d: Draft, scope: Scope) -> None:
    """Where the scope's points go: party-building points at the county companies or support
    organisations below it; branch points at the branches those do not reach."""
    rng = d.rng
    direct = list(scope.unit.branches)
    for child in scope.unit.children:
        if child.role in (Role.COUNTY, Role.SUPPORT):
            general = child.general
            use_general = general is not None and rng.random() < 0.4
            scope.pb_targets.append(general.id if general and use_general else child.id)
            scope.spare_branches += [b for u in child.subtree() for b in u.branches]
            if child.role is Role.COUNTY:
                scope.spare_units += [u.id for u in child.children if u.role in COUNTY_STATIONS]
        elif child.role in (Role.DEPARTMENT, Role.BUREAU_STATION):
            direct += child.branches
    scope.direct[:0] = direct  # before the temporary branches the projects step put there
    if scope.unit.role is not Role.BUREAU:  # far reach: county companies in the area
        counties = [u.id for u in scope.unit.subtree() if u.role is Role.COUNTY]
        scope.spare_units += rng.sample(counties, min(len(counties), 3 * len(scope.leaders)))


def _points(d: Draft, scope: Scope) -> None:
    rng = d.rng
    leaders = rng.sample(scope.leaders, len(scope.leaders))
    has: dict[tuple[int, LiaisonKind], None] = {}

    def point(leader: LeaderPlan, kind: LiaisonKind, target: str, not_before: date) -> None:
        first = max(leader.start, LIAISON_START, not_before)
        start = d.day(first, min(shift(first, 120), shift(AS_OF, -1)))
        _add(d, leader, kind, target, start, None)
        has[(id(leader), kind)] = None

    spare_units = scope.spare_units or scope.pb_targets
    for i, target in enumerate(scope.pb_targets):
        point(leaders[i % len(leaders)], PB, target, LIAISON_START)
    for leader in leaders:
        if spare_units and ((id(leader), PB) not in has or rng.random() < 0.3):
            point(leader, PB, d.pick(spare_units), LIAISON_START)
    with_branch_points = [leader for leader in leaders if not leader.no_branch_point]
    for i, branch in enumerate(scope.direct):
        leader = with_branch_points[i % len(with_branch_points)]
        point(leader, BRANCH, branch.id, branch.established_on or LIAISON_START)
    spare = scope.spare_branches or scope.direct
    for leader in with_branch_points:
        if spare and (id(leader), BRANCH) not in has:
            point(leader, BRANCH, d.pick(spare).id, LIAISON_START)
    for former in scope.former:  # points that ended with the seat
        assert former.end is not None
        start = max(former.start, LIAISON_START)
        targets = scope.pb_targets or spare_units
        if start < former.end and targets and scope.direct:
            _add(d, former, PB, d.pick(targets), start, former.end)
            _add(d, former, BRANCH, d.pick(scope.direct).id, start, former.end)
    for branch in scope.ended_branches:  # points at dissolved temporary branches
        assert branch.established_on is not None and branch.dissolved_on is not None
        start = max(branch.established_on, LIAISON_START)
        end = shift(branch.dissolved_on, -1)
        able = [leader for leader in leaders if leader.start <= start]
        if able and start <= end:
            _add(d, d.pick(able), BRANCH, branch.id, start, end)


def _add(
    d: Draft, leader: LeaderPlan, kind: LiaisonKind, target: str, start: date, end: date | None
) -> None:
    point = r.LiaisonPoint(
        f"lp-{len(d.points) + 1:06d}", leader.person.id, kind, target, start, end, NO_EXTRA
    )
    d.points.append(PointPlan(point, counts=end is None and leader.end is None))


# -- visits ------------------------------------------------------------------------------------
def _visits(d: Draft, plan: PointPlan) -> None:
    rng, point = d.rng, plan.point
    assert point.start is not None
    first, last = point.start, point.end or AS_OF
    if plan.stale:
        last = d.day(max(first, shift(AS_OF, -900)), shift(AS_OF, -STALE_VISIT))
    per_year = rng.uniform(2.0, 5.0)
    count = max(1, round((last - first).days / 365.25 * per_year))
    days = sorted(d.day(first, last) for _ in range(count))
    if plan.counts and not plan.stale and days[-1] < shift(AS_OF, -RECENT_VISIT):
        days.append(d.day(max(first, shift(AS_OF, -RECENT_VISIT)), AS_OF))
    kinds = _VISIT_KINDS[point.kind]
    made: set[r.Visit] = set()
    for day in days:
        x = rng.random()
        kind = next(k for k, upto in kinds if x < upto)
        note = d.pick(VISIT_NOTES[kind.value])
        visit = r.Visit(point.id, day, kind, note, NO_EXTRA)
        if visit not in made:  # the same visit drawn twice would be a repeated row (a warning)
            made.add(visit)
            d.visits.append(visit)
