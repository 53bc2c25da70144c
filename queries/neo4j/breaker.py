"""Failing fast while Neo4j is down, and noticing its return: a small circuit breaker.

Without it every question asked while the server is away waits for the driver to give up — a
connection attempt, then retries — several seconds each (6.2–7.7 s were measured), and the
first question after the server's return waits for a retry delay too. The backend ``trip``\\ s
the breaker on a connection failure (the server refused or dropped the connection); while it
is open, ``refuse_if_down`` raises ``BackendUnavailable`` at once, without touching the
driver. A daemon thread then ``probe``\\ s the server every ``interval`` seconds (a ``RETURN 1``)
and closes the breaker at the first answer, so questions succeed again within about one
interval of the server's return. Each probe runs in a thread of its own and is not waited for:
one the server holds without answering (a connection accepted while it was still starting) does
not hold back the next, and at most ``MAX_PROBES`` are in flight.

Only a connection failure opens it: a server limit hit (``RESOURCE_LIMIT``), a refused change,
wrong credentials or a transient conflict say nothing about the server being away.

>>> answers = iter([OSError("refused"), None])
>>> def probe() -> None:
...     outcome = next(answers)
...     if outcome is not None:
...         raise outcome
>>> breaker = Breaker(probe, "Neo4j", interval=0.01)
>>> breaker.refuse_if_down()  # closed: nothing happens
>>> breaker.trip("connection refused")
>>> breaker.down
True
>>> breaker.refuse_if_down()
Traceback (most recent call last):
...
graph_model.errors.BackendUnavailable: Neo4j is unavailable: connection refused
>>> breaker.wait_until_up(5.0)
True
>>> breaker.close()
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graph_model.errors import BackendUnavailable

#: Seconds between two probes while the server is down: it answers again within about this.
PROBE_INTERVAL = 0.2
#: Probes in flight at once, at most: a server that answers none gets no more than these.
MAX_PROBES = 5

log = logging.getLogger(__name__)


class Breaker:
    """Whether the server is known to be down, and the probe that notices its return."""

    def __init__(
        self, probe: Callable[[], None], name: str, interval: float = PROBE_INTERVAL
    ) -> None:
        self._probe = probe
        self._name = name
        self.interval = interval
        self._lock = threading.Lock()
        self._up = threading.Event()
        self._up.set()
        self._closed = threading.Event()
        self._why = ""
        #: Counts the times the server went down: a probe of an earlier time stops.
        self._episode = 0
        self._prober: threading.Thread | None = None

    @property
    def down(self) -> bool:
        return not self._up.is_set()

    def refuse_if_down(self) -> None:
        """Raise ``BackendUnavailable`` at once while the server is known to be down."""
        if not self._up.is_set():
            raise BackendUnavailable(f"{self._name} is unavailable: {self._why}")

    def trip(self, why: str) -> None:
        """Mark the server down (``why`` says what failed) and probe until it answers."""
        with self._lock:
            if self._closed.is_set() or not self._up.is_set():
                return  # shut down, or down already with a probe running
            self._why = why
            self._up.clear()
            self._episode += 1
            log.warning("%s is down (%s); probing every %.1f s", self._name, why, self.interval)
            self._prober = threading.Thread(
                target=self._probe_until_up,
                args=(self._episode,),
                name=f"{self._name} probe",
                daemon=True,
            )
            self._prober.start()

    def answered(self) -> None:
        """The server answered a probe made elsewhere (a readiness check): it is up."""
        with self._lock:
            self._up.set()

    def wait_until_up(self, timeout: float) -> bool:
        """Whether the server is up, waiting up to ``timeout`` seconds for it (tests, tools)."""
        return self._up.wait(timeout)

    def close(self) -> None:
        """Stop probing (the backend is closing); waits for the probe to notice."""
        self._closed.set()
        prober = self._prober
        if prober is not None:
            prober.join(timeout=self.interval + 5.0)

    def _probe_until_up(self, episode: int) -> None:
        down_since = time.monotonic()
        probes: list[threading.Thread] = []
        while not self._closed.wait(self.interval):
            if self._up.is_set() or self._episode != episode:
                return  # up: seen by a probe or a readiness check (and maybe down again since)
            probes = [probe for probe in probes if probe.is_alive()]
            if len(probes) < MAX_PROBES:
                probe = threading.Thread(
                    target=self._probe_once, args=(episode, down_since), daemon=True
                )
                probe.start()
                probes.append(probe)

    def _probe_once(self, episode: int, down_since: float) -> None:
        try:
            self._probe()
        except Exception as exc:  # any failure: still down, the next probe asks again
            with self._lock:
                self._why = _said(exc) or self._why
            return
        with self._lock:
            if self._episode != episode or self._up.is_set():
                return
            self._up.set()
        log.warning("%s answers again after %.1f s down", self._name, time.monotonic() - down_since)


def _said(error: BaseException) -> str:
    """What an error says, in one line."""
    return " ".join(str(error).split())


__all__ = ["MAX_PROBES", "PROBE_INTERVAL", "Breaker"]
