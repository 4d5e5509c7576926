"""The slash-command payload check, against the bot's real registered commands.

Two promises a member would notice: a well-formed command with allowed values is never refused
(a false "just updated" would block every use of it), and no payload, however malformed, makes
the check itself raise (that would leave the interaction unanswered). What the check lets
through, discord.py's own command lookup accepts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.client import COGS
from bot.payload_check import check_command_payload
from bot.tree import StudioTree

Leaf = tuple[list[str], app_commands.Command[Any, ..., Any]]
ATTACHMENT_ID = "1234567890"
ATTACHMENT = {
    "id": ATTACHMENT_ID,
    "filename": "synopsis.txt",
    "size": 120,
    "url": "https://cdn.example/synopsis.txt",
    "proxy_url": "https://media.example/synopsis.txt",
    "content_type": "text/plain",
}


async def _loaded_tree() -> app_commands.CommandTree[Any]:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none(), tree_cls=StudioTree)
    for name in COGS:
        await bot.load_extension(name)
    return bot.tree


@pytest.fixture(scope="module")
def tree() -> Iterator[app_commands.CommandTree[Any]]:
    yield asyncio.run(_loaded_tree())


def _leaves(tree: app_commands.CommandTree[Any]) -> list[Leaf]:
    found: list[Leaf] = []

    def walk(path: list[str], item: Any) -> None:
        if isinstance(item, app_commands.Group):
            for child in item.commands:
                walk([*path, child.name], child)
        elif isinstance(item, app_commands.Command):
            found.append((path, item))

    for command in tree.get_commands():
        walk([command.name], command)
    return found


def _value(param: app_commands.Parameter) -> st.SearchStrategy[Any]:
    kind = param.type
    if param.choices:
        return st.sampled_from([c.value for c in param.choices])
    if kind is discord.AppCommandOptionType.string:
        low = int(param.min_value or 0)
        high = int(param.max_value or 80)
        return st.text(min_size=low, max_size=min(high, 80))
    if kind is discord.AppCommandOptionType.integer:
        low = int(param.min_value if param.min_value is not None else -(2**53))
        high = int(param.max_value if param.max_value is not None else 2**53)
        return st.integers(low, high)
    if kind is discord.AppCommandOptionType.boolean:
        return st.booleans()
    if kind is discord.AppCommandOptionType.attachment:
        return st.just(ATTACHMENT_ID)
    raise AssertionError(f"no strategy for {kind}")


@st.composite
def valid_payloads(draw: st.DrawFn, leaves: list[Leaf]) -> dict[str, Any]:
    path, command = draw(st.sampled_from(leaves))
    options = []
    for param in command.parameters:
        if param.required or draw(st.booleans()):
            value = draw(_value(param))
            options.append({"name": param.display_name, "type": param.type.value, "value": value})
    options = draw(st.permutations(options))
    for name, kind in reversed(list(zip(path[1:], _kinds(path), strict=True))):
        options = [{"name": name, "type": kind, "options": options}]
    data: dict[str, Any] = {"id": "1", "name": path[0], "type": 1, "options": options}
    if draw(st.booleans()) or any(o["value"] == ATTACHMENT_ID for o in _leaf_options(data)):
        data["resolved"] = {"attachments": {ATTACHMENT_ID: ATTACHMENT}}
    return data


def _kinds(path: list[str]) -> list[int]:
    """Option types of the path below the top-level command: groups (2) then a subcommand (1)."""
    return [2] * (len(path) - 2) + [1] if len(path) > 1 else []


def _leaf_options(data: dict[str, Any]) -> list[dict[str, Any]]:
    options = data["options"]
    while options and options[0].get("type") in (1, 2):
        options = options[0]["options"]
    return options


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
NAMES = st.sampled_from(["imagine", "show", "admin", "job", "help", "transform", "x", ""])


@st.composite
def hostile_payloads(draw: st.DrawFn) -> Any:
    """Payloads with a real command name most of the time, and any JSON anywhere."""
    option = st.fixed_dictionaries(
        {},
        optional={
            "name": st.sampled_from(["prompt", "count", "title", "add", "cache", "clear"]) | JSON,
            "type": st.sampled_from([1, 2, 3, 4, 5, 10, 11]) | JSON,
            "value": JSON,
            "options": st.lists(JSON, max_size=3) | JSON,
        },
    )
    options = st.lists(option | JSON, max_size=4) | JSON
    return draw(
        st.fixed_dictionaries(
            {"name": NAMES | JSON, "options": options},
            optional={"type": st.sampled_from([1, 2, 3]) | JSON, "resolved": JSON},
        )
        | JSON
    )


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_well_formed_command_with_allowed_values_passes(
    tree: app_commands.CommandTree[Any], data: st.DataObject
) -> None:
    payload = data.draw(valid_payloads(_leaves(tree)))
    assert check_command_payload(tree, payload) is None, payload


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=hostile_payloads())
def test_no_payload_makes_the_check_raise_and_what_passes_discord_py_can_look_up(
    tree: app_commands.CommandTree[Any], payload: Any
) -> None:
    problem = check_command_payload(tree, payload)
    if problem is None:
        command, _options = tree._get_app_command_options(payload)
        assert isinstance(command, app_commands.Command)
    else:
        assert problem.text


def test_every_registered_command_is_covered(tree: app_commands.CommandTree[Any]) -> None:
    paths = sorted(" ".join(path) for path, _command in _leaves(tree))
    assert "imagine" in paths and "admin cache clear" in paths and "show add" in paths
    assert len(paths) >= 14
