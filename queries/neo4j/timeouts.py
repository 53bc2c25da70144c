"""How long the Neo4j backend waits, and why: the driver's timeouts and retry budget, and the
probe of a server that is down (queries/neo4j/breaker.py). README, "Using Neo4j", says the same
for operators; ``ORGRAPH_NEO4J_…`` settings (api/settings.py) override each.

The driver's defaults suit a batch job: a minute to get a connection, thirty seconds of retries.
An API answering people should instead say "unavailable" quickly and let the client decide, so:

- a connection is given ``connection_timeout`` (2 s) to open: a server on the same network
  opens one in milliseconds, a managed one over TLS in well under a second; one that neither
  accepts nor refuses in 2 s is treated as down (a stopped server refuses at once);
- a session waits at most ``acquisition_timeout`` (5 s) for a connection of the pool, opening
  one included: more than ``connection_timeout``, as the driver requires; waiting for a free
  one means the pool (100 connections) is exhausted, which 5 s will not cure;
- a transaction that fails transiently (a deadlock, a lost connection, a cluster's leader
  change) is retried by the driver for ``retry_time`` (0.5 s): since its first retry comes
  after about a second, that is one retry; beyond it a change answers ``BACKEND_UNAVAILABLE``
  and the client may try again;
- a pooled connection idle for ``liveness_check_after`` (1 s) is checked (a RESET round trip)
  before use: after an outage, or a firewall that dropped idle connections, a dead one is
  replaced at the cost of a round trip, where a change would otherwise fail on it and wait for
  the retry a second later. Connections in steady use are reused within the second and never
  checked;
- while the server is known down, a probe asks it ``RETURN 1`` every ``probe_interval``
  (0.2 s), and questions succeed again within about that of its return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from queries.neo4j.breaker import PROBE_INTERVAL


@dataclass(frozen=True, slots=True)
class DriverTimeouts:
    """Seconds the Neo4j backend waits for each thing (the module says why each)."""

    connection_timeout: float = 2.0
    acquisition_timeout: float = 5.0
    retry_time: float = 0.5
    liveness_check_after: float = 1.0
    probe_interval: float = PROBE_INTERVAL

    def driver_config(self) -> dict[str, Any]:
        """The driver's keyword arguments for these timeouts."""
        return {
            "connection_timeout": self.connection_timeout,
            "connection_acquisition_timeout": max(
                self.acquisition_timeout, self.connection_timeout + 1.0
            ),
            "max_transaction_retry_time": self.retry_time,
            "liveness_check_timeout": self.liveness_check_after,
        }


#: The timeouts the module describes.
DEFAULT_TIMEOUTS = DriverTimeouts()

__all__ = ["DEFAULT_TIMEOUTS", "DriverTimeouts"]
