"""The real studio stack on its own event loop, and the checks every fuzzed reply must pass.

`Stack` runs `bot.wiring.build_services` (the composition root: MiniLM, qdrant-edge, the SQLite
job queue with its runners, per-server limits, the analyzer and the orchestrator) on an event
loop in a background thread, so hypothesis drives it from plain synchronous tests and accepted
jobs keep running between examples, as they would in the bot.

The checks are what a user would notice: an apology instead of an answer (INTERNAL), a reply
Discord would refuse (limits checked with the emulator's own rules), a user error shown publicly
or not saying what to change, a Python internal leaking into a message.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings

from bot import console
from bot.render.model import Reply, static_view
from bot.render.progress import progress_message, result_messages
from bot.render.replies import render_result
from bot.services import Services
from bot.wiring import build_services
from core.config import Settings, load_settings
from core.context import RequestContext
from core.intent.schema import Intent
from core.ports.progress import ProgressUpdate
from core.result import ErrorCode, StepError, StepResult
from tests.e2e.emulator.limits import message_problems

__all__ = [
    "DEEP",
    "FUZZ",
    "Stack",
    "assert_fits_discord",
    "assert_user_error",
    "check_result",
    "check_update",
]

T = TypeVar("T")

# Modest by default (the fuzz suite in well under a minute on two cores); `slow` tests use DEEP.
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DEEP = settings(FUZZ, max_examples=500)

# What a message meant for a user must never contain.
INTERNALS = (
    "Traceback",
    "Exception",
    "errors.pydantic.dev",
    "input_value",
    "validation error",
    "<class",
    "object at 0x",
    "NoneType",
    "KeyError",
    "ValueError",
    "TypeError",
    "UnicodeEncodeError",
    "sqlite",
)
# An INVALID_INPUT or RATE_LIMITED message tells the user what to change; one of these words
# says it (the option's name is checked separately).
_FIXES = (
    "must",
    "should",
    "allowed",
    "required",
    "give",
    "send",
    "shorten",
    "remove",
    "use",
    "try",
    "add",
    "set",
    "leave",
    "one of",
    "options are",
    "takes",
    "you can set",
    "at most",
    "at least",
    "between",
    "choose",
    "attach",
    "paste",
    "wait",
    "cancel",
)
CONFIRM_KEY = "0123456789ab"  # the shape of bot.confirmations keys


class _RecordingSink:
    """The job queue's progress sink: keeps every update, for the checks and for waiting."""

    def __init__(self) -> None:
        self.updates: list[ProgressUpdate] = []

    async def publish(self, update: ProgressUpdate) -> None:
        self.updates.append(update)


class Stack:
    def __init__(self, data_dir: Path) -> None:
        self.settings: Settings = load_settings(
            env={},
            overrides={
                "data_dir": str(data_dir),
                "catalog": {"load_starter": False},
                "http": {"enabled": "off"},
                # Fuzzing sends far more than a person could; the limiter is not under test here.
                "limits": {"commands_per_minute": 10_000},
            },
        )
        self.sink = _RecordingSink()
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fuzz-stack")
        self._thread.start()
        try:
            self.services: Services = self.call(build_services(self.settings, self.sink))
        except BaseException:
            self._stop_loop()
            raise

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 300.0) -> T:
        """Run `coro` on the stack's loop and return its result (its exception, raised here)."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def ctx(self, *, tenant: str | None = None, thread: bool = True) -> RequestContext:
        """A fresh member in a fresh thread of `tenant` (a fresh server by default), so caps and
        the conversation of one example never leak into the next."""
        n = next(self._ids)
        return RequestContext(
            tenant=tenant or f"fuzz-guild-{n}",
            user_id=f"member-{n}",
            channel_id=f"channel-{n}",
            thread_id=f"thread-{n}" if thread else None,
            request_id=f"request-{n}",
        )

    def run_command(
        self, intent: Intent, options: dict[str, Any], ctx: RequestContext
    ) -> StepResult[Any]:
        return self.call(self.services.commands.run_command(intent, options, ctx))

    def handle_message(self, text: str, ctx: RequestContext) -> StepResult[Any]:
        return self.call(self.services.commands.handle_message(text, ctx))

    def final_update(self, job_id: int, timeout: float = 60.0) -> ProgressUpdate:
        """The terminal update of a job, once it has run."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for update in reversed(self.sink.updates):
                if update.job_id == job_id and update.state.terminal:
                    return update
            time.sleep(0.02)
        raise AssertionError(f"job {job_id} did not finish within {timeout} s")

    def close(self) -> None:
        try:
            self.call(self.services.aclose())
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()


# -- checks --------------------------------------------------------------------------------------
def assert_fits_discord(reply: Reply, *, attachment_limit: int = 10 * 1024 * 1024) -> None:
    """Every message of `reply` is one Discord would accept (the emulator's rules)."""
    assert reply.messages, "a reply with no message at all"
    for message in reply.messages:
        assert not message.empty or message.buttons, "an empty message"
        components = static_view(message.buttons).to_components() if message.buttons else []
        payload = {
            "content": message.content,
            "embeds": [embed.to_dict() for embed in message.embeds],
            "components": components,
        }
        sizes = [spec.size for spec in message.files]
        problems = message_problems(payload, sizes, attachment_limit)
        assert not problems, f"Discord would refuse this message: {problems}"


def assert_user_error(error: StepError) -> None:
    """An error a user sees: never a bug, never Python's words, and (for their own mistakes)
    saying what to change."""
    assert error.code is not ErrorCode.INTERNAL, f"a bug reached the boundary: {error}"
    message = error.message
    assert message.strip(), "an empty error message"
    leaked = [word for word in INTERNALS if word in message]
    assert not leaked, f"internals in a user message: {leaked}: {message!r}"
    if error.code in (ErrorCode.INVALID_INPUT, ErrorCode.RATE_LIMITED):
        lowered = message.lower()
        assert any(fix in lowered for fix in _FIXES), f"does not say what to change: {message!r}"
    option = error.details.get("option")
    if option:
        assert option in message, f"does not name the option {option!r}: {message!r}"


def check_result(result: StepResult[Any]) -> None:
    """A command's or message's result, as both frontends would show it."""
    if result.error is not None:
        assert_user_error(result.error)
    reply = render_result(result, confirm_key=CONFIRM_KEY)
    assert_fits_discord(reply)
    if result.error is not None and result.error.code.user_caused:
        assert reply.ephemeral, "a user's own mistake shown to the whole channel"
    text = console.render_result(result)
    assert text.strip(), "the console printed nothing"


def check_update(update: ProgressUpdate) -> None:
    """A job's progress message (and its result message when it succeeded) fit Discord, and a
    failure the user sees is not a bug."""
    assert_fits_discord(Reply([progress_message(update)]))
    if update.state.terminal and update.error is None:
        assert_fits_discord(Reply(result_messages(update)))
    if update.error is not None and update.error.code is not ErrorCode.CANCELLED:
        assert_user_error(update.error)
    assert console.render_result(StepResult.success(update)).strip()
