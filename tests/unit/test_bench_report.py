"""The benchmark report's own arithmetic and rendering (bench/): no benchmarking here."""

from __future__ import annotations

import math

import pytest

from bench.render import render
from bench.report import comparisons, main
from bench.rows import Row, Section, judged, loglog_slope, measured


def test_the_report_renders_a_table_of_rows_with_targets_and_errors() -> None:
    rows = [
        measured("S: LOAD CSV", 4_811.0, "elements/s", "9.7 s"),
        judged("S: orgraph load", 7_928.0, "elements/s", "≥ LOAD CSV", met=True, ratio=1.648),
        judged("S: audit slope", 1.4, "", "≤ 1.1", met=False, ratio=1.4 / 1.1),
    ]
    section = Section("Ingest", rows, errors=["M: timed out after 900 s"], profiles={"x": "top"})

    text = render("report", {"CPU": "a cpu"}, {"Python": "3.11"}, [section])

    assert "- **CPU**: a cpu" in text and "- **Python**: 3.11" in text
    assert "| metric | value | unit | target | met? | ratio | note |" in text
    assert "| S: LOAD CSV | 4,811 | elements/s |  |  |  | 9.7 s |" in text
    assert "| S: orgraph load | 7,928 | elements/s | ≥ LOAD CSV | ✅ met | 1.65× |  |" in text
    assert "| S: audit slope | 1.4 |  | ≤ 1.1 | ❌ missed | 1.27× |  |" in text
    assert "1 of 2 targets met." in text
    assert "M: timed out after 900 s" in text
    assert "<summary>Profile: x</summary>" in text


def test_a_row_survives_its_json_form() -> None:
    row = judged("m", 1.0, "s", "< 2 s", met=True, ratio=0.5)
    assert Row.from_json(row.to_json()) == row


@pytest.mark.parametrize("power", [0.5, 1.0, 2.0])
def test_the_slope_of_a_power_law_is_its_exponent(power: float) -> None:
    sizes = [10_000, 100_000, 1_000_000]
    times = [0.003 * size**power for size in sizes]
    assert math.isclose(loglog_slope(sizes, times), power, rel_tol=1e-9)


def test_a_slope_needs_two_points() -> None:
    with pytest.raises(ValueError):
        loglog_slope([10_000], [1.0])


def test_only_takes_the_comparisons_by_their_distinct_names_and_refuses_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = [c.name for c in comparisons()]
    assert len(set(names)) == len(names) and "ingest-neo4j" in names
    with pytest.raises(SystemExit) as refused:
        main(["--only", "ingest-neo4j,ingest-csv", "--out", "/nonexistent/report.md"])
    assert refused.value.code == 2
    assert "unknown comparisons in --only 'ingest-neo4j,ingest-csv'" in capsys.readouterr().err
