"""A caller scoped to one bureau reaches nothing outside it, through any field of the schema.

``PROBES`` maps every field of ``Query`` and ``Mutation`` to the questions that try it: from
inside the scope (every answer is walked, and each entity id it names — in an id field or
anywhere in a string: notes, messages, keys, JSON rows — must be visible to the caller), and
with ids outside the scope (the answer must be the one an unknown id gets, word for word). The
map must cover the schema: a field added without probes fails the first test. Selections are
generated from the schema (tests/support/selections.py), entities two links deep, so nested
fields are tried too, a new one included. What the caller may see is the oracle's
(tests/support/scope_oracle.py), computed from the records, not the backend's.

Runs for two bureaus, on both backends: ``u-b09``, covered by its own leaders, and ``u-b01``,
where a company leader holds a liaison point (visible, with nothing of the company around him).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import Role
from api.http.app import create_app
from api.settings import Settings
from graph_model.kinds import OrgKind, SeatRole
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from tests.support.auth import bearer, with_test_key
from tests.support.scope_oracle import every_id, visible
from tests.support.selections import GQL, Selections

UNKNOWN = "zz-nowhere"
WIDE_OPEN = Settings(
    max_depth=100,
    max_tokens=10_000_000,
    max_aliases=10_000,
    max_cost=10**12,
    max_body_bytes=100_000_000,
)
TOKEN = re.compile(r"[A-Za-z0-9][\w-]*")
LEADER_ROLES = {SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.COMMITTEE_MEMBER}


# -- the organisation as the caller may see it --------------------------------------------------
@dataclass
class World:
    """The sample, a scope in it, and ids inside and outside the scope to probe with."""

    bundle: Bundle
    unit: str
    seen: frozenset[str] = field(init=False)
    every: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.seen = visible(self.bundle, self.unit)
        self.every = every_id(self.bundle)

    def ids(
        self, table: str, inside: bool, where: Callable[[Any], bool] = lambda _: True
    ) -> list[str]:
        rows = getattr(self.bundle, table)
        return [r.id for r in rows if where(r) and (r.id in self.seen) == inside]

    def one(self, table: str, inside: bool, where: Callable[[Any], bool] = lambda _: True) -> str:
        found = self.ids(table, inside, where)
        assert found, f"the sample has no {table} {'in' if inside else 'out of'} {self.unit}"
        return found[0]

    def branches(self, inside: bool) -> list[str]:
        return self.ids("party_orgs", inside, lambda o: o.kind is OrgKind.BRANCH)

    def committees(self, inside: bool) -> list[str]:
        return self.ids("party_orgs", inside, lambda o: o.kind is OrgKind.COMMITTEE)

    def leaders(self, inside: bool) -> list[str]:
        committees = {o.id for o in self.bundle.party_orgs if o.kind is OrgKind.COMMITTEE}
        seated = {
            s.person_id
            for s in self.bundle.seats
            if s.role in LEADER_ROLES and s.org_id in committees
        }
        return self.ids("people", inside, lambda p: p.id in seated)

    def subunit(self) -> str:
        """A unit strictly inside the scope."""
        return self.one("units", True, lambda u: u.id != self.unit)

    def outside_units(self) -> list[str]:
        """The scope's parent, and a unit elsewhere."""
        parent = next(u.parent_id for u in self.bundle.units if u.id == self.unit)
        assert parent is not None
        return [parent, self.one("units", False, lambda u: u.id != parent)]

    def every_kind(self, inside: bool) -> list[str]:
        """An id of each kind of entity (three people: outside leaders among them)."""
        tables = ("units", "party_orgs", "teams", "party_groups", "projects", "liaison_points")
        found = [i for t in tables for i in self.ids(t, inside)[:1]]
        return [*found, *self.ids("people", inside)[:1], *self.leaders(inside)[:2]]

    def leaked(self, answer: Any) -> set[str]:
        """Every entity id named anywhere in ``answer`` that the caller may not see."""
        return {t for t in _tokens(answer) if t in self.every and t not in self.seen}

    def named(self, answer: Any) -> set[str]:
        return {t for t in _tokens(answer) if t in self.seen and not t.startswith("d-")}


def _tokens(answer: Any) -> Iterator[str]:
    if isinstance(answer, str):
        yield from TOKEN.findall(answer)
    elif isinstance(answer, dict):
        for value in answer.values():
            yield from _tokens(value)
    elif isinstance(answer, list):
        for value in answer:
            yield from _tokens(value)


# -- the probes ---------------------------------------------------------------------------------
@dataclass
class Probes:
    """Questions from inside the scope, and (template, id) pairs reaching outside it: the
    template is asked with the id and with an unknown id, and must get the same answer."""

    inside: list[str] = field(default_factory=list)
    outside: list[tuple[str, str]] = field(default_factory=list)


def fill(template: str, entity_id: str) -> str:
    """``template`` asking about ``entity_id`` (its ``@ID@``)."""
    return template.replace("@ID@", entity_id)


def _all(name: str, template: str, ids: list[str]) -> str:
    """One query asking ``template`` once per id, aliased."""
    return "{ " + " ".join(f"{name}{i}: " + fill(template, x) for i, x in enumerate(ids)) + " }"


def _by_id(
    name: str, selection: str, ids: Callable[[World, bool], list[str]], arg: str = "id"
) -> Callable[[World, Selections], Probes]:
    """Probes of a field taking one id: every id inside at once; each kind outside."""

    def probes(w: World, s: Selections) -> Probes:
        template = f'{name}({arg}: "@ID@") {s.of(selection, 2)}'
        return Probes(
            inside=[_all("a", template, ids(w, True))],
            outside=[("{ " + template + " }", x) for x in ids(w, False)[:3]],
        )

    return probes


def _under(name: str, selection: str, args: str = "") -> Callable[[World, Selections], Probes]:
    """Probes of a field taking ``underUnitId``: none (the scope), a unit inside, units outside."""

    def probes(w: World, s: Selections) -> Probes:
        sel = s.of(selection, 2)
        sep = ", " if args else ""
        plain = f"{name}({args}) {sel}" if args else f"{name} {sel}"
        under = f'{name}({args}{sep}underUnitId: "@ID@") {sel}'
        return Probes(
            inside=["{ " + plain + " }", "{ " + fill(under, w.subunit()) + " }"],
            outside=[("{ " + under + " }", x) for x in w.outside_units()],
        )

    return probes


def _listing(
    name: str, connection: str, under: bool = True
) -> Callable[[World, Selections], Probes]:
    """Probes of a browse list: all of it (entities one link deep, counts by every grouping),
    within a unit of the scope, and filtered on units outside."""

    def probes(w: World, s: Selections) -> Probes:
        sel = s.of(connection, 1)
        inside = ["{ " + f"{name} {sel}" + " }"]
        outside = []
        if under:
            filtered = f'{name}(filter: {{underUnitId: "@ID@"}}) {sel}'
            inside.append("{ " + fill(filtered, w.subunit()) + " }")
            outside = [("{ " + filtered + " }", x) for x in w.outside_units()]
        return Probes(inside=inside, outside=outside)

    return probes


def _figures(w: World, s: Selections) -> Probes:
    template = 'figures(year: @YEAR@, committeeId: "@ID@") ' + s.of("YearFigures", 2)
    years = [template.replace("@YEAR@", str(y)) for y in (2020, 2022, 2025)]
    inside = [
        "{ "
        + " ".join(
            f"y{i}_{j}: " + fill(t, c)
            for i, t in enumerate(years)
            for j, c in enumerate(w.committees(True))
        )
        + " }"
    ]
    return Probes(
        inside=inside, outside=[("{ " + years[0] + " }", c) for c in w.committees(False)[:2]]
    )


def _chain(w: World, s: Selections) -> Probes:
    def starts(w: World, inside: bool) -> list[str]:
        return [
            *w.ids("teams", inside),
            *w.ids("party_groups", inside),
            *w.ids("party_orgs", inside),
            *w.ids("projects", inside),
        ]

    return _by_id("responsibilityChain", "ResponsibilityChain", starts, arg="fromId")(w, s)


def _node(w: World, s: Selections) -> Probes:
    template = 'node(id: "@ID@") ' + s.of("Node", 2)
    return Probes(
        inside=[_all("n", template, w.every_kind(True))],
        outside=[("{ " + template + " }", x) for x in w.every_kind(False)],
    )


def _entity(w: World, s: Selections) -> Probes:
    template = 'entity(id: "@ID@") ' + s.of("Entity", 1)
    return Probes(
        inside=[_all("e", template, w.every_kind(True))],
        outside=[("{ " + template + " }", x) for x in w.every_kind(False)],
    )


def _changes(w: World, s: Selections) -> Probes:
    sel = s.of("ChangeConnection", 1)
    template = 'changes(entityId: "@ID@") ' + sel
    return Probes(
        inside=["{ changes " + sel + " }", "{ " + fill(template, w.unit) + " }"],
        outside=[
            ("{ " + template + " }", x) for x in [*w.outside_units(), *w.every_kind(False)[-3:]]
        ],
    )


# Mutations: from inside the scope each is applied; naming something outside, it is refused as
# naming what does not exist. ``@ID@`` is where the outside id goes; the rest is inside.
def _mutation(
    name: str, inputs: Callable[[World], tuple[str, list[tuple[str, str]]]]
) -> Callable[[World, Selections], Probes]:
    def probes(w: World, s: Selections) -> Probes:
        good, bad = inputs(w)
        sel = s.of("ChangePayload", 1)
        return Probes(
            inside=[f"mutation {{ {name}(input: {{{good}}}) {sel} }}"],
            outside=[
                (f"mutation {{ {name}(input: {{{template}}}) {sel} }}", x) for template, x in bad
            ],
        )

    return probes


def _point_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    leader, branch = w.leaders(True)[0], w.branches(True)[0]
    good = (
        f'id: "lp-test-{w.unit}", leaderId: "{leader}", kind: BRANCH, targetId: "{branch}", '
        'from: "2026-01-01"'
    )
    return good, [
        (
            f'id: "lp-x-{w.unit}", leaderId: "@ID@", kind: BRANCH, targetId: "{branch}"',
            w.leaders(False)[0],
        ),
        (
            f'id: "lp-x-{w.unit}", leaderId: "{leader}", kind: BRANCH, targetId: "@ID@"',
            w.branches(False)[0],
        ),
    ]


def _visit_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    point = w.one("liaison_points", True)
    return f'liaisonPointId: "{point}", date: "2026-02-01"', [
        ('liaisonPointId: "@ID@", date: "2026-02-01"', w.one("liaison_points", False))
    ]


def _end_point_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    return f'id: "lp-test-{w.unit}", on: "2026-03-01"', [
        ('id: "@ID@", on: "2026-03-01"', w.one("liaison_points", False, lambda lp: lp.end is None))
    ]


def _seat_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    person, branch = w.one("people", True), w.branches(True)[-1]
    good = f'personId: "{person}", orgId: "{branch}", role: MEMBER, from: "2026-01-01"'
    return good, [
        (f'personId: "{person}", orgId: "@ID@", role: MEMBER', w.branches(False)[0]),
        (f'personId: "@ID@", orgId: "{branch}", role: MEMBER', w.one("people", False)),
    ]


def _end_seat_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    person, branch = w.one("people", True), w.branches(True)[-1]
    good = (
        f'personId: "{person}", orgId: "{branch}", role: MEMBER, on: "2026-04-01", '
        'from: "2026-01-01"'
    )
    return good, [
        (
            f'personId: "{person}", orgId: "@ID@", role: MEMBER, on: "2026-04-01"',
            w.branches(False)[0],
        )
    ]


def _charge_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    domain = w.bundle.domains[0].id
    return f'personId: "{w.leaders(True)[0]}", domainId: "{domain}", from: "2026-01-01"', [
        (f'personId: "@ID@", domainId: "{domain}"', w.leaders(False)[0])
    ]


def _group_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    branch, team = w.branches(True)[0], w.one("teams", True)
    good = f'id: "g-test-{w.unit}", name: "test group", branchId: "{branch}", teamId: "{team}"'
    return good, [
        (
            f'id: "g-x-{w.unit}", name: "x", branchId: "@ID@", teamId: "{team}"',
            w.branches(False)[0],
        ),
        (
            f'id: "g-x-{w.unit}", name: "x", branchId: "{branch}", teamId: "@ID@"',
            w.one("teams", False),
        ),
    ]


def _move_inputs(w: World) -> tuple[str, list[tuple[str, str]]]:
    team = next(t for t in w.bundle.teams if t.id in w.seen)
    there = w.one("units", True, lambda u: u.id != team.unit_id)
    return f'teamId: "{team.id}", unitId: "{there}"', [
        (f'teamId: "{team.id}", unitId: "@ID@"', w.outside_units()[1]),
        (f'teamId: "@ID@", unitId: "{there}"', w.one("teams", False)),
    ]


PROBES: dict[str, Callable[[World, Selections], Probes]] = {
    # Query: coverage and chains
    "branchCoverage": _by_id("branchCoverage", "Coverage", World.branches, arg="branchId"),
    "leaderCoverage": _by_id("leaderCoverage", "Coverage", World.leaders, arg="leaderId"),
    "uncoveredBranches": _under("uncoveredBranches", "Entity"),
    "responsibilityChain": _chain,
    "entity": _entity,
    # Query: insights and audit
    "explainUncovered": _by_id(
        "explainUncovered", "UncoveredExplanation", World.branches, arg="branchId"
    ),
    "coverageDiff": _under(
        "coverageDiff", "BranchCoverageChange", 'from: "2020-01-01", to: "2026-06-30"'
    ),
    "leaderWorkload": _under("leaderWorkload", "LeaderWorkload", 'visitsFrom: "2019-01-01"'),
    "dataCompleteness": _under("dataCompleteness", "DataCompleteness"),
    "figures": _figures,
    "audit": _under("audit", "AuditReport"),
    # Query: browsing
    "node": _node,
    "units": _listing("units", "UnitSearchConnection"),
    "domains": _listing("domains", "DomainSearchConnection", under=False),
    "people": _listing("people", "PersonSearchConnection"),
    "partyOrgs": _listing("partyOrgs", "PartyOrgSearchConnection"),
    "partyGroups": _listing("partyGroups", "PartyGroupSearchConnection"),
    "teams": _listing("teams", "TeamSearchConnection"),
    "projects": _listing("projects", "ProjectSearchConnection"),
    "liaisonPoints": _listing("liaisonPoints", "LiaisonPointSearchConnection"),
    "changes": _changes,
    # Mutation, in the order they build on each other
    "setUpLiaisonPoint": _mutation("setUpLiaisonPoint", _point_inputs),
    "endLiaisonPoint": _mutation("endLiaisonPoint", _end_point_inputs),
    "recordVisit": _mutation("recordVisit", _visit_inputs),
    "appointSeat": _mutation("appointSeat", _seat_inputs),
    "endSeat": _mutation("endSeat", _end_seat_inputs),
    "chargeDomain": _mutation("chargeDomain", _charge_inputs),
    "createPartyGroup": _mutation("createPartyGroup", _group_inputs),
    "moveTeam": _mutation("moveTeam", _move_inputs),
}
QUERIES = [f for f in PROBES if f in GQL.query_type.fields]
MUTATIONS = [f for f in PROBES if GQL.mutation_type and f in GQL.mutation_type.fields]


def test_every_field_of_the_schema_has_probes() -> None:
    fields = set(GQL.query_type.fields)
    if GQL.mutation_type is not None:
        fields |= set(GQL.mutation_type.fields)
    assert set(PROBES) == fields, "add probes for the new fields (and drop those of gone ones)"


# -- the callers --------------------------------------------------------------------------------
@dataclass
class Caller:
    client: TestClient
    world: World

    def ask(self, query: str) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="module", params=["u-b09", "u-b01"])
def world(request: pytest.FixtureRequest) -> World:
    return World(read_bundle(SAMPLE_BUNDLE).bundle, request.param)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return with_test_key(WIDE_OPEN)


@pytest.fixture(scope="module")
def app_clients(sample_backend: Backend, settings: Settings) -> Iterator[Callable[..., TestClient]]:
    app = create_app(settings, backend=sample_backend)
    opened: list[TestClient] = []

    def client(role: Role, scope: str | None) -> TestClient:
        made = TestClient(app, headers=bearer(settings, role, scope))
        opened.append(made.__enter__())
        return made

    yield client
    for made in opened:
        made.__exit__(None, None, None)


@pytest.fixture(scope="module")
def scoped(app_clients: Callable[..., TestClient], world: World, a_change_outside: None) -> Caller:
    """An editor scoped to the world's unit (an editor: the mutations are probed too)."""
    return Caller(app_clients(Role.EDITOR, world.unit), world)


@pytest.fixture(scope="module")
def admin(app_clients: Callable[..., TestClient], world: World) -> Caller:
    return Caller(app_clients(Role.ADMIN, None), world)


@pytest.fixture(scope="module")
def a_change_outside(admin: Caller) -> None:
    """The trail holds a change outside the scope, which the scoped caller must not see."""
    point = admin.world.one("liaison_points", False)
    done = admin.ask(
        f'mutation {{ recordVisit(input: {{liaisonPointId: "{point}", date: "2026-01-05"}}) '
        "{ ok } }"
    )
    assert done["data"]["recordVisit"]["ok"], done


# -- the probes, asked --------------------------------------------------------------------------
@pytest.mark.parametrize("field_name", QUERIES)
def test_inside_the_scope_every_answer_names_only_what_the_caller_may_see(
    scoped: Caller, field_name: str
) -> None:
    selections = Selections()
    probes = PROBES[field_name](scoped.world, selections)
    assert probes.inside, f"{field_name}: no probe from inside the scope"
    named: set[str] = set()
    for query in probes.inside:
        answer = scoped.ask(selections.document(query))
        assert "errors" not in answer, (query[:200], answer["errors"])
        assert not scoped.world.leaked(answer), (field_name, scoped.world.leaked(answer))
        named |= scoped.world.named(answer)
    none_there = field_name == "projects" and not scoped.world.ids("projects", True)
    if field_name not in MAY_BE_EMPTY and not none_there:  # empty answers would prove nothing
        assert named - {scoped.world.unit}, f"{field_name}: the probes found nothing"


#: Fields whose answers inside a bureau may rightly name nothing but the bureau itself.
MAY_BE_EMPTY = {"domains", "changes", "uncoveredBranches", "dataCompleteness"}


@pytest.mark.parametrize("field_name", [*QUERIES, *MUTATIONS])
def test_outside_the_scope_every_id_is_answered_as_an_unknown_one(
    scoped: Caller, admin: Caller, field_name: str
) -> None:
    selections = Selections()
    probes = PROBES[field_name](scoped.world, selections)
    if field_name == "domains":
        assert not probes.outside  # every domain is visible: nothing outside to ask for
        return
    assert probes.outside, f"{field_name}: no probe reaching outside the scope"
    trail = admin.ask("{ changes { totalCount } }")
    for template, outside in probes.outside:
        assert outside not in scoped.world.seen and outside in scoped.world.every
        answer = scoped.ask(selections.document(fill(template, outside)))
        unknown = scoped.ask(selections.document(fill(template, UNKNOWN)))
        assert _same(answer, outside) == _same(unknown, UNKNOWN), (field_name, outside, answer)
        leaked = scoped.world.leaked(answer) - {outside}  # the id asked about, echoed back
        assert not leaked, (field_name, outside, leaked)
    assert admin.ask("{ changes { totalCount } }") == trail, "a refused change wrote something"


def _same(answer: dict[str, Any], entity_id: str) -> str:
    """The answer with the id asked about, and the request's own id, left out."""
    text = json.dumps(answer, sort_keys=True).replace(entity_id, "<ID>")
    return _REQUEST_ID.sub('"requestId": "<request>"', text)


#: Each request has an id of its own (api/http/request_id.py), in every error's extensions.
_REQUEST_ID = re.compile(r'"requestId": "[^"]*"')


# -- aggregates ----------------------------------------------------------------------------------
LISTS = {
    "units": "units",
    "people": "people",
    "partyOrgs": "party_orgs",
    "partyGroups": "party_groups",
    "teams": "teams",
    "projects": "projects",
    "liaisonPoints": "liaison_points",
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_and_their_counts_hold_exactly_what_belongs_to_the_scope(
    scoped: Caller, name: str
) -> None:
    answer = scoped.ask(f"{{ {name} {{ totalCount countBy(groupBy: UNIT) {{ key count }} }} }}")
    found = answer["data"][name]
    w = scoped.world
    if name == "people":  # the people working in the scope's units
        units = {u.id for u in w.bundle.units if u.id in w.seen}
        assert found["totalCount"] == sum(1 for p in w.bundle.people if p.unit_id in units)
    else:
        assert found["totalCount"] == len(w.ids(LISTS[name], True))
    assert sum(b["count"] for b in found["countBy"]) == found["totalCount"]
    assert all(b["key"] is None or b["key"] in w.seen for b in found["countBy"])


def test_every_domain_is_listed(scoped: Caller) -> None:
    answer = scoped.ask("{ domains { totalCount } }")
    assert answer["data"]["domains"]["totalCount"] == len(scoped.world.bundle.domains)


UNDER_THE_SCOPE = [
    '{ uncoveredBranches(underUnitId: "<U>") { id } }',
    '{ coverageDiff(from: "2020-01-01", to: "2026-06-30", underUnitId: "<U>") '
    "{ branch { id } change added { leader { id } } removed { leader { id } } } }",
    '{ dataCompleteness(underUnitId: "<U>") { branchesWithoutSecretary { checked count } '
    "teamsWithoutLeader { checked count } peopleWithoutUnit { checked count missing { id } } } }",
    '{ leaderWorkload(underUnitId: "<U>", visitsFrom: "2019-01-01") { leader { id } '
    "seats { committee { id } } partyBuildingPoints branchPoints branchesCovered visits "
    "lastVisit } }",
    '{ audit(underUnitId: "<U>") { findings { ruleId entity { id } } countsByRule { ruleId count } '
    "countsBySeverity { severity count } countsByUnit { unit { id } count } } }",
    '{ units(filter: {underUnitId: "<U>"}) { totalCount nodes { id coverage { branches covered '
    "} } } }",
]


@pytest.mark.parametrize("question", UNDER_THE_SCOPE)
def test_within_its_scope_a_caller_gets_what_an_admin_gets_under_its_unit(
    scoped: Caller, admin: Caller, question: str
) -> None:
    """Nothing inside the scope is cut, no count is off, and a question without ``underUnitId``
    asks about the scope."""
    unit = scoped.world.unit
    as_admin = admin.ask(question.replace("<U>", unit))
    assert "errors" not in as_admin
    assert scoped.ask(question.replace("<U>", unit)) == as_admin
    implicit = question.replace('underUnitId: "<U>"', "").replace("()", "")
    assert scoped.ask(implicit.replace("(filter: {})", "")) == as_admin


# -- changes, last: they write ---------------------------------------------------------------------
@pytest.mark.parametrize("field_name", MUTATIONS)
def test_inside_the_scope_changes_apply_and_name_only_what_the_caller_may_see(
    scoped: Caller, field_name: str
) -> None:
    selections = Selections()
    [query] = PROBES[field_name](scoped.world, selections).inside
    answer = scoped.ask(selections.document(query))
    assert "errors" not in answer, answer["errors"]
    payload = answer["data"][field_name]
    assert payload["ok"], payload
    assert not scoped.world.leaked(answer), (field_name, scoped.world.leaked(answer))
    assert scoped.world.named(answer)
