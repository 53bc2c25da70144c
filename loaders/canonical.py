"""The canonical order of a bundle, and what identifies a row: one bundle, one way to write it.

A graph does not remember the order its rows came in, nor the order of the ids in a list cell
(they are relationships). So that an export is the same file whichever backend wrote it and
however the graph was loaded, a snapshot is put in canonical order: the eight tables that define
ids by id, the three link tables by their identifying columns (``KEY_COLUMNS``) and then the
rest, every list cell sorted.

>>> from graph_model.records import Bundle, Domain
>>> [d.id for d in canonical(Bundle(domains=(Domain("d-2", "B"), Domain("d-1", "A")))).domains]
['d-1', 'd-2']
>>> row_key("party_roles", {"person_id": "p-1", "org_id": "o-1", "role": "member", "to": None,
...                         "from": "2020-01-01"})
('p-1', 'o-1', 'member', '2020-01-01')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from operator import attrgetter
from typing import Any

from graph_model.records import Bundle
from loaders.json_writer import BUNDLE_FIELDS, json_value
from loaders.schema import TABLES, parse_list

#: The columns that say which row of a table a row is: the id where there is one; for a seat
#: or a charge who, where, in what role and from when (its ``to`` is what a change ends); a
#: visit is all it says.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    stem: ("id",) if kind is not None else () for stem, (kind, _) in TABLES.items()
}
KEY_COLUMNS.update(
    party_roles=("person_id", "org_id", "role", "from"),
    leader_domains=("person_id", "domain_id", "from"),
    visits=("liaison_point_id", "date", "kind", "note"),
)
assert all(KEY_COLUMNS.values())

RowKey = tuple[str | None, ...]

#: Columns whose record attribute is named otherwise (``from`` is a Python keyword).
_ATTRIBUTES = {"from": "start", "to": "end"}
_COLUMNS = {attribute: column for column, attribute in _ATTRIBUTES.items()}

#: The columns holding lists, by table, and the record attribute of each.
_LIST_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    stem: tuple(c.name for c in columns if c.parse is parse_list)
    for stem, (_, columns) in TABLES.items()
}


def row_key(stem: str, row: Mapping[str, Any]) -> RowKey:
    """The identifying values of ``row`` (a ``record_row`` of table ``stem``)."""
    return tuple(row.get(column) for column in KEY_COLUMNS[stem])


def record_key(stem: str) -> Callable[[Any], RowKey]:
    """The identity of a record of table ``stem``: ``row_key`` of its row, without the row."""
    columns = KEY_COLUMNS[stem]
    if columns == ("id",):
        return lambda record: (record.id,)
    attributes = [_ATTRIBUTES.get(c, c) for c in columns]
    return lambda record: tuple(json_value(getattr(record, a)) for a in attributes)


def sort_key(values: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    """Values in an order where an empty one comes first and lists compare as text."""
    return tuple((value is not None, _text(value)) for value in values)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(map(str, value))
    return "" if value is None else str(value)


def _order(stem: str) -> Callable[[Any], Any]:
    """Where a record of ``stem`` comes in canonical order: by id, or by identity and then
    the rest of its contract columns."""
    if KEY_COLUMNS[stem] == ("id",):
        return attrgetter("id")
    identity = record_key(stem)
    rest = [_ATTRIBUTES.get(c.name, c.name) for c in TABLES[stem][1]]
    rest = [a for a in rest if _COLUMNS.get(a, a) not in KEY_COLUMNS[stem]]

    def order(record: Any) -> tuple[tuple[bool, str], ...]:
        return sort_key((*identity(record), *(json_value(getattr(record, a)) for a in rest)))

    return order


def canonical(bundle: Bundle) -> Bundle:
    """``bundle`` in canonical order (the module's rule): the same content, rows sorted."""
    tables: dict[str, tuple[Any, ...]] = {}
    for stem, field in BUNDLE_FIELDS.items():
        records = getattr(bundle, field)
        lists = _LIST_ATTRIBUTES[stem]
        if lists:
            records = [
                replace(r, **{a: tuple(sorted(getattr(r, a))) for a in lists}) for r in records
            ]
        tables[field] = tuple(sorted(records, key=_order(stem)))
    assert set(tables) == {f.name for f in fields(Bundle)}
    return Bundle(**tables)


__all__ = ["KEY_COLUMNS", "RowKey", "canonical", "record_key", "row_key", "sort_key"]
