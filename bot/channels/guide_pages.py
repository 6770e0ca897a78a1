"""Printable guide pages, served by the Rasa server at /huong-dan/<guide>.

Large print, one step per block with a checkbox, an A4 print stylesheet. The pages
are rendered from guides/*.yml with every text escaped. This "channel" takes no
messages: it is only the way Rasa lets a project add routes to its server.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from dvc_common.guides import Guide, all_guides

CSS_FILE = Path(__file__).resolve().parents[1] / "web" / "guide_print.css"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
}


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" href="/huong-dan/static/guide_print.css">\n'
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def render_guide(guide: Guide) -> str:
    parts = [
        f"<h1>{escape(guide.title)}</h1>",
        f'<p class="summary">{escape(guide.summary)}</p>',
        '<section class="prepare" aria-labelledby="prepare-title">',
        '<h2 id="prepare-title">Cần chuẩn bị</h2>',
        '<ul class="checklist">',
    ]
    for i, item in enumerate(guide.prepare, start=1):
        parts.append(
            f'<li><input type="checkbox" id="prep-{i}"> '
            f'<label for="prep-{i}">{escape(item)}</label></li>'
        )
    parts += ["</ul>", "</section>", '<ol class="steps">']
    total = len(guide.steps)
    for i, step in enumerate(guide.steps, start=1):
        parts.append('<li class="step">')
        parts.append(
            f'<input type="checkbox" id="step-{i}"> '
            f'<label for="step-{i}"><span class="step-no">Bước {i}/{total}</span> '
            f"{escape(step.text)}</label>"
        )
        if step.tip:
            parts.append(f'<p class="tip"><strong>Mẹo:</strong> {escape(step.tip)}</p>')
        if step.warning:
            parts.append(f'<p class="warning"><strong>Lưu ý:</strong> {escape(step.warning)}</p>')
        parts.append("</li>")
    parts += [
        "</ol>",
        f'<p class="updated">Cập nhật {escape(guide.updated)} · Xác nhận lại tại '
        f"{escape(guide.official_channel)}</p>",
        '<p class="noprint"><a href="/huong-dan/">Tất cả hướng dẫn</a></p>',
    ]
    return _page(guide.title, "\n".join(parts))


def render_index() -> str:
    items = "\n".join(
        f'<li><a href="/huong-dan/{escape(g.id)}">{escape(g.title)}</a></li>'
        for g in all_guides().values()
    )
    return _page(
        "Hướng dẫn từng bước",
        f'<h1>Hướng dẫn từng bước</h1>\n<ul class="guide-list">\n{items}\n</ul>',
    )


class GuidePagesInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "guide_pages"

    def url_prefix(self) -> str:
        return "/huong-dan"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("guide_pages", __name__)

        @bp.get("/", strict_slashes=False)
        async def index(request: Request) -> HTTPResponse:
            return response.html(render_index(), headers=HEADERS)

        @bp.get("/static/guide_print.css")
        async def css(request: Request) -> HTTPResponse:
            return response.text(
                CSS_FILE.read_text(encoding="utf-8"),
                content_type="text/css; charset=utf-8",
                headers=HEADERS,
            )

        @bp.get("/<guide_id>")
        async def guide_page(request: Request, guide_id: str) -> HTTPResponse:
            if not guide_id:
                # Sanic routes /huong-dan/ (the link on every page and in the README)
                # here with an empty id: it is the index.
                return response.html(render_index(), headers=HEADERS)
            guide = all_guides().get(guide_id)
            if guide is None:
                body = (
                    "<h1>Không tìm thấy hướng dẫn</h1>"
                    '<p><a href="/huong-dan/">Xem tất cả hướng dẫn</a></p>'
                )
                return response.html(_page("Không tìm thấy", body), status=404, headers=HEADERS)
            return response.html(render_guide(guide), headers=HEADERS)

        return bp
