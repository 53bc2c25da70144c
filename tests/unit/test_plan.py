"""The plan of a load (a pure diff of two bundles), the conflicts with API changes it finds, and
the formula neutralisation of exported text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from graph_model.changes import ChangeRecord, CommandName
from graph_model.kinds import SeatRole
from graph_model.records import Bundle, Domain, PartyGroup, Seat, Visit
from loaders import read_bundle
from loaders.canonical import canonical
from loaders.csv_writer import write_csv
from loaders.neutralise import FORMULA_STARTS, neutralised, restored
from loaders.plan import plan
from queries.changes.loads import conflicts, load_note
from tests.support.change_cases import org

AT = datetime(2025, 7, 1, tzinfo=UTC)
DAY = date(2025, 1, 1)


# -- neutralisation ------------------------------------------------------------------------------
@given(st.text())
def test_restoring_undoes_neutralising_exactly(text: str) -> None:
    assert restored(neutralised(text)) == text


@given(st.text())
def test_neutralised_text_never_starts_as_a_formula(text: str) -> None:
    assert not neutralised(text).startswith(FORMULA_STARTS)


def test_restoring_takes_away_only_the_apostrophe_neutralising_adds() -> None:
    assert [restored(c) for c in ("'tis", "'", "x'=y", "'=1", "''a")] == [
        "'tis",
        "'",
        "x'=y",
        "=1",
        "'a",
    ]


def test_a_csv_export_neutralises_text_columns_only_and_reads_back_the_same(
    tmp_path: Path,
) -> None:
    bundle = org().bundle()
    bundle = replace(
        bundle,
        domains=(Domain("-d", "=1+1", extra={"memo": "@x"}), *bundle.domains),
        units=tuple(replace(u, domain_ids=("-d",)) if u.id == "u-a" else u for u in bundle.units),
    )
    write_csv(bundle, tmp_path)

    lines = (tmp_path / "domains.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,name,memo" and "'-d,'=1+1,'@x" in lines
    assert "u-a,U-A,station,u-co,'-d" in (tmp_path / "units.csv").read_text(encoding="utf-8")
    reread = read_bundle(tmp_path).bundle
    assert reread.domains[0] == bundle.domains[0] and reread.domains[0].extra == {"memo": "@x"}
    assert reread == bundle


# -- the plan ------------------------------------------------------------------------------------
def test_the_same_bundle_in_another_order_plans_nothing() -> None:
    bundle = org().group("pg-1", "br-a", team="t-a", members=["p-ma", "p-zhao"]).bundle()
    shuffled = replace(
        bundle,
        units=tuple(reversed(bundle.units)),
        party_groups=tuple(replace(g, member_ids=g.member_ids[::-1]) for g in bundle.party_groups),
    )

    planned = plan(canonical(bundle), shuffled)

    assert not planned.changes_anything
    assert planned.totals()["unchanged"] == sum(bundle.counts().values())


def test_a_plan_lists_added_changed_and_removed_rows_with_the_columns_that_change() -> None:
    now = org().bundle()
    incoming = replace(
        now,
        teams=tuple(replace(t, unit_id="u-b", name="Team A") for t in now.teams),
        liaison_points=(),
        seats=(*now.seats, Seat("p-ma", "br-a", SeatRole.MEMBER, DAY)),
    )

    planned = plan(now, incoming)

    teams = planned.table("teams")
    assert [(c.key, c.columns) for c in teams.changed] == [(("t-a",), ("name", "unit_id"))]
    assert teams.changed[0].before["unit_id"] == "u-a"
    assert [r["id"] for r in planned.table("liaison_points").removed] == ["lp-a"]
    assert planned.table("party_roles").added == (
        {"person_id": "p-ma", "org_id": "br-a", "role": "member", "from": "2025-01-01", "to": None},
    )
    assert planned.as_json()["totals"] == {
        "added": 1,
        "changed": 1,
        "removed": 1,
        "unchanged": sum(now.counts().values()) - 2,
    }


def test_repeated_rows_pair_equal_ones_first() -> None:
    visit = Visit("lp-a", DAY)
    now = replace(org().bundle(), visits=(visit, visit, replace(visit, note="a")))
    incoming = replace(now, visits=(visit, replace(visit, note="b")))

    visits = plan(now, incoming).table("visits")

    assert visits.unchanged == 1
    assert [r["note"] for r in visits.removed] == [None, "a"]
    assert [r["note"] for r in visits.added] == ["b"]


# -- conflicts -----------------------------------------------------------------------------------
def change(seq: int, command: CommandName, after: dict[str, object]) -> ChangeRecord:
    return ChangeRecord(seq, "li", AT, command, str(after.get("id", "x")), (), None, after)


def test_a_change_the_load_would_undo_conflicts_and_one_it_keeps_does_not() -> None:
    moved = change(7, CommandName.MOVE_TEAM, {"id": "t-a", "unit_id": "u-b"})
    group = change(8, CommandName.CREATE_PARTY_GROUP, {"id": "pg-9", "member_ids": ["p-ma"]})
    now = replace(
        org().bundle(),
        teams=tuple(replace(t, unit_id="u-b") for t in org().bundle().teams),
        party_groups=(PartyGroup("pg-9", "PG", "br-a", "t-a", member_ids=("p-ma",)),),
    )
    incoming = replace(now, teams=org().bundle().teams)  # the team back in u-a, the group kept

    found = conflicts(plan(now, incoming), (moved, group))

    assert [(c.table, c.key, c.change.id) for c in found] == [("teams", ("t-a",), 7)]
    assert found[0].bundle_row is not None and found[0].bundle_row["unit_id"] == "u-a"
    removed = conflicts(plan(now, replace(now, party_groups=())), (moved, group))
    assert [(c.change.id, c.bundle_row) for c in removed] == [(8, None)]


def test_a_change_overtaken_since_is_not_a_conflict() -> None:
    moved = change(7, CommandName.MOVE_TEAM, {"id": "t-a", "unit_id": "u-b"})
    now = org().bundle()  # t-a is in u-a again: a later change or an unrecorded load undid it
    incoming = replace(now, teams=tuple(replace(t, name="renamed") for t in now.teams))

    assert conflicts(plan(now, incoming), (moved,)) == ()


def test_the_trail_entry_of_a_load_counts_what_it_did_by_table() -> None:
    now = org().bundle()
    incoming = replace(now, liaison_points=(), visits=())

    note = load_note(now, incoming, plan(now, incoming), "cli:li", AT, 4, "next.xlsx")

    assert note.entity_ids == ("u-co",) and note.last_change == 4
    assert note.before == {"rows": {k: v for k, v in _rows(now).items() if v}}
    assert note.after["removed"] == {"liaison_points": 1}
    assert note.after["added"] == {} and note.after["source"] == "next.xlsx"
    assert note.after["rows"]["party_roles"] == len(now.seats)


def _rows(bundle: Bundle) -> dict[str, int]:
    counts = bundle.counts()
    return {
        "domains": counts["domains"],
        "units": counts["units"],
        "people": counts["people"],
        "party_orgs": counts["party_orgs"],
        "party_roles": counts["seats"],
        "leader_domains": counts["domain_charges"],
        "teams": counts["teams"],
        "party_groups": counts["party_groups"],
        "projects": counts["projects"],
        "liaison_points": counts["liaison_points"],
        "visits": counts["visits"],
    }
