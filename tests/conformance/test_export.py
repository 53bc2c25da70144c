"""Export on both backends: the graph, API changes included, comes back as the bundle that loads
into the same graph, so load → export → load → export gives identical files in every format;
text a spreadsheet would run is neutralised and comes back exactly."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from api.cli.export import ExportFormat, write_atomically
from graph_model.changes import EndSeat, MoveTeam, RecordVisit, SetUpLiaisonPoint
from graph_model.errors import BundleError
from graph_model.kinds import LiaisonKind, SeatRole, VisitKind
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.canonical import canonical
from loaders.json_writer import BUNDLE_FIELDS
from tests.support.change_cases import AT, SINCE, org

Load = Callable[[Bundle], Backend]

#: Text that starts as a formula would, or with the apostrophe that neutralises one.
TRICKY = ("=SUM(A1:A9)", "+86 771", "-1", "@cmd", "'quoted", "''twice", "'=both", "it's plain")


def tricky() -> Bundle:
    """The sample with formula-like names, notes, a category and extra columns on nodes."""
    sample = read_bundle(SAMPLE_BUNDLE).bundle
    domains = tuple(
        replace(d, name=TRICKY[i % len(TRICKY)], extra={"code": TRICKY[-1 - i % len(TRICKY)]})
        for i, d in enumerate(sample.domains)
    )
    people = (
        replace(sample.people[0], name='=HYPERLINK("http://x")', extra={"badge": "-7"}),
        *sample.people[1:],
    )
    visits = (replace(sample.visits[0], note="@SUM(1)"), *sample.visits[1:])
    return replace(sample, domains=domains, people=people, visits=visits)


def export(backend: Backend, path: Path, chosen: ExportFormat) -> Path:
    write_atomically(backend.snapshot(), path, chosen)
    return path


def files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {f.name: f.read_bytes() for f in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize("chosen", ["csv", "json"])
def test_load_export_load_export_gives_identical_files(
    load: Load, tmp_path: Path, chosen: ExportFormat
) -> None:
    name = "bundle.json" if chosen == "json" else "bundle"
    first = export(load(tricky()), tmp_path / "1" / name, chosen)
    second = export(load(read_bundle(first).bundle), tmp_path / "2" / name, chosen)

    assert files(first) == files(second)


def test_the_export_is_the_loaded_bundle_in_canonical_order(load: Load, tmp_path: Path) -> None:
    bundle = tricky()
    (tmp_path / "expected").mkdir()
    write_atomically(canonical(bundle), tmp_path / "expected" / "b", "csv")

    exported = export(load(bundle), tmp_path / "b", "csv")

    assert files(exported) == files(tmp_path / "expected" / "b")


def test_formula_like_text_is_neutralised_in_csv_and_read_back_exactly(
    load: Load, tmp_path: Path
) -> None:
    exported = export(load(tricky()), tmp_path / "b", "csv")

    domains = (exported / "domains.csv").read_text(encoding="utf-8")
    assert "'=SUM(A1:A9)" in domains and "'''twice" in domains and "'it's plain" not in domains
    names = {d.name for d in read_bundle(exported).bundle.domains}
    assert names == set(TRICKY)


def test_the_workbook_holds_the_csv_cells_sheet_by_sheet_and_the_same_bytes_each_time(
    load: Load, tmp_path: Path
) -> None:
    backend = load(tricky())
    csv_folder = export(backend, tmp_path / "b", "csv")
    book = export(backend, tmp_path / "b.xlsx", "xlsx")
    again = export(backend, tmp_path / "again.xlsx", "xlsx")

    workbook = load_workbook(book, read_only=True)
    assert workbook.sheetnames == list(BUNDLE_FIELDS)
    for stem in BUNDLE_FIELDS:
        with (csv_folder / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
        width = len(lines[0])  # a workbook row ends at its last filled cell
        rows = [
            ["" if cell is None else str(cell) for cell in row] + [""] * (width - len(row))
            for row in workbook[stem].iter_rows(values_only=True)
        ]
        assert rows == lines, stem
    assert book.read_bytes() == again.read_bytes()


def test_a_workbook_export_loads_back_into_the_same_graph(load: Load, tmp_path: Path) -> None:
    first = export(load(tricky()), tmp_path / "1.xlsx", "xlsx")
    try:
        reloaded = read_bundle(first).bundle
    except BundleError as exc:
        if "not supported yet" in str(exc.problems[0].message):
            pytest.skip("the workbook reader (issue 9, part 1) is not in this tree yet")
        raise
    second = export(load(reloaded), tmp_path / "2.xlsx", "xlsx")

    assert first.read_bytes() == second.read_bytes()


def test_changes_made_through_the_api_are_exported_and_survive_the_round_trip(
    load: Load, tmp_path: Path
) -> None:
    backend = load(org().seat("p-ma", "br-a", "member", start=SINCE).bundle())
    for command in (
        SetUpLiaisonPoint("lp-=new", "p-wu", LiaisonKind.BRANCH, "br-b", date(2025, 1, 1)),
        RecordVisit("lp-=new", date(2025, 3, 1), VisitKind.RESEARCH, "-checked"),
        MoveTeam("t-a", "u-b"),
        EndSeat("p-ma", "br-a", SeatRole.MEMBER, date(2025, 5, 31)),
    ):
        outcome = backend.apply_change(command, "li", AT)
        assert outcome.ok, outcome.errors

    first = export(backend, tmp_path / "1", "csv")
    exported = read_bundle(first).bundle
    second = export(load(exported), tmp_path / "2", "csv")

    assert files(first) == files(second)
    assert [p.id for p in exported.liaison_points] == ["lp-=new", "lp-a"]
    assert [(v.liaison_point_id, v.note) for v in exported.visits] == [("lp-=new", "-checked")]
    assert next(t.unit_id for t in exported.teams if t.id == "t-a") == "u-b"
    assert [s.end for s in exported.seats if s.person_id == "p-ma"] == [date(2025, 5, 31)]
