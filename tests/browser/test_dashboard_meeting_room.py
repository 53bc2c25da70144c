"""The dashboard on the meeting room's screen, 1920×1080, on both backends (issue 11: "works at
1280×720 and on a 1920×1080 meeting-room screen"): the coverage map beside the day's changes and
the audit page use the width, nothing scrolls sideways, and the header stays one line. Each is
compared with its reference screenshot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.test_dashboard_audit import WARM_SECONDS, findings, open_audit
from tests.browser.test_dashboard_map import (
    DAY,
    EARLIER,
    WAIT_MS,
    open_map,
    wait_for_the_finding_counts,
)

LikeReference = Callable[..., None]

MEETING_ROOM = {"width": 1920, "height": 1080}
#: The header's items may sit this many pixels off one line (their heights differ a little).
SAME_LINE_PX = 8
#: Taller than this, the header has wrapped onto a second line (one line is about 40 px).
ONE_LINE_PX = 60

#: Where the page's parts are, measured in the browser.
LAYOUT = """selectors => {
  const box = element => element.getBoundingClientRect();
  const header = document.querySelector('.app-header');
  const found = Object.fromEntries(Object.entries(selectors).map(
    ([name, selector]) => [name, box(document.querySelector(selector))]));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    header: box(header),
    headerItems: [...header.children].map(child => {
      const b = box(child);
      return b.top + b.height / 2;
    }),
    ...found,
  };
}"""


@pytest.fixture(scope="module", autouse=True)
def warm(served: str) -> None:
    """Ask the audit once first: a cold Neo4j plans it slowly the first time (both pages ask it)."""
    findings(served, timeout=WARM_SECONDS)


def measured(page: Page, **selectors: str) -> dict[str, Any]:
    """The layout of the page, with the box of each of ``selectors`` (a CSS selector each)."""
    layout: dict[str, Any] = page.evaluate(LAYOUT, selectors)
    return layout


def assert_fits_the_screen(layout: dict[str, Any]) -> None:
    """Nothing scrolls sideways and the header is one line."""
    assert layout["scrollWidth"] <= layout["clientWidth"], "the page scrolls sideways"
    assert layout["header"]["height"] <= ONE_LINE_PX, f"the header wrapped: {layout['header']}"
    centres = layout["headerItems"]
    assert max(centres) - min(centres) <= SAME_LINE_PX, f"header items on two lines: {centres}"


def test_the_map_and_the_days_changes_sit_side_by_side_at_1920(
    page: Page, served: str, assert_like_reference: LikeReference
) -> None:
    page.set_viewport_size(MEETING_ROOM)  # type: ignore[arg-type]
    open_map(page, served, f"asOf={DAY}&compare={EARLIER}")
    page.get_by_test_id("map-diff").get_by_test_id("diff-row").first.wait_for(timeout=WAIT_MS)
    wait_for_the_finding_counts(page)
    layout = measured(page, tree=".tree-wrap", diff='[data-testid="map-diff"]', main="main")
    assert_fits_the_screen(layout)
    tree, diff, main = layout["tree"], layout["diff"], layout["main"]
    # The wide screen's layout: the diff beside the map (at 1280 it goes below), both wide.
    assert diff["left"] >= tree["right"] and diff["top"] < tree["bottom"], (tree, diff)
    assert tree["width"] >= 0.5 * MEETING_ROOM["width"], tree
    assert diff["right"] <= main["right"] and diff["width"] >= 0.3 * MEETING_ROOM["width"], diff
    # Each unit's row stays one line: name, bar and numbers side by side.
    heights = page.get_by_test_id("map-unit-row").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 2 * min(heights), heights
    assert_like_reference(page, "dashboard-map-1920")


def test_the_audit_table_uses_the_width_at_1920(
    page: Page, served: str, assert_like_reference: LikeReference
) -> None:
    page.set_viewport_size(MEETING_ROOM)  # type: ignore[arg-type]
    open_audit(page, served)
    layout = measured(page, table='[data-testid="audit-table"]', main="main")
    assert_fits_the_screen(layout)
    table, main = layout["table"], layout["main"]
    assert table["width"] >= 0.85 * main["width"], (table, main)
    assert table["right"] <= main["right"], (table, main)
    # A finding's row is one line of text, or two for a long message, never a column of words.
    heights = page.get_by_test_id("audit-row").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().height)"
    )
    assert heights and max(heights) <= 3 * min(heights), sorted(heights)[-3:]
    assert_like_reference(page, "dashboard-audit-1920")
