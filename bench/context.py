"""What every comparison shares in one run of the suite: the options, the bundles (one CSV
folder per size, generated once) and the state of the benchmark's Neo4j."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from graph_model.elements import graph_nodes, graph_rels
from loaders.generate import AS_OF, SIZES, generate, write_csv

SEED = 1


@dataclass
class Bench:
    """One run of the suite."""

    sizes: list[str]
    runs: int
    neo4j_uri: str | None
    timeout: float  # for any one measurement, in seconds
    http_seconds: float = 3.0  # per contender and client count
    http_requests: int = 2_000
    rust_ext: bool = True
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="orgraph-bench-")))
    folders: dict[str, Path] = field(default_factory=dict)
    elements: dict[str, int] = field(default_factory=dict)  # entities + links per size
    #: How the Neo4j store came to hold the size it holds now (None: it does not).
    neo4j_holds: tuple[str, str] | None = None
    log: list[str] = field(default_factory=list)

    @property
    def as_of(self) -> date:
        return AS_OF

    @property
    def day_from(self) -> date:
        return AS_OF - timedelta(days=365)

    def people(self, size: str) -> int:
        return SIZES[size]

    def folder(self, size: str) -> Path:
        """The size's bundle as a CSV folder, generated on first use."""
        if size not in self.folders:
            start = time.perf_counter()
            bundle = generate(SIZES[size], SEED)
            folder = self.workdir / size
            write_csv(bundle, folder)
            self.elements[size] = sum(1 for _ in graph_nodes(bundle)) + sum(
                1 for _ in graph_rels(bundle)
            )
            self.folders[size] = folder
            self.say(
                f"{size}: generated {SIZES[size]:,} people in {time.perf_counter() - start:.1f} s"
            )
        return self.folders[size]

    def say(self, message: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        print(f"[{stamp}] {message}", flush=True)
        self.log.append(message)
