"""Not-understood messages: grouped, labelled, exported as Rasa NLU YAML."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path

from console.not_understood import contract_intents
from tests.support.console_app import csrf_of, now

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv" / "bin" / "python"
# Parsed by Rasa's own reader, in the assistant's virtual environment.
LOAD_WITH_RASA = """
import json, sys
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
data = RasaYAMLReader().reads(sys.stdin.read())
print(json.dumps({m.get("text"): m.get("intent") for m in data.training_examples}))
"""


def load_with_rasa(text: str) -> dict:
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", LOAD_WITH_RASA],
        input=text,
        capture_output=True,
        text=True,
        timeout=300,
        env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def fill(tracker):
    t = now() - timedelta(hours=1)
    for i, text in enumerate(
        [
            "làm sao đổi tên trên vneid",
            "lam sao doi ten tren vneid",
            "làm sao đổi tên trên vneid",
            "giá vàng hôm nay",
            "đổi tên vneid thế nào ạ",
            "sđt tôi 0912345678 bị khóa",
        ]
    ):
        tracker.user(f"s{i}", text, "nlu_fallback", t, 0.2)


def groups_csv(client):
    text = client.get("/export/not_understood.csv?days=30").text.lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_messages_are_grouped_by_similarity_with_counts(client, tracker):
    fill(tracker)
    groups = groups_csv(client)
    first = groups[0]
    # The three spellings of one question form the biggest group.
    assert int(first[1]) >= 3 and "đổi tên" in first[2]
    assert any("giá vàng hôm nay" in g[3] for g in groups[1:])
    assert sum(int(g[1]) for g in groups) == 6
    page = client.get("/not-understood?days=30").text
    assert "0912345678" not in page and "[số điện thoại đã ẩn]" in page


def test_labelled_groups_export_as_nlu_yaml_that_rasa_loads(client, tracker, settings):
    fill(tracker)
    groups = groups_csv(client)
    token = csrf_of(client, "/not-understood?days=30")
    doi_ten = [t for t in groups[0][3].split(" | ")]
    client.post(
        "/not-understood/label",
        data={"texts": doi_ten, "intent": "vneid_change_device", "csrf_token": token, "days": "30"},
    )
    gia_vang = next(g for g in groups if "giá vàng" in g[3])[3].split(" | ")
    client.post(
        "/not-understood/label",
        data={"texts": gia_vang, "intent": "out_of_scope", "csrf_token": token, "days": "30"},
    )
    masked = next(g for g in groups if "đã ẩn" in g[3])[3].split(" | ")
    client.post(
        "/not-understood/label",
        data={
            "texts": masked,
            "intent": "vneid_forgot_password",
            "csrf_token": token,
            "days": "30",
        },
    )
    export = client.get("/not-understood/export.yml")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    examples = load_with_rasa(export.text)
    assert examples["làm sao đổi tên trên vneid"] == "vneid_change_device"
    assert examples["giá vàng hôm nay"] == "out_of_scope"
    # A message with a masked number is not training data.
    assert not any("ẩn" in text for text in examples)
    assert set(examples.values()) <= set(contract_intents(settings.domain_dir))


def test_only_contract_intents_are_accepted(client, tracker):
    fill(tracker)
    token = csrf_of(client, "/not-understood?days=30")
    response = client.post(
        "/not-understood/label",
        data={"texts": ["giá vàng hôm nay"], "intent": "made_up_intent", "csrf_token": token},
    )
    assert response.status_code == 422


def test_contract_intents_come_from_the_domain(settings):
    intents = contract_intents(settings.domain_dir)
    assert {"human_handoff", "check_dossier_status", "out_of_scope", "inform"} <= set(intents)
    assert "nlu_fallback" not in intents
