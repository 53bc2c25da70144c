"""The whole schema fuzzed through the real app on both backends (issue 10, part 7): every
question and every change, with the sample's ids and with junk, never answers a 5xx or an
``INTERNAL``, and always a coded JSON body (``tests.fuzz.oracle``).

One module, so each backend loads the sample once (``fuzz_client``): the questions run first,
on the sample as it is; the changes run last, and the changes that succeed change this
module's graph only (on Neo4j their trail entries stay, as every change's do).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.operations import MUTATION_FIELDS, QUERY_FIELDS, broken, change, question
from tests.fuzz.oracle import post
from tests.fuzz.runs import EXAMPLES, fuzz_run


@pytest.mark.parametrize("field", QUERY_FIELDS)
@fuzz_run()
@given(data=st.data())
def test_a_question_gets_a_coded_answer(
    fuzz_client: TestClient, field: str, data: st.DataObject
) -> None:
    post(fuzz_client, *data.draw(question(field), label="operation"))


@fuzz_run()
@given(data=st.data())
def test_several_questions_at_once_get_a_coded_answer(
    fuzz_client: TestClient, data: st.DataObject
) -> None:
    post(fuzz_client, *data.draw(question(), label="operation"))


@fuzz_run(examples=5 * EXAMPLES)  # refused before anything runs: cheap
@given(data=st.data())
def test_a_document_that_breaks_the_schema_gets_a_coded_answer(
    fuzz_client: TestClient, data: st.DataObject
) -> None:
    post(fuzz_client, *data.draw(broken(), label="operation"))


@pytest.mark.parametrize("field", MUTATION_FIELDS)
@fuzz_run()
@given(data=st.data())
def test_a_change_gets_a_coded_answer(
    fuzz_client: TestClient, field: str, data: st.DataObject
) -> None:
    post(fuzz_client, *data.draw(change(field), label="operation"))
