"""How soon the dashboard's coverage map shows its rows on a generated organisation (issue 11:
under 2 s at M), in Debian's Chromium driven by Playwright, against ``orgraph serve`` on the
embedded backend:

    uv run python -m bench.dashboard_paint                  # M (100k people), 4 page loads
    uv run python -m bench.dashboard_paint --people 10000

Each load is a new browser context (nothing cached), from ``goto`` to the first row of the
unit tree, with the browser's own first-contentful-paint beside it, then to the finding counts
(the audit, asked after the tree). Needs web/dist (``scripts/build-web``) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.soak import serving
from loaders.generate import generate, write_csv

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # this machine's closed network refuses them
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 300_000


def one_load(browser: Browser, url: str) -> str:
    """Open the map in a fresh context; the line saying how long its parts took."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = context.new_page()
    started = time.monotonic()
    page.goto(url)
    page.get_by_test_id("map-unit-row").first.wait_for(timeout=WAIT_MS)
    rows = time.monotonic() - started
    paint = page.evaluate(
        "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
    )
    page.get_by_test_id("map-findings").first.filter(has_not_text="…").wait_for(timeout=WAIT_MS)
    findings = time.monotonic() - started
    context.close()
    return (
        f"map rows after {rows:.2f} s (first contentful paint {paint:.0f} ms), "
        f"finding counts after {findings:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--loads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paint-") as folder:
        bundle, state = Path(folder) / "bundle", Path(folder) / "state"
        write_csv(generate(args.people, seed=args.seed), bundle)
        with (
            serving(bundle, state, timeout=600, workers=1) as (graphql_url, _),
            sync_playwright() as p,
        ):
            site = graphql_url.removesuffix("graphql")
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            print(f"{args.people} people, embedded backend, {site}")
            for load in range(1, args.loads + 1):
                print(f"load {load}: {one_load(browser, site)}")
            browser.close()


if __name__ == "__main__":
    main()
