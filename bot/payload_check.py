"""Checking a slash command's payload against the commands this bot registered, before discord.py
parses it and before anything is deferred.

Discord sends payloads that do not match the current definitions while clients still hold old
ones (a required option missing, an option renamed, removed or retyped, a subcommand gone), and a
patched client can send anything. discord.py trusts the shape: a missing `value` or a malformed
attachment raises inside its invoker task, where no error handler sees it, and a wrong type
reaches the command as an argument. So the shape is checked here first, purely (no I/O):

- out of date: the command, a subcommand or an option is unknown, an option has another type,
  a required option is missing, or the JSON is not the shape Discord documents. The member is
  told the command was just updated and to try again (their app fetches the new definitions).
- a wrong value: the shape matches but a value does not fit what the option allows (text where
  a number belongs, a number outside the registered range, a choice that is not offered, a text
  too long). The member is told which option and what it allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from core.text_input import quote

__all__ = ["PayloadProblem", "check_command_payload", "outdated_text"]

_SUBCOMMAND, _GROUP = 1, 2
_CHAT_INPUT = 1
# Discord's own bounds for integer and number options (what it accepts as min/max_value).
_DISCORD_NUMBER_LIMIT = 2**53
# The keys discord.py reads from every resolved attachment without a default.
_ATTACHMENT_KEYS: Mapping[str, Any] = {
    "id": str | int,
    "size": int,
    "filename": str,
    "url": str,
    "proxy_url": str,
}


@dataclass(frozen=True)
class PayloadProblem:
    """Why a payload is refused, as the member will read it."""

    outdated: bool  # the shape is an older (or foreign) one, not a wrong value
    text: str
    option: str | None = None


def outdated_text(command: str | None) -> str:
    what = f"`/{command}`" if command else "That command"
    return (
        f"🔄 {what} was just updated, and your Discord app still has the old version of it. "
        "Please try again in a moment (if it keeps happening, restart Discord)."
    )


def check_command_payload(tree: app_commands.CommandTree[Any], data: Any) -> PayloadProblem | None:
    """None when `data` (an INTERACTION_CREATE's `data` for a slash command) is a well-formed
    call of a registered command with values its options allow; else the problem."""
    if not isinstance(data, Mapping):
        return _outdated(None)
    name = data.get("name")
    if data.get("type", _CHAT_INPUT) != _CHAT_INPUT or not isinstance(name, str):
        return _outdated(None)
    command = _top_level(tree, name, data.get("guild_id"))
    if command is None:
        return _outdated(None)
    options = data.get("options", [])
    path = [name]
    while isinstance(command, app_commands.Group):
        chosen = _only_subcommand(options)
        if chosen is None:
            return _outdated(" ".join(path))
        child = command.get_command(chosen["name"])
        wants_group = chosen["type"] == _GROUP
        if child is None or isinstance(child, app_commands.Group) != wants_group:
            return _outdated(" ".join(path))
        command = child
        path.append(chosen["name"])
        options = chosen.get("options", [])
    shown = " ".join(path)
    values = _option_values(command, options)
    if values is None:
        return _outdated(shown)
    resolved = data.get("resolved", {})
    if not _resolved_attachments_ok(resolved):
        return _outdated(shown)
    params = {p.display_name: p for p in command.parameters}
    for option_name, value in values.items():
        problem = _value_problem(params[option_name], value, resolved)
        if problem is not None:
            return PayloadProblem(outdated=False, text=problem, option=option_name)
    return None


def _outdated(command: str | None) -> PayloadProblem:
    return PayloadProblem(outdated=True, text=outdated_text(command))


def _top_level(
    tree: app_commands.CommandTree[Any], name: str, guild_id: Any
) -> app_commands.Command[Any, ..., Any] | app_commands.Group | None:
    """Found the way discord.py finds it: the command's guild first, then the global ones."""
    found: Any = None
    if isinstance(guild_id, str | int) and str(guild_id).isdigit():
        found = tree.get_command(name, guild=discord.Object(int(guild_id)))
        if found is None and not tree.fallback_to_global:
            return None
    if found is None:
        found = tree.get_command(name)
    if isinstance(found, app_commands.Command | app_commands.Group):
        return found
    return None


def _only_subcommand(options: Any) -> Mapping[str, Any] | None:
    """The one subcommand (or group) a group's options must consist of."""
    if not isinstance(options, list) or len(options) != 1:
        return None
    (option,) = options
    if (
        not isinstance(option, Mapping)
        or option.get("type") not in (_SUBCOMMAND, _GROUP)
        or not isinstance(option.get("name"), str)
    ):
        return None
    return option


def _option_values(
    command: app_commands.Command[Any, ..., Any], options: Any
) -> dict[str, Any] | None:
    """Each option's value by name; None when the options are not this command's current ones
    (unknown, repeated, retyped, without a value, or a required one missing)."""
    if not isinstance(options, list):
        return None
    params = {p.display_name: p for p in command.parameters}
    values: dict[str, Any] = {}
    for option in options:
        if not isinstance(option, Mapping) or "value" not in option:
            return None
        name, kind = option.get("name"), option.get("type")
        if not isinstance(name, str) or name not in params or name in values:
            return None
        if type(kind) is not int or kind != params[name].type.value:
            return None
        values[name] = option["value"]
    if any(p.required and p.display_name not in values for p in command.parameters):
        return None
    return values


def _resolved_attachments_ok(resolved: Any) -> bool:
    """discord.py builds every resolved attachment before the command runs; one with a missing
    or mistyped field would raise where no handler sees it."""
    if not isinstance(resolved, Mapping):
        return False
    attachments = resolved.get("attachments", {})
    if not isinstance(attachments, Mapping):
        return False
    for key, item in attachments.items():
        if not (isinstance(key, str) and key.isdigit() and isinstance(item, Mapping)):
            return False
        for field, kind in _ATTACHMENT_KEYS.items():
            value = item.get(field)
            if not isinstance(value, kind) or isinstance(value, bool):
                return False
        if not str(item["id"]).isdigit():
            return False
    return True


def _value_problem(param: app_commands.Parameter, value: Any, resolved: Any) -> str | None:
    kind = param.type
    fits: bool
    if kind is discord.AppCommandOptionType.string:
        fits = isinstance(value, str) and _text_fits(param, value)
    elif kind is discord.AppCommandOptionType.integer:
        fits = type(value) is int and _number_fits(param, value)
    elif kind is discord.AppCommandOptionType.number:
        fits = type(value) in (int, float) and math.isfinite(value) and _number_fits(param, value)
    elif kind is discord.AppCommandOptionType.boolean:
        fits = type(value) is bool
    elif kind is discord.AppCommandOptionType.attachment:
        attachments = resolved.get("attachments", {})
        fits = isinstance(value, str) and value.isdigit() and value in attachments
    else:
        fits = True  # this bot registers no user, role, channel or mentionable options
    if fits:
        return None
    return (
        f"⚠️ **{param.display_name}** must be {_allowed(param)}; you sent {_shown(value)}. "
        "Change it and send the command again."
    )


def _text_fits(param: app_commands.Parameter, value: str) -> bool:
    if param.choices:
        return value in [choice.value for choice in param.choices]
    low, high = param.min_value, param.max_value
    return (low is None or len(value) >= low) and (high is None or len(value) <= high)


def _number_fits(param: app_commands.Parameter, value: float) -> bool:
    low = param.min_value if param.min_value is not None else -_DISCORD_NUMBER_LIMIT
    high = param.max_value if param.max_value is not None else _DISCORD_NUMBER_LIMIT
    return low <= value <= high


def _allowed(param: app_commands.Parameter) -> str:
    kind = param.type
    low, high = param.min_value, param.max_value
    if high is not None and high >= _DISCORD_NUMBER_LIMIT:
        high = None  # "at most 9007199254740992" tells a member nothing
    if param.choices:
        return "one of: " + ", ".join(str(choice.value) for choice in param.choices)
    if kind is discord.AppCommandOptionType.string:
        if high is not None:
            return f"text of at most {high} characters"
        return "text"
    if kind in (discord.AppCommandOptionType.integer, discord.AppCommandOptionType.number):
        noun = "a whole number" if kind is discord.AppCommandOptionType.integer else "a number"
        if low is not None and high is not None:
            return f"{noun} from {low} to {high}"
        if low is not None:
            return f"{noun} of at least {low}"
        if high is not None:
            return f"{noun} of at most {high}"
        return noun
    if kind is discord.AppCommandOptionType.boolean:
        return "true or false"
    if kind is discord.AppCommandOptionType.attachment:
        return "a file attached to the command"
    return f"a {kind.name}"


def _shown(value: Any) -> str:
    """The value as sent, cut short (a 10**400 or a 5000-character text is not echoed whole)."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return quote(value) if value else "an empty text"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**18:
        return "a number far too large" if value > 0 else "a number far too small"
    if isinstance(value, Sequence | Mapping):
        return f"a {type(value).__name__}"
    return quote(str(value))
