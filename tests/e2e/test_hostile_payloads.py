"""Slash-command payloads that do not match the registered schema, through the loopback Discord.

Discord sends such payloads when command definitions change while clients still hold the old
ones (a missing required option, an option of another type, a subcommand that no longer exists),
and a patched client can send anything (huge numbers, text where a number belongs, options with
no value, a command that never existed). Every one of them must get exactly one answer, in the
first response, within Discord's 3 s: "this command was just updated, try again" when the shape
is out of date, or which option is wrong and what it allows when a value is. Never the
"something went wrong on my side" apology (nothing went wrong on the bot's side), never silence
("This interaction failed"), never a public message, and never an exception escaping into an
asyncio task ("Task exception was never retrieved").
"""

from __future__ import annotations

import asyncio
import gc
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import DiscordEmulator
from tests.e2e.emulator.model import Interaction, snowflake

SUB, GROUP, STR, INT, BOOL, NUM, FILE = 1, 2, 3, 4, 5, 10, 11
UPDATED = "updated"  # the answer must say the command was just updated and to try again
APOLOGY = "something went wrong on my side"
ANSWER_DEADLINE_S = 3.0
COMMAND, AUTOCOMPLETE = 2, 4  # interaction types
AUTOCOMPLETE_RESULT = 8  # the callback type that answers an autocomplete request


def opt(name: str, kind: int, value: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "value": value}


def sub(name: str, *options: Any, kind: int = SUB) -> dict[str, Any]:
    return {"name": name, "type": kind, "options": list(options)}


PROMPT = opt("prompt", STR, "a lighthouse at dusk")
TITLE = opt("title", STR, "Friends")
SETTING = opt("setting", STR, "a Mars colony in 2300")


@dataclass(frozen=True)
class Case:
    label: str
    name: Any  # the command name sent (not always a registered one, not always a string)
    options: Any = field(default_factory=list)
    expect: str = UPDATED  # UPDATED, or the option the answer must name
    data: dict[str, Any] = field(default_factory=dict)  # other fields of `data`, replaced


CASES: tuple[Case, ...] = (
    # -- a required option missing (the client holds a definition where it was optional)
    Case("imagine without prompt", "imagine"),
    Case("imagine with only negative", "imagine", [opt("negative", STR, "fog")]),
    Case("animate without prompt", "animate", [opt("seconds", INT, 3)]),
    Case("show add without title", "show", [sub("add", opt("text", STR, "Six friends."))]),
    Case("show dna without title", "show", [sub("dna")]),
    Case("transform without setting", "transform", [TITLE]),
    Case("transform without title", "transform", [SETTING]),
    Case(
        "admin limits with options null",
        "admin",
        [{"name": "limits", "type": SUB, "options": None}],
    ),
    Case("show dna with options null", "show", [{"name": "dna", "type": SUB, "options": None}]),
    # -- subcommands that do not exist (any more), or a group invoked as a command
    Case("show remove", "show", [sub("remove", TITLE)]),
    Case("job pause", "job", [sub("pause", opt("job_id", INT, 1))]),
    Case("admin cache flush", "admin", [sub("cache", sub("flush"), kind=GROUP)]),
    Case("admin nuke", "admin", [sub("nuke")]),
    Case("show with no subcommand", "show"),
    Case("admin cache with no subcommand", "admin", [sub("cache", kind=GROUP)]),
    Case("imagine given a subcommand", "imagine", [sub("fast", PROMPT)]),
    Case("show dna as a group", "show", [sub("dna", sub("title"), kind=GROUP)]),
    # -- commands that were never (or are no longer) registered
    Case("unknown command paint", "paint", [PROMPT]),
    Case("unknown command imagine2", "imagine2", [PROMPT]),
    Case("empty command name", "", [PROMPT]),
    Case("upper-case IMAGINE", "IMAGINE", [PROMPT]),
    Case("command name not a string", 42, [PROMPT]),
    Case("imagine as a message context menu", "imagine", [], data={"type": 3}),
    Case("imagine as a user context menu", "imagine", [], data={"type": 2}),
    # -- options the command does not have (a removed or renamed option)
    Case("imagine with style", "imagine", [PROMPT, opt("style", STR, "noir")]),
    Case("show dna with k", "show", [sub("dna", TITLE, opt("k", INT, 3))]),
    Case("help with verbose", "help", [opt("verbose", BOOL, True)]),
    Case("job status with force", "job", [sub("status", opt("force", BOOL, True))]),
    Case(
        "admin cache clear with count",
        "admin",
        [sub("cache", sub("clear", opt("count", INT, 3)), kind=GROUP)],
    ),
    Case("imagine with prompt twice", "imagine", [PROMPT, opt("prompt", STR, "a second one")]),
    # -- an option sent with another type than registered (the definition changed type)
    Case("count sent as a string option", "imagine", [PROMPT, opt("count", STR, "2")]),
    Case("prompt sent as an integer option", "imagine", [opt("prompt", INT, 5)]),
    Case(
        "storyboard sent as a string option",
        "transform",
        [TITLE, SETTING, opt("storyboard", STR, "yes")],
    ),
    Case(
        "file sent as a string option",
        "show",
        [sub("add", TITLE, opt("file", STR, "http://evil.example/x.txt"))],
    ),
    Case("k sent as a number option", "show", [sub("similar", TITLE, opt("k", NUM, 2.5))]),
    Case("count sent as option type 99", "imagine", [PROMPT, opt("count", 99, 2)]),
    # -- malformed option objects
    Case("prompt with no value", "imagine", [{"name": "prompt", "type": STR}]),
    Case("option with no name", "imagine", [{"type": STR, "value": "a fox"}]),
    Case("option with no type", "imagine", [{"name": "prompt", "value": "a fox"}]),
    Case("option that is a string", "imagine", ["prompt=a fox"]),
    Case("options that are a dict", "imagine", {"prompt": "a fox"}),
    Case("options that are a string", "imagine", "prompt: a fox"),
    Case("resolved that is a list", "imagine", [PROMPT], data={"resolved": []}),
    Case(
        "resolved users that are garbage",
        "imagine",
        [PROMPT],
        data={"resolved": {"users": {"1": "bob"}}},
    ),  # discord.py itself chokes on it
    Case(
        "resolved attachment without a filename",
        "show",
        [sub("add", TITLE, opt("file", FILE, "7"))],
        data={
            "resolved": {
                "attachments": {
                    "7": {"id": "7", "size": 3, "url": "http://x/", "proxy_url": "http://x/"}
                }
            }
        },
    ),
    # -- a value of the wrong kind for its (correct) option type
    Case("count as text", "imagine", [PROMPT, opt("count", INT, "four")], "count"),
    Case("count as a fraction", "imagine", [PROMPT, opt("count", INT, 2.5)], "count"),
    Case("count as a boolean", "imagine", [PROMPT, opt("count", INT, True)], "count"),
    Case("prompt as a number", "imagine", [opt("prompt", STR, 12345)], "prompt"),
    Case("prompt as null", "imagine", [opt("prompt", STR, None)], "prompt"),
    Case("prompt as an object", "imagine", [opt("prompt", STR, {"a": 1})], "prompt"),
    Case(
        "storyboard as text",
        "transform",
        [TITLE, SETTING, opt("storyboard", BOOL, "yes")],
        "storyboard",
    ),
    Case(
        "storyboard as 1", "transform", [TITLE, SETTING, opt("storyboard", BOOL, 1)], "storyboard"
    ),
    Case(
        "file id not a snowflake", "show", [sub("add", TITLE, opt("file", FILE, "x.txt"))], "file"
    ),
    Case(
        "file id not among the attachments",
        "show",
        [sub("add", TITLE, opt("file", FILE, str(snowflake())))],
        "file",
    ),
    Case("job id as text", "job", [sub("status", opt("job_id", INT, "abc"))], "job_id"),
    # -- numbers far outside what the option allows
    Case("count 10**30", "imagine", [PROMPT, opt("count", INT, 10**30)], "count"),
    Case("count 0", "imagine", [PROMPT, opt("count", INT, 0)], "count"),
    Case("count -1", "imagine", [PROMPT, opt("count", INT, -1)], "count"),
    Case("seed 2**64", "imagine", [PROMPT, opt("seed", INT, 2**64)], "seed"),
    Case("seed -5", "imagine", [PROMPT, opt("seed", INT, -5)], "seed"),
    Case("seconds 10**18", "animate", [PROMPT, opt("seconds", INT, 10**18)], "seconds"),
    Case("job id 2**80", "job", [sub("cancel", opt("job_id", INT, 2**80))], "job_id"),
    Case("job id 0", "job", [sub("status", opt("job_id", INT, 0))], "job_id"),
    Case("k 10**6", "show", [sub("similar", TITLE, opt("k", INT, 10**6))], "k"),
    Case("scenes -10**20", "transform", [TITLE, SETTING, opt("scenes", INT, -(10**20))], "scenes"),
    Case("scenes 10**400", "transform", [TITLE, SETTING, opt("scenes", INT, 10**400)], "scenes"),
    # -- choices and lengths
    Case("quality ultra", "imagine", [PROMPT, opt("quality", STR, "ultra")], "quality"),
    Case("aspect empty", "imagine", [PROMPT, opt("aspect", STR, "")], "aspect"),
    Case("facet vibes", "show", [sub("similar", TITLE, opt("facet", STR, "vibes"))], "facet"),
    Case("prompt of 5000 characters", "imagine", [opt("prompt", STR, "x" * 5000)], "prompt"),
    Case(
        "title of 10000 characters", "show", [sub("dna", opt("title", STR, "y" * 10_000))], "title"
    ),
)


async def send_raw(
    emu: DiscordEmulator,
    user: str,
    label: str,
    name: Any,
    options: Any,
    extra: dict[str, Any],
    *,
    kind: int = COMMAND,
) -> Interaction:
    """An INTERACTION_CREATE for a slash command (or an autocomplete request) with exactly this
    `data` (the emulator's own `invoke` refuses to build malformed ones)."""
    try:
        command_id = emu.command(name)["id"]
    except (KeyError, TypeError):
        command_id = str(snowflake())
    data: dict[str, Any] = {"id": command_id, "name": name, "type": 1, "options": options}
    data.update(extra)
    member = emu.user(user)
    payload = emu._base_interaction(kind, member, emu.general, data)
    record = Interaction(
        id=int(payload["id"]),
        token=payload["token"],
        type=kind,
        user_id=member.id,
        guild_id=emu.guild.id,
        channel_id=emu.general.id,
        data=data,
        name=label,
    )
    return await emu._dispatch_interaction(payload, record)


@pytest.fixture
async def unretrieved_task_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """What the event loop's exception handler receives (an exception no one awaited lands
    there, as "Task exception was never retrieved", when its task is collected)."""
    loop = asyncio.get_running_loop()
    seen: list[dict[str, Any]] = []
    before = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: seen.append(context))
    try:
        yield seen
    finally:
        loop.set_exception_handler(before)


def test_the_table_holds_about_sixty_distinct_cases() -> None:
    labels = [case.label for case in CASES]
    assert len(labels) == len(set(labels))
    assert len(CASES) >= 60


async def test_every_malformed_command_gets_one_private_answer_within_3_s(
    make_studio: StudioFactory, unretrieved_task_errors: list[dict[str, Any]]
) -> None:
    studio = await make_studio(overrides={"limits": {"commands_per_minute": 1000}})
    emu = studio.emu
    sent: list[tuple[Case, Interaction]] = []
    for wave in range(0, len(CASES), 10):
        batch = CASES[wave : wave + 10]
        records = await asyncio.gather(
            *(send_raw(emu, "bob", c.label, c.name, c.options, c.data) for c in batch)
        )
        sent += zip(batch, records, strict=True)
        await asyncio.sleep(0.05)
    await asyncio.sleep(ANSWER_DEADLINE_S + 0.2)
    gc.collect()  # a task whose exception was never retrieved reports it when collected
    await asyncio.sleep(0)

    problems: list[str] = []
    for case, record in sent:
        replies = emu.replies(record)
        latency = record.ack_latency
        if record.failed or latency is None or latency > ANSWER_DEADLINE_S:
            problems.append(f"{case.label}: no answer within 3 s")
            continue
        if len(replies) != 1:
            problems.append(f"{case.label}: {len(replies)} answers")
            continue
        (reply,) = replies
        text = reply.content
        if APOLOGY in text:
            problems.append(f"{case.label}: the internal-error apology")
        elif not (reply.ephemeral and record.ack_ephemeral):
            problems.append(f"{case.label}: answered in public: {text!r}")
        elif case.expect == UPDATED:
            if not ("just updated" in text and "try again" in text.lower()):
                problems.append(f"{case.label}: not the 'updated, try again' answer: {text!r}")
        elif not re.search(rf"(?<![\w`]){re.escape(case.expect)}(?![\w`])", text):
            problems.append(f"{case.label}: does not name {case.expect!r}: {text!r}")
    assert not problems, "\n".join(problems)
    # Nothing reached the job service, and nothing was ever posted (or deleted) in public.
    if studio.doubles is not None:  # (the real job service has no such list)
        assert studio.jobs.submitted == []
    public = [m for m in emu.messages.values() if m.author.bot and not m.ephemeral]
    assert public == []
    assert not [c for c in emu.calls if c.method == "DELETE"]
    escaped = [str(c.get("exception") or c.get("message")) for c in unretrieved_task_errors]
    assert escaped == []


async def test_autocomplete_requests_get_an_empty_list_at_once(make_studio: StudioFactory) -> None:
    """No option of the bot autocompletes; an old definition or a patched client may still ask,
    and must get "no suggestions" rather than an error or silence."""
    studio = await make_studio()
    emu = studio.emu
    focused = {"name": "prompt", "type": STR, "value": "a lig", "focused": True}
    requests = [
        ("autocomplete prompt", "imagine", [focused]),
        ("autocomplete nothing focused", "imagine", [PROMPT]),
        ("autocomplete unknown command", "paint", [focused]),
        ("autocomplete garbage options", "show", "title: x"),
    ]
    sent = [
        await send_raw(emu, "bob", label, name, options, {}, kind=AUTOCOMPLETE)
        for label, name, options in requests
    ]
    await emu.wait_until(
        lambda: all(r.acked_at is not None for r in sent), timeout=ANSWER_DEADLINE_S, what="acks"
    )
    assert [r.ack_type for r in sent] == [AUTOCOMPLETE_RESULT] * len(requests)
    assert not [m for m in emu.messages.values() if m.author.bot]
