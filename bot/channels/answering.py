"""Hands a checked message to Rasa and makes sure the citizen gets an answer.

Shared by the chat channels. Rasa stays silent when a custom action fails (the
action server is down, times out or errs): it logs the failure and goes on. The
failure is noticed here through that log record, and the citizen gets the domain's
``utter_service_unavailable`` (apology, hotline, portal) instead of silence or half
an answer. An answer that takes longer than ``CHAT_ANSWER_TIMEOUT_SECONDS`` (default
4.5) gets the apology too; Rasa finishes the turn in the background.

Also here: the limits of the HTTP layer the channels install on the Sanic app, a
request body of at most ``CHAT_MAX_BODY_BYTES``, refused with a polite 413.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge

from bot.channels.input_checks import MAX_BODY_BYTES, error_message
from bot.channels.replies import SERVICE_UNAVAILABLE, reply_text

logger = logging.getLogger(__name__)

DEFAULT_ANSWER_TIMEOUT = 4.5
# The record Rasa's processor logs when an action raised (rasa/core/processor.py).
_ACTION_FAILED = "Encountered an exception while running action"
_failures: contextvars.ContextVar[List[str] | None] = contextvars.ContextVar(
    "chat_turn_failures", default=None
)


class _ActionFailureWatcher(logging.Handler):
    """Notes, for the turn being handled, that Rasa could not run an action."""

    def emit(self, record: logging.LogRecord) -> None:
        failures = _failures.get()
        if failures is not None and str(record.msg).startswith(_ACTION_FAILED):
            failures.append(record.name)


_WATCHER = _ActionFailureWatcher(level=logging.ERROR)


def watch_action_failures() -> None:
    """Idempotent: attaches the watcher to Rasa's processor logger."""
    processor_logger = logging.getLogger("rasa.core.processor")
    if _WATCHER not in processor_logger.handlers:
        processor_logger.addHandler(_WATCHER)


def answer_timeout() -> float:
    try:
        return max(
            float(os.environ.get("CHAT_ANSWER_TIMEOUT_SECONDS") or DEFAULT_ANSWER_TIMEOUT), 0.1
        )
    except ValueError:
        return DEFAULT_ANSWER_TIMEOUT


@dataclass
class Turn:
    """What came back from Rasa for one message."""

    messages: List[Dict[str, Any]] = field(default_factory=list)
    failed: bool = False


async def handle_message(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    channel: str,
    app: Any = None,
    timeout: float | None = None,
) -> Turn:
    """Runs Rasa on ``message``; the collected answer, with the apology when needed.

    ``message.output_channel`` is the ``CollectingOutputChannel`` the answer is read from.
    """
    collector: CollectingOutputChannel = message.output_channel
    failures: List[str] = []
    token = _failures.set(failures)
    try:
        task = asyncio.ensure_future(on_new_message(message))
    finally:
        _failures.reset(token)
    turn = Turn()
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout or answer_timeout())
    except asyncio.TimeoutError:
        logger.warning("%s channel: no answer within the time limit", channel)
        task.add_done_callback(_drain)
        turn.failed = True
    except Exception as exc:  # noqa: BLE001 - the citizen must get an answer
        logger.error("%s channel: message handling failed (%s)", channel, type(exc).__name__)
        logger.debug("message handling failure", exc_info=True)
        turn.failed = True
    if failures:
        logger.warning("%s channel: an action failed; answering with the apology", channel)
        turn.failed = True
    # A failed turn keeps what was said before the failure only if nothing else is lost.
    turn.messages = [] if turn.failed and not failures else list(collector.messages)
    if turn.failed or not _has_content(turn.messages):
        turn.messages.append(
            {"recipient_id": message.sender_id, "text": reply_text(SERVICE_UNAVAILABLE, app)}
        )
        turn.failed = True
    return turn


def _drain(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("late message handling failed (%s)", type(task.exception()).__name__)


def _has_content(messages: List[Dict[str, Any]]) -> bool:
    return any(
        m.get("text") or m.get("buttons") or m.get("image") or m.get("custom") for m in messages
    )


def max_body_bytes() -> int:
    try:
        return max(int(os.environ.get("CHAT_MAX_BODY_BYTES") or MAX_BODY_BYTES), 1024)
    except ValueError:
        return MAX_BODY_BYTES


def install_http_limits(bp: Blueprint) -> None:
    """On server start: the body size limit and a polite 413 for the whole app."""

    @bp.listener("before_server_start")
    async def limit_body_size(app, loop) -> None:  # noqa: ARG001
        app.config.REQUEST_MAX_SIZE = min(int(app.config.REQUEST_MAX_SIZE), max_body_bytes())
        if not getattr(app.ctx, "chat_limits_installed", False):
            app.ctx.chat_limits_installed = True

            async def too_large(request, exception):  # noqa: ARG001
                return response.json(
                    {"error": "too_large", "message": error_message("too_large", app)},
                    status=413,
                    headers={"Connection": "close"},
                )

            app.error_handler.add(PayloadTooLarge, too_large)
        watch_action_failures()
