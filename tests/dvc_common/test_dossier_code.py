import pytest

from dvc_common.dossier_code import (
    code_date,
    code_problem,
    extract_code,
    find_codes,
    normalize_code,
    without_codes,
)


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


# Codes as people really type them (issue 8, point 2).
@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("000.21.14.H29 261128 8188", "000.21.14.H29-261128-8188"),  # spaces for dashes
        ("000.21.14.H29  261128   8188", "000.21.14.H29-261128-8188"),  # extra spaces
        ("000.21.14.H29.261128.8188", "000.21.14.H29-261128-8188"),  # dots for dashes
        ("000.21.14.H29 . 261128 . 8188", "000.21.14.H29-261128-8188"),
        ("OOO.21.14.H29-261128-8188", "000.21.14.H29-261128-8188"),  # letter O for zero
        ("ooo.oo.12.h56-26lO15-0042".replace("l", "1"), "000.00.12.H56-261015-0042"),
        ("000.00.12.H56-261015-OO42", "000.00.12.H56-261015-0042"),
        ("000.00.12.h56 261015 0042", "000.00.12.H56-261015-0042"),  # lower case
        (" 38.98.h29 - 210519 - 0003. ", "38.98.H29-210519-0003"),
        ("000.00.12.H56 -261015- 0042", "000.00.12.H56-261015-0042"),
    ],
)
def test_normalize_accepts_loosely_typed_codes(typed, canonical):
    assert normalize_code(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "000.00.12.H56 261015",  # no sequence
        "000.00.12.H56 2610150042",  # date and sequence glued
        "000 00 12 H56 261015 0042",  # spaces inside the unit
        "000.00.12.H56_261015_0042",  # underscores
        "000.00.12.H56-261O15-OO4",  # 3-digit sequence
        "000.00.12.H56-26XO15-0042",  # a letter other than O in the date
        "0O0.0X.12.H56-261315-0042",  # month 13 after O -> 0
        "036158009999",  # a citizen ID number
        "0912345678",  # a phone number
        "000.00.12.H56/261015/0042",
    ],
)
def test_normalize_still_refuses_what_is_no_code(typed):
    assert normalize_code(typed) is None


def test_a_letter_o_in_a_group_with_other_letters_is_kept():
    # "HO5" is not a numeric group: its O may be a real letter.
    assert normalize_code("000.00.12.HO5-261015-0042") == "000.00.12.HO5-261015-0042"


@pytest.mark.parametrize(
    "sentence, canonical",
    [
        ("bác ơi hồ sơ 000.21.14.H29 261128 8188 xong chưa", "000.21.14.H29-261128-8188"),
        ("ma ho so la ooo.oo.12.h56.261015.0042 nha", "000.00.12.H56-261015-0042"),
        ("000.00.12.H56-261015-0042 sđt 0912345678", "000.00.12.H56-261015-0042"),
        ("mã 000.00.12.H56 261015 0042, số 0912 345 678", "000.00.12.H56-261015-0042"),
    ],
)
def test_extract_code_finds_loosely_typed_codes_in_sentences(sentence, canonical):
    assert extract_code(sentence) == canonical


def test_without_codes_leaves_the_other_numbers():
    rest = without_codes("mã 000.00.12.H56 261015 0042, số 0912 345 678")
    assert "0042" not in rest and "0912 345 678" in rest


def test_code_problem_and_date_of_canonical_codes():
    assert code_problem("000.00.12.H56-261015-0042") is None
    assert "not a real date" in code_problem("000.00.12.H56-261315-0042")
    assert code_problem("000.00.12.h56-261015-0042") is not None  # not canonical
    assert code_date("38.98.H29-210519-0003").isoformat() == "2021-05-19"
