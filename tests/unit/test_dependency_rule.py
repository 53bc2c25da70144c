"""The part of the dependency rule (docs/architecture.md) import-linter cannot state: the
vocabulary (``graph_model``) and the bundle readers (``loaders``) use nothing outside the
standard library and the layers at or below their own.

import-linter (``lint-imports``, configured in pyproject.toml) checks the layers and who may
import the neo4j driver and networkx; it can forbid third-party packages only by naming each
one, so a package added later would slip through. This walks the source instead.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The project packages each pure layer may import, beside the standard library.
ALLOWED = {
    "graph_model": {"graph_model"},
    "loaders": {"loaders", "graph_model"},
}
#: Outside packages one folder of a pure layer may import beside those: the workbook
#: libraries, for reading and writing Excel workbooks, in loaders/workbook/ only.
ALLOWED_IN_FOLDER = {Path("loaders", "workbook"): {"openpyxl", "python_calamine"}}


def allowed_outside(path: Path) -> set[str]:
    folder = path.relative_to(ROOT).parent
    return ALLOWED_IN_FOLDER.get(folder, set())


def imported(path: Path) -> set[str]:
    """The top-level names of the absolute imports of a module (relative ones stay inside)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_walk_sees_absolute_imports_only(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import os.path, neo4j\nfrom networkx import DiGraph\nfrom . import x\n")
    assert imported(module) == {"os", "neo4j", "networkx"}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_pure_layer_imports_only_the_standard_library_and_the_layers_below(
    package: str,
) -> None:
    outside = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported(path)
        if name not in sys.stdlib_module_names
        and name not in ALLOWED[package]
        and name not in allowed_outside(path)
    )
    assert not outside, f"{package} must stay pure (docs/architecture.md): " + ", ".join(outside)
