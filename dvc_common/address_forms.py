"""Forms of address: answer "bác" to someone who writes as "bác".

Vietnamese speakers name themselves by their relation to the listener: an elderly man
writes "bác muốn hỏi…", a young volunteer "em là tình nguyện viên…", a grandmother "bà
không nhớ…". The answers call the citizen "bạn" by default; once the user has named
themselves with one of :data:`FORMS`, every later answer of the conversation uses that
form instead (the last one given wins, a restart forgets it).

Used by Rasa's response generator (bot/nlg.py) for the domain's responses and by the
actions for texts they take from the guides and the catalogue, so one function decides.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

DEFAULT = "bạn"
# The forms a user may name themselves with, and the ones answers can use.
FORMS = ("bác", "ông", "bà", "cô", "chú", "anh", "chị", "em", "cháu")
# Without diacritics only the forms that cannot be read as another common word
# ("ba" three, "co" to have, "anh" a photo, "chi" what, "chu" a letter...).
PLAIN_FORMS = {"bac": "bác", "chau": "cháu", "em": "em"}

# Words that follow a form when it is the speaker doing or being something.
_SPEAKER_WORDS = (
    "muốn|cần|hỏi|không|chưa|đã|có|bị|đang|sẽ|vừa|mới|làm|quên|xin|định|tên|năm|ở|gửi|"
    "nhập|cài|đăng|nộp|thấy|được|đi|phải|hay|lỡ|mất|dùng|tra|cũng|chỉ|vẫn|còn|nhờ|thử|"
    "bấm|nhận|đọc|nghe|biết|hiểu|già|lớn|là|ko|k|hông|cảm|chào|tính|sợ|lo|đọc"
)
# What may stand right before a form that opens a clause ("ơi": "cháu ơi bác…").
_CLAUSE_START = r"(?:^|[.,!?;:…\n]\s*|\b(?:thì|nên|mà|giờ|nay|rồi|ạ|à|nhưng|ơi|vì)\s+)"
# "cho bác hỏi", "giúp em với", "chỉ cháu cách…".
_ASKING_BEFORE = "cho|giúp|giùm|hộ|chỉ|bảo"
_ASKING_AFTER = "hỏi|với|biết|xin|cái|chút|tí|cách|nhé|ạ"


def _patterns(forms: Iterable[str], plain: bool = False) -> tuple[re.Pattern[str], ...]:
    alternatives = "|".join(forms)
    words = [_SPEAKER_WORDS, _CLAUSE_START, _ASKING_BEFORE, _ASKING_AFTER]
    speaker, start, before, after = [_strip(w) for w in words] if plain else words
    return (
        re.compile(rf"{start}({alternatives})\s+(?:{speaker})\b"),
        re.compile(rf"\b(?:{before})\s+({alternatives})\s+(?:{after})\b"),
    )


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ACCENTED = _patterns(FORMS)
_PLAIN = _patterns(PLAIN_FORMS, plain=True)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int, str] | None:
    found = [(m.start(1), m.group(1)) for p in patterns for m in [p.search(text)] if m]
    return min(found) if found else None


def form_in(text: str) -> str | None:
    """The form the writer of ``text`` names themselves with, if any."""
    text = unicodedata.normalize("NFC", text or "").lower()
    found = _first(_ACCENTED, text)
    if found:
        return found[1]
    plain = _first(_PLAIN, _strip(text))
    return PLAIN_FORMS[plain[1]] if plain else None


def form_of(user_texts: Iterable[str]) -> str:
    """The form to use after these user messages (oldest first): the last one named."""
    form = DEFAULT
    for text in user_texts:
        form = form_in(text) or form
    return form


_BAN = re.compile(r"\b(bạn|Bạn|BẠN)\b")


def address(text: str, form: str) -> str:
    """``text`` with the citizen called ``form`` instead of "bạn"."""
    if not text or form == DEFAULT or form not in FORMS:
        return text

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.isupper():
            return form.upper()
        return form[0].upper() + form[1:] if word[0].isupper() else form

    return _BAN.sub(replace, unicodedata.normalize("NFC", text))
