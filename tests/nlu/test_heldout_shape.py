"""The held-out set covers the contract: every intent in every slice, valid entities."""

from __future__ import annotations

from collections import Counter

from dvc_common.dossier_code import normalize_code
from dvc_common.vntext import strip_diacritics
from tests.nlu.heldout_sentences import (
    SLICES,
    annotations,
    comparable,
    heldout_examples,
    plain_text,
)

# The intents of ../shared/spec/intents.md (the contract: names never change).
CONTRACT_INTENTS = (
    "vneid_install vneid_register_level1 vneid_register_level2 vneid_activate "
    "vneid_forgot_password vneid_change_device vneid_scan_problem vneid_otp_problem "
    "vneid_documents filing_howto portal_login procedure_info filing_anywhere "
    "dossier_supplement dossier_withdraw result_delivery payment_howto payment_problem "
    "payment_receipt check_dossier_status dossier_overdue center_info hotline human_handoff "
    "volunteer_mode scam_report inform greet goodbye thank affirm deny bot_challenge help "
    "out_of_scope next_step previous_step stop"
).split()
PROCEDURE_KEYS = {
    "khai_sinh",
    "lien_thong_khai_sinh",
    "khai_tu",
    "ket_hon",
    "xac_nhan_hon_nhan",
    "thuong_tru",
    "tam_tru",
    "can_cuoc",
    "ly_lich_tu_phap",
    "gplx",
    "chung_thuc",
}
PER_INTENT = 12
HARD_MIN, HARD_CHARS = 150, (200, 600)

EXAMPLES = list(heldout_examples())


def test_every_contract_intent_has_enough_examples_in_each_regular_slice():
    counts = Counter((s, intent) for s, _, intent, _ in EXAMPLES)
    missing = [
        f"{s}/{intent}: {counts[(s, intent)]}"
        for s in SLICES[:3]
        for intent in CONTRACT_INTENTS
        if counts[(s, intent)] < PER_INTENT
    ]
    assert not missing
    assert {intent for *_, intent, _ in EXAMPLES} <= set(CONTRACT_INTENTS)


def test_the_hard_slice_is_long_and_spread_across_intents():
    hard = [(intent, plain_text(e)) for s, _, intent, e in EXAMPLES if s == "hard"]
    assert len(hard) >= HARD_MIN
    wrong_length = [t for _, t in hard if not HARD_CHARS[0] <= len(t) <= HARD_CHARS[1]]
    assert not wrong_length
    assert len({intent for intent, _ in hard}) >= 25


def test_slices_are_written_as_they_say():
    for s, _, _, example in EXAMPLES:
        text = plain_text(example)
        if s in ("diacritics", "hard"):
            assert strip_diacritics(text) != text, text
        if s == "plain":
            assert strip_diacritics(text) == text, text


def test_entities_use_the_contract_names_and_values():
    for *_, example in EXAMPLES:
        for text, markup in annotations(example):
            if markup.endswith(")"):
                assert markup.endswith("(dossier_code)"), markup
                assert normalize_code(text), markup
            else:
                assert '"entity": "procedure"' in markup, markup
                value = markup.split('"value": "')[1].split('"')[0]
                assert value in PROCEDURE_KEYS, markup


def test_no_sentence_is_repeated():
    counts = Counter(comparable(e) for *_, e in EXAMPLES)
    assert [k for k, n in counts.items() if n > 1] == []
