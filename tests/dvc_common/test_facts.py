"""The shared facts (update date, hotlines) are defined once, in bot/domain/facts.yml:
changing the date there changes it in every answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa.core.nlg.interpolator import interpolate

from dvc_common.facts import FactsError, facts

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "bot" / "domain"
DATE = re.compile(r"\b\d{1,2}/20\d\d\b")


def _responses():
    for path in sorted(DOMAIN.glob("*.yml")):
        for name, variants in (
            (yaml.safe_load(path.read_text("utf-8")) or {}).get("responses") or {}
        ).items():
            for variant in variants:
                yield path.name, name, variant


def test_no_response_hard_codes_the_update_date_or_a_hotline():
    for file, name, variant in _responses():
        text = variant.get("text") or ""
        if "cập nhật" in text.lower():
            assert "{fact_updated}" in text, (file, name)
        for number in (facts()["portal_hotline"], facts()["mps_hotline"]):
            assert number not in text, (file, name, number)


def test_changing_the_date_in_facts_changes_every_dated_answer():
    slots = {f"fact_{k}": v for k, v in facts().items()}
    slots["fact_updated"] = "01/2099"
    dated = 0
    for _, name, variant in _responses():
        text = variant.get("text") or ""
        if "{fact_updated}" not in text:
            continue
        filled = interpolate(
            text, {**slots, **{k: "x" for k in re.findall(r"{(\w+)}", text) if k not in slots}}
        )
        assert "01/2099" in filled and not DATE.sub("", filled).count("{fact_"), name
        dated += 1
    assert dated >= 20


def test_cards_and_guides_read_the_date_from_facts(monkeypatch):
    from actions.procedures import build_summary_card, load_catalogue
    from dvc_common.guides import all_guides

    monkeypatch.setitem(facts(), "updated", "01/2099")
    catalogue = load_catalogue()
    assert "Cập nhật 01/2099" in build_summary_card(
        catalogue.procedures["khai_sinh"], catalogue.card
    )
    assert all(guide.updated == "01/2099" for guide in all_guides().values())


def test_a_broken_facts_file_fails_loudly(tmp_path):
    bad = tmp_path / "facts.yml"
    bad.write_text("slots:\n  fact_updated:\n    type: any\n", "utf-8")
    with pytest.raises(FactsError, match="fact_updated"):
        facts.__wrapped__(bad)
