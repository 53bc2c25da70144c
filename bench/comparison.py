"""What a comparison is to the report: a name, a title, measurements per size, and rows across sizes
(slopes, targets judged at the largest size). Each returns rows; an exception fails that size
or that summary only (bench/report.py records it and carries on)."""

from __future__ import annotations

from typing import Protocol

from bench.context import Bench
from bench.rows import Row, Section


class Comparison(Protocol):
    name: str  # what ``--only`` calls it
    title: str
    needs_neo4j: bool

    def per_size(self, bench: Bench, size: str, section: Section) -> list[Row]: ...

    def across(self, bench: Bench, section: Section) -> list[Row]: ...
