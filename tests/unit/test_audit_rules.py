"""The rule catalogue and the rules file: what a user may change, and how a mistake is reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph_model.audit import AuditSeverity, RuleSource
from graph_model.errors import InvalidRequest
from queries.audit.cypher import RULE_PAGES, RULE_QUERIES, UNIT_PATHS
from queries.audit.memory import RULES as MEMORY_RULES
from queries.audit.rules import (
    CATALOGUE,
    DEFAULT_RULES_FILE,
    RulesFileError,
    add_months,
    load_rules,
    parameters,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_configures_all_fourteen_rules_in_order() -> None:
    rules = load_rules()
    assert [r.id for r in rules.rules] == [f"R{n:02d}" for n in range(1, 15)]
    assert all(r.enabled and r.title_en and r.title_zh and r.citation for r in rules.rules)
    assert {r.source for r in rules.rules[:8]} == {RuleSource.ARTICLE}
    assert {r.source for r in rules.rules[8:]} == {RuleSource.REGULATION}
    assert rules.origin == "default"


def test_every_rule_is_implemented_by_both_backends() -> None:
    ids = [spec.id for spec in CATALOGUE]
    assert list(MEMORY_RULES) == ids
    assert list(RULE_QUERIES) == ids


def test_a_users_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[R02]\nmonths = 6\nseverity = "info"\n\n[R12]\nterm_years = { branch = 3 }\n'
    )
    rules = load_rules(path)
    assert rules.origin == str(path)
    assert rules.get("R02").thresholds == {"months": 6}
    assert rules.get("R02").severity is AuditSeverity.INFO
    assert rules.get("R12").thresholds["term_years"] == {
        "committee": 5,
        "general_branch": 5,
        "branch": 3,
    }
    assert rules.get("R04") == load_rules().get("R04")


def test_a_copy_of_the_shipped_file_is_a_valid_rules_file(tmp_path: Path) -> None:
    copy = write(tmp_path, DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    assert load_rules(copy).rules == load_rules().rules


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "[R02]\nmonths = 'twelve'\n",
            "R02.months: must be a whole number 0 or more, not 'twelve'",
        ),
        ("[R02]\nmonths = -1\n", "R02.months: must be a whole number 0 or more, not -1"),
        ("[R02]\nmonths = true\n", "R02.months: must be a whole number 0 or more, not True"),
        ("[R02]\nweeks = 3\n", "R02.weeks: not a key of R02"),
        ("[R99]\n", "R99: not an audit rule; the rules are R01 to R14"),
        ("months = 3\n", "months: not an audit rule; the rules are R01 to R14"),
        ("R02 = 3\n", "R02: not a table"),
        ('[R01]\nseverity = "fatal"\n', "R01.severity: must be one of error, warning, info"),
        ("[R01]\nenabled = 'yes'\n", "R01.enabled: must be true or false, not 'yes'"),
        ("[R12]\nterm_years = { council = 5 }\n", "R12.term_years: must be a table with keys"),
        ("[R12]\nterm_years = { branch = 0 }\n", "R12.term_years: years must be whole numbers"),
        ("[R02\nmonths = 3\n", "not valid TOML: "),
    ],
)
def test_a_bad_rules_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RulesFileError) as caught:
        load_rules(path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"{path}: {problem}")
    assert caught.value.code == "INVALID_RULES"


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "[R02]\nmonths = 'x'\n[R03]\nlimit = 1\n[R77]\n")
    with pytest.raises(RulesFileError) as caught:
        load_rules(path)
    assert [p.split(": ")[1] for p in caught.value.problems] == ["R02.months", "R03.limit", "R77"]


def test_a_missing_rules_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesFileError, match=r"nowhere\.toml: no such file"):
        load_rules(tmp_path / "nowhere.toml")


def test_only_runs_the_named_rules_and_refuses_unknown_ones() -> None:
    rules = load_rules()
    assert [r.id for r in rules.only(["R03", " R01"]).enabled()] == ["R01", "R03"]
    with pytest.raises(InvalidRequest, match="no audit rule 'R15'; the rules are R01, R02"):
        rules.only(["R15"])


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 6, 15), -12, date(2023, 6, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 12, 31), 6, date(2024, 6, 30)),
        (date(2024, 2, 29), -60, date(2019, 2, 28)),
        (date(2024, 1, 15), 0, date(2024, 1, 15)),
    ],
)
def test_months_are_added_as_neo4j_adds_them(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_thresholds_become_the_parameters_of_one_run() -> None:
    params = parameters(load_rules(), date(2026, 11, 23))
    assert params["visitedSince"] == date(2025, 11, 23)
    assert params["termCutoffs"] == {
        "committee": date(2021, 11, 23),
        "general_branch": date(2021, 11, 23),
        "branch": date(2021, 11, 23),
    }
    assert params["projectEndedBefore"] == date(2026, 11, 23)


def test_no_audit_query_has_an_unbounded_variable_length_pattern() -> None:
    queries = [q for pages in RULE_PAGES.values() for q in pages] + [UNIT_PATHS]
    assert any("*0..32]" in q for q in queries)
    for query in queries:
        for unbounded in ("*]", "*..]", "*0..]", "*1..]"):
            assert unbounded not in query.replace(" ", "")
