from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from core.logging import REDACTED, bind_context, configure_logging, get_logger, redact_text

DISCORD_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789"
ANTHROPIC_KEY = "sk-ant-api03-secretsecretsecretsecret"


@pytest.fixture
def stream() -> io.StringIO:
    out = io.StringIO()
    configure_logging(level="debug", fmt="json", secrets=["my-own-custom-secret"], stream=out)
    yield out
    structlog.contextvars.clear_contextvars()


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_no_token_or_key_reaches_a_line(stream: io.StringIO) -> None:
    log = get_logger("t")
    log.info("login", token=DISCORD_TOKEN, headers={"Authorization": f"Bot {DISCORD_TOKEN}"})
    log.info("llm_call", detail=f"request failed with key {ANTHROPIC_KEY}")
    log.info("custom", note="value my-own-custom-secret inside")
    logging.getLogger("discord.http").warning("POST /webhooks/123/%s failed", "a" * 60)
    try:
        raise RuntimeError(f"bad key {ANTHROPIC_KEY}")
    except RuntimeError:
        log.exception("boom")
    text = stream.getvalue()
    for secret in (DISCORD_TOKEN, ANTHROPIC_KEY, "my-own-custom-secret", "a" * 60):
        assert secret not in text
    assert text.count(REDACTED) >= 5


def test_stdlib_and_discord_logs_are_structured(stream: io.StringIO) -> None:
    logging.getLogger("discord.gateway").info("shard connected")
    (line,) = _lines(stream)
    assert line["event"] == "shard connected"
    assert line["logger"] == "discord.gateway"
    assert line["level"] == "info"


def test_context_fields_land_on_every_line_in_scope(stream: io.StringIO) -> None:
    log = get_logger("t")
    with bind_context(command="imagine", guild_id="42", user_id="7", job_id=None):
        log.info("command_done", ms=12)
        logging.getLogger("x").info("from stdlib")
    log.info("after")
    first, second, after = _lines(stream)
    assert first["command"] == "imagine" and first["guild_id"] == "42" and first["ms"] == 12
    assert second["user_id"] == "7"
    assert "job_id" not in first
    assert "command" not in after


def test_redact_text_masks_bearer_and_keeps_the_rest() -> None:
    out = redact_text("Authorization: Bearer abcdefghijklmnopqrstuvwxyz then more")
    assert "abcdefghijklmnopqrstuvwxyz" not in out
    assert out.endswith("then more")
