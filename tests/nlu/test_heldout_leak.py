"""The held-out set must stay unseen: none of its sentences may appear in data/ or tests/.

Sentences are compared in ``comparable`` form (lower case, no diacritics, no
punctuation, whitespace collapsed), as whole words inside any line of any text file
under data/ or tests/ outside tests/nlu/heldout/. On failure only the leaked held-out
sentences are printed, never the training data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from tests.nlu.heldout_sentences import (
    HELDOUT_DIR,
    ROOT,
    comparable,
    composite_examples,
    heldout_examples,
)

SEARCHED = ("data", "tests")
SKIPPED_SUFFIXES = {".pyc", ".gz", ".tar", ".db", ".sqlite", ".png", ".jpg", ".pdf", ".zip"}


def _searched_files() -> List[Path]:
    files = []
    for top in SEARCHED:
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or path.suffix in SKIPPED_SUFFIXES:
                continue
            if HELDOUT_DIR in path.parents or "__pycache__" in path.parts:
                continue
            files.append(path)
    return files


def _comparable_lines(path: Path) -> str:
    """The file's lines in comparable form, each padded with spaces, one per line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""
    return "\n".join(f" {comparable(line)} " for line in text.splitlines())


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if ROOT in path.parents else str(path)


def find_leaks(sentences: Dict[str, str], files: List[Path]) -> Dict[str, List[str]]:
    """Comparable sentence -> files (relative paths) in which it appears."""
    leaks: Dict[str, List[str]] = {}
    for path in files:
        haystack = _comparable_lines(path)
        if not haystack:
            continue
        for key in sentences:
            if f" {key} " in haystack:
                leaks.setdefault(key, []).append(_where(path))
    return leaks


def test_the_comparison_ignores_case_diacritics_punctuation_and_markup(tmp_path):
    copied = tmp_path / "copied.yml"
    copied.write_text(
        "- intent: x\n  examples: |\n"
        '    - EM MUỐN LÀM  [khai-sinh]{"entity": "procedure"}, ở ĐÂU?\n',
        encoding="utf-8",
    )
    other = tmp_path / "other.py"
    other.write_text('send("em muon lam khai sinh o day")\n', encoding="utf-8")
    sentences = {comparable("em muốn làm khai sinh ở đâu"): "", comparable("muon lam"): ""}
    leaks = find_leaks(sentences, [copied, other])
    assert leaks == {
        "em muon lam khai sinh o dau": [str(copied)],
        "muon lam": [str(copied), str(other)],
    }
    # Whole words only, and never across two lines.
    assert not find_leaks({comparable("muon la"): "", comparable("dau intent"): ""}, [copied])


def test_no_heldout_sentence_appears_in_data_or_other_tests():
    sentences = {comparable(example): example for *_, example in heldout_examples()}
    assert len(sentences) > 1000, "the held-out set is missing"
    composite = {comparable(text): text for text in composite_examples()}
    assert len(composite) >= 150, "the composite held-out set is missing"
    sentences.update(composite)
    leaks = find_leaks(sentences, _searched_files())
    report = [f"{sentences[key]!r} appears in {', '.join(where)}" for key, where in leaks.items()]
    assert not report, "held-out sentences leaked:\n" + "\n".join(report)
