"""Finding the cells of a workbook that are not text (loaders/workbook/bad_text.py), in shared
strings as in the sheet itself; the API test uploads such workbooks whole
(tests/api/test_hardening.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from loaders.workbook.bad_text import bad_text_problems

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def package(path: Path, shared: list[str], cells: str) -> Path:
    """A package with one sheet, ``units``, holding ``cells`` (its ``<c>`` elements), and the
    shared strings ``shared`` (each an ``<si>`` element)."""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            '<sheet name="units" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="worksheet"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row></sheetData>'
            "</worksheet>",
        )
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{"".join(shared)}</sst>')
    return path


def test_a_cell_pointing_to_a_shared_string_that_is_not_text_is_named(tmp_path: Path) -> None:
    shared = ["<si><t>id</t></si>", "<si/>", "<si><t>x&#xD800;y</t></si>"]
    cells = (
        '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>fine</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>&#xDFFF;</t></is></c><c r="D2"/>'
    )
    found = bad_text_problems(package(tmp_path / "b.xlsx", shared, cells), frozenset({"units"}), "")
    assert [(p.where, p.row, p.code) for p in found] == [
        ("units!A2", 2, "cell_not_text"),
        ("units!C2", 2, "cell_not_text"),
    ]


def test_without_such_a_cell_the_reason_is_reported(tmp_path: Path) -> None:
    book = package(tmp_path / "b.xlsx", ["<si><t>id</t></si>"], '<c r="A1" t="s"><v>0</v></c>')
    [found] = bad_text_problems(book, frozenset({"units"}), "invalid character reference")
    assert (found.where, found.code) == ("b.xlsx:0", "not_a_workbook")
    assert "invalid character reference" in found.message
