from __future__ import annotations

from pathlib import Path

import pytest

from core.guild_limits import GuildLimits, GuildLimitsStore, check_request, parse_update
from core.intent.schema import Intent
from core.result import ErrorCode

IMAGE = Intent.GENERATE_IMAGE


def _check(limits: GuildLimits, params: dict, *, nsfw: bool = False, intent: Intent = IMAGE):
    return check_request(limits, intent, params, nsfw_channel=nsfw)


def test_defaults_allow_everything_and_add_no_caps() -> None:
    result = _check(GuildLimits(), {"prompt": "a fox", "quality": "final", "count": 4})
    assert result.ok and "caps" not in result.unwrap()


def test_blocked_word_is_refused_even_when_disguised() -> None:
    limits = GuildLimits(blocked_words=("gore",))
    for prompt in ("lots of GORE please", "g\u200bore everywhere", "ｇｏｒｅ art"):
        error = _check(limits, {"prompt": prompt}).unwrap_error()
        assert error.code is ErrorCode.INVALID_INPUT and "'gore'" in error.message
    assert _check(limits, {"prompt": "a gorgeous sunset"}).ok  # whole words only


def test_final_quality_refused_where_only_drafts_are_allowed() -> None:
    limits = GuildLimits(allowed_qualities=("draft",))
    error = _check(limits, {"prompt": "x", "quality": "final"}).unwrap_error()
    assert error.code is ErrorCode.FORBIDDEN and "only draft quality" in error.message
    assert _check(limits, {"prompt": "x", "quality": "draft"}).ok


def test_generation_outside_nsfw_channels_when_so_set() -> None:
    limits = GuildLimits(nsfw_channels_only=True)
    error = _check(limits, {"prompt": "x"}, nsfw=False).unwrap_error()
    assert error.code is ErrorCode.FORBIDDEN and "NSFW" in error.message
    assert _check(limits, {"prompt": "x"}, nsfw=True).ok
    # other features are not generation: unaffected
    assert _check(limits, {"title": "Fleabag"}, intent=Intent.FIND_SIMILAR).ok


def test_count_and_seconds_caps_and_worker_caps() -> None:
    limits = GuildLimits(max_count=2, max_video_seconds=4, max_steps=8, max_side=512)
    assert "at most 2 image" in _check(limits, {"prompt": "x", "count": 3}).unwrap_error().message
    video = _check(limits, {"prompt": "x", "seconds": 6}, intent=Intent.GENERATE_VIDEO)
    assert "at most 4 seconds" in video.unwrap_error().message
    ok = _check(limits, {"prompt": "x", "count": 2}).unwrap()
    assert ok["caps"] == {"max_steps": 8, "max_side": 512}


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("jobs_per_user", "3", {"jobs_per_user": 3}),
        ("jobs_per_user", "default", {"jobs_per_user": None}),
        ("allowed_qualities", "draft", {"allowed_qualities": ("draft",)}),
        ("nsfw_channels_only", "yes", {"nsfw_channels_only": True}),
        ("blocked_words", "Gore, blood", {"blocked_words": ("gore", "blood")}),
    ],
)
def test_parse_update_accepts_admin_words(key: str, raw: str, expected: dict) -> None:
    updated = parse_update(GuildLimits(), key, raw).unwrap()
    for name, value in expected.items():
        assert getattr(updated, name) == value


def test_blocked_words_can_be_added_and_removed() -> None:
    limits = GuildLimits(blocked_words=("gore",))
    limits = parse_update(limits, "blocked_words", "+blood, -gore").unwrap()
    assert limits.blocked_words == ("blood",)


@pytest.mark.parametrize(
    ("key", "raw", "says"),
    [
        ("jobs_per_user", "0", "1-100"),
        ("jobs_per_user", "many", "whole number"),
        ("allowed_qualities", "ultra", "allowed"),
        ("nsfw_channels_only", "maybe", "true or false"),
        ("warp_speed", "9", "Limits you can set"),
    ],
)
def test_bad_updates_say_what_the_setting_takes(key: str, raw: str, says: str) -> None:
    error = parse_update(GuildLimits(), key, raw).unwrap_error()
    assert error.code is ErrorCode.INVALID_INPUT and says in error.message


def test_a_secret_pasted_as_a_value_is_refused_and_never_echoed() -> None:
    key = "sk-ant-api03-" + "x" * 40
    error = parse_update(GuildLimits(), "blocked_words", f"+gore, +{key}").unwrap_error()
    assert error.code is ErrorCode.INVALID_INPUT
    assert "looks like a secret" in error.message and "reset it" in error.message
    assert key not in error.message


async def test_store_persists_per_guild(tmp_path: Path) -> None:
    store = GuildLimitsStore(tmp_path / "limits.sqlite3")
    await store.open()
    assert (await store.update("g1", "max_count", "2", by_user="admin")).ok
    assert not (await store.update("g1", "max_count", "9", by_user="admin")).ok
    await store.close()
    again = GuildLimitsStore(tmp_path / "limits.sqlite3")
    await again.open()
    assert (await again.get("g1")).max_count == 2
    assert (await again.get("g2")).max_count is None  # other servers untouched
    await again.close()
