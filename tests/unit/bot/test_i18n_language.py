"""Which language a reply is in: the interaction's locale, else the message's own language, else
the member's last one."""

from __future__ import annotations

import discord
import pytest

from bot.i18n.language import MemberLanguages, detect_language
from core.context import RequestContext


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("draw me a lighthouse in a storm, landscape please", "en"),
        ("dessine-moi un phare dans la tempête, en paysage", "fr"),
        ("peux-tu transformer Lost dans un château hanté ?", "fr"),
        ("dibújame un faro en una tormenta", "es"),
        ("quiero ver series parecidas a Dark", "es"),
        ("zeig mir ähnliche Serien wie Friends", "de"),
        ("mach ein Bild von einem Leuchtturm im Sturm", "de"),
        ("desenha um farol numa tempestade pra mim", "pt"),
        ("você pode cancelar a tarefa 12?", "pt"),
    ],
)
def test_a_sentence_is_read_in_its_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["Dark", "?", "ok", "🔥🔥", "<@123> 42"])
def test_a_message_too_short_to_tell_decides_nothing(text: str) -> None:
    assert detect_language(text) is None


def test_a_short_answer_keeps_the_members_last_language() -> None:
    languages = MemberLanguages()
    assert languages.for_text("g:1", "transforme Friends dans une station spatiale") == "fr"
    assert languages.for_text("g:1", "Dark") == "fr"  # the answer to the bot's question
    assert languages.for_text("g:2", "Dark") == "en"  # nobody known: English


def test_memory_is_bounded() -> None:
    languages = MemberLanguages(capacity=2)
    for member in ("a", "b", "c"):
        languages.remember(member, "de")
    assert languages.of("a") is None and languages.of("c") == "de"


CTX = RequestContext(tenant="g", user_id="7")


def test_an_interaction_answers_in_its_locale_and_teaches_the_member_language() -> None:
    languages = MemberLanguages()
    assert languages.for_reply(discord.Locale("pt-BR"), CTX, "make a fox") == "pt"  # locale wins
    assert languages.for_reply(discord.Locale("es-419"), CTX, None) == "es"
    assert languages.for_reply(discord.Locale("ja"), CTX, None) == "en"  # a locale we lack
    languages.for_reply(discord.Locale("de"), CTX, None)
    # A message has no locale: "42" says nothing, so the member's last language answers.
    assert languages.for_reply(None, CTX, "42") == "de"
