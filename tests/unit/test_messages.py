"""The message catalogue (loaders/messages.py): both languages of a message say the same things,
and every problem validation finds has a code the catalogue knows."""

from __future__ import annotations

from pathlib import Path
from string import Formatter

import pytest

from graph_model.errors import BundleError
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.messages import MESSAGES, lang_from_locale, located, message_of


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_of_a_message_use_the_same_values(code: str) -> None:
    message = MESSAGES[code]
    assert _fields(message.en) == _fields(message.zh)


def test_a_located_problem_reads_the_same_in_english_as_its_str(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    units = (SAMPLE_BUNDLE / "units.csv").read_text(encoding="utf-8").splitlines()
    units.append("u-loop,Loop,station,u-loop,")
    (bundle / "units.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    (bundle / "units.csv").with_name("people.csv").write_text(
        "id,name,party_status\np-1,One,member\np-1,Two,formal\n", encoding="utf-8"
    )
    with pytest.raises(BundleError) as caught:
        read_bundle(bundle)
    problems = caught.value.problems
    assert all(p.code in MESSAGES for p in problems)
    assert [located(p, "en") for p in problems] == [str(p) for p in problems]
    assert {message_of(p, "zh") for p in problems}.isdisjoint(p.message for p in problems)


def test_the_locale_chooses_chinese_only_when_it_is_chinese() -> None:
    assert lang_from_locale({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US"}) == "zh"
    assert lang_from_locale({"LC_ALL": "", "LANG": "en_US.UTF-8"}) == "en"
    assert lang_from_locale({}) == "en"
