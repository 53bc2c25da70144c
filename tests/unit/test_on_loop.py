"""The greenlet bridge of queries/neo4j/on_loop.py: sync code that awaits on the loop."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from queries.neo4j import on_loop

REQUEST = contextvars.ContextVar("request", default="none")


async def doubled(value: int) -> int:
    await asyncio.sleep(0)  # a real suspension: the loop runs in between
    return value * 2


class Refused(Exception):
    pass


async def refused() -> int:
    await asyncio.sleep(0)
    raise Refused("the server said no")


def test_a_question_awaits_each_read_on_the_loop_and_returns_its_answer() -> None:
    seen: list[bool] = []

    def question() -> int:
        seen.append(on_loop.inside())
        return on_loop.wait_for(doubled(2)) + on_loop.wait_for(doubled(5))

    assert asyncio.run(on_loop.answer(question)) == 14
    assert seen == [True]
    assert not on_loop.inside()


def test_a_read_that_fails_raises_in_the_question_where_it_waited() -> None:
    def question() -> str:
        try:
            on_loop.wait_for(refused())
        except Refused as exc:
            return f"caught: {exc}"
        return "not raised"

    assert asyncio.run(on_loop.answer(question)) == "caught: the server said no"


def test_a_question_that_fails_fails_its_caller() -> None:
    def question() -> int:
        on_loop.wait_for(doubled(1))
        raise ValueError("bad id")

    with pytest.raises(ValueError, match="bad id"):
        asyncio.run(on_loop.answer(question))


def test_the_question_sees_the_callers_context_variables() -> None:
    async def caller() -> str:
        REQUEST.set("request-7")
        return await on_loop.answer(REQUEST.get)

    assert asyncio.run(caller()) == "request-7"


def test_other_tasks_run_while_a_question_waits() -> None:
    order: list[str] = []

    async def slow() -> None:
        order.append("read starts")
        await asyncio.sleep(0.05)
        order.append("read ends")

    async def other() -> None:
        await asyncio.sleep(0.01)
        order.append("other request")

    async def both() -> None:
        await asyncio.gather(on_loop.answer(lambda: on_loop.wait_for(slow())), other())

    asyncio.run(both())
    assert order == ["read starts", "other request", "read ends"]


def test_a_cancelled_question_unwinds() -> None:
    unwound: list[bool] = []

    def question() -> None:
        try:
            on_loop.wait_for(asyncio.sleep(10))
        finally:
            unwound.append(True)

    async def cancel_it() -> None:
        task = asyncio.create_task(on_loop.answer(question))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel_it())
    assert unwound == [True]


def test_waiting_outside_a_question_is_refused() -> None:
    read = doubled(1)
    with pytest.raises(RuntimeError, match="outside a question"):
        on_loop.wait_for(read)
    read.close()


def test_a_loop_has_a_driver_only_while_it_serves() -> None:
    made: list[FakeDriver] = []

    def make() -> FakeDriver:
        made.append(FakeDriver())
        return made[-1]

    drivers = on_loop.LoopDrivers(make)  # type: ignore[arg-type]
    assert drivers.current() is None  # off any loop

    async def serve() -> None:
        assert drivers.current() is None
        async with drivers.serving():
            assert drivers.current() is made[0]
        assert drivers.current() is None

    asyncio.run(serve())
    assert made[0].closed


class FakeDriver:
    closed = False

    async def close(self) -> None:
        self.closed = True
