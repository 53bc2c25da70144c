"""Bundle problems reported once, at their cause, in words a person can act on (issue 10, 7):
a missing file, a misnamed column, a stray quote, a file not in UTF-8; and the warnings a
valid bundle may still deserve (an absent table, NUL bytes, repeated rows, a load that empties
a table). Each bad bundle is the sample with one thing broken, written to ``tmp_path``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from graph_model.errors import BundleError, Problem, Severity
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.plan import plan
from loaders.readers import read_bundle_tables


def sample(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(SAMPLE_BUNDLE, folder)
    return folder


def problems(folder: Path) -> list[Problem]:
    with pytest.raises(BundleError) as caught:
        read_bundle(folder)
    return list(caught.value.problems)


def rewrite(file: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once in line ``line`` (1-based) of a UTF-8 file."""
    lines = file.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    file.write_text("\n".join(lines), encoding="utf-8")


# -- a missing file ----------------------------------------------------------------------------
def test_a_missing_file_others_refer_to_is_one_problem_naming_it(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    (folder / "units.csv").unlink()

    found = problems(folder)

    assert len(found) == 1, [str(p) for p in found]
    assert (found[0].file, found[0].row, found[0].code) == ("units.csv", 0, "table_missing")
    assert found[0].message.startswith(f"units.csv is missing from the bundle {folder}; ")
    assert "people.csv unit_id" in found[0].message


def test_a_missing_file_nothing_refers_to_is_a_warning_that_the_graph_will_lack_it(
    tmp_path: Path,
) -> None:
    folder = sample(tmp_path)
    (folder / "visits.csv").unlink()

    validated = read_bundle(folder)

    assert validated.bundle.visits == ()
    assert "visits.csv:0: -: visits.csv absent: the graph will hold no visits" in [
        str(w) for w in validated.warnings
    ]


def test_a_json_document_without_a_table_warns_the_same(tmp_path: Path) -> None:
    document = tmp_path / "bundle.json"
    document.write_text(
        json.dumps({"domains": [{"id": "d-1", "name": "Safety"}], "visits": []}), encoding="utf-8"
    )

    warned = {w.file for w in read_bundle(document).warnings if w.code == "table_absent"}

    assert "bundle.json#units" in warned and "bundle.json#visits" not in warned


def test_check_prints_the_missing_file_once_then_the_verdict(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    (folder / "units.csv").unlink()

    result = CliRunner().invoke(app, ["check", str(folder), "--lang", "en", "--quiet"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"units.csv:0: -: units.csv is missing from the bundle {folder}; people.csv unit_id, "
        "party_orgs.csv unit_id, teams.csv unit_id, projects.csv unit_id refer to its ids",
        f"{folder}: rejected, 1 problem(s); nothing was written",
    ]


# -- a bad header ------------------------------------------------------------------------------
def test_a_misnamed_required_column_is_one_problem_with_the_name_meant(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    rewrite(folder / "units.csv", 1, "id,", "ID,")

    found = problems(folder)

    assert [str(p) for p in found] == [
        "units.csv:1: ID: column 'ID' in units.csv: did you mean 'id'? (a required column)"
    ]


def test_a_chinese_label_as_a_csv_header_suggests_its_column(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    rewrite(folder / "people.csv", 1, "party_status", "政治面貌")

    found = problems(folder)

    assert len(found) == 1
    assert found[0].message.startswith(
        "column '政治面貌' in people.csv: did you mean 'party_status'"
    )


def test_a_required_column_missing_with_nothing_like_it_is_reported_once(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    rewrite(folder / "units.csv", 1, "kind,", "zzz,")

    found = problems(folder)

    assert [(p.file, p.row, p.column, p.code) for p in found] == [
        ("units.csv", 1, "kind", "column_missing")
    ]


def test_a_misnamed_optional_column_is_a_warning_and_the_bundle_loads(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    rewrite(folder / "people.csv", 1, "team_id", "Team_ID")

    warnings = [w for w in read_bundle(folder).warnings if w.code == "column_misnamed_optional"]

    assert [(w.row, w.column) for w in warnings] == [(1, "Team_ID")]
    assert "did you mean 'team_id'?" in warnings[0].message


# -- CSV syntax --------------------------------------------------------------------------------
def test_an_unclosed_quote_is_one_problem_at_the_quote(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    rewrite(folder / "people.csv", 5, "p-0004,", 'p-0004,"')

    found = problems(folder)

    assert [(p.file, p.row, p.code) for p in found] == [("people.csv", 5, "quote_unclosed")]
    assert found[0].message.startswith("the quote at line 5, column 8 is never closed")


def test_a_quote_followed_by_more_text_is_one_problem_at_the_quote(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    text = (folder / "people.csv").read_text(encoding="utf-8").split("\n")[4]
    name = text.split(",")[1]
    rewrite(folder / "people.csv", 5, f",{name},", f',"{name[0]}"{name[1:]},')

    found = problems(folder)

    assert [(p.row, p.code) for p in found] == [(5, "quote_misplaced")]
    assert f"line 5, column {len('p-0004,') + 3}" in found[0].message


def test_a_quoted_cell_over_two_lines_is_still_read(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    rewrite(folder / "visits.csv", 2, "指导专题组织生活会", '"指导专题\n组织生活会"')

    assert read_bundle(folder).bundle.visits[0].note == "指导专题\n组织生活会"


# -- encoding ----------------------------------------------------------------------------------
def test_a_file_saved_as_gbk_is_located_by_line_and_byte_with_a_hint(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    units = folder / "units.csv"
    units.write_bytes(units.read_text(encoding="utf-8").encode("gbk"))

    found = problems(folder)

    assert [(p.file, p.row, p.code) for p in found] == [("units.csv", 2, "not_utf8_gbk")]
    header = len("id,name,kind,parent_id,domain_ids\n")
    assert (
        f"byte 0xB9 at line 2, byte 6 of the line (byte {header + 6} of the file)"
        in found[0].message
    )
    assert (
        "saved as GBK?" in found[0].message and "'u-gx,桂海电网公司,company,,'" in found[0].message
    )


def test_a_byte_no_chinese_encoding_explains_gets_the_plain_hint(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    domains = folder / "domains.csv"
    domains.write_bytes(domains.read_bytes().replace(b"d-build", b"d-\xffbuild"))

    (found,) = problems(folder)

    assert (found.row, found.code) == (3, "not_utf8_at")
    assert "byte 0xFF at line 3, byte 3 of the line" in found.message


def test_a_byte_order_mark_is_still_accepted(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    units = folder / "units.csv"
    units.write_bytes(b"\xef\xbb\xbf" + units.read_bytes())

    assert read_bundle(folder).bundle == read_bundle(SAMPLE_BUNDLE).bundle


def test_a_json_document_not_in_utf8_is_located_too(tmp_path: Path) -> None:
    document = tmp_path / "bundle.json"
    document.write_bytes('{"domains": [\n{"id": "d-1", "name": "安全"}]}'.encode("gbk"))

    (found,) = problems(document)

    assert (found.file, found.row, found.code) == ("bundle.json", 2, "not_utf8_gbk")


# -- warnings ----------------------------------------------------------------------------------
def test_nul_bytes_are_a_warning_naming_the_first_line(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    visits = folder / "visits.csv"
    lines = visits.read_text(encoding="utf-8").split("\n")
    lines[3] += "\x00"  # at the end of the note, a text column
    visits.write_text("\n".join(lines), encoding="utf-8")

    validated = read_bundle(folder)

    (warning,) = [w for w in validated.warnings if w.code == "nul_bytes"]
    assert (warning.file, warning.row, warning.severity) == ("visits.csv", 4, Severity.WARNING)
    assert warning.message.startswith("1 NUL byte(s), the first at line 4")


def test_repeated_rows_are_one_warning_with_their_count_and_the_first(tmp_path: Path) -> None:
    folder = sample(tmp_path)
    visits = folder / "visits.csv"
    lines = visits.read_text(encoding="utf-8").splitlines()
    visits.write_text("\n".join([*lines, lines[2], lines[3], lines[2]]) + "\n", encoding="utf-8")

    validated = read_bundle(folder)

    (warning,) = [w for w in validated.warnings if w.code == "rows_repeat"]
    first_copy = len(lines) + 1  # the header is row 1
    assert (warning.file, warning.row) == ("visits.csv", first_copy)
    assert warning.message.startswith("3 row(s) repeat an earlier row exactly")
    assert "a copy of visits.csv:3" in warning.message
    visits_read = validated.bundle.visits
    assert len(visits_read) == len(lines) - 1 + 3  # every copy is loaded
    assert visits_read[-1] is visits_read[1]  # and held once


def test_the_sample_draws_no_warning_of_its_own(tmp_path: Path) -> None:
    assert read_bundle(sample(tmp_path)).warnings == []


def test_a_load_that_empties_a_table_the_graph_has_rows_in_warns() -> None:
    now = read_bundle(SAMPLE_BUNDLE).bundle
    incoming = Bundle(**{**{f: getattr(now, f) for f in now.__dataclass_fields__}, "visits": ()})

    planned = plan(now, incoming)

    assert [(w.file, w.code, w.severity) for w in planned.warnings] == [
        ("visits", "table_emptied", Severity.WARNING)
    ]
    assert f"every row of visits ({len(now.visits):,})" in planned.warnings[0].message
    assert planned.as_json()["warnings"] == [str(planned.warnings[0])]
    assert plan(now, now).warnings == ()


# -- memory ------------------------------------------------------------------------------------
def test_a_csv_folder_is_read_without_keeping_its_rows_until_validation() -> None:
    raw = read_bundle_tables(SAMPLE_BUNDLE)

    people = raw.tables["people"]

    assert people.rows == [] and people.row_count() == len(list(people.each_row())) > 0
