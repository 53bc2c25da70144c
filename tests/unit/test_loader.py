"""Reading and validating import bundles (docs/format.md): pure, no backend.

Every test starts from one tiny valid bundle, written to ``tmp_path`` as CSV files (or JSON), and
changes one line to break one rule. Rows are counted as a spreadsheet counts them: the header is
row 1, the first record row 2.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from graph_model import records as r
from graph_model.errors import BundleError, Problem, Severity
from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
    VisitKind,
)
from loaders import read_bundle

TINY = {
    "domains": """id,name
d-safety,Safety
""",
    "units": """id,name,kind,parent_id,domain_ids
u-hq,Headquarters,company,,
u-st,Station,station,u-hq,d-safety
""",
    "people": """id,name,party_status,unit_id,team_id
p-li,Li,formal,u-hq,
p-tl,Tang,probationary,u-st,t-line
""",
    "party_orgs": """id,name,kind,parent_id,unit_id,branch_kind
po-hq,HQ committee,committee,,u-hq,
br-st,Station branch,branch,po-hq,u-st,grassroots
""",
    "party_roles": """person_id,org_id,role,from,to
p-li,po-hq,secretary,2020-01-01,
p-tl,br-st,member,,
""",
    "leader_domains": """person_id,domain_id,from,to
p-li,d-safety,2020-01-01,2024-12-31
""",
    "teams": """id,name,unit_id,leader_id,domain_id,project_id
t-line,Line team,u-st,p-tl,d-safety,pj-line
""",
    "party_groups": """id,name,branch_id,team_id,leader_id,member_ids
g-line,Line group,br-st,t-line,p-tl,p-tl;p-li
""",
    "projects": """id,name,unit_id,domain_id,major,start_on,end_on
pj-line,New line,u-st,d-safety,true,2024-01-01,2025-12-31
""",
    "liaison_points": """id,leader_id,kind,target_id,from,to
lp-1,p-li,branch,br-st,2020-01-01,
lp-2,p-li,party_building,u-st,2020-01-01,2024-12-31
""",
    "visits": """liaison_point_id,date,kind,note
lp-1,2024-05-01,research,first visit
""",
}

#: The records TINY must become, written out by hand.
TINY_BUNDLE = r.Bundle(
    domains=(r.Domain("d-safety", "Safety"),),
    units=(
        r.Unit("u-hq", "Headquarters", UnitKind.COMPANY),
        r.Unit("u-st", "Station", UnitKind.STATION, "u-hq", ("d-safety",)),
    ),
    people=(
        r.Person("p-li", "Li", PartyStatus.FORMAL, "u-hq"),
        r.Person("p-tl", "Tang", PartyStatus.PROBATIONARY, "u-st", "t-line"),
    ),
    party_orgs=(
        r.PartyOrg("po-hq", "HQ committee", OrgKind.COMMITTEE, unit_id="u-hq"),
        r.PartyOrg(
            "br-st", "Station branch", OrgKind.BRANCH, "po-hq", "u-st", BranchKind.GRASSROOTS
        ),
    ),
    seats=(
        r.Seat("p-li", "po-hq", SeatRole.SECRETARY, date(2020, 1, 1)),
        r.Seat("p-tl", "br-st", SeatRole.MEMBER),
    ),
    domain_charges=(r.DomainCharge("p-li", "d-safety", date(2020, 1, 1), date(2024, 12, 31)),),
    teams=(r.Team("t-line", "Line team", "u-st", "p-tl", "d-safety", "pj-line"),),
    party_groups=(
        r.PartyGroup("g-line", "Line group", "br-st", "t-line", "p-tl", ("p-tl", "p-li")),
    ),
    projects=(
        r.Project(
            "pj-line", "New line", "u-st", "d-safety", True, date(2024, 1, 1), date(2025, 12, 31)
        ),
    ),
    liaison_points=(
        r.LiaisonPoint("lp-1", "p-li", LiaisonKind.BRANCH, "br-st", date(2020, 1, 1)),
        r.LiaisonPoint(
            "lp-2", "p-li", LiaisonKind.PARTY_BUILDING, "u-st", date(2020, 1, 1), date(2024, 12, 31)
        ),
    ),
    visits=(r.Visit("lp-1", date(2024, 5, 1), VisitKind.RESEARCH, "first visit"),),
)


def write_csv(folder: Path, tables: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(exist_ok=True)
    for stem, text in tables.items():
        (folder / f"{stem}.csv").write_text(text, encoding=encoding)
    return folder


def edit(tables: dict[str, str], stem: str, old: str, new: str) -> dict[str, str]:
    """A copy of ``tables`` with ``old`` replaced by ``new`` in one table."""
    assert old in tables[stem], f"{old!r} is not in {stem}"
    return {**tables, stem: tables[stem].replace(old, new)}


def rejection(folder: Path) -> list[tuple[str, int, str, str]]:
    with pytest.raises(BundleError) as caught:
        read_bundle(folder)
    return [(p.file, p.row, p.column, p.message) for p in caught.value.problems]


def located(
    problems: list[tuple[str, int, str, str]], where: tuple[str, int, str], *words: str
) -> bool:
    """Whether a problem sits at ``where`` and its message says each of ``words``."""
    return any(p[:3] == where and all(w in p[3] for w in words) for p in problems)


# -- what loads -------------------------------------------------------------------------------
def test_a_tiny_valid_csv_bundle_loads_as_the_records_it_describes(tmp_path: Path) -> None:
    assert read_bundle(write_csv(tmp_path / "tiny", TINY)).bundle == TINY_BUNDLE


def test_a_leader_placed_in_a_group_for_dual_organisational_life_draws_no_warning(
    tmp_path: Path,
) -> None:
    assert read_bundle(write_csv(tmp_path / "tiny", TINY)).warnings == []


def test_a_bundle_written_with_a_byte_order_mark_loads_the_same(tmp_path: Path) -> None:
    loaded = read_bundle(write_csv(tmp_path / "bom", TINY, encoding="utf-8-sig"))
    assert (tmp_path / "bom" / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert loaded.bundle == TINY_BUNDLE


def test_the_json_form_gives_the_same_bundle_as_the_csv_form(tmp_path: Path) -> None:
    document = {
        "domains": [{"id": "d-safety", "name": "Safety"}],
        "units": [
            {"id": "u-hq", "name": "Headquarters", "kind": "company"},
            {
                "id": "u-st",
                "name": "Station",
                "kind": "station",
                "parent_id": "u-hq",
                "domain_ids": ["d-safety"],
            },
        ],
        "people": [
            {"id": "p-li", "name": "Li", "party_status": "formal", "unit_id": "u-hq"},
            {
                "id": "p-tl",
                "name": "Tang",
                "party_status": "probationary",
                "unit_id": "u-st",
                "team_id": "t-line",
            },
        ],
        "party_orgs": [
            {"id": "po-hq", "name": "HQ committee", "kind": "committee", "unit_id": "u-hq"},
            {
                "id": "br-st",
                "name": "Station branch",
                "kind": "branch",
                "parent_id": "po-hq",
                "unit_id": "u-st",
                "branch_kind": "grassroots",
            },
        ],
        "party_roles": [
            {
                "person_id": "p-li",
                "org_id": "po-hq",
                "role": "secretary",
                "from": "2020-01-01",
                "to": None,
            },
            {"person_id": "p-tl", "org_id": "br-st", "role": "member"},
        ],
        "leader_domains": [
            {"person_id": "p-li", "domain_id": "d-safety", "from": "2020-01-01", "to": "2024-12-31"}
        ],
        "teams": [
            {
                "id": "t-line",
                "name": "Line team",
                "unit_id": "u-st",
                "leader_id": "p-tl",
                "domain_id": "d-safety",
                "project_id": "pj-line",
            }
        ],
        "party_groups": [
            {
                "id": "g-line",
                "name": "Line group",
                "branch_id": "br-st",
                "team_id": "t-line",
                "leader_id": "p-tl",
                "member_ids": ["p-tl", "p-li"],
            }
        ],
        "projects": [
            {
                "id": "pj-line",
                "name": "New line",
                "unit_id": "u-st",
                "domain_id": "d-safety",
                "major": True,
                "start_on": "2024-01-01",
                "end_on": "2025-12-31",
            }
        ],
        "liaison_points": [
            {
                "id": "lp-1",
                "leader_id": "p-li",
                "kind": "branch",
                "target_id": "br-st",
                "from": "2020-01-01",
            },
            {
                "id": "lp-2",
                "leader_id": "p-li",
                "kind": "party_building",
                "target_id": "u-st",
                "from": "2020-01-01",
                "to": "2024-12-31",
            },
        ],
        "visits": [
            {
                "liaison_point_id": "lp-1",
                "date": "2024-05-01",
                "kind": "research",
                "note": "first visit",
            }
        ],
    }
    file = tmp_path / "tiny.json"
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert read_bundle(file).bundle == read_bundle(write_csv(tmp_path / "tiny", TINY)).bundle
    assert read_bundle(file).bundle == TINY_BUNDLE


def test_extra_columns_are_kept_in_extra(tmp_path: Path) -> None:
    tables = edit(
        TINY,
        "units",
        "id,name,kind,parent_id,domain_ids\nu-hq,Headquarters,company,,",
        "id,name,kind,parent_id,domain_ids,code\nu-hq,Headquarters,company,,,GX-01",
    )
    units = read_bundle(write_csv(tmp_path / "extra", tables)).bundle.units
    assert [dict(u.extra) for u in units] == [{"code": "GX-01"}, {}]


def test_a_person_in_a_group_of_another_branch_is_a_warning_that_does_not_block(
    tmp_path: Path,
) -> None:
    tables = edit(
        TINY, "party_orgs", "grassroots\n", "grassroots\nbr-hq,HQ branch,branch,po-hq,u-hq,organ\n"
    )
    tables = edit(tables, "party_groups", "p-tl;p-li\n", "p-tl;p-li\ng-hq,HQ group,br-hq,,,p-tl\n")
    loaded = read_bundle(write_csv(tmp_path / "warn", tables))
    assert [g.id for g in loaded.bundle.party_groups] == ["g-line", "g-hq"]
    assert [
        (w.file, w.row, w.column, w.severity) for w in loaded.warnings if "p-tl" in w.message
    ] == [("party_groups.csv", 3, "member_ids", Severity.WARNING)]


# -- what is rejected, and where --------------------------------------------------------------
REJECTIONS = [
    pytest.param(
        "units",
        "id,name,kind,",
        "id,name,sort,",
        ("units.csv", 1, "kind"),
        ("missing",),
        id="a required column is missing",
    ),
    pytest.param(
        "people",
        "p-tl,Tang,",
        "p-tl,,",
        ("people.csv", 3, "name"),
        ("missing",),
        id="a required value is missing",
    ),
    pytest.param(
        "teams",
        "pj-line\n",
        "pj-line\nd-safety,Echo team,u-st,,,\n",
        ("teams.csv", 3, "id"),
        ("d-safety", "domains.csv:2"),
        id="an id repeats across files",
    ),
    pytest.param(
        "teams",
        "u-st,p-tl,",
        "u-st,p-nobody,",
        ("teams.csv", 2, "leader_id"),
        ("p-nobody",),
        id="a reference names nothing",
    ),
    pytest.param(
        "teams",
        "u-st,p-tl,",
        "u-st,u-hq,",
        ("teams.csv", 2, "leader_id"),
        ("u-hq", "unit", "person"),
        id="a reference names the wrong kind",
    ),
    pytest.param(
        "liaison_points",
        "p-li,branch,br-st",
        "p-li,branch,p-tl",
        ("liaison_points.csv", 2, "target_id"),
        ("p-tl",),
        id="a liaison point at a person",
    ),
    pytest.param(
        "units",
        "u-st,Station,station",
        "u-st,Station,factory",
        ("units.csv", 3, "kind"),
        ("factory",),
        id="a value outside its enumeration",
    ),
    pytest.param(
        "party_roles",
        "member,,",
        "chairman,,",
        ("party_roles.csv", 3, "role"),
        ("chairman",),
        id="a role outside its enumeration",
    ),
    pytest.param(
        "projects",
        "true,",
        "yes,",
        ("projects.csv", 2, "major"),
        ("yes",),
        id="a boolean that is not true or false",
    ),
    pytest.param(
        "party_roles",
        "secretary,2020-01-01",
        "secretary,2020-13-01",
        ("party_roles.csv", 2, "from"),
        ("2020-13-01",),
        id="a date that does not parse",
    ),
    pytest.param(
        "visits",
        "lp-1,2024-05-01",
        "lp-1,01/05/2024",
        ("visits.csv", 2, "date"),
        ("01/05/2024",),
        id="a date not in ISO form",
    ),
    pytest.param(
        "liaison_points",
        "2020-01-01,2024-12-31",
        "2020-01-01,2019-12-31",
        ("liaison_points.csv", 3, "to"),
        ("2019-12-31",),
        id="to before from",
    ),
    pytest.param(
        "projects",
        "2024-01-01,2025-12-31",
        "2024-01-01,2023-12-31",
        ("projects.csv", 2, "end_on"),
        ("2023-12-31",),
        id="a project ending before it starts",
    ),
    pytest.param(
        "units",
        "u-hq,Headquarters,company,,",
        "u-hq,Headquarters,company,u-st,",
        ("units.csv", 2, "parent_id"),
        ("cycle", "u-hq", "u-st"),
        id="units whose parents form a cycle",
    ),
    pytest.param(
        "party_orgs",
        "po-hq,HQ committee,committee,,",
        "po-hq,HQ committee,committee,po-hq,",
        ("party_orgs.csv", 2, "parent_id"),
        ("cycle", "po-hq"),
        id="a party org that is its own parent",
    ),
    pytest.param(
        "liaison_points",
        "p-li,branch,br-st",
        "p-li,branch,po-hq",
        ("liaison_points.csv", 2, "target_id"),
        ("po-hq", "committee"),
        id="a branch liaison point at a committee",
    ),
    pytest.param(
        "liaison_points",
        "p-li,branch,br-st",
        "p-li,branch,u-st",
        ("liaison_points.csv", 2, "target_id"),
        ("u-st", "unit"),
        id="a branch liaison point at a unit",
    ),
    pytest.param(
        "party_groups",
        "Line group,br-st",
        "Line group,po-hq",
        ("party_groups.csv", 2, "branch_id"),
        ("po-hq", "committee"),
        id="a group whose branch is a committee",
    ),
]


@pytest.mark.parametrize(("stem", "old", "new", "where", "words"), REJECTIONS)
def test_a_broken_rule_rejects_the_bundle_naming_file_row_and_column(
    tmp_path: Path,
    stem: str,
    old: str,
    new: str,
    where: tuple[str, int, str],
    words: tuple[str, ...],
) -> None:
    problems = rejection(write_csv(tmp_path / "bad", edit(TINY, stem, old, new)))
    assert located(problems, where, *words), problems


def test_a_problem_reads_file_row_column_message() -> None:
    assert str(Problem("teams.csv", 2, "leader_id", "'p-nobody' names no person")) == (
        "teams.csv:2: leader_id: 'p-nobody' names no person"
    )


def test_every_problem_of_a_bundle_is_reported_at_once(tmp_path: Path) -> None:
    tables = edit(TINY, "people", "p-tl,Tang,", "p-tl,,")
    tables = edit(tables, "units", "u-st,Station,station", "u-st,Station,factory")
    tables = edit(tables, "teams", "u-st,p-tl,", "u-st,p-nobody,")
    tables = edit(tables, "visits", "lp-1,2024-05-01", "lp-1,2024-02-30")
    tables = edit(tables, "party_groups", "Line group,br-st", "Line group,po-hq")
    problems = rejection(write_csv(tmp_path / "bad", tables))
    assert {p[:3] for p in problems} >= {
        ("people.csv", 3, "name"),
        ("units.csv", 3, "kind"),
        ("teams.csv", 2, "leader_id"),
        ("visits.csv", 2, "date"),
        ("party_groups.csv", 2, "branch_id"),
    }


def test_a_rejection_report_has_one_file_row_column_message_line_per_problem(
    tmp_path: Path,
) -> None:
    tables = edit(TINY, "people", "p-tl,Tang,", "p-tl,,")
    tables = edit(tables, "teams", "u-st,p-tl,", "u-st,p-nobody,")
    with pytest.raises(BundleError) as caught:
        read_bundle(write_csv(tmp_path / "bad", tables))
    lines = caught.value.report().splitlines()
    assert len(lines) == len(caught.value.problems) >= 2
    assert all(re.fullmatch(r"[\w.#-]+:\d+: [\w-]+: .+", line) for line in lines), lines
    assert any(line.startswith("people.csv:3: name: ") for line in lines)
    assert any(line.startswith("teams.csv:2: leader_id: ") for line in lines)


def test_a_json_problem_names_the_table_and_the_position_in_its_array(tmp_path: Path) -> None:
    file = tmp_path / "bad.json"
    file.write_text(
        json.dumps(
            {
                "domains": [{"id": "d-safety", "name": "Safety"}],
                "units": [
                    {"id": "u-hq", "name": "HQ", "kind": "company"},
                    {"id": "u-st", "name": "Station", "kind": "factory", "parent_id": "u-hq"},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert located(rejection(file), ("bad.json#units", 2, "kind"), "factory")


def test_a_rejection_lists_errors_only(tmp_path: Path) -> None:
    tables = edit(TINY, "teams", "u-st,p-tl,", "u-st,p-nobody,")
    with pytest.raises(BundleError) as caught:
        read_bundle(write_csv(tmp_path / "bad", tables))
    assert all(p.severity is Severity.ERROR for p in caught.value.problems)


def test_an_empty_json_array_is_an_empty_table(tmp_path: Path) -> None:
    document = tmp_path / "bundle.json"
    document.write_text(
        '{"domains": [{"id": "d-1", "name": "Safety"}], "visits": [], "teams": []}',
        encoding="utf-8",
    )
    bundle = read_bundle(document).bundle
    assert [d.id for d in bundle.domains] == ["d-1"]
    assert bundle.visits == () and bundle.teams == ()
