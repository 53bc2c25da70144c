"""The state folder's pickle (queries.embedded.fast_start): a faster start, never a different one.

A pickle is used only while it matches ``bundle.json``; a stale, torn or foreign one is
ignored and the bundle is read and validated as before.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

import pytest

from loaders import read_bundle
from loaders.generate import generate
from queries.embedded.fast_start import PICKLE_FILE, digest, pickle_bytes, read_pickle
from queries.embedded.state import StateDir


@pytest.fixture
def saved(tmp_path: Path) -> StateDir:
    state = StateDir(tmp_path)
    state.save(generate(2_000, seed=7))
    return state


def test_a_saved_state_starts_from_its_pickle_with_the_same_bundle(saved: StateDir) -> None:
    assert saved.pickle_file.exists()
    from_pickle = read_pickle(saved.pickle_file, digest(saved.bundle_file.read_bytes()))
    assert from_pickle is not None
    assert from_pickle == read_bundle(saved.bundle_file).bundle
    assert saved.load()[0] == from_pickle


def test_a_pickle_that_does_not_match_the_bundle_is_not_used(saved: StateDir) -> None:
    data = saved.bundle_file.read_bytes()
    saved.pickle_file.write_bytes(pickle_bytes(generate(2_000, seed=8), digest(data + b" ")))
    assert read_pickle(saved.pickle_file, digest(data)) is None
    assert saved.load()[0] == read_bundle(saved.bundle_file).bundle


def test_a_torn_or_foreign_pickle_is_not_used(
    saved: StateDir, caplog: pytest.LogCaptureFixture
) -> None:
    data = saved.bundle_file.read_bytes()
    whole = saved.pickle_file.read_bytes()
    saved.pickle_file.write_bytes(whole[: len(whole) // 2])
    assert read_pickle(saved.pickle_file, digest(data)) is None
    header = whole.split(b"\n", 1)[0] + b"\n"
    saved.pickle_file.write_bytes(header + pickle.dumps(os.system))
    with caplog.at_level(logging.WARNING):
        assert read_pickle(saved.pickle_file, digest(data)) is None
    assert "may not name" in caplog.text
    assert saved.load()[0] == read_bundle(saved.bundle_file).bundle


def test_a_folder_without_a_pickle_reads_the_bundle(saved: StateDir) -> None:
    (saved.path / PICKLE_FILE).unlink()
    assert saved.load()[0] == read_bundle(saved.bundle_file).bundle
