"""The emulator itself: the limits it enforces must be able to catch a bot that breaks them."""

from __future__ import annotations

import asyncio
import io

import aiohttp
import discord
import pytest

from tests.e2e.harness import Studio


async def raw_send(
    studio: Studio, payload: dict[str, object], files: list[discord.File] = ()
) -> None:  # type: ignore[assignment]
    params = discord.http.handle_message_parameters(
        content="x", files=list(files) or discord.utils.MISSING
    )
    if params.payload is not None:
        params.payload.update(payload)
    await studio.client.http.send_message(studio.emu.general.id, params=params)


async def test_messages_over_discords_limits_are_refused_and_recorded(studio: Studio) -> None:
    emu = studio.emu
    studio.expected_violations += [
        "content is 2001",
        "embeds total",
        "custom_id of 101",
        "bytes (limit",
    ]
    with pytest.raises(discord.HTTPException) as refused:
        await raw_send(studio, {"content": "x" * 2001})
    assert refused.value.status == 400 and refused.value.code == 50035
    with pytest.raises(discord.HTTPException):
        await raw_send(studio, {"embeds": [{"title": "t", "description": "d" * 4000}] * 2})
    button = {"type": 2, "style": 1, "label": "go", "custom_id": "c" * 101}
    with pytest.raises(discord.HTTPException):
        await raw_send(studio, {"components": [{"type": 1, "components": [button]}]})
    big = discord.File(io.BytesIO(b"\0" * (emu.guild.attachment_limit + 1)), filename="big.bin")
    with pytest.raises(discord.HTTPException) as too_big:
        await studio.client.get_channel(emu.general.id).send(file=big)
    assert too_big.value.status == 413
    assert len(emu.violations) == 4


async def test_an_unanswered_interaction_fails_after_the_deadline(studio: Studio) -> None:
    emu = studio.emu
    emu.ack_deadline_s = 0.3
    studio.expected_violations += ["not acknowledged", "after the deadline"]
    button = {"type": 2, "style": 1, "label": "other bot", "custom_id": "another-bot:thing"}
    await raw_send(studio, {"components": [{"type": 1, "components": [button]}]})
    message = next(m for m in emu.visible(emu.general) if m.custom_ids)
    click = await emu.click("bob", message, "another-bot:thing")  # not ours: the bot ignores it
    await asyncio.sleep(0.5)
    assert click.failed and click.acked_at is None
    async with aiohttp.ClientSession() as session:
        url = f"{emu.api_base}/interactions/{click.id}/{click.token}/callback"
        async with session.post(url, json={"type": 6}) as late:
            assert late.status == 404 and (await late.json())["code"] == 10062


async def test_a_request_into_a_closed_bucket_is_a_violation(studio: Studio) -> None:
    emu = studio.emu
    studio.expected_violations.append("before retry_after ended")
    emu.add_fault(r"/channels/\d+$", method="GET", status=429, retry_after=5.0)
    headers = {"Authorization": f"Bot {emu.token}"}
    url = f"{emu.api_base}/channels/{emu.general.id}"
    async with aiohttp.ClientSession(headers=headers) as session:
        async with session.get(url) as first:
            assert first.status == 429 and first.headers["Via"]
        async with session.get(url) as second:
            assert second.status == 429
    assert any("before retry_after ended" in v for v in emu.violations)
