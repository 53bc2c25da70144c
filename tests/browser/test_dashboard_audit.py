"""The dashboard's audit page in Chromium, on both backends (issue 11): filter the findings,
open one's evidence, export the view to CSV and xlsx (the files' rows checked), print on A4."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

Accessible = Callable[[Page], None]
LikeReference = Callable[..., None]

DAY = "2022-12-31"
#: Long enough for a first answer of a cold Neo4j on 2 busy cores (seen: 50 s for an audit).
WAIT_MS = 120_000


#: How long a cold Neo4j may take to plan and answer the audit the first time.
WARM_SECONDS = 600


@pytest.fixture(scope="module", autouse=True)
def warm(served: str) -> None:
    """Ask the audit once before the tests: a cold Neo4j plans it the first time (50 s seen on
    busy cores), which the tests are not about."""
    findings(served, timeout=WARM_SECONDS)


def findings(served: str, timeout: float = WAIT_MS / 1000) -> list[dict[str, Any]]:
    """The API's findings that day, as the dev mode's anonymous admin."""
    query = (
        f'{{ audit(asOf: "{DAY}") {{ findings {{ ruleId severity entity {{ id }} message }} }} }}'
    )
    request = urllib.request.Request(
        f"{served}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        found: list[dict[str, Any]] = json.load(answer)["data"]["audit"]["findings"]
    return found


def open_audit(page: Page, served: str) -> None:
    page.goto(f"{served}/#/audit?asOf={DAY}")
    page.get_by_test_id("audit-row").first.wait_for(timeout=WAIT_MS)


def test_the_audit_lists_every_finding_and_filters_by_rule_and_severity(
    page: Page, served: str, assert_accessible: Accessible, assert_like_reference: LikeReference
) -> None:
    open_audit(page, served)
    every = findings(served)
    expect(page.get_by_test_id("audit-row")).to_have_count(len(every))
    assert_accessible(page)
    assert_like_reference(page, "dashboard-audit")

    rule = every[0]["ruleId"]
    page.get_by_test_id("audit-filter-rule").select_option(rule)
    expect(page.get_by_test_id("audit-row")).to_have_count(sum(f["ruleId"] == rule for f in every))
    assert set(
        page.get_by_test_id("audit-row").evaluate_all("rows => rows.map(r => r.dataset.rule)")
    ) == {rule}
    page.get_by_test_id("audit-filter-rule").select_option("")
    page.get_by_test_id("audit-filter-severity").select_option("ERROR")
    expect(page.get_by_test_id("audit-row")).to_have_count(
        sum(f["severity"] == "ERROR" for f in every)
    )


def test_sorting_reverses_and_a_finding_opens_its_evidence(page: Page, served: str) -> None:
    open_audit(page, served)
    first_rule = page.get_by_test_id("audit-row").first.get_attribute("data-rule")
    page.get_by_test_id("audit-sort-rule").click()  # rule ascending is the default: now descending
    expect(page.get_by_test_id("audit-row").first).not_to_have_attribute(
        "data-rule", first_rule or ""
    )
    page.get_by_test_id("audit-open-evidence").first.click()
    dialog = page.get_by_test_id("audit-evidence")
    expect(dialog).to_be_visible()
    expect(dialog.locator("canvas").first).to_be_attached(timeout=WAIT_MS)
    dialog.get_by_test_id("audit-evidence-close").click()
    expect(dialog).not_to_be_visible()


def test_the_view_exports_to_csv_and_xlsx_with_its_rows(page: Page, served: str) -> None:
    open_audit(page, served)
    every = findings(served)
    rule = next(f["ruleId"] for f in every if sum(g["ruleId"] == f["ruleId"] for g in every) > 1)
    page.get_by_test_id("audit-filter-rule").select_option(rule)
    shown = sum(f["ruleId"] == rule for f in every)
    expect(page.get_by_test_id("audit-row")).to_have_count(shown)

    with page.expect_download() as csv_download:
        page.get_by_test_id("audit-export-csv").click()
    text = csv_download.value.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark, so Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == shown + 1
    assert {row[0] for row in rows[1:]} == {rule}
    assert [row[8] for row in rows[1:]] == [
        ("'" + m if m[:1] in "=+-@" else m)
        for m in (f["message"] for f in every if f["ruleId"] == rule)
    ]
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows for cell in row)

    with page.expect_download() as xlsx_download:
        page.get_by_test_id("audit-export-xlsx").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with zipfile.ZipFile(xlsx_download.value.path()) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<row ") == shown + 1


def test_the_print_view_is_a4_with_title_day_and_scope(
    page: Page, served: str, save_screenshot: Callable[[Page, str], Any]
) -> None:
    open_audit(page, served)
    page.emulate_media(media="print")
    heading = page.locator(".print-head")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text("审计报告")
    expect(heading).to_contain_text("2022")
    expect(heading).to_contain_text("全组织")
    expect(page.get_by_test_id("audit-export-csv")).not_to_be_visible()
    save_screenshot(page, "dashboard-audit-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
