"""The dashboard's import page in Chromium (issue 11): a broken workbook's problems shown by
sheet and cell; a valid one's plan, applied."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

Accessible = Callable[[Page], None]
LikeReference = Callable[..., None]
#: Long enough for a first answer of a cold Neo4j on 2 busy cores (seen: 50 s for an audit).
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as a workbook, written by ``orgraph export``."""
    out = tmp_path_factory.mktemp("workbooks") / "sample.xlsx"
    orgraph = str(Path(sys.executable).with_name("orgraph"))
    subprocess.run(
        [orgraph, "export", str(out), "--state-dir", str(out.parent / "state"), "--quiet"],
        check=True,
        timeout=120,
    )
    return out


@pytest.fixture
def broken_workbook(sample_workbook: Path, tmp_path: Path) -> Path:
    """The sample with a unit's kind misspelt (units!C3) and a unit's id emptied (units!A4)."""
    book = load_workbook(sample_workbook)
    book["units"]["C3"] = "NOT_A_KIND"
    book["units"]["A4"] = None
    out = tmp_path / "broken.xlsx"
    book.save(out)
    return out


def test_a_broken_workbook_shows_its_problems_by_sheet_and_cell(
    page: Page,
    served: str,
    broken_workbook: Path,
    assert_accessible: Accessible,
    assert_like_reference: LikeReference,
) -> None:
    page.goto(f"{served}/#/import")
    page.get_by_test_id("import-file").set_input_files(str(broken_workbook))
    page.get_by_test_id("import-upload").click()
    problems = page.get_by_test_id("import-problems")
    problems.wait_for(timeout=WAIT_MS)
    units = problems.locator('[data-testid="import-sheet"][data-sheet="units"]')
    expect(units.locator('[data-testid="import-problem"][data-cell="C3"]')).to_contain_text(
        "NOT_A_KIND"
    )
    expect(units.locator('[data-testid="import-problem"][data-cell="A4"]')).to_have_count(1)
    expect(page.get_by_test_id("import-apply")).to_have_count(0)
    # The API's headline, in the page's language.
    expect(page.get_by_test_id("error")).to_contain_text("数据包未通过校验：共")
    assert_accessible(page)
    page.locator("h1").scroll_into_view_if_needed()
    assert_like_reference(page, "dashboard-import-problems")


def test_a_valid_workbook_is_planned_then_applied(
    page: Page, served: str, sample_workbook: Path
) -> None:
    page.goto(f"{served}/#/import")
    page.get_by_test_id("import-file").set_input_files(str(sample_workbook))
    page.get_by_test_id("import-upload").click()
    plan = page.get_by_test_id("import-plan")
    plan.wait_for(timeout=WAIT_MS)
    page.get_by_test_id("import-apply").click()
    expect(page.get_by_test_id("import-applied")).to_be_visible(timeout=WAIT_MS)


def test_a_file_that_is_no_workbook_is_refused_in_chinese(
    page: Page, served: str, tmp_path: Path
) -> None:
    """The upload's refusal comes from the API, said in the page's language (Chinese here)."""
    fake = tmp_path / "report.xlsx"
    fake.write_text("<html><body>a table</body></html>", encoding="utf-8")
    page.goto(f"{served}/#/import")
    page.get_by_test_id("import-file").set_input_files(str(fake))
    page.get_by_test_id("import-upload").click()
    notice = page.get_by_test_id("error")
    expect(notice).to_contain_text("文件不是 .xlsx 工作簿：它是文本或 HTML 文档", timeout=WAIT_MS)
    expect(notice).to_contain_text("NOT_WHAT_IT_CLAIMS")
