import pytest

from dvc_common.dossier_code import extract_code, find_codes, normalize_code


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("000.00.12.H56-261015-0042", "000.00.12.H56-261015-0042"),
        ("000.00.12.h56-261015-0042", "000.00.12.H56-261015-0042"),
        ("000.00.12.H56 - 261015 - 0042", "000.00.12.H56-261015-0042"),
        ("  38.98.h29-210519-0003 ", "38.98.H29-210519-0003"),
        ("000.17.22.H56-210531-0001", "000.17.22.H56-210531-0001"),
        ("H56.12-251101-0007", "H56.12-251101-0007"),
        ("000.00.06.H56–231027–0361", "000.00.06.H56-231027-0361"),  # en dashes
    ],
)
def test_normalize_accepts_every_contract_format(typed, canonical):
    assert normalize_code(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "5678",
        "000.00.12.H56-261015",  # no sequence
        "000.00.12.H56-261315-0042",  # month 13
        "000.00.12.H56-260230-0042",  # 30 February
        "H56-261015-0042",  # one unit group only
        "0000.00.12.H56-261015-0042",  # group of 4
        "1.2.3-261015-0042",  # groups of 1
        "000.00.12.H56-261015-00421",  # 5-digit sequence
        "001234567890",  # a citizen ID number
        "mã là 000.00.12.H56-261015-0042",  # not only a code
    ],
)
def test_normalize_rejects_malformed(typed):
    assert normalize_code(typed) is None


def test_find_codes_in_text_gives_offsets_and_values():
    text = "ho so 000.00.12.h56 - 261015 - 0042 xong chua"
    [match] = list(find_codes(text))
    assert text[match.start : match.end] == "000.00.12.h56 - 261015 - 0042"
    assert match.value == "000.00.12.H56-261015-0042"


def test_extract_code_finds_code_inside_a_sentence():
    assert extract_code("mã hồ sơ của tôi là 38.98.H29-261102-0007 ạ") == "38.98.H29-261102-0007"
    assert extract_code("không có mã") is None


def test_code_glued_to_other_text_is_not_a_code():
    assert list(find_codes("x000.00.12.H56-261015-0042")) == []
    assert list(find_codes("000.00.12.H56-261015-00423")) == []
