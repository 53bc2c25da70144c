"""The organisation generator (loaders.generate): valid through the real loader, of the size
asked for, deterministic, shaped like a grid company, and with every audit rule's gap planted at
a small rate. One S-sized organisation is generated, written and audited once for the module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from graph_model.audit import AuditReport
from graph_model.kinds import LEADER_ROLES, BranchKind, OrgKind, PartyStatus, SeatRole, UnitKind
from graph_model.records import Bundle, PartyOrg
from graph_model.timeline import exists_on, valid_on
from loaders import read_bundle
from loaders.generate import AS_OF, MIN_PEOPLE, SIZES, generate, write_csv, write_json
from queries.audit.rules import default_rules
from queries.embedded.backend import MemoryBackend

RULE_IDS = [f"R{n:02d}" for n in range(1, 15)]
FORMAL = PartyStatus.FORMAL


@pytest.fixture(scope="module")
def small() -> Bundle:
    return generate(SIZES["S"], seed=0)


@pytest.fixture(scope="module")
def small_folder(small: Bundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated-s")
    write_csv(small, folder)
    return folder


@pytest.fixture(scope="module")
def report(small_folder: Path) -> AuditReport:
    bundle = read_bundle(small_folder).bundle
    audited: AuditReport = MemoryBackend(bundle).audit(AS_OF, default_rules())
    return audited


def existing(org: PartyOrg) -> bool:
    return exists_on(org.established_on, org.dissolved_on, AS_OF)


def seated(bundle: Bundle) -> Counter[str]:
    """Members (distinct seat holders on AS_OF) per party org."""
    return Counter(
        org
        for org, _ in {
            (s.org_id, s.person_id) for s in bundle.seats if valid_on(s.start, s.end, AS_OF)
        }
    )


# -- valid, sized, deterministic ---------------------------------------------------------------
def test_an_s_sized_organisation_reads_back_through_the_loader_unchanged_and_warning_free(
    small: Bundle, small_folder: Path
) -> None:
    validated = read_bundle(small_folder)
    assert validated.warnings == []
    assert validated.bundle == small


def test_the_csv_files_have_the_format_header_in_schema_order(small_folder: Path) -> None:
    header = (small_folder / "party_orgs.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "id,name,kind,parent_id,unit_id,branch_kind,project_id,established_on,dissolved_on,"
        "elected_on,benchmark_domain_id,benchmark_category"
    )
    assert (
        (small_folder / "domains.csv").read_text(encoding="utf-8").startswith("id,name,name_en\n")
    )


def test_the_json_form_reads_back_as_the_same_organisation(tmp_path: Path) -> None:
    bundle = generate(2_000, seed=4)
    write_json(bundle, tmp_path / "org.json")
    assert read_bundle(tmp_path / "org.json").bundle == bundle


@pytest.mark.parametrize("people", [MIN_PEOPLE, 2_500, SIZES["S"], 40_000])
def test_the_person_count_is_within_two_percent_of_the_size_asked_for(people: int) -> None:
    assert abs(len(generate(people, seed=3).people) - people) <= 0.02 * people


def test_fewer_people_than_the_minimum_are_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(MIN_PEOPLE - 1)


def test_the_same_seed_gives_byte_identical_csv_files(tmp_path: Path) -> None:
    write_csv(generate(3_000, seed=5), tmp_path / "a")
    write_csv(generate(3_000, seed=5), tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 11
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )


def test_a_different_seed_gives_a_different_organisation(tmp_path: Path) -> None:
    write_csv(generate(3_000, seed=5), tmp_path / "a")
    write_csv(generate(3_000, seed=6), tmp_path / "b")
    for name in ("people.csv", "units.csv", "visits.csv"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes()


# -- shaped like a grid company ----------------------------------------------------------------
def test_the_units_run_from_the_company_down_to_stations(small: Bundle) -> None:
    units = {u.id: u for u in small.units}
    roots = [u for u in small.units if u.parent_id is None]
    assert [u.kind for u in roots] == [UnitKind.COMPANY]

    def parent_kinds(kind: UnitKind) -> set[UnitKind]:
        return {units[u.parent_id].kind for u in small.units if u.kind is kind and u.parent_id}

    assert parent_kinds(UnitKind.COMPANY) == {UnitKind.COMPANY}  # provincial companies
    assert parent_kinds(UnitKind.BUREAU) == {UnitKind.COMPANY}
    assert parent_kinds(UnitKind.COUNTY) == {UnitKind.BUREAU}
    assert parent_kinds(UnitKind.STATION) == {UnitKind.COUNTY, UnitKind.BUREAU, UnitKind.SUPPORT}
    assert parent_kinds(UnitKind.DEPARTMENT) == {UnitKind.COMPANY, UnitKind.BUREAU}
    assert parent_kinds(UnitKind.SUPPORT) == {UnitKind.COMPANY}
    assert all(u.name.endswith("供电局") for u in small.units if u.kind is UnitKind.BUREAU)


def test_committees_sit_at_the_company_the_provincial_companies_and_the_bureaus(
    small: Bundle,
) -> None:
    kinds = {u.id: u.kind for u in small.units}
    committees = [o for o in small.party_orgs if o.kind is OrgKind.COMMITTEE]
    wanted = [u.id for u in small.units if u.kind in (UnitKind.COMPANY, UnitKind.BUREAU)]
    assert sorted(o.unit_id or "" for o in committees) == sorted(wanted)
    assert {
        kinds[o.unit_id or ""] for o in small.party_orgs if o.kind is OrgKind.GENERAL_BRANCH
    } <= {
        UnitKind.COUNTY,
        UnitKind.SUPPORT,
    }
    assert {o.branch_kind for o in small.party_orgs if o.kind is OrgKind.BRANCH} == set(BranchKind)


def test_about_a_third_of_the_people_are_party_members(small: Bundle) -> None:
    status = Counter(p.party_status for p in small.people)
    assert 0.30 <= 1 - status[PartyStatus.NONE] / len(small.people) <= 0.40
    assert 0 < status[PartyStatus.PROBATIONARY] < status[FORMAL] / 10


def test_teams_have_5_to_15_members_led_by_one_of_them(small: Bundle) -> None:
    members = Counter(p.team_id for p in small.people if p.team_id)
    team_of = {p.id: p.team_id for p in small.people}
    assert all(5 <= members[t.id] <= 15 for t in small.teams)
    assert all(t.leader_id and team_of[t.leader_id] == t.id for t in small.teams)
    on_teams = {g.team_id for g in small.party_groups if g.team_id}
    assert len(on_teams) > 0.6 * len(small.teams)  # party groups are built on most teams


def test_branches_have_3_to_50_members_except_the_planted_oversized_ones(
    small: Bundle, report: AuditReport
) -> None:
    members = seated(small)
    branches = [o for o in small.party_orgs if o.kind is OrgKind.BRANCH and existing(o)]
    outside = sorted(b.id for b in branches if not 3 <= members[b.id] <= 50)
    assert outside == sorted(f.entity.id for f in report.findings if f.rule_id == "R10")
    assert outside and all(members[b] > 50 for b in outside)


def test_temporary_branches_open_with_their_project_and_close_the_day_after_it_ends(
    small: Bundle,
) -> None:
    projects = {p.id: p for p in small.projects}
    temporary = [o for o in small.party_orgs if o.branch_kind is BranchKind.TEMPORARY]
    assert temporary and all(o.project_id for o in temporary)
    for org in temporary:
        project = projects[org.project_id or ""]
        assert org.established_on and project.start_on and org.established_on <= project.start_on
        if org.dissolved_on:
            assert project.end_on and org.dissolved_on == project.end_on + timedelta(days=1)
    assert any(o.dissolved_on for o in temporary) and any(not o.dissolved_on for o in temporary)


def test_visits_spread_over_the_years_of_the_liaison_points(small: Bundle) -> None:
    years = Counter(v.date.year for v in small.visits)
    assert set(years) == set(range(2019, 2027))
    assert {v.kind for v in small.visits} == {"research", "guidance", "dual_life"}
    per_leader = Counter(lp.leader_id for lp in small.liaison_points if lp.end is None)
    assert sum(per_leader.values()) / len(per_leader) >= 2.5


@pytest.mark.parametrize(
    ("records", "prefix"),
    [
        ("units", "u-"),
        ("people", "p-"),
        ("teams", "t-"),
        ("party_groups", "pg-"),
        ("projects", "pr-"),
        ("liaison_points", "lp-"),
        ("domains", "d-"),
    ],
)
def test_ids_are_readable_and_carry_their_kind_prefix(
    small: Bundle, records: str, prefix: str
) -> None:
    assert all(record.id.startswith(prefix) for record in getattr(small, records))


# -- planted audit gaps ------------------------------------------------------------------------
def _leaders(b: Bundle) -> int:
    committees = {o.id for o in b.party_orgs if o.kind is OrgKind.COMMITTEE}
    return len(
        {
            s.person_id
            for s in b.seats
            if s.org_id in committees and s.role in LEADER_ROLES and valid_on(s.start, s.end, AS_OF)
        }
    )


def _branches(b: Bundle) -> int:
    return sum(1 for o in b.party_orgs if o.kind is OrgKind.BRANCH and existing(o))


def _points(b: Bundle) -> int:
    return sum(1 for lp in b.liaison_points if valid_on(lp.start, lp.end, AS_OF))


def _formal_teams(b: Bundle) -> int:
    formal = Counter(p.team_id for p in b.people if p.team_id and p.party_status is FORMAL)
    return sum(1 for count in formal.values() if count >= 3)


def _formal_led_teams(b: Bundle) -> int:
    status = {p.id: p.party_status for p in b.people}
    return sum(1 for t in b.teams if t.leader_id and status[t.leader_id] is FORMAL)


def _branch_officers(b: Bundle) -> int:
    branches = {o.id for o in b.party_orgs if o.kind is OrgKind.BRANCH and existing(o)}
    return sum(
        1
        for s in b.seats
        if s.org_id in branches
        and s.role is not SeatRole.MEMBER
        and valid_on(s.start, s.end, AS_OF)
    )


def _running(b: Bundle, major_only: bool) -> int:
    return sum(
        1
        for p in b.projects
        if (p.major or not major_only) and valid_on(p.start_on, p.end_on, AS_OF)
    )


def _units_and_projects(b: Bundle) -> int:
    formal = Counter(p.unit_id for p in b.people if p.party_status is FORMAL)
    return sum(1 for count in formal.values() if count >= 3) + _running(b, False)


def _elected(b: Bundle) -> int:
    return sum(1 for o in b.party_orgs if o.elected_on and existing(o))


def _ended_temporary(b: Bundle) -> int:
    ended = {p.id for p in b.projects if p.end_on and p.end_on < AS_OF}
    return sum(1 for o in b.party_orgs if o.project_id in ended)


#: What each rule looks at in a bundle: its findings are counted against this.
POPULATION: dict[str, Callable[[Bundle], int]] = {
    "R01": _leaders,
    "R02": _points,
    "R03": _branches,
    "R04": _formal_teams,
    "R05": _formal_led_teams,
    "R06": _branch_officers,
    "R07": lambda b: _running(b, True),
    "R08": lambda b: len(b.domains),
    "R09": _units_and_projects,
    "R10": _branches,
    "R11": _branches,
    "R12": _elected,
    "R13": _ended_temporary,
    "R14": _leaders,
}


@pytest.mark.parametrize("rule", RULE_IDS)
def test_each_audit_rule_finds_its_planted_gaps_in_a_small_share_of_what_it_checks(
    small: Bundle, report: AuditReport, rule: str
) -> None:
    found = sum(1 for f in report.findings if f.rule_id == rule)
    population = POPULATION[rule](small)
    assert 1 <= found <= 0.10 * population, f"{rule}: {found} findings of {population}"
