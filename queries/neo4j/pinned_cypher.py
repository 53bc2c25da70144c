"""Cypher text of the pinned reads (``queries.neo4j.pinned``): the unit a big question is
limited to. (The pin itself is ``queries.neo4j.live.LIVE_PIN``.)"""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import ref

# The unit $underUnitId, if there is one.
UNDER_UNIT: LiteralString = (
    "OPTIONAL MATCH (under:Unit {id: $underUnitId}) "
    "RETURN under IS NOT NULL AS found, " + ref("under") + " AS under"
)
