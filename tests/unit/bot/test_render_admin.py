"""What an admin reads in /admin stats, /admin jobs and /admin limits."""

from __future__ import annotations

from bot.render import admin as render_admin
from bot.render.charts import CHART_FILENAME
from bot.render.limits import MAX_EMBED_TOTAL, MAX_FIELD_VALUE, embed_length
from core.config import load_settings
from core.guild_limits import LIMIT_KEYS, GuildLimits
from core.jobs.model import Job, JobKind, JobState
from core.stats import AdminStats, Latency, LlmStats, WorkerState


def fields(stats: AdminStats) -> dict[str, str]:
    embed = render_admin.stats_embed(stats)
    return {f.name or "": f.value or "" for f in embed.fields}


def test_missing_values_show_a_dash_never_a_zero() -> None:
    shown = fields(AdminStats(uptime_s=65, missing=("jobs_total", "vector_points")))
    assert shown["Uptime"] == "1 min 5 s"
    assert shown["Commands"] == "**—** in the last hour\n— since start"
    assert shown["Jobs"] == "**—** finished in the last hour\nsucceeded — · failed — · cancelled —"
    assert shown["Queue"] == "depth —\noldest wait —"
    assert shown["Workers"] == "busy — of —\nmodels loaded: —\nGPU memory: — of —"
    for name in ("ETA error (median)", "Latency per command", "Latency per tool", "LLM"):
        assert "0" not in shown[name], name
    assert shown["Discord API errors"] == "—" and shown["Vector store points"] == "—"
    embed = render_admin.stats_embed(AdminStats(uptime_s=1, missing=("jobs_total",)))
    assert embed.footer.text == "— = not recorded yet: jobs_total"


def test_recorded_values_are_shown_exactly() -> None:
    stats = AdminStats(
        uptime_s=2 * 86400 + 3 * 3600,
        commands_total=1234,
        commands_last_hour=42,
        jobs_last_hour=7,
        jobs_succeeded=6,
        jobs_failed=0,
        jobs_cancelled=1,
        command_latency=(Latency("generate_image", 40, 0.0123, 0.25),),
        queue_depth=3,
        queue_oldest_wait_s=75,
        worker=WorkerState(busy=1, slots=2, models_loaded=(), gpu_used_bytes=2 * 1024**3),
        eta_error={"run": 0.125, "submit": 0.4},
        intent_decisions={"embedding": 3, "rules": 10},
        llm=LlmStats(calls=5, cached_calls=2, input_tokens=1200, output_tokens=300, cost_usd=0.5),
        discord_api_errors={"429": 2, "10008": 1, "10062": 0, "50027": 0},
        discord_api_errors_other=0,
        vector_points={"shows": 15000},
    )
    shown = fields(stats)
    assert shown["Uptime"] == "2 d 3 h"
    assert shown["Commands"] == "**42** in the last hour\n1,234 since start"
    assert shown["Jobs"] == "**7** finished in the last hour\nsucceeded 6 · failed 0 · cancelled 1"
    assert shown["Queue"] == "depth 3\noldest wait 1 min 15 s"
    assert shown["Workers"].startswith("busy 1 of 2\nmodels loaded: none\nGPU memory: 2")
    assert shown["Workers"].endswith("of —")
    assert shown["ETA error (median)"] == "run: 12% · submit: 40%"
    assert shown["Latency per command"] == "`generate_image` p50 12 ms · p95 250 ms (n=40)"
    assert shown["Intent decisions by stage"] == "embedding: 3 · rules: 10"
    assert shown["LLM"] == (
        "calls 5 (2 cached)\ntokens 1,200 in / 300 out\ncost $0.5000 · cache hit rate —"
    )
    assert shown["Discord API errors"] == "429: 2 · 10008: 1 · 10062: 0 · 50027: 0 · other: 0"
    assert shown["Vector store points"] == "shows: 15,000"


def test_the_embed_keeps_to_discord_limits_and_shows_its_chart() -> None:
    many = tuple(Latency(f"command_with_a_long_name_{i}", 100 - i, 0.01, 0.02) for i in range(60))
    stats = AdminStats(uptime_s=1, command_latency=many, tool_latency=many)
    reply = render_admin.stats_reply(stats, b"\x89PNG fake")
    (message,) = reply.messages
    (embed,) = message.embeds
    assert reply.ephemeral
    assert embed_length(embed) <= MAX_EMBED_TOTAL
    assert all(len(f.value or "") <= MAX_FIELD_VALUE for f in embed.fields)
    assert "… and 54 more" in (embed.fields[6].value or "")
    (chart,) = message.files
    assert chart.filename == CHART_FILENAME and embed.image.url == f"attachment://{CHART_FILENAME}"


def test_active_jobs_show_owner_age_position_and_cancel_buttons() -> None:
    jobs = [
        Job(1, JobKind.IMAGE, {"prompt": "a fox"}, "g", "42", JobState.RUNNING, created_at=1000.0),
        Job(2, JobKind.VIDEO, {"prompt": "a wave"}, "g", "43", created_at=1090.0),
    ]
    reply = render_admin.jobs_list(jobs, now=1100.0)
    (message,) = reply.messages
    text = message.embeds[0].description or ""
    assert "**1. Image job #1** · running · <@42> · 1 min 40 s old" in text
    assert "**2. Video job #2** · queued · <@43> · 0 min 10 s old" in text
    assert [b.custom_id for b in message.buttons] == ["studio:cancel:1", "studio:cancel:2"]


def test_limits_show_the_server_caps_and_the_bot_wide_ones() -> None:
    settings = load_settings(env={})
    reply = render_admin.limits_view(
        settings, GuildLimits(max_steps=20, allowed_qualities=("draft",)), changed="max_steps"
    )
    embed = reply.messages[0].embeds[0]
    assert reply.ephemeral and embed.description == "✅ Set **max_steps**."
    server = embed.fields[0].value or ""
    assert "`max_steps`: **20**" in server and "`allowed_qualities`: **draft**" in server
    assert "`max_side`: **not set**" in server and "`nsfw_channels_only`: **no**" in server
    assert all(f"`{key}`" in server for key in LIMIT_KEYS)

    unconfigured = render_admin.limits_view(settings, None).messages[0].embeds[0]
    assert unconfigured.description == "Per-server limits are not configured on this bot."
    assert "Commands per user per minute" in [f.name for f in unconfigured.fields]


def test_half_a_limit_change_says_what_the_setting_takes() -> None:
    reply = render_admin.limit_usage("max_side")
    assert reply.ephemeral
    assert "give both `setting` and `value`" in (reply.messages[0].content or "")
    assert "longest image side in pixels (64-4096)" in (reply.messages[0].content or "")
