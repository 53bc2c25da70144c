"""Run one measurement in a fresh Python process, with a time limit: a crash, an exhausted
server or a hang fails that measurement only, and resident memory is the task's own.

The child runs ``python -m bench.worker TASK ARGS`` and prints its result as the last line,
``RESULT <json>``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MARK = "RESULT "


class TaskFailed(Exception):
    """The task exited badly or ran out of time; the message says how, with its output's tail."""


def run_task(
    task: str,
    args: dict[str, Any],
    timeout: float,
    with_packages: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> Any:
    argv = [sys.executable, "-m", "bench.worker", task, json.dumps(args)]
    if with_packages:  # an overlay environment: the project's plus these packages
        extra = [f"--with={p}" for p in with_packages]
        argv = ["uv", "run", "--quiet", *extra, "python", "-m", "bench.worker", task, argv[-1]]
    try:
        done = subprocess.run(
            argv,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **(env or {})},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TaskFailed(f"{task}: timed out after {timeout:.0f} s") from exc
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith(MARK):
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-12:])
        raise TaskFailed(f"{task}: exit code {done.returncode}\n{tail}")
    return json.loads(lines[-1][len(MARK) :])
