"""No citizen-facing Vietnamese wording in the actions' Python code.

What a citizen reads lives in the domain's responses (bot/domain/*.yml), the guides and
the catalogue, and the YAML files next to the actions (actions/*.yml). This test parses
every ``actions/**/*.py`` and fails, naming file:line, on any string that is not a
docstring, has a Vietnamese letter with diacritics, and reads like wording:

* at least ``MIN_WORDS`` words, or a sentence (ends with . ? ! : or …);
* or, however short, a button title or a message text (``"title": "Đã xong"``,
  ``text="…"``).

An f-string is judged as a whole, its placeholders counted as words. A string that has
to stay (a keyword list that matches what users type, never shown to them) is listed in
``ALLOWED`` with the reason; keep that list short.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = ROOT / "actions"

MIN_WORDS = 3
# Vietnamese letters with diacritics (and đ), upper or lower case.
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.?!:…]\s*$")
# Keys and keyword arguments whose string value a citizen reads, whatever its length.
SHOWN = {"text", "title"}

#: (path relative to the repository, name of the constant) -> why it may stay in code.
#: Only strings that are never shown to a citizen belong here (e.g. words matched in what
#: users type). Empty: every such list lives in YAML (actions/anger.yml, the catalogue).
ALLOWED: Dict[Tuple[str, str], str] = {}


def _docstrings(tree: ast.AST) -> Set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _text(node: ast.AST) -> str | None:
    """The string a constant or an f-string stands for ("{}" for each placeholder)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return None


def _shown_values(tree: ast.AST) -> Set[int]:
    """Strings given as a message text or a button title."""
    shown = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in SHOWN:
                    shown.add(id(value))
        elif isinstance(node, ast.keyword) and node.arg in SHOWN:
            shown.add(id(node.value))
    return shown


def _owners(tree: ast.AST) -> Dict[int, str]:
    """For each string, the name of the module-level or class constant it belongs to."""
    owners: Dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names and node.value is not None:
                for inner in ast.walk(node.value):
                    owners[id(inner)] = names[0]
    return owners


def looks_like_wording(text: str, shown: bool = False) -> bool:
    if not VIETNAMESE.search(text):
        return False
    if shown:
        return True
    words = [w for w in text.split() if any(ch.isalpha() for ch in w) or w == "{}"]
    return len(words) >= MIN_WORDS or bool(SENTENCE_END.search(text))


def wording_in_source(source: str, filename: str = "<source>") -> Iterator[Tuple[int, str, str]]:
    """(line, constant name or '', text) of each piece of wording in Python ``source``."""
    tree = ast.parse(source, filename=filename)
    docstrings = _docstrings(tree)
    shown = _shown_values(tree)
    owners = _owners(tree)
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in inside_fstrings:
            continue
        text = _text(node)
        if text is not None and looks_like_wording(text, id(node) in shown):
            yield node.lineno, owners.get(id(node), ""), text


def wording_in_actions(root: Path = ACTIONS, base: Path = ROOT) -> List[str]:
    """file:line and the start of each piece of wording in ``root``, except ALLOWED."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(base).as_posix()
        for line, owner, text in wording_in_source(path.read_text(encoding="utf-8"), relative):
            if (relative, owner) not in ALLOWED:
                problems.append(f"{relative}:{line}: {text[:70]!r}")
    return problems


# --- the rule applied to the actions -------------------------------------------------


def test_no_citizen_facing_wording_in_actions_code():
    problems = wording_in_actions()
    assert not problems, (
        "Vietnamese wording in Python: move it to a domain response (bot/domain/*.yml) or "
        "to actions/<module>.yml:\n" + "\n".join(problems)
    )


def test_every_allowed_entry_is_still_needed():
    used = set()
    for relative, _ in ALLOWED:
        source = (ROOT / relative).read_text(encoding="utf-8")
        used |= {(relative, owner) for _, owner, _ in wording_in_source(source, relative)}
    assert set(ALLOWED) <= used, set(ALLOWED) - used
    assert all(reason.strip() for reason in ALLOWED.values())


# --- the scanner itself ---------------------------------------------------------------

# Lines as the actions had them before their wording moved to YAML.
OLD_CODE = '''
"""Docstrings may say anything: Có phải ý bạn là …"""

NAV_BUTTONS = [{"title": "Tiếp ▶", "payload": "/next_step"}, {"title": "Dừng", "payload": "/stop"}]


def run(dispatcher, guide, step):
    """Một docstring tiếng Việt cũng được."""
    dispatcher.utter_message(text="Đây đã là bước đầu tiên.")
    dispatcher.utter_message(
        text=f"Đã dừng hướng dẫn «{guide.title}» ở bước {step + 1}/{len(guide.steps)}.",
        buttons=[{"title": "Làm lại", "payload": "/restart"}],
    )
    return "Xin lỗi, tôi chưa hiểu ý bạn. Bạn nói lại ngắn gọn hơn " "nhé"


LABELS = {"greet": "Chào hỏi", "hotline": "Số tổng đài hỗ trợ"}
'''


def test_the_scanner_finds_messages_titles_labels_and_fstrings():
    found = {(line, text) for line, _, text in wording_in_source(OLD_CODE)}
    texts = {text for _, text in found}
    assert "Tiếp ▶" in texts and "Dừng" in texts  # button titles, however short
    assert "Đây đã là bước đầu tiên." in texts
    assert "Đã dừng hướng dẫn «{}» ở bước {}/{}." in texts  # an f-string as a whole
    assert "Làm lại" in texts
    assert "Xin lỗi, tôi chưa hiểu ý bạn. Bạn nói lại ngắn gọn hơn nhé" in texts
    assert "Số tổng đài hỗ trợ" in texts  # a label of 3 words
    assert not any("docstring" in text.lower() for text in texts)
    assert "Chào hỏi" not in texts  # 2 words, not shown as such: below the threshold


def test_the_scanner_names_the_constant_and_leaves_the_rest_alone():
    source = (
        'LABELS = {"hotline": "Số tổng đài hỗ trợ"}\n'
        'URL = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"\n'
        'WORDS = re.compile(r"\\b(goi|dien thoai|call)\\b")\n'
        'CODE = "Mã"\n'
    )
    assert list(wording_in_source(source)) == [(1, "LABELS", "Số tổng đài hỗ trợ")]


def test_the_scanner_fails_on_a_literal_put_back_into_the_actions(tmp_path):
    package = tmp_path / "actions"
    package.mkdir()
    for path in ACTIONS.glob("*.py"):  # a copy of today's actions
        (package / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    guide = package / "guide.py"
    assert wording_in_actions(package, tmp_path) == []
    guide.write_text(
        guide.read_text(encoding="utf-8")
        + '\n\ndef _first():\n    return "Đây đã là bước đầu tiên."\n',
        encoding="utf-8",
    )
    problems = wording_in_actions(package, tmp_path)
    assert len(problems) == 1 and problems[0].startswith("actions/guide.py:")
    assert "bước đầu tiên" in problems[0]
