import os
from pathlib import Path

import pytest
import yaml

from actions.procedures import procedure_keys
from dvc_common.facts import fact
from dvc_common.guides import GUIDES_DIR, GuideError, load_guide_file, load_guides, step_lines

REQUIRED_GUIDES = {
    "vneid_level1",
    "vneid_level2",
    "vneid_activate",
    "vneid_forgot_password",
    "vneid_new_phone",
    "portal_login",
    "filing_online",
    "payment_online",
    "dossier_lookup",
    "result_by_post",
    "khai_sinh",
    "lien_thong_khai_sinh",
}
ROOT = Path(__file__).resolve().parents[2]
# The shared specification sits beside the project (../shared/spec) or where
# SHARED_SPEC_DIR says. Missing, the test fails: a contract check never skips quietly.
SPEC_DIR = Path(os.environ.get("SHARED_SPEC_DIR") or ROOT.parent / "shared" / "spec")
SPEC_INTENTS = SPEC_DIR / "intents.md"


def test_every_committed_guide_loads():
    # A malformed guide fails here, naming the file and the problem.
    guides = load_guides()
    assert REQUIRED_GUIDES <= set(guides)
    for guide in guides.values():
        assert guide.updated == fact("updated")
        if guide.procedure:
            assert guide.procedure in procedure_keys(), guide.id


def test_offered_for_names_contract_intents():
    assert SPEC_INTENTS.exists(), (
        f"{SPEC_INTENTS} is missing: put the shared specification beside the project "
        "(../shared/spec) or set SHARED_SPEC_DIR"
    )
    spec = SPEC_INTENTS.read_text(encoding="utf-8")
    for guide in load_guides().values():
        for intent in guide.offered_for:
            assert f"| {intent} |" in spec, (guide.id, intent)


def test_answers_of_offered_intents_offer_the_guide():
    responses = {}
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        responses.update(
            (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        )
    for guide in load_guides().values():
        for intent in guide.offered_for:
            payloads = [
                b["payload"] for v in responses[f"utter_{intent}"] for b in v.get("buttons", [])
            ]
            assert f'/volunteer_mode{{"guide":"{guide.id}"}}' in payloads, intent


def test_step_lines_show_position():
    guide = load_guides()["vneid_activate"]
    lines = step_lines(guide, 2)
    assert lines[0].startswith(f"Bước 3/{len(guide.steps)}")
    assert lines[1] == guide.steps[2].text


def write(tmp_path, name, data):
    path = tmp_path / f"{name}.yml"
    path.write_text(
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def valid(name="demo"):
    return {
        "id": name,
        "title": "Tiêu đề",
        "summary": "Tóm tắt",
        "prepare": ["Điện thoại"],
        "steps": [
            {"text": "Một"},
            {"text": "Hai", "tip": "Mẹo"},
            {"text": "Ba", "warning": "Chú ý"},
        ],
        "official_channel": "18001096",
        "sources": ["knowledge.md"],
    }


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"steps": [{"text": "Một"}]}, "steps must be a list of 3 to 12 steps"),
        ({"id": "other"}, "must equal the file name"),
        ({"title": ""}, "title must be a non-empty text"),
        ({"prepare": []}, "prepare must be a non-empty list"),
        ({"colour": "blue"}, "unknown key(s): colour"),
        ({"steps": [{"text": "a"}, {"text": "b"}, {"txt": "c"}]}, "steps[3]: unknown key(s): txt"),
        (
            {"steps": [{"text": "a"}, {"text": "b"}, {"text": ""}]},
            "steps[3].text must be a non-empty text",
        ),
    ],
)
def test_malformed_guide_names_file_and_problem(tmp_path, change, problem):
    path = write(tmp_path, "demo", {**valid(), **change})
    with pytest.raises(GuideError) as error:
        load_guide_file(path)
    assert str(path) in str(error.value) and problem in str(error.value)


def test_missing_key_and_bad_yaml(tmp_path):
    data = valid()
    del data["sources"]
    with pytest.raises(GuideError, match="missing key\\(s\\): sources"):
        load_guide_file(write(tmp_path, "demo", data))
    with pytest.raises(GuideError, match="not valid YAML"):
        load_guide_file(write(tmp_path, "broken", "id: [unclosed"))


def test_one_intent_one_guide(tmp_path):
    write(tmp_path, "a", {**valid("a"), "offered_for": ["vneid_install"]})
    write(tmp_path, "b", {**valid("b"), "offered_for": ["vneid_install"]})
    with pytest.raises(GuideError, match="already offered by guide 'a'"):
        load_guides(tmp_path)


def test_guides_dir_is_the_project_folder():
    assert GUIDES_DIR == ROOT / "guides"
