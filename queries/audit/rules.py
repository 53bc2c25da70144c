"""The rule catalogue, and the rules file that sets each rule's switch, severity and thresholds.

What a rule *is* (id, titles, source, messages) lives here, next to the code that checks it;
what a user may tune lives in ``rules.toml``, shipped beside this module. ``load_rules(path)``
reads a user's copy over the shipped file: a key or rule left out keeps its shipped value, and
every mistake is reported at once, naming the file and the key.

>>> rules = load_rules()
>>> rules.get("R02").thresholds["months"], rules.get("R02").severity.value
(12, 'warning')
>>> add_months(date(2024, 3, 31), -1)
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from graph_model.audit import AuditSeverity, Rule, RuleSet, RuleSource
from graph_model.errors import InvalidRequest
from graph_model.kinds import OrgKind

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.toml")
ARTICLE, REGULATION = RuleSource.ARTICLE, RuleSource.REGULATION


class RulesFileError(InvalidRequest):
    """A rules file that cannot be used; ``problems`` lists every mistake as ``file: key: …``."""

    code = "INVALID_RULES"

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Check:
    """One way a rule can fail: the finding's message (in English, and ``zh`` in Chinese) and,
    for an absence, the missing link.

    All are ``str.format`` templates over the finding's facts, ``entity`` (its id), ``as_of``
    and the run's parameters (``params``).
    """

    message: str
    missing: str | None = None
    zh: str = field(kw_only=True)  # ``message`` in Chinese, over the same fields


@dataclass(frozen=True, slots=True)
class Spec:
    id: str
    title_en: str
    title_zh: str
    source: RuleSource
    citation: str
    checks: Mapping[str, Check]
    thresholds: tuple[str, ...] = ()


_COUNTS_ON = "counting on {as_of}"
_BRANCH_OF_PROJECT = "(:PartyOrg kind=branch)-[:FOR_PROJECT]->({entity}) existing on {as_of}"

CATALOGUE: tuple[Spec, ...] = (
    Spec(
        "R01",
        "Leaders have both kinds of liaison point",
        "班子成员建立党建联系点和党支部联系点",
        ARTICLE,
        "Article: the leadership team set up 18 party-building and 15 branch liaison points",
        {
            "no_party_building_point": Check(
                "sits on {committee} with no party-building liaison point that counts",
                "({entity})-[:ESTABLISHED]->(:LiaisonPoint kind=party_building) " + _COUNTS_ON,
                zh="为 {committee} 班子成员，但没有有效的党建联系点",
            ),
            "no_branch_point": Check(
                "sits on {committee} with no branch liaison point that counts",
                "({entity})-[:ESTABLISHED]->(:LiaisonPoint kind=branch) " + _COUNTS_ON,
                zh="为 {committee} 班子成员，但没有有效的党支部联系点",
            ),
        },
    ),
    Spec(
        "R02",
        "Liaison points are visited",
        "联系点定期调研指导",
        ARTICLE,
        "Article: 179 research and guidance visits to the liaison points in 2020",
        {
            "never_visited": Check(
                "never visited (leader {leader}, at {target})",
                "(:Person)-[:VISITED]->({entity}) on or before {as_of}",
                zh="从未调研指导（领导 {leader}，联系对象 {target}）",
            ),
            "not_visited_recently": Check(
                "last visited on {last_visit}, before {visitedSince} (leader {leader}, at "
                "{target})",
                "(:Person)-[:VISITED]->({entity}) dated {visitedSince} or later",
                zh="最近一次调研指导在 {last_visit}，早于 {visitedSince}"
                "（领导 {leader}，联系对象 {target}）",
            ),
        },
        ("months",),
    ),
    Spec(
        "R03",
        "Every branch is covered by a liaison point",
        "党支部联系点全覆盖",
        ARTICLE,
        "Article: the leaders' liaison points reach every branch",
        {
            "uncovered": Check(
                "no liaison point that counts covers the branch",
                "(:LiaisonPoint)-[:AT]->({entity}, its unit or a unit or party org above) "
                + _COUNTS_ON,
                zh="没有有效的联系点覆盖该党支部",
            )
        },
    ),
    Spec(
        "R04",
        "Teams with party members have a party group",
        "党小组建在班上",
        ARTICLE,
        "Article: party groups are built on teams (党小组建在班上)",
        {
            "no_party_group": Check(
                "{formal} formal party members and no party group built on the team",
                "(:PartyGroup)-[:BUILT_ON]->({entity})",
                zh="有 {formal} 名正式党员，但班组上未建党小组",
            )
        },
        ("min_formal_members",),
    ),
    Spec(
        "R05",
        "A party-member team leader leads the party group",
        "党员班组长兼任党小组长",
        ARTICLE,
        "Article: the team leader and the party group leader are one person",
        {
            "leader_not_group_leader": Check(
                "team leader {leader} is a formal member but does not lead {groups}",
                "({leader})-[:LEADS]->({groups})",
                zh="班组长 {leader} 是正式党员，但未担任 {groups} 的党小组长",
            )
        },
    ),
    Spec(
        "R06",
        "Branch committee members sit in party groups",
        "支委委员下沉编入党小组",
        ARTICLE,
        "Article: branch committee members are placed in party groups",
        {
            "not_in_group": Check(
                "{roles} of {branch} but in none of its party groups",
                "({entity})-[:IN_GROUP]->(:PartyGroup)-[:UNDER]->({branch})",
                zh="任 {branch} {roles}，但未编入该支部任何党小组",
            )
        },
    ),
    Spec(
        "R07",
        "Major projects have a temporary branch",
        "支部建在项目上",
        ARTICLE,
        "Article: a temporary branch on every major project (支部建在项目上)",
        {
            "no_temporary_branch": Check(
                "major project running on {as_of} with no temporary branch",
                _BRANCH_OF_PROJECT,
                zh="重大项目在 {as_of} 仍在实施，但未成立临时党支部",
            )
        },
    ),
    Spec(
        "R08",
        "Every domain has a leader in charge",
        "分管领域有班子成员负责",
        ARTICLE,
        "Article: one post, two responsibilities (一岗双责)",
        {
            "no_leader_in_charge": Check(
                "no leader is in charge of the domain",
                "(:Person leader)-[:IN_CHARGE_OF]->({entity}) valid on {as_of}",
                zh="该专业领域没有班子成员分管",
            )
        },
    ),
    Spec(
        "R09",
        "Units and long projects with party members have a branch",
        "有正式党员三人以上的单位和项目成立党支部",
        REGULATION,
        "Party Constitution art. 30; Regulations on Branch Work (2018): projects of six months "
        "or more",
        {
            "unit_without_branch": Check(
                "{formal} formal party members work in the unit and no branch is attached to it",
                "(:PartyOrg kind=branch)-[:ATTACHED_TO]->({entity}) existing on {as_of}",
                zh="本单位有 {formal} 名正式党员，但未设党支部",
            ),
            "project_without_branch": Check(
                "{formal} formal party members in the teams of a project running "
                "{projectMinMonths} months or more, and no branch",
                _BRANCH_OF_PROJECT,
                zh="项目工期 {projectMinMonths} 个月以上，其班组有 {formal} 名正式党员，"
                "但未成立党支部",
            ),
        },
        ("min_formal_members", "project_min_months"),
    ),
    Spec(
        "R10",
        "Party org size matches its kind",
        "党组织设置与党员人数相适应",
        REGULATION,
        "Regulations on Branch Work (2018): a branch has at most 50 members; SOE regulations "
        "(2019): 100+ a committee, 50-100 a general branch",
        {
            "too_large": Check(
                "{kind} with {members} members: normally a {expected}",
                zh="{kind}有 {members} 名党员，一般应设为{expected}",
            )
        },
        ("branch_max_members", "committee_min_members"),
    ),
    Spec(
        "R11",
        "Branch committee and secretary",
        "支部委员会设置与书记配备",
        REGULATION,
        "Regulations on Branch Work (2018): 7+ formal members elect a committee of 3-5 (at "
        "most 7); fewer have a secretary",
        {
            "no_secretary": Check(
                "the branch has no secretary",
                "(:Person)-[:HOLDS role=secretary]->({entity}) valid on {as_of}",
                zh="该党支部没有书记",
            ),
            "committee_size": Check(
                "{formal} formal members and a committee of {officers}: expected "
                "{committeeMin} to {committeeMax}",
                zh="有 {formal} 名正式党员，支部委员会 {officers} 人，"
                "应为 {committeeMin} 至 {committeeMax} 人",
            ),
            "committee_not_expected": Check(
                "{formal} formal members (fewer than {committeeFromFormal}) but committee "
                "members are seated: a secretary alone is expected",
                zh="有 {formal} 名正式党员（少于 {committeeFromFormal} 名），却设有支部委员，"
                "应只设书记一人",
            ),
        },
        ("committee_from_formal_members", "committee_min", "committee_max"),
    ),
    Spec(
        "R12",
        "Committees are re-elected on time",
        "按期换届",
        REGULATION,
        "Regulations on Elections in Basic-Level Organisations (2020): terms of 5 years "
        "(3 for general branches and branches under the older rule)",
        {
            "term_overdue": Check(
                "elected on {elected_on}: the {years}-year term is over",
                "electedOn on or after {cutoff}",
                zh="上次换届于 {elected_on}，{years} 年任期已届满",
            )
        },
        ("term_years",),
    ),
    Spec(
        "R13",
        "A temporary branch ends with its project",
        "临时党支部随项目结束撤销",
        REGULATION,
        "Regulations on Branch Work (2018): a temporary branch is dissolved when its task ends",
        {
            "not_dissolved": Check(
                "still exists; its project {project} ended on {end_on}",
                "dissolvedOn on or before {as_of}",
                zh="仍未撤销；所依托的项目 {project} 已于 {end_on} 结束",
            )
        },
        ("grace_days",),
    ),
    Spec(
        "R14",
        "Leaders live branch life as ordinary members",
        "双重组织生活",
        REGULATION,
        "Dual organisational life of leading cadres (双重组织生活会制度)",
        {
            "no_dual_life": Check(
                "sits on {committee} and is an ordinary member of no branch or party group",
                "({entity})-[:HOLDS role=member]->(:PartyOrg kind=branch) or "
                "({entity})-[:IN_GROUP]->(:PartyGroup)",
                zh="为 {committee} 班子成员，但未以普通党员身份编入任何党支部或党小组",
            )
        },
    ),
)
SPECS = {spec.id: spec for spec in CATALOGUE}


# -- the rules file --------------------------------------------------------------------------
def _count(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return None if ok else f"must be a whole number 0 or more, not {value!r}"


def _years_by_kind(value: Any) -> str | None:
    kinds = [k.value for k in OrgKind]
    if not isinstance(value, dict) or set(value) - set(kinds):
        return f"must be a table with keys among {', '.join(kinds)}, not {value!r}"
    bad = {k: v for k, v in value.items() if _count(v) or v == 0}
    return f"years must be whole numbers 1 or more, not {bad!r}" if bad else None


def _severity(value: Any) -> str | None:
    allowed = [s.value for s in AuditSeverity]
    return None if value in allowed else f"must be one of {', '.join(allowed)}, not {value!r}"


def _switch(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {value!r}"


_CHECKERS: dict[str, Callable[[Any], str | None]] = {"term_years": _years_by_kind}


def _checker(key: str) -> Callable[[Any], str | None]:
    return {"enabled": _switch, "severity": _severity}.get(key) or _CHECKERS.get(key, _count)


@dataclass(slots=True)
class _Reader:
    problems: list[str] = field(default_factory=list)

    def read(self, path: Path) -> dict[str, Any]:
        try:
            with path.open("rb") as handle:
                return tomllib.load(handle)
        except FileNotFoundError:
            self.problems.append(f"{path}: no such file")
        except tomllib.TOMLDecodeError as exc:
            self.problems.append(f"{path}: not valid TOML: {exc}")
        return {}

    def settings(
        self, path: Path, table: dict[str, Any], complete: bool
    ) -> dict[str, dict[str, Any]]:
        """Each rule's checked settings; ``complete`` asks for every key (the shipped file)."""
        found: dict[str, dict[str, Any]] = {}
        for rule_id, values in table.items():
            spec = SPECS.get(rule_id)
            if spec is None or not isinstance(values, dict):
                what = "a table" if spec else f"an audit rule; the rules are R01 to R{len(SPECS)}"
                self.problems.append(f"{path}: {rule_id}: not {what}")
                continue
            keys = ("enabled", "severity", *spec.thresholds)
            for key, value in values.items():
                why = _checker(key)(value) if key in keys else f"not a key of {rule_id}"
                if why:
                    self.problems.append(f"{path}: {rule_id}.{key}: {why}")
            missing = [key for key in keys if key not in values]
            if complete and missing:
                self.problems.append(f"{path}: {rule_id}: missing {', '.join(missing)}")
            found[rule_id] = {k: v for k, v in values.items() if k in keys}
        if complete and set(SPECS) - set(found):
            self.problems.append(
                f"{path}: missing rules {', '.join(sorted(set(SPECS) - set(found)))}"
            )
        return found


def load_rules(path: str | Path | None = None) -> RuleSet:
    """The shipped rules, with a user's rules file (if given) read over them."""
    reader = _Reader()
    shipped = reader.settings(DEFAULT_RULES_FILE, reader.read(DEFAULT_RULES_FILE), True)
    user = reader.settings(Path(path), reader.read(Path(path)), False) if path else {}
    if reader.problems:
        raise RulesFileError(reader.problems)
    return RuleSet(
        tuple(_rule(spec, _merged(shipped[spec.id], user.get(spec.id, {}))) for spec in CATALOGUE),
        str(path) if path else "default",
    )


def _merged(shipped: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """The user's values over the shipped ones; a table (term_years) is merged key by key."""
    return {
        key: {**value, **user.get(key, {})} if isinstance(value, dict) else user.get(key, value)
        for key, value in shipped.items()
    }


@cache
def default_rules() -> RuleSet:
    """The shipped rules, read once."""
    return load_rules()


def _rule(spec: Spec, values: dict[str, Any]) -> Rule:
    return Rule(
        id=spec.id,
        title_en=spec.title_en,
        title_zh=spec.title_zh,
        severity=AuditSeverity(values["severity"]),
        source=spec.source,
        citation=spec.citation,
        thresholds={key: values[key] for key in spec.thresholds},
        enabled=values["enabled"],
    )


# -- thresholds as the parameters of one run -------------------------------------------------
def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end as Neo4j's date arithmetic is."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:  # an audit asOf near year 1 reaches before it
        raise InvalidRequest(f"{months:+d} months from {day} is out of range")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def parameters(rules: RuleSet, day: date) -> dict[str, Any]:
    """The thresholds of every rule as the values both backends compare with (Cypher names)."""
    t = {rule.id: rule.thresholds for rule in rules.rules}
    years = dict(t["R12"]["term_years"])
    return {
        "asOf": day,
        "visitedSince": add_months(day, -t["R02"]["months"]),
        "teamMinFormal": t["R04"]["min_formal_members"],
        "unitMinFormal": t["R09"]["min_formal_members"],
        "projectMinMonths": t["R09"]["project_min_months"],
        "branchMaxMembers": t["R10"]["branch_max_members"],
        "committeeMinMembers": t["R10"]["committee_min_members"],
        "committeeFromFormal": t["R11"]["committee_from_formal_members"],
        "committeeMin": t["R11"]["committee_min"],
        "committeeMax": t["R11"]["committee_max"],
        "termYears": years,
        "termCutoffs": {kind: add_months(day, -12 * n) for kind, n in years.items()},
        "projectEndedBefore": day - timedelta(days=t["R13"]["grace_days"]),
    }
