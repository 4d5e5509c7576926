"""Logging: structlog configured once, stdlib (and discord.py) routed through it, secrets redacted.

Call `configure_logging(settings)` at start-up. Bind per-request context with `bind_context(...)`
(contextvars: command, job_id, guild_id, user_id); it lands on every line logged below it.
Events are snake_case names with key-value fields, never f-strings.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any, Literal

import structlog

__all__ = [
    "REDACTED",
    "bind_context",
    "configure_logging",
    "get_logger",
    "redact_text",
    "register_secret",
]

REDACTED = "[redacted]"

# Key names whose values never reach a log line, whatever they hold.
_SECRET_KEY = re.compile(r"(token|api[_-]?key|secret|password|authorization|cookie)", re.I)
# Shapes of secrets that may hide inside free text (URLs, exception messages, headers).
_SECRET_PATTERNS = (
    re.compile(r"sk-ant-[A-Za-z0-9_\-]{8,}"),  # Anthropic keys
    re.compile(r"[MNO][A-Za-z\d_\-]{23,}\.[A-Za-z\d_\-]{6}\.[A-Za-z\d_\-]{27,}"),  # Discord tokens
    re.compile(r"(?i)(bearer|bot)\s+[A-Za-z0-9_\-\.=]{16,}"),
    re.compile(r"(?i)(x-api-key|authorization)[\"']?\s*[:=]\s*[\"']?[^\s\"',}]{8,}"),
    re.compile(r"/webhooks/(\d+)/[A-Za-z0-9_\-]{20,}"),  # interaction tokens in URLs
    re.compile(r"/interactions/(\d+)/[A-Za-z0-9_\-\.]{20,}"),
)
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Redact this exact value wherever it appears (tokens and keys read from settings)."""
    if value and len(value) >= 6:
        _known_secrets.add(value)


def redact_text(text: str) -> str:
    for secret in _known_secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(_mask_match, text)
    return text


def _mask_match(match: re.Match[str]) -> str:
    whole = match.group(0)
    if whole.startswith("/webhooks/") or whole.startswith("/interactions/"):
        prefix = whole.split("/")[1]
        return f"/{prefix}/{match.group(1)}/{REDACTED}"
    if match.re.groups and match.group(1) and not whole.startswith(("sk-",)):
        return f"{match.group(1)} {REDACTED}"
    return REDACTED


def _redact_value(key: str, value: Any) -> Any:
    if _SECRET_KEY.search(key) and value not in (None, "", False):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact_value(key, v) for v in value)
    return value


def _redact_processor(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        event_dict[key] = _redact_value(key, event_dict[key])
    return event_dict


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        _redact_processor,
    ]


def configure_logging(
    *,
    level: str = "info",
    fmt: Literal["auto", "json", "console"] = "auto",
    secrets: Iterable[str | None] = (),
    stream: Any = None,
) -> None:
    """Configure structlog and the stdlib root logger once; later calls re-apply the options."""
    for secret in secrets:
        register_secret(secret)
    stream = stream or sys.stderr
    use_json = fmt == "json" or (fmt == "auto" and not _isatty(stream))
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=_isatty(stream))
    )
    numeric = logging.getLevelName(level.upper())
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors()[:-1],
            _redact_processor,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_studio", False):
            root.removeHandler(old)
    handler._studio = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(numeric)
    # discord.py logs every gateway event at debug; keep it at info unless asked.
    logging.getLogger("discord").setLevel(max(numeric, logging.INFO))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def get_logger(name: str | None = None) -> Any:
    return structlog.stdlib.get_logger(name)


@contextmanager
def bind_context(**values: Any) -> Iterator[None]:
    """Bind fields (command, job_id, guild_id, user_id...) for the duration of a block."""
    tokens = structlog.contextvars.bind_contextvars(
        **{k: v for k, v in values.items() if v is not None}
    )
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
