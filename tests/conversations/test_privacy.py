"""Nothing personal kept: every kind of personal data typed into the chat, and a full
lookup, leave no trace in the tracker database or in any log file."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any, Iterator, List

from dvc_common.redact import mentions_secret
from tests.support.stack import code_of

# What a citizen types, and what of it must be kept nowhere.
PERSONAL = [
    ("số căn cước của tôi là 001 203 004 567.", ["001 203 004 567", "001203004567"]),
    ("cccd 038095001234, tra cứu giúp tôi", ["038095001234"]),
    ("cmnd cũ của tôi 123.456.789", ["123.456.789", "123456789"]),
    ("sđt của tôi (+84) 912-345-679", ["912-345-679", "912345679"]),
    ("số của tôi 0987.654.321 nhé", ["0987.654.321", "0987654321"]),
    ("gọi 84 977 001 199", ["84 977 001 199", "84977001199"]),
    ("email của tôi le.thi.hoa1990@gmail.com", ["le.thi.hoa1990@gmail.com", "le.thi.hoa1990"]),
    ("mã OTP là 482913 mà báo sai", ["482913"]),
    ("mật khẩu vneid của tôi là Hoa@2468xyz", ["Hoa@2468xyz"]),
    ("passcode 135792 có đúng không", ["135792"]),
]
# Typed right after the assistant talked about the OTP: the code alone.
OTP_ALONE = "918273"
# Not personal, but what people type is not logged either.
PLAIN = "hôm nay trời đẹp quá nhỉ"
# Names chosen by the assistant or the machinery, not typed: left out of the search.
NOT_TYPED = {"message_id", "model_id", "timestamp", "time"}
HASHED_ID = re.compile(r"^c-[0-9a-f]{16}$")


def strings(value: Any, key: str = "") -> Iterator[str]:
    if key in NOT_TYPED:
        return
    if isinstance(value, str):
        if not HASHED_ID.match(value):
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def tracker_strings(db_path: Path) -> List[str]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("select data, intent_name, action_name from events").fetchall()
    found = []
    for data, intent, action in rows:
        found += list(strings(json.loads(data)))
        found += [v for v in (intent, action) if v]
    return found


def log_strings(log_dir: Path) -> List[str]:
    found = []
    for path in sorted(p for p in log_dir.rglob("*") if p.is_file()):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                found += list(strings(json.loads(line)))
            except ValueError:
                found.append(line)
    return found


def test_personal_data_and_the_four_digits_are_kept_nowhere(chat, seed, stack):
    for text, _ in PERSONAL:
        assert chat.say(text)
    otp_answer = chat.text("/vneid_otp_problem")
    assert mentions_secret(otp_answer)
    chat.say(OTP_ALONE)
    chat.say(PLAIN)

    # A full lookup: code, then the 4 digits of the phone registered with it.
    assert "mã hồ sơ" in chat.text("tra cứu hồ sơ")
    assert "4 số cuối" in chat.text(code_of(seed, 3))
    answer = chat.text("4444")
    assert code_of(seed, 3) in answer and "chờ trả kết quả" in answer
    chat.text("cảm ơn")  # the next turn reads the conversation back from the store

    kept = "\n".join(tracker_strings(stack.tracker_db))
    logged = "\n".join(log_strings(Path(stack.env["LOG_DIR"])))
    assert chat.sender not in logged  # conversation ids are hashed in the logs
    for where, text in (("tracker store", kept), ("logs", logged)):
        for _, values in PERSONAL:
            for value in values:
                assert value not in text, (where, value)
        assert OTP_ALONE not in text, where
        assert "4444" not in text, where
    assert PLAIN not in logged
    # The conversation itself is there, with the masks the centre's staff will read.
    assert "[số định danh đã ẩn]" in kept and "[số cuối điện thoại đã ẩn]" in kept
    assert code_of(seed, 3) in kept


def test_logs_are_json_lines_and_buttons_with_entities_log_no_error(chat, stack):
    messages = chat.say("quên mật khẩu vneid")
    assert any("{" in b["payload"] for m in messages for b in m.get("buttons", []))
    log_dir = Path(stack.env["LOG_DIR"])
    for name in ("rasa_server", "action_server"):
        lines = (log_dir / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert lines, name
        entries = [json.loads(line) for line in lines]
        assert not [e for e in entries if e.get("event") == "interpolator.interpolate.text"]
    console = (log_dir / "rasa_server.log").read_text(encoding="utf-8")
    assert "interpolator" not in console
