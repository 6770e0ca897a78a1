from unittest.mock import MagicMock

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT

from bot.nlu.procedure_resolver import KEYS, ProcedureResolver, load_curated
from tests.support.nlu_messages import classified_message

RESOLVER = ProcedureResolver(MagicMock(), MagicMock())


def resolve(text, intent="procedure_info", entities=()):
    message = classified_message(text, intent, entities)
    RESOLVER.process([message])
    return [(e["value"], message.get(TEXT)[e["start"] : e["end"]]) for e in message.get(ENTITIES)]


def test_curated_table_only_uses_contract_keys():
    assert set(load_curated().values()) == set(KEYS)


def test_stray_tags_are_dropped_and_known_names_mapped():
    assert resolve(
        "công chứng bản sao bằng tốt nghiệp",
        entities=[("bằng", "bằng"), ("công chứng", "chung_thuc")],
    ) == [("chung_thuc", "công chứng")]
    assert resolve("giấy chứng tử xin ở đâu", entities=[("chứng tử", "chứng tử")]) == [
        ("khai_tu", "chứng tử")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("giấy chứng tử có gửi qua bưu điện được không", "khai_tu"),
        ("bao tu xong gui kq qua buu dien dc k", "khai_tu"),
        ("dang song o tinh khac thi doi giay phep lai xe o dau cung duoc", "gplx"),
        ("làm lltp cần gì", "ly_lich_tu_phap"),
    ],
)
def test_missed_names_are_found_in_procedure_contexts(text, expected):
    assert [v for v, _ in resolve(text, intent="result_delivery")] == [expected]


def test_card_words_in_vneid_contexts_are_not_procedures():
    assert (
        resolve(
            "kich hoat tk can so cccd ha", intent="vneid_activate", entities=[("cccd", "can_cuoc")]
        )
        == []
    )
    assert (
        resolve("link la bao cap nhat cccd", intent="scam_report", entities=[("cccd", "can_cuoc")])
        == []
    )
    kept = resolve(
        "làm căn cước thì có được cấp luôn mức 2",
        intent="vneid_register_level2",
        entities=[("căn cước", "can_cuoc")],
    )
    assert kept == [("can_cuoc", "căn cước")]


def test_birth_with_residence_or_insurance_is_the_combined_procedure():
    text = "làm khai sinh, thường trú và thẻ bảo hiểm y tế cho bé cùng lúc cần gì"
    result = resolve(text, entities=[("khai sinh", "khai_sinh"), ("thường trú", "thuong_tru")])
    assert result == [("lien_thong_khai_sinh", "khai sinh, thường trú")]


def test_duplicates_are_merged():
    text = "khai sinh, khai sinh cho con"
    assert [v for v, _ in resolve(text, entities=[("khai sinh", "khai_sinh")] * 2)] == ["khai_sinh"]
