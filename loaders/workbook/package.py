"""What python-calamine does not say about an ``.xlsx`` file, read from its zip package with the
standard library: whether it is a workbook at all, which cells hold formulas, whether it links
to other workbooks.

Formulas are found without parsing a sheet unless it has one: the sheet's XML is scanned as it
is decompressed for a formula element, and only a sheet that has one is parsed, element by
element, for the cells that hold them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from graph_model.errors import BundleError
from loaders.messages import problem
from loaders.workbook.cells import split_cell_name

#: The first bytes of an OLE2 compound file: an Excel 97-2003 ``.xls``.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: A formula element, with or without a namespace prefix, as the sheet XML writes it.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CHUNK = 1 << 20


@dataclass(slots=True)
class Package:
    """Formula cells by sheet name (1-based row, 0-based column) and whether the workbook links
    to others."""

    formulas: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    external_links: bool = False


def inspect_package(path: Path, sheets: frozenset[str]) -> Package:
    """Look into the package of workbook ``path``, for the formula cells of ``sheets``; raise
    ``BundleError`` when it is no ``.xlsx`` workbook."""
    with path.open("rb") as handle:
        head = handle.read(len(_OLE2))
    if head == _OLE2 or path.suffix.lower() == ".xls":
        raise BundleError([problem(path.name, 0, "-", "xls_workbook")])
    if not zipfile.is_zipfile(path):
        reason = "it is not a zip package (a CSV or text file renamed .xlsx?)"
        raise BundleError([problem(path.name, 0, "-", "not_a_workbook", reason=reason)])
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "xl/workbook.xml" not in names:
                reason = "the package holds no xl/workbook.xml"
                raise BundleError([problem(path.name, 0, "-", "not_a_workbook", reason=reason)])
            parts = _sheet_parts(package)
            return Package(
                {
                    name: list(_formula_cells(package, part))
                    for name, part in parts.items()
                    if name in sheets and part in names
                },
                any(name.startswith("xl/externalLinks/") for name in names),
            )
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        raise BundleError(
            [problem(path.name, 0, "-", "not_a_workbook", reason=f"a damaged package ({exc})")]
        ) from None


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the package part holding it."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in relations.iter(f"{_PACKAGE_REL}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        # A target is relative to xl/, or absolute from the package's root.
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def _formula_cells(package: zipfile.ZipFile, part: str) -> Iterator[tuple[int, int]]:
    if not _has_formula(package, part):
        return
    with package.open(part) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag == f"{_MAIN}c":
                if element.find(f"{_MAIN}f") is not None:
                    yield split_cell_name(element.get("r", ""))
                element.clear()


def _has_formula(package: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with package.open(part) as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]  # a tag cut in two by the chunk's end
    return False
