"""The reply texts by message id, one JSON file per language (`<lang>.json` beside this module).

English (`en.json`) has every id and is the fallback: a language file may leave an id out, and an
unknown language gets English. Texts are `str.format` templates; each translation uses the same
placeholders as the English text (a test keeps them aligned).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "command_strings", "message", "messages"]

DEFAULT_LANGUAGE = "en"
# "pt" is Brazilian Portuguese: Discord has no locale for European Portuguese.
LANGUAGES = ("en", "fr", "es", "de", "pt")
_DIR = Path(__file__).parent


@cache
def _load(lang: str) -> dict[str, Any]:
    path = _DIR / f"{lang}.json"
    if lang not in LANGUAGES or not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def messages(lang: str) -> dict[str, str]:
    """The reply texts of `lang` by id (only those it translates)."""
    return dict(_load(lang).get("messages", {}))


def command_strings(lang: str) -> dict[str, Any]:
    """The `commands`, `options` and `choices` tables of `lang` for the slash-command translator."""
    data = _load(lang)
    return {key: dict(data.get(key, {})) for key in ("commands", "options", "choices")}


def message(lang: str | None, message_id: str, /, **params: Any) -> str:
    """The text `message_id` in `lang`, English when `lang` lacks it, the id itself when English
    lacks it too (a missing text shows up as a visible id rather than as nothing)."""
    template = _load(lang or DEFAULT_LANGUAGE).get("messages", {}).get(message_id)
    if template is None:
        template = _load(DEFAULT_LANGUAGE).get("messages", {}).get(message_id, message_id)
    return str(template).format(**params)
