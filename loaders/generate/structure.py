"""Step 1: the unit tree, and how many people work directly in each unit.

A grid company: the company with its headquarters departments and support organisations;
provincial companies (unit kind ``company``) with theirs; prefecture bureaus with departments,
stations of their own and county companies; county companies with supply stations and
substations. The number of bureaus follows the people asked for; every unit gets a planned
size, and the sizes are then scaled so that the people add up exactly.
"""

from __future__ import annotations

from graph_model.kinds import UnitKind
from loaders.generate.plan import Draft, Role, UnitPlan
from loaders.generate.vocabulary import (
    BUREAU_DEPARTMENTS,
    BUREAU_STATIONS,
    COMPANY_DEPARTMENTS,
    COMPANY_NAME,
    COMPANY_SUPPORT,
    COUNTY_TEAMS,
    PROVINCE_DEPARTMENTS,
    PROVINCE_SUPPORT,
    SUBSTATION,
    SUPPLY_STATION,
    SupportType,
)

#: Planned people of an average prefecture bureau, its county companies included.
BUREAU_PEOPLE = 2_100
BUREAUS_PER_PROVINCE = 14
#: Share of the people working in bureaus; the rest are in provincial and company offices.
IN_BUREAUS = 0.88
MIN_PEOPLE = 1_000
#: Share of a bureau's own stations planted with one branch of more than 50 members (R10).
OVERSIZE_RATE = 0.05
#: People an oversized station is given at least, so that it has over 50 party members.
OVERSIZE_PEOPLE = 140


def build_units(d: Draft) -> None:
    """Make the unit tree (parents before children) and give each unit its headcount."""
    if d.people_wanted < MIN_PEOPLE:
        raise ValueError(f"a generated organisation has at least {MIN_PEOPLE} people")
    rng, n = d.rng, d.people_wanted
    big = min(1.0, (n / 1_000_000) ** 0.25)  # 0.32 at 10k, 0.56 at 100k, 1 at 1M
    bureaus = max(1, round(n * IN_BUREAUS / BUREAU_PEOPLE))
    provinces = max(1, round(bureaus / BUREAUS_PER_PROVINCE))

    company = _unit(d, None, "co", COMPANY_NAME, UnitKind.COMPANY, Role.COMPANY, place="华联")
    _office(d, company, 11, (12, 24))
    _departments(d, company, COMPANY_DEPARTMENTS[: 12 + round(4 * big)], 0.78, (18, 30 + 30 * big))
    _supports(d, company, COMPANY_SUPPORT[: 1 + round(5 * big**2)], (2, 2 + round(3 * big)))

    provinces_taken: dict[str, None] = {}
    for p, count in enumerate(_apportion(d, bureaus, provinces), start=1):
        place = d.names.place(rng, provinces_taken)
        province = _unit(
            d,
            company,
            f"p{p:02d}",
            f"{place}电网公司",
            UnitKind.COMPANY,
            Role.PROVINCE,
            place=place,
        )
        _office(d, province, rng.choice((9, 9, 10)), (8, 18))
        _departments(
            d, province, PROVINCE_DEPARTMENTS[: 11 + round(3 * big)], 0.72, (14, 22 + 25 * big)
        )
        _supports(d, province, PROVINCE_SUPPORT[: 1 + round(3 * big)], (2, 3 + round(big)))
        places: dict[str, None] = {}
        for b in range(1, count + 1):
            _bureau(d, province, b, places)

    own_stations = [u for u in d.units if u.role is Role.BUREAU_STATION]
    for station in d.plant(own_stations, OVERSIZE_RATE):
        station.oversize, station.weight, station.party_rate = True, rng.uniform(140, 170), 0.38
    _scale_headcounts(d)


def _unit(
    d: Draft,
    parent: UnitPlan | None,
    code: str,
    name: str,
    kind: UnitKind,
    role: Role,
    **settings: object,
) -> UnitPlan:
    unit = UnitPlan(f"u-{code}", code, name, kind, role, parent)
    for key, value in settings.items():
        setattr(unit, key, value)
    if parent is not None:
        parent.children.append(unit)
    d.units.append(unit)
    return unit


def _office(d: Draft, unit: UnitPlan, leaders: int, staff: tuple[float, float]) -> None:
    """The people of a company, provincial company or bureau itself: leaders and a few staff."""
    unit.leaders_wanted, unit.weight = leaders, d.rng.uniform(*staff)
    unit.party_rate, unit.floor = 0.85, 2


def _departments(
    d: Draft,
    parent: UnitPlan,
    departments: tuple[tuple[str, str], ...],
    party_rate: float,
    size: tuple[float, float],
) -> None:
    prefix = "" if parent.role is Role.COMPANY else parent.name
    for i, (name, domain) in enumerate(departments, start=1):
        _unit(
            d,
            parent,
            f"{parent.code}-d{i:02d}",
            prefix + name,
            UnitKind.DEPARTMENT,
            Role.DEPARTMENT,
            domain_ids=(domain,) if domain else (),
            weight=d.rng.uniform(*size),
            party_rate=party_rate,
            floor=3,
        )


def _supports(
    d: Draft, parent: UnitPlan, supports: tuple[SupportType, ...], stations: tuple[int, int]
) -> None:
    rng = d.rng
    for i, kind in enumerate(supports, start=1):
        support = _unit(
            d,
            parent,
            f"{parent.code}-s{i:02d}",
            parent.place + kind.name,
            UnitKind.SUPPORT,
            Role.SUPPORT,
            domain_ids=(kind.domain_id,),
            weight=rng.uniform(20, 50),
            party_rate=0.62,
            floor=3,
        )
        places: dict[str, None] = {}
        for j in range(1, rng.randint(*stations) + 1):
            _unit(
                d,
                support,
                f"{support.code}-{j}",
                support.name + d.names.place(rng, places) + kind.station,
                UnitKind.STATION,
                Role.SUPPORT_STATION,
                domain_ids=(kind.domain_id,),
                team_types=kind.teams,
                weight=rng.uniform(35, 110),
                party_rate=0.38,
                teamed=0.9,
                floor=6,
            )


def _bureau(d: Draft, province: UnitPlan, number: int, places: dict[str, None]) -> None:
    rng = d.rng
    place = d.names.place(rng, places)
    bureau = _unit(
        d,
        province,
        f"{province.code}-b{number:02d}",
        f"{place}供电局",
        UnitKind.BUREAU,
        Role.BUREAU,
        place=place,
    )
    _office(d, bureau, rng.choice((7, 8, 8, 9)), (4, 10))
    _departments(
        d, bureau, BUREAU_DEPARTMENTS[: rng.randint(6, len(BUREAU_DEPARTMENTS))], 0.62, (10, 28)
    )
    for i, kind in enumerate(rng.sample(BUREAU_STATIONS, rng.randint(3, 6)), start=1):
        _unit(
            d,
            bureau,
            f"{bureau.code}-s{i:02d}",
            place + kind.suffix,
            UnitKind.STATION,
            Role.BUREAU_STATION,
            domain_ids=kind.domain_ids,
            team_types=kind.teams,
            weight=rng.uniform(60, 190),
            party_rate=0.33,
            teamed=0.95,
            floor=6,
        )
    local: dict[str, None] = {place: None}
    for c in range(1, rng.randint(3, 8) + 1):
        county_place = d.names.place(rng, local)
        county = _unit(
            d,
            bureau,
            f"{bureau.code}-c{c:02d}",
            f"{county_place}县供电公司",
            UnitKind.COUNTY,
            Role.COUNTY,
            place=county_place,
            domain_ids=("d-safety", "d-market"),
            team_types=COUNTY_TEAMS,
            weight=rng.uniform(25, 60),
            party_rate=0.45,
            teamed=0.35,
            floor=5,
        )
        for s in range(1, rng.randint(3, 9) + 1):
            supply = rng.random() < 0.85
            kind = SUPPLY_STATION if supply else SUBSTATION
            _unit(
                d,
                county,
                f"{county.code}-s{s:02d}",
                d.names.place(rng, local) + kind.suffix,
                UnitKind.STATION,
                Role.SUPPLY_STATION if supply else Role.SUBSTATION,
                domain_ids=kind.domain_ids,
                team_types=kind.teams,
                weight=rng.uniform(18, 55) if supply else rng.uniform(8, 20),
                party_rate=0.3 if supply else 0.32,
                teamed=0.92 if supply else 0.85,
                floor=6 if supply else 5,
            )


def _apportion(d: Draft, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` uneven whole shares of at least one each."""
    weights = [d.rng.uniform(0.7, 1.3) for _ in range(parts)]
    raw = [total * w / sum(weights) for w in weights]
    shares = [max(1, int(x)) for x in raw]
    by_remainder = sorted(range(parts), key=lambda i: (shares[i] - raw[i], i))
    i = 0
    while sum(shares) < total:
        shares[by_remainder[i % parts]] += 1
        i += 1
    while sum(shares) > total:
        largest = max(range(parts), key=lambda k: (shares[k], -k))
        shares[largest] -= 1
    return shares


def _scale_headcounts(d: Draft) -> None:
    """Scale the planned sizes so that, leaders included, exactly the people asked for work
    in the units; each unit keeps at least its floor."""
    rng, units = d.rng, d.units
    leaders = sum(u.leaders_wanted for u in units)
    target = d.people_wanted - leaders
    if sum(u.floor for u in units) > target:
        raise ValueError(f"{d.people_wanted} people are too few for the units planned")
    factor = target / sum(u.weight for u in units)
    for u in units:
        u.headcount = max(u.floor, round(u.weight * factor))
        if u.oversize:
            u.headcount = max(u.headcount, OVERSIZE_PEOPLE)
    missing = target - sum(u.headcount for u in units)
    while missing > 0:
        units[int(rng.random() * len(units))].headcount += 1
        missing -= 1
    while missing < 0:
        unit = units[int(rng.random() * len(units))]
        if unit.headcount > unit.floor and not unit.oversize:
            unit.headcount -= 1
            missing += 1
    for u in units:
        u.headcount += u.leaders_wanted
