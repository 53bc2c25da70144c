"""The questions that read the whole organisation (audit, ``coverageDiff``,
``uncoveredBranches``) on both backends at each size, with the log-log slope of time against
size; and the embedded point questions in process, whose p50 should not grow with the
organisation."""

from __future__ import annotations

from bench.context import Bench
from bench.isolate import TaskFailed, run_task
from bench.rows import Row, Section, judged, loglog_slope, measured, median, ratio

BIG = ("audit", "coverageDiff", "uncoveredBranches")
POINTS = ("branchCoverage", "responsibilityChain")
SLOPE = 1.1
AUDIT_AT_L = {"neo4j": 30.0, "memory": 15.0}
POINT_GROWTH = 1.5


class BigQuestions:
    name = "big-questions"
    title = "Audit, coverageDiff and uncoveredBranches by size; embedded point questions"
    needs_neo4j = False

    def __init__(self) -> None:
        # backend -> question -> size -> median seconds
        self.times: dict[str, dict[str, dict[str, float]]] = {}

    def _backends(self, bench: Bench, size: str) -> list[str]:
        holds = bench.neo4j_holds
        ready = bench.neo4j_uri is not None and holds is not None and holds[0] == size
        return ["memory", "neo4j"] if ready else ["memory"]

    def per_size(self, bench: Bench, size: str, section: Section) -> list[Row]:
        rows = []
        if bench.neo4j_uri and "neo4j" not in self._backends(bench, size):
            section.errors.append(f"{size}: Neo4j skipped: the store does not hold this size")
        for backend in self._backends(bench, size):
            bench.say(f"{size}: big questions on {backend}")
            for question, samples in self._times(bench, size, backend, section).items():
                value = median(samples)
                self.times.setdefault(backend, {}).setdefault(question, {})[size] = value
                if question in POINTS:
                    rows.append(
                        measured(
                            f"{size} {backend}: {question} p50 (in process)",
                            value * 1000,
                            "ms",
                            f"{len(samples)} calls",
                        )
                    )
                else:
                    rows.append(
                        measured(
                            f"{size} {backend}: {question}",
                            value,
                            "s",
                            f"median of {len(samples)}",
                        )
                    )
        return rows

    def _times(
        self, bench: Bench, size: str, backend: str, section: Section
    ) -> dict[str, list[float]]:
        """Every question's times in one process; if that fails, each question in its own, so
        one failing question (a server limit hit) leaves the others measured."""
        args = self._args(bench, size, backend)
        try:
            return dict(run_task("questions", args, bench.timeout * 2)["times"])
        except TaskFailed:
            pass
        times: dict[str, list[float]] = {}
        for part in (*BIG, "points"):
            try:
                done = run_task("questions", {**args, "only": [part]}, bench.timeout * 2)
                times.update(done["times"])
            except TaskFailed as exc:
                section.errors.append(f"{size} {backend} {part}: {_last_line(exc)}")
        return times

    @staticmethod
    def _args(
        bench: Bench, size: str, backend: str, profile: str | None = None
    ) -> dict[str, object]:
        return {
            "backend": backend,
            "folder": str(bench.folder(size)),
            "uri": bench.neo4j_uri or "",
            "runs": bench.runs,
            "as_of": bench.as_of.isoformat(),
            "day_from": bench.day_from.isoformat(),
            "profile": profile,
        }

    def across(self, bench: Bench, section: Section) -> list[Row]:
        rows: list[Row] = []
        largest = next((s for s in reversed(bench.sizes) if s in bench.folders), None)
        for backend, questions in self.times.items():
            for question in BIG:
                by_size = questions.get(question, {})
                measured_sizes = [s for s in bench.sizes if s in by_size]
                if len(measured_sizes) >= 2:
                    slope = loglog_slope(
                        [bench.people(s) for s in measured_sizes],
                        [by_size[s] for s in measured_sizes],
                    )
                    met = slope <= SLOPE
                    rows.append(
                        judged(
                            f"{backend}: {question} log-log slope "
                            f"{measured_sizes[0]}→{measured_sizes[-1]}",
                            slope,
                            "",
                            f"≤ {SLOPE}",
                            met=met,
                            ratio=ratio(slope, SLOPE),
                        )
                    )
                    if not met:
                        self._profile(bench, section, backend, question, measured_sizes[-1])
            if "L" in questions.get("audit", {}):
                seconds, bound = questions["audit"]["L"], AUDIT_AT_L[backend]
                met = seconds < bound
                rows.append(
                    judged(
                        f"{backend}: audit at L",
                        seconds,
                        "s",
                        f"< {bound:.0f} s",
                        met=met,
                        ratio=ratio(seconds, bound),
                    )
                )
                if not met:
                    self._profile(bench, section, backend, "audit", "L")
        memory = self.times.get("memory", {})
        for question in POINTS:
            by_size = memory.get(question, {})
            if "S" in by_size and largest and largest != "S" and largest in by_size:
                growth = by_size[largest] / by_size["S"]
                note = (
                    "" if largest == "L" else f"the target is at L; {largest} was the largest run"
                )
                row = judged(
                    f"memory: {question} p50 at {largest} / p50 at S",
                    growth,
                    "×",
                    f"≤ {POINT_GROWTH}×",
                    met=growth <= POINT_GROWTH,
                    ratio=ratio(growth, POINT_GROWTH),
                )
                rows.append(Row(**{**row.to_json(), "note": note}))
        return rows

    def _profile(
        self, bench: Bench, section: Section, backend: str, question: str, size: str
    ) -> None:
        if backend == "neo4j" and (bench.neo4j_holds or ("",))[0] != size:
            section.notes.append(
                f"No profile of {question} on Neo4j at {size}: the store no longer holds that size."
            )
            return
        bench.say(f"{size}: profiling {question} on {backend}")
        done = run_task("questions", self._args(bench, size, backend, question), bench.timeout * 2)
        section.profiles[f"{question} on {backend} at {size}"] = done["profile"]


def _last_line(exc: Exception) -> str:
    """The exception's first line and the failing task's own last line (its error)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if len(lines) < 2 else f"{lines[0]}: {lines[-1]}"
