from __future__ import annotations

import io

import discord
from PIL import Image

from bot.render.limits import (
    MAX_CONTENT,
    TRUNCATED,
    fit_files,
    fit_reply,
    split_content,
    truncate_embed,
)
from bot.render.model import ButtonSpec, FileSpec, OutMessage, Reply
from bot.render.replies import render_result
from core.intent.schema import Intent, IntentResult
from core.jobs.model import Job, JobKind, JobTicket
from core.replies import Clarification, Confirmation, HelpReply, JobAccepted, SmallTalk, ToolOutput
from core.result import ErrorCode, StepResult


def test_long_text_is_split_at_paragraphs_within_the_limit() -> None:
    paragraph = "A sentence that says something. " * 20
    text = "\n\n".join([paragraph.strip()] * 8)
    chunks = split_content(text)
    assert len(chunks) > 1
    assert all(len(c) <= MAX_CONTENT for c in chunks)
    assert all(c.endswith("something.") for c in chunks)
    assert sum(c.count("A sentence") for c in chunks) == 20 * 8


def test_text_without_newlines_is_split_at_sentences_then_words() -> None:
    sentences = "Short one. " * 400
    assert all(c.endswith(".") for c in split_content(sentences))
    words = "word " * 1000
    assert all(not c.endswith(" wor") and len(c) <= MAX_CONTENT for c in split_content(words))


def test_a_single_huge_word_is_cut_hard() -> None:
    chunks = split_content("x" * 4500)
    assert [len(c) for c in chunks] == [2000, 2000, 500]


def test_embed_parts_are_truncated_with_a_visible_marker() -> None:
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for i in range(30):
        embed.add_field(name=f"field {i}", value="v" * 2000)
    fitted = truncate_embed(embed)
    assert len(fitted.title or "") == 256
    assert len(fitted.description or "") == 4096 and (fitted.description or "").endswith(TRUNCATED)
    assert len(fitted.fields) == 25 and "6 more not shown" in (fitted.fields[-1].value or "")
    assert all(len(f.value or "") <= 1024 for f in fitted.fields)


def test_many_embeds_are_spread_over_messages_within_6000_characters_and_10_embeds() -> None:
    embeds = [discord.Embed(title=f"show {i}", description="x" * 1500) for i in range(12)]
    reply = fit_reply(
        Reply([OutMessage(embeds=embeds, buttons=[ButtonSpec("Info", "studio:info:1")])])
    )
    assert len(reply.messages) >= 3
    assert all(
        len(m.embeds) <= 10 and sum(len(e) for e in m.embeds) <= 6000 for m in reply.messages
    )
    assert sum(len(m.embeds) for m in reply.messages) == 12
    assert [bool(m.buttons) for m in reply.messages] == [False] * (len(reply.messages) - 1) + [True]


def _noisy_png(size: int) -> bytes:
    image = Image.effect_noise((size, size), 100).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_an_image_over_the_limit_is_reencoded_to_fit_and_said_so() -> None:
    data = _noisy_png(512)
    limit = len(data) // 3
    kept, notes = fit_files([FileSpec("result.png", data=data)], limit)
    (smaller,) = kept
    assert smaller.filename == "result.jpg" and smaller.size <= limit
    assert "smaller JPEG" in notes[0]


def test_a_file_that_cannot_fit_is_named_with_where_it_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "result.mp4"
    path.write_bytes(b"\0" * 5000)
    kept, notes = fit_files([FileSpec("result.mp4", path=path)], 1000)
    assert kept == []
    assert "result.mp4" in notes[0] and str(path) in notes[0] and "limit" in notes[0]
    reply = fit_reply(
        Reply([OutMessage(content="Here it is.", files=[FileSpec("result.mp4", path=path)])]),
        attachment_limit=1000,
    )
    assert reply.messages[0].files == [] and "not attached" in (reply.messages[0].content or "")


def test_user_errors_are_ephemeral_and_say_what_to_change() -> None:
    reply = render_result(StepResult.failure(ErrorCode.INVALID_INPUT, "Use a count from 1 to 4."))
    assert reply.ephemeral and "Use a count from 1 to 4." in (reply.messages[0].content or "")
    limited = render_result(
        StepResult.failure(ErrorCode.RATE_LIMITED, "Slow down.", retry_after_s=42)
    )
    assert "Try again in 42 s" in (limited.messages[0].content or "")


def test_internal_errors_show_an_apology_with_the_error_id_not_the_detail() -> None:
    reply = render_result(
        StepResult.failure(ErrorCode.INTERNAL, "KeyError: 'x' in store.py", error_id="ab12cd34")
    )
    text = reply.messages[0].content or ""
    assert reply.ephemeral and "ab12cd34" in text and "KeyError" not in text


def test_every_reply_type_renders() -> None:
    job = Job(id=3, kind=JobKind.IMAGE, params={"prompt": "a fox"}, tenant="1", user_id="2")
    accepted = render_result(StepResult.success(JobAccepted(JobTicket(job, 2, 40.0))))
    assert accepted.messages[0].content == (
        "🎨 Queued image job #3: #2 in line, ETA ~40 s. Progress is in the thread."
    )
    help_reply = render_result(StepResult.success(HelpReply()))
    assert help_reply.ephemeral and "/imagine" in str(help_reply.messages[0].embeds[0].to_dict())
    about_clips = render_result(StepResult.success(HelpReply(topic="animate"))).messages[0]
    assert about_clips.embeds[0].title == "Help: /animate"
    assert "seconds" in (about_clips.embeds[0].description or "")
    chat = render_result(StepResult.success(SmallTalk("hi @everyone"))).messages[0].content
    assert chat is not None and chat.startswith("Hi!") and "@everyone" not in chat
    clarify = render_result(StepResult.success(Clarification(Intent.TRANSFORM_SHOW, ("setting",))))
    assert "which new setting" in (clarify.messages[0].content or "")
    reading = IntentResult(
        intent=Intent.GENERATE_IMAGE, confidence=0.4, source="rules", params={"prompt": "x"}
    )
    confirm = render_result(StepResult.success(Confirmation(reading)), confirm_key="k1")
    assert [b.custom_id for b in confirm.messages[0].buttons] == [
        "studio:confirm-run:k1",
        "studio:confirm-edit:k1",
        "studio:confirm-cancel:k1",
    ]


def test_tool_outputs_render_known_and_unknown_kinds() -> None:
    similar = render_result(
        StepResult.success(
            ToolOutput(
                "similar_shows",
                {
                    "query": "Friends",
                    "matches": [{"title": "New Girl", "score": 0.8, "why": "roommates"}],
                },
            )
        )
    )
    embed = similar.messages[0].embeds[0]
    assert embed.title == "Shows like Friends" and "**1. New Girl** · 0.80" in (
        embed.description or ""
    )
    dna = render_result(
        StepResult.success(
            ToolOutput(
                "show_dna",
                {
                    "id": "friends",
                    "title": "Friends",
                    "logline": "Six friends.",
                    "method": "heuristic",
                    "dna": {
                        "themes": [{"id": "found_family", "score": 0.9}, {"id": "love"}],
                        "structure": {
                            "framework": "three_act",
                            "beats": [{"id": "midpoint", "position": 0.5}, {"id": "setup"}],
                        },
                        "extraction": {"method": "heuristic", "confidence": 0.42},
                    },
                    "chart_png": b"\x89PNG chart",
                },
            )
        )
    )
    dna_embed = dna.messages[0].embeds[0]
    assert dna_embed.title == "Narrative DNA: Friends"
    assert any(f.name == "Themes" and f.value == "found family, love" for f in dna_embed.fields)
    assert any(f.value == "three act: setup, midpoint" for f in dna_embed.fields)
    assert dna_embed.footer.text == "extracted by offline analysis · confidence 0.42"
    assert [f.filename for f in dna.messages[0].files] == ["friends-dna.png"]
    why = (
        render_result(
            StepResult.success(
                ToolOutput(
                    "similar_shows",
                    {
                        "query": "Vault",
                        "results": [
                            {
                                "title": "Tunnels",
                                "year": 2010,
                                "score": 0.61,
                                "why": {
                                    "facets": {"plot": 0.5, "theme": 0.8},
                                    "shared_tropes": ["heist_gone_wrong"],
                                    "shared_archetypes": [],
                                },
                            }
                        ],
                    },
                )
            )
        )
        .messages[0]
        .embeds[0]
    )
    assert why.description == (
        "**1. Tunnels** (2010) · 0.61\ntropes: heist gone wrong; closest in themes"
    )
    other = render_result(StepResult.success(ToolOutput("show_added", {"title": "X", "facets": 4})))
    assert other.messages[0].embeds[0].title == "Show added"
