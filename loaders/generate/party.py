"""Steps 3, 4 and 6: party committees and their leaders; branches, general branches and their
seats; party groups.

Branches follow the people: a unit with three or more formal members has its own branch (two or
more past 50 members); the party members of a smaller station join their county's joint branch,
those of any other small unit the branch of the nearest unit above that has one. A county
company or support organisation with several branches and under 100 members gets a general
branch. A branch with seven or more formal members elects a committee of 3 to 5, a smaller one a
secretary. Party groups are built on the teams with party members; everyone else, branch
officers included, is placed in one of the branch's groups. Leaders are ordinary members of the
branch of the unit they work in (双重组织生活).
"""

from __future__ import annotations

from datetime import date
from math import ceil
from string import ascii_lowercase

from graph_model import records as r
from graph_model.kinds import BranchKind, OrgKind, SeatRole
from loaders.generate.plan import (
    AS_OF,
    COMMITTEE_ROLES,
    COUNTY_STATIONS,
    FORMAL,
    NO_EXTRA,
    PROBATIONARY,
    Draft,
    LeaderPlan,
    OrgPlan,
    Role,
    Scope,
    TeamPlan,
    UnitPlan,
    shift,
    years_before,
)
from loaders.generate.vocabulary import BENCHMARK_CATEGORIES, cn_number

BRANCH_MAX = 50  # members; a unit with more gets several branches (R10)
SPLIT_AT = 45  # members per branch when a unit is split
GENERAL_BRANCH_MAX = 95  # members under a general branch, kept below R10's 100
COMMITTEE_FROM_FORMAL = 7  # formal members from which a branch elects a committee (R11)

#: Planted gaps: the share of each rule's population that breaks it (see ``Draft.plant``).
RATES = {
    "no_dual_life": 0.03,  # R14: leaders in no branch or group as ordinary members
    "unit_without_branch": 0.01,  # R09: stations with 3+ formal members in a joint branch
    "no_secretary": 0.006,  # R11
    "small_committee": 0.008,  # R11: a committee of 2 for 7+ formal members
    "overdue": 0.02,  # R12: elected more than 5 years ago
    "no_party_group": 0.025,  # R04
    "leader_not_group_leader": 0.025,  # R05
    "officer_not_in_group": 0.02,  # R06
    "benchmark": 0.025,  # not a gap: benchmark branches (标杆党支部)
}
_ORGAN_ROLES = (*COMMITTEE_ROLES, Role.DEPARTMENT, Role.SUPPORT, Role.COUNTY)
_LEADER_FROM, _FORMER_FROM, _FORMER_TO = date(2013, 1, 1), date(2010, 1, 1), date(2017, 12, 31)
_TERM_START = shift(years_before(AS_OF, 5), 15)  # elections after this are within the term
_JOINED_FROM = date(1995, 1, 1)


# -- step 3: committees and their leaders ------------------------------------------------------
def build_committees(d: Draft) -> None:
    rng = d.rng
    for unit in d.units:
        if unit.role not in COMMITTEE_ROLES:
            unit.scope = unit.parent.scope if unit.parent else None
            continue
        parent = unit.parent.committee if unit.parent else None
        committee = d.org(OrgPlan(f"po-{unit.code}", f"{unit.name}党委", OrgKind.COMMITTEE, unit))
        committee.parent = parent
        unit.committee = committee
        scope = Scope(committee, unit)
        unit.scope = scope
        d.scopes.append(scope)
        people = unit.staff[: unit.leaders_wanted]  # made first by the staff step
        del unit.staff[: unit.leaders_wanted]
        deputies = 2 if unit.role is not Role.BUREAU else rng.choice((1, 2))
        for i, person in enumerate(people):
            role = (
                SeatRole.SECRETARY
                if i == 0
                else SeatRole.DEPUTY_SECRETARY
                if i <= deputies
                else SeatRole.COMMITTEE_MEMBER
            )
            scope.leaders.append(LeaderPlan(person, role, d.day(_LEADER_FROM, shift(AS_OF, -45))))
        formal_staff = [p for p in unit.staff if p.party_status is FORMAL]
        if formal_staff and rng.random() < 0.5:  # a former leader, now an ordinary member
            end = d.day(date(2019, 6, 1), date(2024, 12, 31))
            former = LeaderPlan(
                d.pick(formal_staff),
                SeatRole.COMMITTEE_MEMBER,
                d.day(_FORMER_FROM, _FORMER_TO),
                end,
            )
            scope.former.append(former)
            scope.leaders[-1].start = shift(end, rng.randint(1, 120))  # the successor
        unit.leaders = scope.leaders + scope.former
        for leader in unit.leaders:
            d.seat(leader.person, committee, leader.role, leader.start, leader.end)
    everyone = [leader for scope in d.scopes for leader in scope.leaders]
    for leader in d.plant(everyone, RATES["no_dual_life"]):
        leader.no_dual_life = True


# -- step 4: branches and general branches -----------------------------------------------------
def build_branches(d: Draft) -> None:
    rng = d.rng
    formal = {id(u): _formal_in(u) for u in d.units}
    own = {id(u): formal[id(u)] >= 3 for u in d.units}
    candidates = [
        u
        for u in d.units
        if u.role in COUNTY_STATIONS and 3 <= formal[id(u)] <= 12 and not u.oversize
    ]
    population = sum(own.values())
    for unit in d.plant(candidates, RATES["unit_without_branch"], population):
        own[id(unit)] = False  # its members sit in the county's joint branch (R09)
    for unit in d.units:
        if own[id(unit)]:
            _own_branches(d, unit)
    joint: dict[str, list[UnitPlan]] = {}
    for unit in d.units:
        if own[id(unit)]:
            continue
        if unit.role in COUNTY_STATIONS and unit.parent is not None:
            joint.setdefault(unit.parent.id, []).append(unit)
        else:
            _join_above(unit.parent, _current(unit), unit.teams)
    counties = {u.id: u for u in d.units if u.role is Role.COUNTY}
    for county_id, stations in joint.items():
        county = counties[county_id]
        loose = [p for s in stations for p in _party(s.staff)]
        teams = [t for s in stations for t in s.teams if t.party]
        party = len(loose) + sum(len(t.party) for t in teams)
        has_formal = any(p.party_status is FORMAL for p in loose) or any(t.formal for t in teams)
        if party >= 3 and has_formal:
            branch = _branch(d, county, f"br-{county.code}-j", f"{county.name}基层联合党支部")
            branch.branch_kind, branch.loose, branch.teams = BranchKind.JOINT, loose, teams
        else:
            _join_above(county, loose, teams)
    for unit in d.units:
        if unit.role in (Role.COUNTY, Role.SUPPORT):
            _general_branch(d, unit)
    branches = [o for o in d.orgs if o.kind is OrgKind.BRANCH]
    for branch in branches:
        branch.parent = _reporting_to(branch.unit)
    _plant_and_seat(d, branches)
    for branch in d.plant(
        [b for b in branches if b.branch_kind is not BranchKind.JOINT], RATES["benchmark"]
    ):
        branch.benchmark_domain_id, branch.benchmark_category = rng.choice(BENCHMARK_CATEGORIES)


def _party(people: list[r.Person]) -> list[r.Person]:
    return [p for p in people if p.party_status is FORMAL or p.party_status is PROBATIONARY]


def _current(unit: UnitPlan) -> list[r.Person]:
    """Party members of the unit in no team, leaders apart (they are placed separately)."""
    return _party(unit.staff)


def _formal_in(unit: UnitPlan) -> int:
    leaders = sum(1 for leader in unit.leaders if leader.end is None)
    staff = sum(1 for p in unit.staff if p.party_status is FORMAL)
    return leaders + staff + sum(t.formal for t in unit.teams)


def _branch(d: Draft, unit: UnitPlan, org_id: str, name: str) -> OrgPlan:
    branch = d.org(OrgPlan(org_id, name, OrgKind.BRANCH, unit))
    unit.branches.append(branch)
    return branch


def _own_branches(d: Draft, unit: UnitPlan) -> None:
    leaders = [leader for leader in unit.leaders if leader.end is None]
    loose, teams = _current(unit), [t for t in unit.teams if t.party]
    party = len(leaders) + len(loose) + sum(len(t.party) for t in teams)
    count = 1 if unit.oversize or party <= BRANCH_MAX else ceil(party / SPLIT_AT)
    kind = BranchKind.ORGAN if unit.role in _ORGAN_ROLES else BranchKind.GRASSROOTS
    suffix = (
        "本部党支部"
        if unit.role in COMMITTEE_ROLES
        else "机关党支部"
        if unit.role in (Role.COUNTY, Role.SUPPORT)
        else "党支部"
    )
    made = []
    for i in range(1, count + 1):
        org_id = f"br-{unit.code}" if count == 1 else f"br-{unit.code}-{ascii_lowercase[i - 1]}"
        name = unit.name + (suffix if count == 1 else f"第{cn_number(i)}党支部")
        branch = _branch(d, unit, org_id, name)
        branch.branch_kind = kind
        made.append(branch)
    made[0].leaders = leaders
    sizes = [len(made[0].members())] + [0] * (count - 1)
    for team in sorted(teams, key=lambda t: -len(t.party)):  # keep teams whole
        lightest = min(range(count), key=lambda k: (sizes[k], k))
        made[lightest].teams.append(team)
        sizes[lightest] += len(team.party)
    for person in loose:
        lightest = min(range(count), key=lambda k: (sizes[k], k))
        made[lightest].loose.append(person)
        sizes[lightest] += 1


def _join_above(unit: UnitPlan | None, loose: list[r.Person], teams: list[TeamPlan]) -> None:
    """Seat these members in the smallest branch of the nearest unit (from ``unit`` up) that
    has a branch of its own."""
    teams = [t for t in teams if t.party]
    while unit is not None and not unit.branches:
        unit = unit.parent
    if unit is None or not (loose or teams):
        return
    branch = min(unit.branches, key=lambda b: len(b.members()))
    branch.loose = branch.loose + loose
    branch.teams = branch.teams + teams


def _general_branch(d: Draft, unit: UnitPlan) -> None:
    below = [b for u in unit.subtree() for b in u.branches]
    if len(below) < 2 or sum(len(b.members()) for b in below) >= GENERAL_BRANCH_MAX:
        return
    general = d.org(OrgPlan(f"gb-{unit.code}", f"{unit.name}党总支", OrgKind.GENERAL_BRANCH, unit))
    general.parent = _reporting_to(unit.parent) if unit.parent else None
    unit.general = general


def _reporting_to(unit: UnitPlan) -> OrgPlan | None:
    """The general branch of the county or support organisation above, else the committee."""
    node: UnitPlan | None = unit
    while node is not None and node.committee is None:
        if node.general is not None:
            return node.general
        node = node.parent
    return node.committee if node is not None else None


# -- plants, elections and seats ---------------------------------------------------------------
def _plant_and_seat(d: Draft, branches: list[OrgPlan]) -> None:
    elected = [o for o in d.orgs if o.project is None]  # committees, general branches, branches
    for org in d.plant(elected, RATES["overdue"]):
        org.overdue = True
    for org in elected:
        if org.overdue:
            org.elected_on = d.day(date(2018, 6, 1), shift(_TERM_START, -45))
        else:
            org.elected_on = d.day(_TERM_START, shift(AS_OF, -10))
    ordinary = [b for b in branches if not b.unit.oversize]
    for branch in d.plant(ordinary, RATES["no_secretary"], len(branches)):
        branch.no_secretary = True
    big = [b for b in ordinary if b.formal() >= COMMITTEE_FROM_FORMAL and not b.no_secretary]
    for branch in d.plant(big, RATES["small_committee"], len(branches)):
        branch.small_committee = True
    for branch in branches:
        assert branch.elected_on is not None
        seat_branch(d, branch, branch.elected_on, None)
    for org in d.orgs:
        if org.kind is OrgKind.GENERAL_BRANCH:
            _seat_general_branch(d, org)


def seat_branch(d: Draft, branch: OrgPlan, start: date, end: date | None) -> None:
    """Seat the branch's officers (from ``start``, its election or establishment) and members
    (from when they joined; a temporary branch's from ``start``), all until ``end``."""
    rng = d.rng
    members = branch.members()
    formal = [p for p in members if p.party_status is FORMAL]
    leader_ids = {id(leader.person) for leader in branch.leaders}
    eligible = [p for p in formal if id(p) not in leader_ids] or formal or members
    if len(formal) >= COMMITTEE_FROM_FORMAL:
        wanted = 2 if branch.small_committee else rng.choice((3, 3, 3, 4, 5))
        if branch.no_secretary:  # the rest of the committee is still 3 or more
            wanted = max(wanted, 4)
    else:
        wanted = 1
    loose_ids = {id(p) for p in branch.loose}
    chiefs = [p for p in eligible if id(p) in loose_ids]  # a station chief, say
    secretary = d.pick(chiefs) if chiefs and rng.random() < 0.7 else d.pick(eligible)
    others = [p for p in eligible if p is not secretary]
    officers = [secretary, *rng.sample(others, min(wanted - 1, len(others)))]
    branch.officers = officers
    deputy = len(officers) >= 4 and rng.random() < 0.5
    for i, person in enumerate(officers):
        role = (
            SeatRole.SECRETARY
            if i == 0
            else SeatRole.DEPUTY_SECRETARY
            if i == 1 and deputy
            else SeatRole.COMMITTEE_MEMBER
        )
        if i == 0 and branch.no_secretary:  # stepped down; no successor seated yet
            gone = d.day(max(start, shift(AS_OF, -200)), shift(AS_OF, -1))
            d.seat(person, branch, role, start, gone)
            d.seat(person, branch, SeatRole.MEMBER, shift(gone, 1), end)
        else:
            d.seat(person, branch, role, start, end)
    officer_ids = {id(p) for p in officers}
    temporary = branch.project is not None
    for person in members:
        if id(person) in officer_ids:
            continue
        if temporary:
            joined: date | None = start
        elif person.party_status is PROBATIONARY:
            joined = d.day(shift(AS_OF, -360), shift(AS_OF, -10))
        else:
            joined = d.day(_JOINED_FROM, shift(AS_OF, -30))
        d.seat(person, branch, SeatRole.MEMBER, joined, end)


def _seat_general_branch(d: Draft, general: OrgPlan) -> None:
    below = [b for u in general.unit.subtree() for b in u.branches]
    formal = [p for b in below for p in b.officers if p.party_status is FORMAL]
    if not formal:
        return
    wanted = min(len(formal), d.rng.choice((3, 3, 4, 5)))
    assert general.elected_on is not None
    for i, person in enumerate(d.rng.sample(formal, wanted)):
        role = SeatRole.SECRETARY if i == 0 else SeatRole.COMMITTEE_MEMBER
        d.seat(person, general, role, general.elected_on, None)


# -- step 6: party groups ----------------------------------------------------------------------
def build_groups(d: Draft) -> None:
    """Groups of the ordinary branches (temporary ones have theirs from the projects step)."""
    branches = [o for o in d.orgs if o.kind is OrgKind.BRANCH and o.project is None]
    teams = [t for b in branches for t in b.teams]
    with_formal = [t for t in teams if t.formal >= 3]
    no_group = {id(t) for t in d.plant(with_formal, RATES["no_party_group"])}
    led = [
        t
        for t in with_formal
        if id(t) not in no_group and t.leader is not None and t.leader.party_status is FORMAL
    ]
    other_leader = {id(t) for t in d.plant(led, RATES["leader_not_group_leader"])}
    team_leaders = {id(t.leader) for t in teams if t.leader is not None}
    officers = [p for b in branches for p in b.officers]
    loose_officers = [
        p
        for b in branches
        for p in b.officers
        if id(p) not in team_leaders and any(p is q for q in b.loose)
    ]
    outside = {id(p) for p in d.plant(loose_officers, RATES["officer_not_in_group"], len(officers))}
    for branch in branches:
        _groups_of(d, branch, no_group, other_leader, outside)


def _groups_of(
    d: Draft, branch: OrgPlan, no_group: set[int], other_leader: set[int], outside: set[int]
) -> None:
    rng = d.rng
    groups: list[tuple[str, str, str | None, r.Person | None, list[r.Person]]] = []
    leftovers = [leader.person for leader in branch.leaders if not leader.no_dual_life]
    leftovers += [p for p in branch.loose if id(p) not in outside]
    for team in branch.teams:
        formal = [p for p in team.party if p.party_status is FORMAL]
        if id(team) in no_group or len(team.party) < 2 or not formal:
            leftovers += team.party
            continue
        leads = any(p is team.leader for p in formal)
        leader = team.leader if leads else d.pick(formal)
        if id(team) in other_leader:
            leader = d.pick([p for p in formal if p is not team.leader])
        name = f"{team.name}党小组"
        groups.append((f"pg-{team.id[2:]}", name, team.id, leader, list(team.party)))
    if groups:
        for person in leftovers:
            groups[int(rng.random() * len(groups))][4].append(person)
    elif leftovers:
        count = max(1, len(leftovers) // 10)
        for i in range(count):
            chunk = leftovers[i::count]
            formal = [p for p in chunk if p.party_status is FORMAL]
            leader = formal[0] if formal else chunk[0]
            name = f"{branch.name}第{cn_number(i + 1)}党小组"
            groups.append((f"pg-{branch.id[3:]}-g{i + 1}", name, None, leader, chunk))
    for group_id, name, team_id, leader, people in groups:
        d.groups.append(
            r.PartyGroup(
                group_id,
                name,
                branch.id,
                team_id,
                leader.id if leader else None,
                tuple(p.id for p in people),
                NO_EXTRA,
            )
        )
