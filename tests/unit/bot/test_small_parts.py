from __future__ import annotations

from pathlib import Path

import discord
import pytest

from bot import custom_ids
from bot.buttons import rerun_options
from bot.client import configure_endpoints, studio_intents
from bot.custom_ids import Action
from bot.thread_store import ThreadStore
from core.config import load_settings
from core.jobs.model import Job, JobKind


def test_custom_ids_round_trip_and_stay_short() -> None:
    made = custom_ids.make(Action.CANCEL, 42)
    assert made == "studio:cancel:42"
    ref = custom_ids.parse(made)
    assert ref is not None and ref.action is Action.CANCEL and ref.job_id == 42
    assert custom_ids.parse("other-bot:cancel:42") is None
    assert custom_ids.parse("studio:explode:42") is None
    with pytest.raises(ValueError, match="100"):
        custom_ids.make(Action.INFO, "x" * 100)


def test_studio_threads_are_remembered_across_restarts(tmp_path: Path) -> None:
    store = ThreadStore(tmp_path)
    store.add(123, guild_id=1, parent_id=2, job_id=3)
    store.close()
    reopened = ThreadStore(tmp_path)
    assert 123 in reopened and 456 not in reopened
    reopened.discard(123)
    assert 123 not in reopened
    reopened.close()


def test_reroll_vary_and_final_build_on_the_job() -> None:
    job = Job(
        id=1,
        kind=JobKind.IMAGE,
        params={"prompt": "a fox", "quality": "draft", "count": 2, "seed": None, "width": 512},
        tenant="t",
        user_id="u",
        result={"seed": 77},
    )
    assert rerun_options(job, Action.REROLL) == {"prompt": "a fox", "quality": "draft", "count": 2}
    assert rerun_options(job, Action.VARY)["seed"] == 78
    from_worker = job.evolve(result={"seeds": [9, 10]})
    assert rerun_options(from_worker, Action.VARY)["seed"] == 10
    assert rerun_options(job, Action.FINAL) == {
        "prompt": "a fox",
        "quality": "final",
        "count": 2,
        "seed": 77,
    }


def test_endpoints_come_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    settings = load_settings(
        env={
            "DISCORD_API_BASE": "http://proxy:8080/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://proxy:8081/",
        }
    )
    configure_endpoints(settings)
    assert discord.http.Route("GET", "/users/@me").url == "http://proxy:8080/api/v10/users/@me"
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "ws://proxy:8081/"


def test_the_bot_asks_only_for_the_intents_it_uses() -> None:
    intents = studio_intents()
    assert intents.guilds and intents.guild_messages and intents.message_content
    assert not intents.members and not intents.presences and not intents.dm_messages
