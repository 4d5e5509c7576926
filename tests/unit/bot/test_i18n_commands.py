"""Slash commands in French, Spanish, German and Brazilian Portuguese: the real command tree,
translated as `tree.sync` sends it, obeys Discord's rules for localised names and leaves no
command, option or choice a member sees in English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
import regex
from discord.ext import commands

from bot.client import COGS
from bot.i18n.catalog import LANGUAGES
from bot.i18n.translator import StudioTranslator
from bot.sync import command_tree_hash, translated_tree_hash

# Discord's rule for a localised command or option name (docs: Application Commands, naming).
NAME_RULE = regex.compile(r"^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$")
LOCALES = ("fr", "es-ES", "es-419", "de", "pt-BR")
# Admin limit names are configuration keys an admin types back in `value`: kept as they are.
UNTRANSLATED_CHOICES = {"/admin limits setting"}
I18N_DIR = Path(__file__).resolve().parents[3] / "bot" / "i18n"


async def real_tree() -> commands.Bot:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    for name in COGS:
        await bot.load_extension(name)
    await bot.tree.set_translator(StudioTranslator())
    return bot


async def translated_payload(bot: commands.Bot) -> list[dict[str, Any]]:
    translator = bot.tree.translator
    assert translator is not None
    return [await c.get_translated_payload(bot.tree, translator) for c in bot.tree.get_commands()]


def walk(payload: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every command, group and option of the payload, with its path ("/show add title")."""

    def options(path: str, items: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
        for item in items:
            here = f"{path} {item['name']}"
            yield here, item
            yield from options(here, item.get("options") or [])

    for command in payload:
        yield f"/{command['name']}", command
        yield from options(f"/{command['name']}", command.get("options") or [])


async def test_every_command_option_and_choice_is_translated_in_each_language() -> None:
    payload = await translated_payload(await real_tree())
    missing = []
    for path, item in walk(payload):
        for locale in LOCALES:
            if locale not in (item.get("name_localizations") or {}):
                missing.append(f"{path} name in {locale}")
            if locale not in (item.get("description_localizations") or {}):
                missing.append(f"{path} description in {locale}")
            if path in UNTRANSLATED_CHOICES:
                continue
            for choice in item.get("choices") or []:
                if locale not in (choice.get("name_localizations") or {}):
                    missing.append(f"{path} choice {choice['name']} in {locale}")
    assert not missing, missing
    # and a sample of what a French member reads
    imagine = next(c for c in payload if c["name"] == "imagine")
    assert imagine["name_localizations"]["fr"] == "imaginer"
    assert imagine["description_localizations"]["de"].startswith("Ein Bild")
    quality = next(o for o in imagine["options"] if o["name"] == "quality")
    assert {c["name_localizations"]["pt-BR"] for c in quality["choices"]} == {"rascunho", "final"}
    # Discord sends the English names back: they must not change
    assert imagine["name"] == "imagine" and quality["name"] == "quality"


async def test_localised_names_obey_discords_rules_and_are_unique_among_siblings() -> None:
    payload = await translated_payload(await real_tree())
    bad = []
    for path, item in walk(payload):
        for locale, name in (item.get("name_localizations") or {}).items():
            if not NAME_RULE.match(name) or name != name.lower():
                bad.append(f"{path} {locale}: {name!r}")
        for locale, text in (item.get("description_localizations") or {}).items():
            if not 1 <= len(text) <= 100:
                bad.append(f"{path} {locale} description is {len(text)} characters")
        for choice in item.get("choices") or []:
            for locale, name in (choice.get("name_localizations") or {}).items():
                if not 1 <= len(name) <= 100:
                    bad.append(f"{path} choice {locale}: {name!r}")
    assert not bad, bad

    def siblings(items: list[dict[str, Any]], where: str) -> None:
        for locale in LOCALES:
            names = [i.get("name_localizations", {}).get(locale, i["name"]) for i in items]
            assert len(names) == len(set(names)), f"{where} has two {locale} names alike: {names}"
        for item in items:
            siblings(item.get("options") or [], f"{where} {item['name']}")

    siblings(payload, "top level")


async def test_the_language_files_name_only_real_commands_and_options() -> None:
    """A renamed command must not leave its translation behind, silently unused."""
    payload = await translated_payload(await real_tree())
    paths = {path.removeprefix("/") for path, _ in walk(payload)}
    for lang in LANGUAGES:
        data = json.loads((I18N_DIR / f"{lang}.json").read_text(encoding="utf-8"))
        stale = [k for k in (*data.get("commands", {}), *data.get("options", {})) if k not in paths]
        assert not stale, f"{lang}.json translates what the tree does not have: {stale}"


async def test_a_translation_change_registers_the_commands_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = await real_tree()
    with_translations = await translated_tree_hash(bot.tree, None)
    assert with_translations == await translated_tree_hash(bot.tree, None)  # stable
    assert with_translations != command_tree_hash(bot.tree, None)

    from bot.i18n import catalog

    real = catalog.command_strings

    def renamed(lang: str) -> dict[str, Any]:
        tables = real(lang)
        if lang == "fr":
            tables["commands"]["help"] = {"name": "aider", "description": "Ce que fait Studio"}
        return tables

    monkeypatch.setattr("bot.i18n.translator.command_strings", renamed)
    assert await translated_tree_hash(bot.tree, None) != with_translations
