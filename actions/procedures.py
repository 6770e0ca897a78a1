"""Procedure information from the structured catalogue ``catalogue/procedures.yml``.

A field left empty in the catalogue has no verified source; the answer says so and
points to the procedure's page on the National Public Service Portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import quote

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import PORTAL_HOTLINE

CATALOGUE_FILE = Path(__file__).parent / "catalogue" / "procedures.yml"
SEARCH_URL = "https://dichvucong.gov.vn/p/home/dvc-tim-kiem-thu-tuc.html?key="
PROCEDURE_KEYS = (
    "khai_sinh", "lien_thong_khai_sinh", "khai_tu", "ket_hon", "xac_nhan_hon_nhan",
    "thuong_tru", "tam_tru", "can_cuoc", "ly_lich_tu_phap", "gplx", "chung_thuc",
)
UNKNOWN = "chưa có thông tin đã kiểm chứng"


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Procedure:
    key: str
    name: str
    search_key: str
    procedure_code: str | None = None
    documents: List[str] = field(default_factory=list)
    where: str | None = None
    online: str | None = None
    time_limit: str | None = None
    fee: str | None = None
    notes: List[str] = field(default_factory=list)

    @property
    def portal_url(self) -> str:
        return SEARCH_URL + quote(self.search_key)


def parse_catalogue(raw: Any, source: str = "catalogue") -> Dict[str, Procedure]:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{source}: expected a mapping of procedure keys")
    missing = [k for k in PROCEDURE_KEYS if k not in raw]
    if missing:
        raise CatalogueError(f"{source}: missing procedures {', '.join(missing)}")
    out: Dict[str, Procedure] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict):
            raise CatalogueError(f"{source}: {key}: expected a mapping")
        for name in ("name", "search_key"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise CatalogueError(f"{source}: {key}: {name} must be a non-empty text")
        for name in ("documents", "notes"):
            value = entry.get(name) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CatalogueError(f"{source}: {key}: {name} must be a list of texts")
        for name in ("procedure_code", "where", "online", "time_limit", "fee"):
            if entry.get(name) is not None and not isinstance(entry.get(name), str):
                raise CatalogueError(f"{source}: {key}: {name} must be a text or null")
        out[key] = Procedure(
            key=key,
            name=entry["name"],
            search_key=entry["search_key"],
            procedure_code=entry.get("procedure_code"),
            documents=list(entry.get("documents") or []),
            where=entry.get("where"),
            online=entry.get("online"),
            time_limit=entry.get("time_limit"),
            fee=entry.get("fee"),
            notes=list(entry.get("notes") or []),
        )
    return out


@lru_cache(maxsize=1)
def load_catalogue(path: Path = CATALOGUE_FILE) -> Dict[str, Procedure]:
    with open(path, encoding="utf-8") as handle:
        return parse_catalogue(yaml.safe_load(handle), str(path))


def build_procedure_answer(p: Procedure) -> str:
    def known(value: str | None) -> str:
        return value if value else f"{UNKNOWN}, xem trên Cổng DVCQG (liên kết bên dưới)"

    title = f"📋 {p.name}" + (f" (mã thủ tục {p.procedure_code})" if p.procedure_code else "")
    lines = [title]
    if p.documents:
        lines.append("• Giấy tờ cần chuẩn bị:")
        lines.extend(f"   - {d}" for d in p.documents)
    else:
        lines.append(f"• Giấy tờ cần chuẩn bị: {known(None)}")
    lines.append(f"• Nơi nộp: {known(p.where)}")
    lines.append(f"• Nộp trực tuyến: {known(p.online)}")
    lines.append(f"• Thời hạn giải quyết: {known(p.time_limit)}")
    lines.append(f"• Phí, lệ phí: {known(p.fee)}")
    if p.notes:
        lines.append("Lưu ý:")
        lines.extend(f"   - {n}" for n in p.notes)
    lines.append(f"Xem đầy đủ: {p.portal_url}")
    lines.append(
        f"Cập nhật 11/2026 · Xác nhận lại tại Cổng DVCQG dichvucong.gov.vn hoặc tổng đài "
        f"{PORTAL_HOTLINE}"
    )
    return "\n".join(lines)


class ActionProcedureInfo(Action):
    def name(self) -> str:
        return "action_procedure_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        catalogue = load_catalogue()
        entities = list(tracker.get_latest_entity_values("procedure"))
        key = next((e for e in entities if e in catalogue), None)
        if key is None and not entities:
            key = tracker.get_slot("procedure") if tracker.get_slot("procedure") in catalogue else None
        if key is None:
            dispatcher.utter_message(response="utter_ask_procedure")
            return [SlotSet("procedure", None)]
        procedure = catalogue[key]
        dispatcher.utter_message(
            text=build_procedure_answer(procedure),
            buttons=[
                {"title": "Cách nộp trực tuyến", "payload": "/filing_howto"},
                {"title": "Nộp ở xã khác", "payload": "/filing_anywhere"},
                {"title": "Thủ tục khác", "payload": "/procedure_info"},
            ],
        )
        return [SlotSet("procedure", key)]
