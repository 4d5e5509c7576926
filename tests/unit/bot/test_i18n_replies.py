"""Clarifying questions, confirmations and refusals in the member's language, through the real
renderer, from the messages core really produces; English stays as it was."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest

from bot.i18n.catalog import LANGUAGES, message, messages
from bot.i18n.refusals import recognise_refusal
from bot.render.replies import render_result
from core.config import JobSettings, LimitSettings
from core.guild_limits import GuildLimits, check_request
from core.intent.schema import Intent, IntentResult
from core.intent.validate import validate_params
from core.jobs.store import CapReached, JobCaps
from core.replies import Clarification, Confirmation, SmallTalk
from core.result import ErrorCode, StepResult

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def text_of(result: StepResult[Any], lang: str, **options: Any) -> str:
    reply = render_result(result, lang=lang, **options)
    (out,) = reply.messages
    if out.embeds:
        embed = out.embeds[0]
        return f"{embed.title}\n{embed.description}\n{embed.footer.text}"
    return out.content or ""


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_says_every_message_with_the_same_placeholders() -> None:
    english = messages("en")
    for lang in TRANSLATED:
        said = messages(lang)
        assert set(said) == set(english), f"{lang}: {set(english) ^ set(said)}"
        for key, template in said.items():
            assert fields(template) == fields(english[key]), f"{lang} {key}"
            same = template == english[key] and not key.startswith("field.")
            assert not same, f"{lang} {key} is not translated"


def test_a_missing_text_falls_back_to_english_then_to_its_id() -> None:
    assert message("it", "confirm.run") == "Run"  # a language we do not have
    assert message("fr", "no.such.text") == "no.such.text"


CLARIFY = Clarification(Intent.TRANSFORM_SHOW, ("setting",), understood={"title": "Friends"})


@pytest.mark.parametrize(
    ("lang", "intro", "ask"),
    [
        ("en", "🤔 To re-imagine a show in a new setting I still need:", "which new setting?"),
        ("fr", "🤔 Pour réinventer une série dans un nouveau cadre, il me manque", "quel nouveau"),
        ("es", "🤔 Para reimaginar una serie en un nuevo escenario todavía", "¿qué nuevo"),
        ("de", "🤔 Um eine Serie in ein neues Setting zu versetzen, brauche", "welches neue"),
        ("pt", "🤔 Para reimaginar uma série em um novo cenário ainda preciso", "qual novo"),
    ],
)
def test_the_clarifying_question_is_asked_in_the_members_language(
    lang: str, intro: str, ask: str
) -> None:
    text = text_of(StepResult.success(CLARIFY), lang)
    first, second, so_far, reply_here = text.splitlines()
    assert first.startswith(intro) and ask in second
    assert "“Friends”" in so_far  # the member's own words are quoted, never translated
    assert reply_here == message(lang, "clarify.reply")


def test_the_confirmation_and_its_buttons_are_in_the_members_language() -> None:
    reading = IntentResult(
        intent=Intent.GENERATE_IMAGE, confidence=0.41, source="embedding", params={"prompt": "x"}
    )
    reply = render_result(StepResult.success(Confirmation(reading)), confirm_key="k", lang="es")
    (out,) = reply.messages
    assert out.embeds[0].title == "¿Querías: crear una imagen?"
    assert out.embeds[0].footer.text == "41 % seguro · leído por embedding"
    assert [b.label for b in out.buttons] == ["Ejecutar", "Editar", "Cancelar"]
    english = render_result(StepResult.success(Confirmation(reading)), confirm_key="k")
    assert [b.label for b in english.messages[0].buttons] == ["Run", "Edit", "Cancel"]


LIMITS = LimitSettings()
IMAGE = Intent.GENERATE_IMAGE


def core_refusals() -> dict[str, StepResult[Any]]:
    """One refusal of each kind, produced by the core code a member's request goes through."""
    caps = JobCaps.of(JobSettings(), None)
    servers = JobCaps(member=2, server=50, member_cap_is_the_servers=True)
    return {
        "refuse.between": validate_params(IMAGE, {"prompt": "a fox", "count": 9}, LIMITS),
        "refuse.required": validate_params(IMAGE, {}, LIMITS),
        "refuse.one_of": validate_params(IMAGE, {"prompt": "a", "aspect": "wide"}, LIMITS),
        "refuse.whole_between": validate_params(IMAGE, {"prompt": "a", "seed": "x"}, LIMITS),
        "refuse.not_an_option": validate_params(IMAGE, {"prompt": "a", "colour": "red"}, LIMITS),
        "refuse.prompt_too_long": validate_params(IMAGE, {"prompt": "a" * 5000}, LIMITS),
        "refuse.title_or_text": validate_params(Intent.FIND_SIMILAR, {}, LIMITS),
        "refuse.min_chars": validate_params(
            Intent.TRANSFORM_SHOW, {"title": "Lost", "setting": "b"}, LIMITS
        ),
        "refuse.nsfw_only": check_request(
            GuildLimits(nsfw_channels_only=True), IMAGE, {"prompt": "a"}, nsfw_channel=False
        ),
        "refuse.quality_only": check_request(
            GuildLimits(allowed_qualities=("draft",)),
            IMAGE,
            {"prompt": "a", "quality": "final"},
            nsfw_channel=False,
        ),
        "refuse.blocked_word": check_request(
            GuildLimits(blocked_words=("fox",)), IMAGE, {"prompt": "a fox"}, nsfw_channel=False
        ),
        "refuse.max_count": check_request(
            GuildLimits(max_count=2), IMAGE, {"prompt": "a", "count": 3}, nsfw_channel=False
        ),
        "refuse.max_seconds": check_request(
            GuildLimits(max_video_seconds=4),
            Intent.GENERATE_VIDEO,
            {"prompt": "a", "seconds": 8},
            nsfw_channel=False,
        ),
        "refuse.member_cap": caps.refusal(CapReached("member", 5, 5)),
        "refuse.member_cap_server": servers.refusal(CapReached("member", 2, 2)),
        "refuse.server_cap": caps.refusal(CapReached("server", 50, 50)),
    }


@pytest.mark.parametrize(("key", "result"), core_refusals().items())
def test_each_refusal_core_writes_is_recognised_and_said_in_each_language(
    key: str, result: StepResult[Any]
) -> None:
    assert result.error is not None and result.error.code.user_caused
    english = text_of(result, "en")
    assert result.error.message in english  # English: exactly core's words, as before
    recognised = recognise_refusal(result.error.message)
    assert recognised is not None and recognised[0] == key
    for lang in TRANSLATED:
        said = text_of(result, lang)
        assert said != english and "{" not in said, f"{lang}: {said}"


def test_a_refusal_names_the_option_as_the_members_slash_command_does() -> None:
    result = validate_params(IMAGE, {"prompt": "a fox", "count": 9}, LIMITS)
    assert text_of(result, "fr") == "⚠️ nombre doit être entre 1 et 4."
    assert text_of(result, "de") == "⚠️ anzahl muss zwischen 1 und 4 liegen."
    assert text_of(result, "en") == "⚠️ count must be between 1 and 4."


def test_an_unknown_refusal_stays_in_english_and_the_retry_hint_is_translated() -> None:
    odd = StepResult.failure(ErrorCode.INVALID_INPUT, "That file is not a .txt file.")
    assert text_of(odd, "pt") == "⚠️ That file is not a .txt file."
    busy = StepResult.failure(ErrorCode.UNAVAILABLE, "The image worker is offline.")
    assert text_of(busy, "pt").endswith("Tente de novo daqui a pouco.")
    crashed = StepResult.failure(ErrorCode.INTERNAL, "KeyError in the store", error_id="ab12cd")
    apology = text_of(crashed, "fr")
    assert apology.startswith("😓 Désolé") and "`ab12cd`" in apology
    assert "KeyError" not in apology


def test_every_refusal_pattern_is_specific_to_its_message() -> None:
    """No English refusal text is read as another one (the patterns come from en.json)."""
    english = {k: v for k, v in messages("en").items() if k.startswith("refuse.")}
    for key, template in english.items():
        sample = re.sub(r"\{(\w+)\}", lambda m: "count" if m.group(1) == "name" else "7", template)
        recognised = recognise_refusal(sample)
        assert recognised is not None and recognised[0] == key, (key, recognised)


def test_small_talk_answers_in_the_members_language_without_echoing_them() -> None:
    thanks = text_of(StepResult.success(SmallTalk("merci @everyone")), "fr")
    assert thanks == "Avec plaisir ! 🙂"
    assert text_of(StepResult.success(SmallTalk("hola!")), "es").startswith("¡Hola!")
    assert text_of(StepResult.success(SmallTalk("thanks")), "en") == "You're welcome! 🙂"


def test_a_list_of_allowed_values_keeps_the_values_and_translates_the_or() -> None:
    result = validate_params(IMAGE, {"prompt": "a", "aspect": "wide"}, LIMITS)
    said = text_of(result, "pt")
    assert said == "⚠️ formato deve ser um destes valores: square, portrait ou landscape."
