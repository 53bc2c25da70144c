"""Write a bundle as the JSON form of docs/format.md: one array of row objects per table.

What ``read_bundle`` reads back is the same bundle. A row holds the contract columns in contract
order, then the extra columns kept as text; dates as ISO text, lists as arrays, booleans as
booleans; an empty value is left out of the file (``record_row`` gives it as null).

>>> from graph_model.records import Bundle, Domain
>>> bundle_document(Bundle(domains=(Domain("d-1", "Safety"),)))["domains"]
[{'id': 'd-1', 'name': 'Safety'}]
"""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Any

from graph_model.records import Bundle
from loaders.schema import TABLES

#: file stem -> the ``Bundle`` field holding its records
BUNDLE_FIELDS: dict[str, str] = {
    "domains": "domains",
    "units": "units",
    "people": "people",
    "party_orgs": "party_orgs",
    "party_roles": "seats",
    "leader_domains": "domain_charges",
    "teams": "teams",
    "party_groups": "party_groups",
    "projects": "projects",
    "liaison_points": "liaison_points",
    "visits": "visits",
}
assert set(BUNDLE_FIELDS) == set(TABLES)
assert set(BUNDLE_FIELDS.values()) == set(Bundle.__dataclass_fields__)

#: Columns whose record attribute is named otherwise (``from`` is a Python keyword).
_ATTRIBUTES = {"from": "start", "to": "end"}


def json_value(value: Any) -> Any:
    """A record's value as JSON holds it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    return value


def record_row(stem: str, record: Any) -> dict[str, Any]:
    """A record as a row of table ``stem``: contract columns in order, then extra columns."""
    _, columns = TABLES[stem]
    row = {c.name: json_value(getattr(record, _ATTRIBUTES.get(c.name, c.name))) for c in columns}
    return {**row, **{k: v for k, v in record.extra.items() if k not in row}}


def bundle_document(bundle: Bundle) -> dict[str, list[dict[str, Any]]]:
    """The bundle as docs/format.md's JSON document, empty values and empty tables left out (the
    reader takes a table's columns from its rows: an empty array would lack the required ones)."""
    return {
        stem: [
            {k: v for k, v in record_row(stem, record).items() if v is not None and v != []}
            for record in records
        ]
        for stem, field in BUNDLE_FIELDS.items()
        if (records := getattr(bundle, field))
    }


def dumps(bundle: Bundle) -> bytes:
    """The bundle's JSON document as UTF-8 bytes, one row per line."""
    document = bundle_document(bundle)
    tables = []
    for stem, rows in document.items():
        lines = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in rows)
        tables.append(f'  "{stem}": [\n{lines}\n  ]')
    return ("{\n" + ",\n".join(tables) + "\n}\n" if tables else "{}\n").encode("utf-8")


__all__ = ["BUNDLE_FIELDS", "bundle_document", "dumps", "json_value", "record_row"]
