"""Hygiene for text a person typed, shared by every frontend (Discord options and messages, the
terminal console) before it reaches intent reading or a tool.

- `clean` applies NFKC (full-width `Ｂｒｅａｋｉｎｇ Ｂａｄ` becomes `Breaking Bad`, ligatures and
  compatibility forms fold) and drops control characters other than newlines and tabs (a pasted
  escape sequence must not reach a prompt, a title lookup or the terminal).
- `quote` shows a piece of someone's text in a reply without echoing all of it back: long text
  is cut and its length is given instead.
- `length_problem` words a too-long value by its length, never by repeating it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

__all__ = ["QUOTE_LIMIT", "clean", "clean_options", "length_problem", "quote"]

QUOTE_LIMIT = 60  # characters of someone's own text a reply may repeat
_KEEP = frozenset("\n\t\u200d")  # the zero-width joiner holds emoji sequences together


def clean(text: str) -> str:
    """NFKC-normalised text without control or format characters (newlines, tabs and the
    emoji joiner kept)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(
        ch for ch in folded if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def clean_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options with every text value cleaned (numbers, flags and files left as they are)."""
    return {
        name: clean(value) if isinstance(value, str) else value for name, value in options.items()
    }


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """'text' in quotes when short; else its start, an ellipsis and its length in characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return f"“{flat}”"
    return f"“{flat[: limit - 1].rstrip()}…” ({len(text)} characters)"


def length_problem(name: str, text: str, limit: int) -> str | None:
    """None when `text` fits in `limit` characters; else what is wrong, quoting the length."""
    if len(text) <= limit:
        return None
    return (
        f"{name} is {len(text)} characters long; the most allowed is {limit}. "
        "Shorten it and send it again."
    )
