"""Write a bundle as an Excel workbook: one sheet per table, as the CSV folder has one file.

Each sheet is named as its table (``units`` …) and holds the same cells as the table's CSV file
(``loaders.csv_writer``): the header of column names in English (the workbook reader accepts
them), then one row per record, every value a text cell — dates as ISO text, lists joined by
``;``, text a spreadsheet would run as a formula neutralised (``loaders.neutralise``) — and an
empty value an empty cell. Written in openpyxl's write-only mode, so rows stream to disk and
memory does not grow with the bundle.

The same bundle always gives the same bytes: the workbook's creation and modification times are
fixed and so are the times of the parts in its zip, so an export can be compared with another
file for file.

It lives beside the command line rather than in ``loaders``, which stays on the standard library
(docs/architecture.md, tests/unit/test_dependency_rule.py).
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from graph_model.records import Bundle
from loaders.csv_writer import table_header, table_rows
from loaders.json_writer import BUNDLE_FIELDS

#: When every exported workbook says it was made (its content says nothing about time).
FIXED_TIME = "2000-01-01T00:00:00Z"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can record
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_workbook(bundle: Bundle, path: Path) -> Path:
    """Write every table of ``bundle`` (an empty one as its header) as a sheet of the workbook
    ``path``; return it."""
    workbook = Workbook(write_only=True)
    for stem, field in BUNDLE_FIELDS.items():
        records = getattr(bundle, field)
        header = table_header(stem, records)
        sheet = workbook.create_sheet(stem)
        sheet.append([_text_cell(sheet, name) for name in header])
        for row in table_rows(stem, records, header):
            sheet.append([_text_cell(sheet, cell) for cell in row])
    buffer = BytesIO()
    workbook.save(buffer)
    path.write_bytes(_reproducible(buffer.getvalue()))
    return path


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> Any:
    """``text`` as a text cell: empty as no cell; never a formula, even where text starts with
    ``=`` (a header, which the reader does not un-neutralise)."""
    if not text:
        return None
    if not text.startswith("="):
        return text  # openpyxl types any other string as text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _reproducible(data: bytes) -> bytes:
    """The workbook ``data`` with fixed times, in the zip and in its document properties."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>" + FIXED_TIME.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


__all__ = ["FIXED_TIME", "write_workbook"]
