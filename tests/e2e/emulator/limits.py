"""Discord's limits on what a bot sends (docs/discord.md), checked on every message the bot
creates or edits. A breach is answered like Discord does (400 Invalid Form Body, or 413 for a
file too big) and recorded as a violation the tests assert on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_FILES = 10
MAX_ROWS = 5
MAX_PER_ROW = 5
MAX_CUSTOM_ID = 100
MAX_LABEL = 80


def embed_chars(embed: dict[str, Any]) -> int:
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("footer", {}).get("text", "")) + len(
        embed.get("author", {}).get("name", "")
    )
    for f in embed.get("fields", []):
        total += len(f.get("name", "")) + len(f.get("value", ""))
    return total


def message_problems(
    payload: dict[str, Any], file_sizes: Sequence[int], attachment_limit: int
) -> list[str]:
    problems: list[str] = []
    content = payload.get("content") or ""
    if len(content) > MAX_CONTENT:
        problems.append(f"content is {len(content)} characters (max {MAX_CONTENT})")
    embeds = payload.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        problems.append(f"{len(embeds)} embeds (max {MAX_EMBEDS})")
    total = 0
    for i, e in enumerate(embeds):
        total += embed_chars(e)
        for key, limit in (("title", MAX_TITLE), ("description", MAX_DESCRIPTION)):
            if len(e.get(key, "")) > limit:
                problems.append(f"embed {i} {key} is {len(e[key])} characters (max {limit})")
        fields = e.get("fields", [])
        if len(fields) > MAX_FIELDS:
            problems.append(f"embed {i} has {len(fields)} fields (max {MAX_FIELDS})")
        for f in fields:
            if not f.get("name") or not f.get("value"):
                problems.append(f"embed {i} has a field with an empty name or value")
            if len(f.get("name", "")) > MAX_FIELD_NAME or len(f.get("value", "")) > MAX_FIELD_VALUE:
                problems.append(f"embed {i} has a field over its limits")
        if len(e.get("footer", {}).get("text", "")) > MAX_FOOTER:
            problems.append(f"embed {i} footer over {MAX_FOOTER}")
    if total > MAX_EMBED_TOTAL:
        problems.append(f"embeds total {total} characters (max {MAX_EMBED_TOTAL})")
    if len(file_sizes) > MAX_FILES:
        problems.append(f"{len(file_sizes)} files (max {MAX_FILES})")
    for size in file_sizes:
        if size > attachment_limit:
            problems.append(f"a file of {size} bytes (limit {attachment_limit})")
    rows = payload.get("components") or []
    if len(rows) > MAX_ROWS:
        problems.append(f"{len(rows)} component rows (max {MAX_ROWS})")
    for row in rows:
        items = row.get("components", [])
        if len(items) > MAX_PER_ROW:
            problems.append(f"a row of {len(items)} components (max {MAX_PER_ROW})")
        for item in items:
            if len(item.get("custom_id", "")) > MAX_CUSTOM_ID:
                problems.append(f"custom_id of {len(item['custom_id'])} characters")
            if len(item.get("label", "")) > MAX_LABEL:
                problems.append("button label over 80 characters")
    return problems


# Discord's locales (the `name_localizations` keys it accepts).
_LOCALE_CODES = (
    "id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg "
    "ru uk hi th zh-CN ja zh-TW ko"
)
LOCALES = frozenset(_LOCALE_CODES.split())


def command_problems(commands: Sequence[dict[str, Any]]) -> list[str]:
    """Checks on a bulk command overwrite (names, descriptions, option counts and order)."""
    import re

    problems = []
    name_re = re.compile(r"^[-_\w]{1,32}$")

    def check_localised(where: str, item: dict[str, Any]) -> None:
        for locale, name in (item.get("name_localizations") or {}).items():
            if locale not in LOCALES:
                problems.append(f"{where}: unknown locale {locale!r}")
            if not name_re.match(name) or name != name.lower():
                problems.append(f"{where}: bad {locale} name {name!r}")
        for locale, text in (item.get("description_localizations") or {}).items():
            if locale not in LOCALES or not 1 <= len(text) <= 100:
                problems.append(f"{where}: bad {locale} description {text!r}")

    def check_options(where: str, options: Sequence[dict[str, Any]]) -> None:
        if len(options) > 25:
            problems.append(f"{where}: {len(options)} options (max 25)")
        seen_optional = False
        for opt in options:
            name = opt.get("name", "")
            if not name_re.match(name) or name != name.lower():
                problems.append(f"{where}: bad option name {name!r}")
            if not 1 <= len(opt.get("description", "")) <= 100:
                problems.append(f"{where} {name}: description must be 1-100 characters")
            if len(opt.get("choices") or []) > 25:
                problems.append(f"{where} {name}: more than 25 choices")
            check_localised(f"{where} {name}", opt)
            for choice in opt.get("choices") or []:
                for locale, said in (choice.get("name_localizations") or {}).items():
                    if locale not in LOCALES or not 1 <= len(said) <= 100:
                        problems.append(f"{where} {name}: bad {locale} choice {said!r}")
            if opt.get("type") in (1, 2):
                check_options(f"{where} {name}", opt.get("options") or [])
            elif opt.get("required"):
                if seen_optional:
                    problems.append(f"{where}: required option {name} after an optional one")
            else:
                seen_optional = True

    if len(commands) > 100:
        problems.append("more than 100 commands")
    for cmd in commands:
        name = cmd.get("name", "")
        if not name_re.match(name) or name != name.lower():
            problems.append(f"bad command name {name!r}")
        if cmd.get("type", 1) == 1 and not 1 <= len(cmd.get("description", "")) <= 100:
            problems.append(f"/{name}: description must be 1-100 characters")
        check_localised(f"/{name}", cmd)
        check_options(f"/{name}", cmd.get("options") or [])
    return problems
