"""Localised slash commands: discord.py's `Translator` fed from the language files.

discord.py asks for every command, group and option name and description, and every choice name,
in every Discord locale when the tree is synced. Tables in `<lang>.json`: `commands` by qualified
name ("show add"), `options` by "<qualified command> <option>", `choices` by the English choice
name. Anything without an entry stays in English. Spanish serves both Spanish locales.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n.catalog import DEFAULT_LANGUAGE, command_strings

__all__ = ["LOCALE_LANGUAGES", "StudioTranslator", "language_of_locale"]

LOCALE_LANGUAGES: dict[discord.Locale, str] = {
    discord.Locale.french: "fr",
    discord.Locale.spain_spanish: "es",
    discord.Locale.latin_american_spanish: "es",
    discord.Locale.german: "de",
    discord.Locale.brazil_portuguese: "pt",
    discord.Locale.american_english: "en",
    discord.Locale.british_english: "en",
}

_COMMANDS = (
    Where.command_name,
    Where.command_description,
    Where.group_name,
    Where.group_description,
)
_OPTIONS = (Where.parameter_name, Where.parameter_description)
_NAMES = (Where.command_name, Where.group_name, Where.parameter_name)


def language_of_locale(locale: discord.Locale | str | None) -> str | None:
    """Our language for a Discord locale; None for a locale we do not translate."""
    if locale is None:
        return None
    try:
        return LOCALE_LANGUAGES.get(discord.Locale(str(locale)))
    except ValueError:
        return None


class StudioTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        lang = language_of_locale(locale)
        if lang is None or lang == DEFAULT_LANGUAGE:
            return None
        return lookup(lang, context.location, context.data, string.message)


def lookup(lang: str, where: Where, data: Any, english: str) -> str | None:
    """The `lang` text for one translatable string of the tree, or None to keep the English."""
    tables = command_strings(lang)
    if where is Where.choice_name:
        found = tables["choices"].get(english)
        return str(found) if found else None
    if where in _COMMANDS:
        entry = tables["commands"].get(data.qualified_name, {})
    elif where in _OPTIONS:
        entry = tables["options"].get(f"{data.command.qualified_name} {data.name}", {})
    else:
        return None
    found = entry.get("name" if where in _NAMES else "description")
    return str(found) if found else None
