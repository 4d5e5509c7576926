"""Core's user-error messages in the member's language.

Core writes its refusals in English (it knows no languages, and must not: docs/architecture.md).
Each `refuse.*` text of `en.json` is the exact wording core uses, with `{placeholders}` where core
puts values; it is turned into a pattern here, so a refusal is recognised by its message id and
said again from the language file. A message no pattern knows stays in English, as written.
Option names are said the way the language's slash commands name them (`field.*`).
"""

from __future__ import annotations

import re
from functools import cache

from bot.i18n.catalog import DEFAULT_LANGUAGE, message, messages

__all__ = ["localise_refusal", "recognise_refusal"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Option names are one word; any other value may hold spaces and punctuation.
_VALUE = {"name": r"[\w-]+"}


def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for found in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : found.start()]))
        name = found.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{_VALUE.get(name, '.+?')})")
        seen.add(name)
        last = found.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    english = {k: v for k, v in messages(DEFAULT_LANGUAGE).items() if k.startswith("refuse.")}
    # The most literal text first: "at most {high}." must not swallow "at most {limit} characters."
    order = sorted(english, key=lambda k: len(_PLACEHOLDER.sub("", english[k])), reverse=True)
    return tuple((key, _pattern(english[key])) for key in order)


def recognise_refusal(text: str) -> tuple[str, dict[str, str]] | None:
    """The message id and values of one of core's refusals, or None for a text not in the list."""
    for key, pattern in _patterns():
        found = pattern.fullmatch(text.strip())
        if found is not None:
            return key, found.groupdict()
    return None


def localise_refusal(text: str, lang: str) -> str:
    """`text` (core's English refusal) in `lang`; unchanged when it is not a known refusal."""
    if lang == DEFAULT_LANGUAGE:
        return text
    recognised = recognise_refusal(text)
    if recognised is None:
        return text
    key, values = recognised
    if "name" in values:
        values["name"] = _field(values["name"], lang)
    if "allowed" in values:  # "square, portrait or landscape": the values stay, the "or" not
        values["allowed"] = values["allowed"].replace(" or ", f" {message(lang, 'word.or')} ")
    return message(lang, key, **values)


def _field(name: str, lang: str) -> str:
    said = message(lang, f"field.{name}")
    return name if said == f"field.{name}" else said
