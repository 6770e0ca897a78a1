"""Masking of personal data typed into the chat: the one redaction of the project.

Whatever is written to the tracker store or to a log goes through here first
(design.md, security stance). Found and masked:

- citizen ID numbers (12 digits) and old ID card numbers (9 digits), written in one
  run or in groups separated by spaces, dots or dashes;
- phone numbers: ``0…``, ``+84…``, ``84…``, ``+84 (0)…``, grouped with spaces, dots,
  dashes or parentheses;
- e-mail addresses;
- an OTP, password or passcode given right after the keyword ("mã OTP là 123456",
  "mk: Abc@1234").

Dossier codes (``000.00.12.H56-261015-0042``), dates, amounts of money, procedure
codes (``1.001193``) and the short numbers of hotlines are kept.

Two answers are only recognisable from the conversation, so the tracker store calls
them with that context: the reply to a question about an OTP or a password
(:func:`redact_secret_reply`) and the reply to the question about the last 4 digits
of the phone number (:func:`redact_phone_digits_reply`).

The masks are read by the centre's staff in the conversation history, so they are
Vietnamese and contain no digits.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterator, List, NamedTuple, Sequence, Set

from dvc_common.dossier_code import CODE_IN_TEXT

MASKS = {
    "citizen_id": "[số định danh đã ẩn]",
    "old_id": "[số CMND đã ẩn]",
    "phone": "[số điện thoại đã ẩn]",
    "email": "[email đã ẩn]",
    "secret": "[mã bí mật đã ẩn]",
    "phone_digits": "[số cuối điện thoại đã ẩn]",
    "ip_address": "[địa chỉ IP đã ẩn]",
}
KINDS = frozenset({"citizen_id", "old_id", "phone", "email", "secret"})
CITIZEN_ID_MASK = MASKS["citizen_id"]
OLD_ID_MASK = MASKS["old_id"]
PHONE_MASK = MASKS["phone"]
EMAIL_MASK = MASKS["email"]
SECRET_MASK = MASKS["secret"]
PHONE_DIGITS_MASK = MASKS["phone_digits"]


class Span(NamedTuple):
    start: int
    end: int
    kind: str


# --- folding: one character in, one character out, so offsets stay valid ----------


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1] or ch
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics, same length as ``text``."""
    return "".join(_fold_char(ch) for ch in text)


# --- protected spans: dossier codes, whole or half typed ---------------------------

# A unit with a letter followed by a dash and digits: "000.00.12.H56-261015-004",
# or its last group alone: "H56-261015-0042".
_PARTIAL_CODE = re.compile(
    r"(?<![\w.])(?:(?=[0-9A-Za-z.]*[A-Za-z])[0-9A-Za-z]{2,3}(?:\.[0-9A-Za-z]{2,3}){1,3}"
    r"|[A-Za-z]{1,2}\d{1,2})(?:\s*[-\u2010-\u2015]\s*\d+)+"
)


class _Taken:
    """Spans of the text already claimed, sorted and not overlapping."""

    def __init__(self) -> None:
        self.starts: List[int] = []
        self.spans: List[Span] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.spans[k - 1].end > start

    def claim(self, start: int, end: int, kind: str) -> bool:
        if start >= end or self.overlaps(start, end):
            return False
        k = bisect.bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.spans.insert(k, Span(start, end, kind))
        return True

    def found(self) -> List[Span]:
        return [span for span in self.spans if span.kind != _PROTECTED]


_PROTECTED = "protected"


def _protect_codes(text: str, taken: _Taken) -> None:
    for pattern in (_PARTIAL_CODE, CODE_IN_TEXT):
        for m in pattern.finditer(text):
            taken.claim(m.start(), m.end(), _PROTECTED)


# --- e-mail addresses --------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+\-]{1,64}\s?@\s?[\w\-]{1,63}(?:\.[\w\-]{1,63})+")


# --- numbers: ID numbers and phone numbers -----------------------------------------

_DIGITS = re.compile(r"\d+")
_MAX_DIGITS = 15
# What may stand between two groups of one number: spaces, one dot or dash,
# parentheses, a plus ("+84 (0) 912 345 678", "(028) 3823 4567", "0912-345-678").
_SPACE = r"[^\S\n]|[\u200b-\u200d\u2060\ufeff]"  # zero-width characters too
_GAP = re.compile(
    rf"(?:{_SPACE}){{0,3}}\)?(?:{_SPACE}){{0,2}}(?:[.\-\u2010-\u2015](?:{_SPACE}){{0,2}})?"
    rf"\(?(?:{_SPACE}){{0,2}}"
)
_CURRENCY_AFTER = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|₫|nghìn|ngàn|triệu|tr\b|k\b)", re.IGNORECASE)
_MONEY_WORDS_BEFORE = re.compile(r"(?:phí|tiền|giá|₫)\s*[:=]?\s*$", re.IGNORECASE)


def _ascii_digits(digits: str) -> str:
    return "".join(str(unicodedata.decimal(ch, 0)) for ch in digits)


def _gap_class(gap: str) -> str:
    punct = [ch for ch in gap if ch in ".-\u2010\u2011\u2012\u2013\u2014\u2015"]
    return "-" if punct and punct[0] != "." else ("." if punct else " ")


def _classify(digits: str, plus: bool) -> str | None:
    n = len(digits)
    if plus:
        if digits.startswith("84"):
            rest = digits[2:]
            rest = rest[1:] if rest.startswith("0") else rest
            return "phone" if len(rest) in (9, 10) else None
        return "phone" if 8 <= n <= 15 else None
    if digits.startswith("84") and n in (11, 12):
        return "phone"
    if n == 12:
        return "citizen_id"
    if n in (10, 11) and digits.startswith("0"):
        return "phone"
    if n == 9:
        return "old_id"
    return None


def _is_money(
    text: str, start: int, end: int, groups: Sequence[str], classes: Sequence[str]
) -> bool:
    """'100.000.000 đồng', 'phí 120.000.000': thousands groups with a money word."""
    thousands = (
        len(groups) > 1
        and set(classes) == {"."}
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )
    if not thousands:
        return False
    return bool(
        _CURRENCY_AFTER.match(text, end)
        or _MONEY_WORDS_BEFORE.search(text[max(0, start - 12) : start])
        or groups[-1] == "000"
    )


def _number_spans(text: str, taken: _Taken) -> Iterator[Span]:
    runs = [m for m in _DIGITS.finditer(text) if not taken.overlaps(m.start(), m.end())]
    chains: List[List[re.Match]] = []
    gaps: List[List[str]] = []
    for run in runs:
        if chains:
            prev = chains[-1][-1]
            between = text[prev.end() : run.start()]
            gap = _GAP.fullmatch(between)
            if gap and between.count("(") <= 1 and between.count(")") <= 1:
                chains[-1].append(run)
                gaps[-1].append(between)
                continue
        chains.append([run])
        gaps.append([])
    for chain, chain_gaps in zip(chains, gaps, strict=True):
        yield from _chain_spans(text, chain, chain_gaps)


def _plus_before(text: str, start: int) -> bool:
    return bool(re.search(r"\+[^\S\n]?\(?[^\S\n]?$", text[max(0, start - 4) : start]))


def _chain_spans(text: str, chain: Sequence[re.Match], gaps: Sequence[str]) -> Iterator[Span]:
    i = 0
    while i < len(chain):
        found = None
        # The longest number of interest has 15 digits (+84 0 and a landline).
        last, count = i, len(chain[i].group())
        while last + 1 < len(chain) and count + len(chain[last + 1].group()) <= _MAX_DIGITS:
            last += 1
            count += len(chain[last].group())
        for j in range(last, i - 1, -1):
            groups = [m.group() for m in chain[i : j + 1]]
            inner = [_gap_class(g) for g in gaps[i:j]]
            plus = _plus_before(text, chain[i].start())
            first_is_prefix = (
                plus
                or groups[0].startswith("84")
                or "(" in text[max(0, chain[i].start() - 1) : chain[i].start()]
            )
            checked = inner[1:] if first_is_prefix and len(inner) > 1 else inner
            if len(set(checked)) > 1:
                continue
            digits = _ascii_digits("".join(groups))
            kind = _classify(digits, plus)
            if not kind:
                continue
            start, end = chain[i].start(), chain[j].end()
            if kind == "old_id" and _is_money(text, start, end, groups, inner):
                continue
            if plus:
                start = text.rindex("+", max(0, start - 4), start)
                if start > 0 and text[start - 1] == "(":
                    start -= 1
            elif start > 0 and text[start - 1] == "(" and ")" in text[start:end]:
                start -= 1
            found = (j, Span(start, end, kind))
            break
        if found:
            yield found[1]
            i = found[0] + 1
        else:
            i += 1


# --- secrets: an OTP, a password or a passcode given after its keyword -------------

# Folded (lower case, no diacritics) keywords.
_SECRET_KEYWORD = (
    r"(?:ma\s+otp|otp|ma\s+xac\s+(?:thuc|nhan|minh)|mat\s+khau|mat\s+ma|mk|m\.k|"
    r"password|passwd|pass\s*code|pass|pwd|ma\s+pin|ma\s+bao\s+mat)"
)
_SECRET_MENTION = re.compile(rf"(?<!\w){_SECRET_KEYWORD}(?!\w)")
# Keyword, up to 5 words, then "là", ":" or "=", then the value.
_SECRET_WITH_LINK = re.compile(
    rf"(?<!\w){_SECRET_KEYWORD}(?:\s+[^\s:=]+){{0,5}}?(?:\s+la\s+|\s*[:=]\s*|\s+is\s+)"
    r"(?P<value>\d+(?:[ .]\d+)*|[^\s\[]\S*?)(?=[.,;!?)]*(?:\s|$))"
)
# Keyword, up to 3 words of letters, then a value with a digit: "otp 123456".
_SECRET_DIRECT = re.compile(
    rf"(?<!\w){_SECRET_KEYWORD}(?:\s+[^\W\d_]+){{0,3}}?\s+"
    r"(?P<value>\d+(?: \d+)*|[^\s\[]*\d\S*?)(?=[.,;!?)]*(?:\s|$))"
)
# Words that follow "mật khẩu là" in a question, not a password.
_NOT_A_SECRET = frozenset(
    """gi j sao bao the nao dau dung sai khong ko k chua roi do vi vay nhu ai nhieu
    cai so ma mot gom phai can co bi hay duoc dc ok oke nhe a nha gi? sao? phai
    otp mk pass""".split()
)


def _secret_value_ok(value: str, folded_value: str) -> bool:
    """A password has digits, symbols or mixed case; a plain word is one if long
    and typed without diacritics ("mật khẩu là những gì" is a question)."""
    if len(value) < 4 or folded_value.strip(".,;!?") in _NOT_A_SECRET:
        return False
    if value.isdigit() or " " in value:
        return sum(ch.isdigit() for ch in value) >= 4
    if _looks_secret(value, alone=True):
        return True
    return len(value) >= 6 and value.isascii() and value.isalpha()


def _secret_spans(text: str, folded: str, taken: _Taken) -> Iterator[Span]:
    for pattern, needs_digit in ((_SECRET_WITH_LINK, False), (_SECRET_DIRECT, True)):
        for m in pattern.finditer(folded):
            start, end = m.span("value")
            value = text[start:end]
            if needs_digit and sum(ch.isdigit() for ch in value) < 4:
                continue
            if not _secret_value_ok(value, m.group("value")):
                continue
            if not taken.overlaps(start, end):
                yield Span(start, end, "secret")


# --- the redaction -----------------------------------------------------------------


def _find(text: str) -> _Taken:
    taken = _Taken()
    if not text:
        return taken
    _protect_codes(text, taken)
    for m in _EMAIL.finditer(text) if "@" in text else ():
        taken.claim(m.start(), m.end(), "email")
    for span in list(_number_spans(text, taken)):
        taken.claim(*span)
    for span in list(_secret_spans(text, fold(text), taken)):
        taken.claim(*span)
    return taken


def find_personal_data(text: str) -> List[Span]:
    """Every piece of personal data in ``text`` (already NFC), in order."""
    return _find(text).found()


def _apply(text: str, spans: Sequence[Span]) -> str:
    out, pos = [], 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(MASKS[span.kind])
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def redact(text: str) -> str:
    """``text`` with every ID number, phone number, e-mail and given secret masked."""
    if not text or not isinstance(text, str):
        return text
    normal = _nfc(text)
    spans = find_personal_data(normal)
    if not spans:
        return text
    return _apply(normal, spans)


def personal_data_kinds(text: str) -> Set[str]:
    """The kinds of personal data in ``text``: citizen_id, old_id, phone, email, secret."""
    if not text or not isinstance(text, str):
        return set()
    return {span.kind for span in find_personal_data(_nfc(text))}


def mentions_secret(text: str) -> bool:
    """Whether ``text`` talks about an OTP, a password or a passcode."""
    return bool(text) and bool(_SECRET_MENTION.search(fold(_nfc(text))))


# --- replies recognised from the conversation --------------------------------------

_TOKEN = re.compile(r"\S+")
_DIGIT_CHAIN = re.compile(r"\d+(?:[^\S\n]{0,2}[.\-]?[^\S\n]{0,2}\d+)*")
_NUMBER_WORD = r"(?:khong|mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|linh|le|muoi|moi|mot)"
_NUMBER_WORDS = re.compile(rf"(?<!\w){_NUMBER_WORD}(?:[\s,.\-]+{_NUMBER_WORD}){{2,}}(?!\w)")


def _looks_secret(token: str, alone: bool = True) -> bool:
    """A password or a code: digits, or (typed alone) symbols or mixed case."""
    core = token.strip(".,;!?()\"'")
    if len(core) < 4 or core.startswith(("/", "[")):
        return False
    if sum(ch.isdigit() for ch in core) >= 4:
        return True
    if not alone or len(core) < 6:
        return False
    has_digit = any(ch.isdigit() for ch in core)
    has_symbol = any(not ch.isalnum() for ch in core)
    mixed_case = any(ch.isupper() for ch in core[1:]) and any(ch.islower() for ch in core)
    return has_digit or has_symbol or mixed_case


def redact_secret_reply(text: str) -> str:
    """A reply given right after an OTP or a password was mentioned.

    Besides what :func:`redact` finds, a number of 4 digits or more is masked, and a
    message of one word that could be a password (digits, symbols, mixed case); a
    payload is kept.
    """
    if not text or not isinstance(text, str) or text.startswith("/"):
        return redact(text)
    normal = _nfc(text)
    taken = _find(normal)
    alone = len(normal.split()) == 1
    for m in _TOKEN.finditer(normal):
        if _looks_secret(m.group(), alone):
            taken.claim(m.start(), m.end(), "secret")
    for m in _DIGIT_CHAIN.finditer(normal):
        if sum(ch.isdigit() for ch in m.group()) >= 4:
            taken.claim(m.start(), m.end(), "secret")
    spans = taken.found()
    return _apply(normal, spans) if spans else text


def redact_phone_digits_reply(text: str) -> str:
    """A reply to the question about the last 4 digits of the phone number.

    Every number outside a dossier code is masked, also written in words
    ("năm sáu bảy tám"); a payload without digits is kept.
    """
    if not text or not isinstance(text, str):
        return text
    normal = _nfc(text)
    taken = _find(normal)
    for pattern, where in ((_DIGIT_CHAIN, normal), (_NUMBER_WORDS, fold(normal))):
        for m in pattern.finditer(where):
            taken.claim(m.start(), m.end(), "phone_digits")
    spans = taken.found()
    return _apply(normal, spans) if spans else text
