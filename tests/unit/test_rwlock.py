"""The embedded store's readers-writer lock: questions share it, a change has it alone, and
``reading_if_free`` never waits (the API asks point questions on its event loop with it)."""

from __future__ import annotations

import threading
import time

from queries.embedded.rwlock import ReadWriteLock


def _in_thread(target: object) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_readers_share_the_lock() -> None:
    lock = ReadWriteLock()
    inside = threading.Barrier(2, timeout=5)

    def read() -> None:
        with lock.reading():
            inside.wait()  # both readers inside at once, or this times out

    threads = [_in_thread(read), _in_thread(read)]
    for thread in threads:
        thread.join(5)
    assert not inside.broken


def test_reading_if_free_says_no_while_a_change_is_applied_and_yes_after() -> None:
    lock = ReadWriteLock()
    writing, release = threading.Event(), threading.Event()

    def write() -> None:
        with lock.writing():
            writing.set()
            release.wait(5)

    writer = _in_thread(write)
    assert writing.wait(5)
    began = time.monotonic()
    with lock.reading_if_free() as free:
        assert free is False
    assert time.monotonic() - began < 0.5  # it did not wait for the writer
    release.set()
    writer.join(5)
    with lock.reading_if_free() as free:
        assert free is True


def test_reading_if_free_says_no_while_a_writer_waits_for_readers() -> None:
    """A waiting writer holds back new readers, the immediate kind too: else a steady flow of
    point questions could keep a change out for ever."""
    lock = ReadWriteLock()
    reading, release = threading.Event(), threading.Event()

    def read() -> None:
        with lock.reading():
            reading.set()
            release.wait(5)

    reader = _in_thread(read)
    assert reading.wait(5)
    writer = _in_thread(lambda: lock.writing().__enter__())
    deadline = time.monotonic() + 5
    while not lock._writers_waiting and time.monotonic() < deadline:
        time.sleep(0.001)
    with lock.reading_if_free() as free:
        assert free is False
    release.set()
    reader.join(5)
    writer.join(5)


def test_reading_if_free_is_reentrant_in_a_reading_thread() -> None:
    """A question asked inside another question never waits, even behind a waiting writer."""
    lock = ReadWriteLock()
    with lock.reading():
        lock._writers_waiting += 1  # as if a writer queued meanwhile
        try:
            with lock.reading_if_free() as free:
                assert free is True
        finally:
            lock._writers_waiting -= 1


def test_a_change_waits_for_an_immediate_reader_to_finish() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    with lock.reading_if_free() as free:
        assert free
        writer = _in_thread(lambda: (lock.writing().__enter__(), order.append("write")))
        time.sleep(0.05)
        order.append("read done")
    writer.join(5)
    assert order == ["read done", "write"]
