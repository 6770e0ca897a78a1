"""The redaction against a corpus of realistic messages (tests/dvc_common/pii_corpus.yml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dvc_common.redact import KINDS, MASKS, personal_data_kinds, redact

CORPUS = yaml.safe_load((Path(__file__).with_name("pii_corpus.yml")).read_text(encoding="utf-8"))
MUST_REDACT = CORPUS["must_redact"]
MUST_KEEP = CORPUS["must_keep"]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_the_corpus_is_large_and_covers_every_kind():
    assert len(MUST_REDACT) + len(MUST_KEEP) >= 200
    assert len({t for t, _, _ in MUST_REDACT} | set(MUST_KEEP)) == len(MUST_REDACT) + len(MUST_KEEP)
    assert {kind for _, kinds, _ in MUST_REDACT for kind in kinds} == KINDS


@pytest.mark.parametrize("text, kinds, values", MUST_REDACT, ids=[t for t, _, _ in MUST_REDACT])
def test_personal_data_is_masked(text, kinds, values):
    masked = redact(text)
    for value in values:
        assert value not in masked
        if len(_digits(value)) >= 4:
            assert _digits(value) not in _digits(masked)
    assert personal_data_kinds(text) == set(kinds)
    assert all(MASKS[kind] in masked for kind in kinds)
    assert personal_data_kinds(masked) == set()


@pytest.mark.parametrize("text", MUST_KEEP)
def test_other_numbers_and_words_are_kept(text):
    assert redact(text) == text
    assert personal_data_kinds(text) == set()
