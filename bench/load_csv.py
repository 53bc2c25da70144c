"""The baseline a Neo4j user would write instead of orgraph's loader: ``LOAD CSV`` over the
bundle's own CSV files, ``CALL { … } IN TRANSACTIONS OF n ROWS``, nodes first, then one
statement per relationship type, into a store with an index by id on each label (``SCHEMA``,
what such a user creates first, so that ``MATCH`` on an id is an index seek). It builds the
same graph as ``graph_model.elements``: same labels, properties (dates as dates) and
relationships.

LOAD CSV reads empty fields as null, so optional columns need no special care.

>>> statements = load_csv_script("http://h/", {"domains.csv": ["id", "name", "name_en"]}, 10)
>>> "name_en: row.name_en" in statements[0]
True
>>> " ".join(MATCHED_LABELS)
'Domain Entity LiaisonPoint PartyGroup PartyOrg Person Project Team Unit'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path

# Per node table: its label and the properties the contract columns become.
NODE_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "domains": ("Domain", {"id": "row.id", "name": "row.name"}),
    "units": ("Unit", {"id": "row.id", "name": "row.name", "kind": "row.kind"}),
    "people": (
        "Person",
        {"id": "row.id", "name": "row.name", "partyStatus": "row.party_status"},
    ),
    "party_orgs": (
        "PartyOrg",
        {
            "id": "row.id",
            "name": "row.name",
            "kind": "row.kind",
            "branchKind": "row.branch_kind",
            "establishedOn": "date(row.established_on)",
            "dissolvedOn": "date(row.dissolved_on)",
            "electedOn": "date(row.elected_on)",
            "benchmarkDomainId": "row.benchmark_domain_id",
            "benchmarkCategory": "row.benchmark_category",
        },
    ),
    "teams": ("Team", {"id": "row.id", "name": "row.name"}),
    "party_groups": ("PartyGroup", {"id": "row.id", "name": "row.name"}),
    "projects": (
        "Project",
        {
            "id": "row.id",
            "name": "row.name",
            "major": "toBoolean(row.major)",
            "startOn": "date(row.start_on)",
            "endOn": "date(row.end_on)",
        },
    ),
    "liaison_points": (
        "LiaisonPoint",
        {
            "id": "row.id",
            "name": "row.id",
            "kind": "row.kind",
            "from": "date(row.from)",
            "to": "date(row.to)",
        },
    ),
}
# Columns that become relationships, not properties.
LINK_COLUMNS = {
    "parent_id",
    "unit_id",
    "team_id",
    "project_id",
    "domain_ids",
    "domain_id",
    "leader_id",
    "branch_id",
    "member_ids",
    "target_id",
}

# (table, the MATCH of both ends, the relationship created between ``a`` and ``b``).
_SEEK = re.compile(r"\(\w+:(\w+) \{id: ")  # ``(a:Person {id: …`` gives Person
RELATIONSHIPS: tuple[tuple[str, str, str], ...] = (
    ("units", "MATCH (a:Unit {id: row.id}), (b:Unit {id: row.parent_id})", "[:PART_OF]"),
    (
        "units",
        "UNWIND split(coalesce(row.domain_ids, ''), ';') AS d WITH row, d WHERE d <> '' "
        "MATCH (a:Unit {id: row.id}), (b:Domain {id: d})",
        "[:IN_DOMAIN]",
    ),
    ("people", "MATCH (a:Person {id: row.id}), (b:Unit {id: row.unit_id})", "[:WORKS_IN]"),
    ("people", "MATCH (a:Person {id: row.id}), (b:Team {id: row.team_id})", "[:IN_TEAM]"),
    (
        "party_orgs",
        "MATCH (a:PartyOrg {id: row.id}), (b:PartyOrg {id: row.parent_id})",
        "[:REPORTS_TO]",
    ),
    (
        "party_orgs",
        "MATCH (a:PartyOrg {id: row.id}), (b:Unit {id: row.unit_id})",
        "[:ATTACHED_TO]",
    ),
    (
        "party_orgs",
        "MATCH (a:PartyOrg {id: row.id}), (b:Project {id: row.project_id})",
        "[:FOR_PROJECT]",
    ),
    (
        "party_roles",
        "MATCH (a:Person {id: row.person_id}), (b:PartyOrg {id: row.org_id})",
        "[:HOLDS {role: row.role, from: date(row.from), to: date(row.to)}]",
    ),
    (
        "leader_domains",
        "MATCH (a:Person {id: row.person_id}), (b:Domain {id: row.domain_id})",
        "[:IN_CHARGE_OF {from: date(row.from), to: date(row.to)}]",
    ),
    ("teams", "MATCH (a:Team {id: row.id}), (b:Unit {id: row.unit_id})", "[:BELONGS_TO]"),
    ("teams", "MATCH (a:Person {id: row.leader_id}), (b:Team {id: row.id})", "[:LEADS]"),
    ("teams", "MATCH (a:Team {id: row.id}), (b:Domain {id: row.domain_id})", "[:IN_DOMAIN]"),
    (
        "teams",
        "MATCH (a:Team {id: row.id}), (b:Project {id: row.project_id})",
        "[:ASSIGNED_TO]",
    ),
    (
        "party_groups",
        "MATCH (a:PartyGroup {id: row.id}), (b:PartyOrg {id: row.branch_id})",
        "[:UNDER]",
    ),
    (
        "party_groups",
        "MATCH (a:PartyGroup {id: row.id}), (b:Team {id: row.team_id})",
        "[:BUILT_ON]",
    ),
    (
        "party_groups",
        "MATCH (a:Person {id: row.leader_id}), (b:PartyGroup {id: row.id})",
        "[:LEADS]",
    ),
    (
        "party_groups",
        "UNWIND split(coalesce(row.member_ids, ''), ';') AS m WITH row, m WHERE m <> '' "
        "MATCH (a:Person {id: m}), (b:PartyGroup {id: row.id})",
        "[:IN_GROUP]",
    ),
    ("projects", "MATCH (a:Project {id: row.id}), (b:Unit {id: row.unit_id})", "[:OWNED_BY]"),
    (
        "projects",
        "MATCH (a:Project {id: row.id}), (b:Domain {id: row.domain_id})",
        "[:IN_DOMAIN]",
    ),
    (
        "liaison_points",
        "MATCH (a:Person {id: row.leader_id}), (b:LiaisonPoint {id: row.id})",
        "[:ESTABLISHED]",
    ),
    (
        "liaison_points",
        "MATCH (a:LiaisonPoint {id: row.id}), (b:Entity {id: row.target_id})",
        "[:AT]",
    ),
    (
        "visits",
        "MATCH (a:Person)-[:ESTABLISHED]->(b:LiaisonPoint {id: row.liaison_point_id})",
        "[:VISITED {date: date(row.date), kind: row.kind, note: row.note}]",
    ),
)


def headers(folder: Path) -> dict[str, list[str]]:
    """Each CSV file's header row, by file name."""
    found = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found[path.name] = next(csv.reader(handle), [])
    return found


#: The labels the script's ``MATCH``es seek an id on: each kind's, and ``:Entity`` for a link whose
#: end may be of any kind (a liaison point's target).
MATCHED_LABELS: tuple[str, ...] = tuple(
    sorted({label for _, match, _ in RELATIONSHIPS for label in _SEEK.findall(match)})
)
#: The indexes those ``MATCH``es seek by, one by id per label, created before the script runs
#: (without one, a ``MATCH`` scans its label for every row: an L load ran for over 16 minutes).
SCHEMA: tuple[str, ...] = tuple(
    f"CREATE INDEX csv_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)"
    for label in MATCHED_LABELS
)


def load_csv_script(base_url: str, header_of: Mapping[str, list[str]], batch: int) -> list[str]:
    """The statements, in order, loading the files under ``base_url`` (ending in ``/``)."""
    statements = []
    for table, (label, props) in NODE_TABLES.items():
        header = header_of.get(f"{table}.csv")
        if header is None:
            continue
        extra = {c: f"row.{c}" for c in header if c not in props and c not in LINK_COLUMNS}
        extra = {c: v for c, v in extra.items() if c not in _CONSUMED.get(table, set())}
        fields = ", ".join(
            f"`{k}`: {v}" if not k.isidentifier() else f"{k}: {v}"
            for k, v in {**extra, **props}.items()
        )
        statements.append(
            _in_transactions(base_url, table, f"CREATE (:{label}:Entity {{{fields}}})", batch)
        )
    for table, match, rel in RELATIONSHIPS:
        if f"{table}.csv" in header_of:
            statements.append(
                _in_transactions(base_url, table, f"{match} CREATE (a)-{rel}->(b)", batch)
            )
    return statements


# Columns a node table reads under another name (snake_case in the file, camelCase in the graph).
_CONSUMED = {
    "people": {"party_status"},
    "party_orgs": {
        "branch_kind",
        "established_on",
        "dissolved_on",
        "elected_on",
        "benchmark_domain_id",
        "benchmark_category",
    },
    "projects": {"start_on", "end_on"},
}


def _in_transactions(base_url: str, table: str, body: str, batch: int) -> str:
    return (
        f"LOAD CSV WITH HEADERS FROM '{base_url}{table}.csv' AS row "
        f"CALL (row) {{ {body} }} IN TRANSACTIONS OF {batch} ROWS"
    )
