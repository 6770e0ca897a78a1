"""Replicas share conversations: two Rasa servers on one PostgreSQL tracker store and one
Redis lock store."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any, Dict, List

import psycopg2
import redis
import requests

from tests.support.stack import code_of

ID_NUMBER = "001234567890"
PHONE = "0912345678"


class Citizen:
    """One sender talking over Rasa's REST channel to whichever server it is given."""

    def __init__(self) -> None:
        self.sender = str(uuid.uuid4())

    def say(self, base_url: str, text: str) -> List[Dict[str, Any]]:
        reply = requests.post(
            f"{base_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=120,
        )
        reply.raise_for_status()
        return reply.json()

    def text(self, base_url: str, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(base_url, text))


def events_of(tracker_url: str, sender: str) -> List[Dict[str, Any]]:
    conn = psycopg2.connect(tracker_url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT type_name, action_name, data FROM events WHERE sender_id = %s ORDER BY id",
                (sender,),
            )
            return [{"type": t, "action": a, "data": d} for t, a, d in cur.fetchall()]
    finally:
        conn.close()


def test_a_lookup_alternating_between_the_servers_completes(replicas):
    one, two = replicas.urls
    citizen = Citizen()
    assert "mã hồ sơ" in citizen.text(one, "tra cứu hồ sơ")
    assert "4 số cuối" in citizen.text(two, code_of(replicas.seed, 0))
    answer = citizen.text(one, "5678")
    assert "Đang xử lý" in answer and code_of(replicas.seed, 0) in answer
    # The form's state went through PostgreSQL: both servers see the same tracker.
    types = [e["type"] for e in events_of(replicas.tracker_url, citizen.sender)]
    assert types.count("user") == 3


def test_concurrent_messages_of_one_sender_on_both_servers_are_handled_one_at_a_time(replicas):
    citizen = Citizen()
    citizen.say(replicas.urls[0], "xin chào")  # the session exists before the burst
    texts = [f"cảm ơn bạn lần {n}" for n in range(1, 21)]
    start = threading.Barrier(len(texts))
    answers: Dict[str, Any] = {}

    def send(n: int, text: str) -> None:
        start.wait()
        try:
            answers[text] = citizen.say(replicas.urls[n % 2], text)
        except Exception as exc:  # reported below
            answers[text] = exc

    threads = [threading.Thread(target=send, args=(n, t)) for n, t in enumerate(texts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    for text in texts:
        assert isinstance(answers.get(text), list) and answers[text], (text, answers.get(text))

    events = events_of(replicas.tracker_url, citizen.sender)
    users = [json.loads(e["data"])["text"] for e in events if e["type"] == "user"]
    assert sorted(users) == sorted(["xin chào", *texts])  # each once, none lost
    # Each turn ran whole before the next began: after every user message come the bot's
    # answer and action_listen, and only then the next user message.
    turns: List[List[Dict[str, Any]]] = []
    for event in events:
        if event["type"] == "user":
            turns.append([])
        if turns:
            turns[-1].append(event)
    for turn in turns:
        kinds = [e["type"] for e in turn]
        assert "bot" in kinds, kinds
        assert kinds[-1] == "action" and turn[-1]["action"] == "action_listen", kinds


def test_the_lock_store_is_redis(replicas):
    citizen = Citizen()
    client = redis.Redis.from_url(replicas.redis.url())
    before = client.info("stats")["total_commands_processed"]
    citizen.say(replicas.urls[1], "xin chào")
    assert client.info("stats")["total_commands_processed"] > before


def test_postgresql_holds_no_id_or_phone_number(replicas):
    one, two = replicas.urls
    citizen = Citizen()
    citizen.say(one, f"số căn cước của tôi là {ID_NUMBER}")
    citizen.say(two, f"số điện thoại {PHONE} có tra cứu được không")
    conn = psycopg2.connect(replicas.tracker_url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
            tables = [row[0] for row in cur.fetchall()]
            assert "events" in tables
            rows = []
            for table in tables:
                cur.execute(f'SELECT CAST(t AS text) FROM "{table}" t')
                rows += [row[0] for row in cur.fetchall()]
    finally:
        conn.close()
    assert any(citizen.sender in row for row in rows)
    assert not [row for row in rows if ID_NUMBER in row or PHONE in row]
