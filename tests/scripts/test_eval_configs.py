"""The ablation config must differ from config.yml only by the tokenizer."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_ablation_is_the_project_pipeline_without_the_normaliser():
    project = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    ablation = yaml.safe_load(
        (ROOT / "benchmarks" / "config_no_normaliser.yml").read_text(encoding="utf-8")
    )["pipeline"]
    assert project[0]["name"] == "bot.nlu.tokenizer.VietnameseTokenizer"
    assert ablation[0]["name"] == "WhitespaceTokenizer"
    assert ablation[1:] == project[1:]
