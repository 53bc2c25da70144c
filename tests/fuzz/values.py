"""What the fuzz fills arguments with: the sample's real ids, names and dates, so that questions
reach the resolvers, mixed with junk that should be refused cleanly.

hypothesis-graphql draws every scalar from ``custom_scalars`` when it names the type, built-in
ones included, so ``ID``, ``String`` and ``Int`` are ours too: its own strings are random
letters that name nothing and never hold a lone surrogate.

Example:

```python
queries(SDL, fields=["entity"], custom_scalars=scalars(read_bundle(SAMPLE_BUNDLE).bundle))
```
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Protocol

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from api.schema.browse_paging import MAX_OFFSET, encode_cursor
from graph_model.kinds import OrgKind
from graph_model.records import Bundle
from queries.audit.rules import default_rules

Values = st.SearchStrategy[graphql.ValueNode]

#: Beyond every range: 32-bit GraphQL ints, Neo4j's 64-bit integers, Python's dates.
HUGE_INTS = (2**31 - 1, -(2**31), 2**31, 2**53 + 1, 2**63 - 1, -(2**63), 2**64, 10**40)
CHINESE = ("党支部", "桂海电网", "联系点", "安全生产", "班组", "变电", "调度", "供电局")
LONE_SURROGATES = ("x\ud800y", "\udfff", "a\udbff")
JUNK = ("", " ", "null", "'", '"', "\\", "%", "_", "*", "$id", "{", "\x00", "\u202e", "\ufeff")
CYPHER = ("') RETURN 1 //", "1 OR 1=1", "` MATCH (n) DETACH DELETE n //", "${id}")
BAD_DATES = ("2020-02-30", "2020-13-01", "20200101", "2020-1-1", "0000-01-01", "今天", "")


def ids(bundle: Bundle) -> tuple[str, ...]:
    """Every id in the sample, of every kind, in a stable order."""
    return tuple(sorted(_ids(bundle)))


def _ids(bundle: Bundle) -> Iterator[str]:
    for table in bundle.__dataclass_fields__:
        for row in getattr(bundle, table):
            row_id = getattr(row, "id", None)
            if isinstance(row_id, str):
                yield row_id


def names(bundle: Bundle) -> tuple[str, ...]:
    """A few of the sample's names, whole and in part: ``nameContains`` finds something."""
    whole = sorted({unit.name for unit in bundle.units} | {p.name for p in bundle.people[:50]})
    return tuple(whole) + tuple(sorted({name[:2] for name in whole}))


def days(bundle: Bundle) -> tuple[date, ...]:
    """The days the sample's facts start on: the days its answers change."""
    starts = {seat.start for seat in bundle.seats if seat.start is not None}
    return tuple(sorted(starts | {visit.date for visit in bundle.visits}))


def cursors() -> st.SearchStrategy[str]:
    """Cursors of real offsets, past every list, and of no offset at all."""
    offsets = st.integers(min_value=0, max_value=300) | st.sampled_from(
        (MAX_OFFSET, MAX_OFFSET + 1, *HUGE_INTS, -1)
    )
    not_offsets = st.sampled_from(("x", "01", "-1", "1e3", " 1", "١٢")).map(_b64) | st.just(
        "not base64!"
    )
    return offsets.map(encode_cursor) | not_offsets


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


def _text() -> st.SearchStrategy[str]:
    """Short strings of any character but a surrogate (those come from ``LONE_SURROGATES``)."""
    return st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)


def strings(bundle: Bundle) -> st.SearchStrategy[str]:
    """Text for ``String`` arguments: names, ids, cursors, Chinese, junk, and rarely (one branch
    in ten) a lone surrogate, which the edge must refuse."""
    return st.one_of(
        st.sampled_from(names(bundle)),
        st.sampled_from(ids(bundle)),
        cursors(),
        st.sampled_from(CHINESE),
        st.sampled_from(JUNK + CYPHER),
        _text(),
        st.sampled_from(LONE_SURROGATES),
    )


def id_values(bundle: Bundle) -> Values:
    """``ID`` arguments: mostly real ids (every kind, so also the wrong kind for the field)."""
    real = st.sampled_from(ids(bundle))
    junk = st.sampled_from(JUNK + CYPHER + CHINESE + LONE_SURROGATES) | _text()
    return st.one_of(real, real, real, junk).map(nodes.String) | st.sampled_from(HUGE_INTS).map(
        nodes.Int
    )


def ints() -> Values:
    """Page sizes and counts near their limits, and integers past every range."""
    return (st.integers(min_value=-3, max_value=120) | st.sampled_from(HUGE_INTS)).map(nodes.Int)


def date_values(bundle: Bundle) -> Values:
    """The sample's own days, the ends of the calendar, any day, and text that is no date."""
    any_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    ends = st.sampled_from((date.min, date.max, date.max - timedelta(days=1), date(1, 1, 2)))
    good = st.one_of(st.sampled_from(days(bundle)), any_day, ends).map(date.isoformat)
    return (good | st.sampled_from(BAD_DATES)).map(nodes.String)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _of(rows: Iterable[_Identified]) -> Values:
    """One of these rows' ids."""
    return st.sampled_from(sorted(row.id for row in rows)).map(nodes.String)


def fitting(bundle: Bundle) -> dict[str, Values]:
    """Values that fit an argument (or input field) of this name: ids of the kind it names,
    cursors and page sizes within their lists, a year the sample has. Most arguments get one
    (``tests.fuzz.operations``), so a question is not refused for its one bad argument of six
    and reaches the resolver; the others keep their drawn junk."""
    orgs = bundle.party_orgs
    branches = _of(o for o in orgs if o.kind == OrgKind.BRANCH)
    people = _of(bundle.people)
    leaders = st.sampled_from(sorted({lp.leader_id for lp in bundle.liaison_points}))
    units = _of(bundle.units)
    anything = st.sampled_from(ids(bundle)).map(nodes.String)
    rules = st.sampled_from([rule.id for rule in default_rules().rules]).map(nodes.String)
    return {
        "after": cursors_within(150),
        "before": cursors_within(150),
        "first": st.integers(min_value=0, max_value=100).map(nodes.Int),
        "last": st.integers(min_value=0, max_value=100).map(nodes.Int),
        "branchId": branches,
        "committeeId": _of(o for o in orgs if o.kind != OrgKind.BRANCH),
        "orgId": _of(orgs),
        "fromId": _of((*bundle.teams, *bundle.party_groups, *orgs, *bundle.projects)),
        "id": anything | st.integers(0, 99).map(lambda n: nodes.String(f"fuzz-{n}")),
        "entityId": anything,
        "leaderId": leaders.map(nodes.String) | people,
        "personId": people,
        "memberIds": _lists(people, 4),
        "domainId": _of(bundle.domains),
        "unitId": units,
        "underUnitId": units,
        "targetId": units | _of(orgs),
        "teamId": _of(bundle.teams),
        "liaisonPointId": _of(bundle.liaison_points),
        "year": st.integers(min_value=2015, max_value=2027).map(nodes.Int),
        "rules": _lists(rules, 3),
        "nameContains": st.sampled_from(names(bundle)).map(nodes.String),
    }


def _lists(items: Values, most: int) -> Values:
    """A list literal of up to ``most`` of ``items``."""
    return st.lists(items, max_size=most).map(lambda values: nodes.List(values))


def cursors_within(offsets: int) -> Values:
    """The cursor of an item within the first ``offsets`` of a list."""
    return st.integers(min_value=0, max_value=offsets).map(encode_cursor).map(nodes.String)


def scalars(bundle: Bundle) -> dict[str, Values]:
    """Strategies for every scalar of the schema, keyed by its name (hypothesis-graphql's
    ``custom_scalars``)."""
    moments = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1))
    return {
        "ID": id_values(bundle),
        "String": strings(bundle).map(nodes.String),
        "Int": ints(),
        "Date": date_values(bundle),
        "DateTime": moments.map(datetime.isoformat).map(nodes.String),
        "JSON": st.just(nodes.String("{}")),
    }
