"""A command's or message's result as Discord messages: `render_result` is the one entry point
(an error goes to `bot.render.errors`, a value to its renderer here), then fitted to Discord's
limits. Here are the renderers for the reply types of `core.replies` and the tools' outputs.

Tool outputs arrive as `ToolOutput(kind, data)`; `data` may be a pydantic model, a dataclass, a
mapping or a list. Known kinds ("similar_shows", "show_dna") get their own layout; any other kind
is shown as a tidy embed of its fields, so a new tool is never rendered as nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

import discord

from bot import custom_ids
from bot.custom_ids import Action
from bot.i18n.catalog import DEFAULT_LANGUAGE, message
from bot.render import shows
from bot.render.errors import render_error
from bot.render.limits import COLOR_INFO, fit_reply, truncate
from bot.render.model import ButtonSpec, OutMessage, Reply
from bot.render.progress import job_status_embed, job_title, queued_text
from core.intent.schema import Intent, IntentResult
from core.replies import (
    SHOW_DNA_KIND,
    SIMILAR_SHOWS_KIND,
    Clarification,
    Confirmation,
    HelpReply,
    JobAccepted,
    JobCancelled,
    JobInfo,
    SmallTalk,
    ToolOutput,
)
from core.result import StepResult

__all__ = [
    "INTENT_LABELS",
    "confirmation_cancelled",
    "confirmation_expired",
    "edit_modal_texts",
    "help_embed",
    "not_yours",
    "plain_data",
    "render_result",
    "render_value",
    "small_talk",
]

INTENT_LABELS: dict[Intent, str] = {
    Intent.GENERATE_IMAGE: "make an image",
    Intent.GENERATE_VIDEO: "make a short video",
    Intent.ANALYZE_SHOW: "add and analyze a show",
    Intent.SHOW_DNA: "show a show's narrative DNA",
    Intent.FIND_SIMILAR: "find similar shows",
    Intent.TRANSFORM_SHOW: "re-imagine a show in a new setting",
    Intent.JOB_STATUS: "check a job",
    Intent.JOB_CANCEL: "cancel a job",
    Intent.HELP: "show help",
    Intent.CHAT: "chat",
}

_PARAM_QUESTIONS = {
    "prompt": "what should it show? (a short description)",
    "title": "which show? (its title)",
    "setting": "which new setting? (e.g. “a Mars colony in 2300”)",
    "text": "a synopsis or description",
    "job_id": "which job? (its number)",
}

# One section per help topic (core/intent/help_topics.py): the slash command a question is about.
HELP_TOPICS: dict[str, str] = {
    "imagine": "`/imagine prompt:` a description. Options: `negative`, `quality` (draft/final), "
    "`aspect` (square/portrait/landscape), `count` 1-4, `seed`. Progress shows in a thread; "
    "the result has Reroll, Vary, Final quality and Info buttons.",
    "animate": "`/animate prompt:` a description, `seconds` 1-10, `quality`, `aspect`, `seed`.",
    "show": "`/show add title: [text:] [file: .txt]` adds a show and extracts its narrative DNA; "
    "`/show dna title:` shows it; `/show similar title:|text: [k] [facet]` finds shows alike.",
    "transform": "`/transform title: setting: [scenes 1-12] [tone] [storyboard]` re-imagines a "
    "show in a new setting, down to a scene-by-scene script.",
    "job": "`/job status [job_id]` and `/job cancel [job_id]` (default: your latest job).",
}
_ADMIN_HELP = (
    "`/admin stats`, `/admin jobs`, `/admin cache stats|clear`, `/admin limits` "
    "(Manage Server only)."
)


def render_result(
    result: StepResult[Any],
    *,
    attachment_limit: int | None = None,
    confirm_key: str | None = None,
    lang: str = "en",
) -> Reply:
    """The reply for a command's or message's result (errors through `bot.render.errors`), in the
    member's language `lang` where the text has a translation (bot/i18n)."""
    if result.error is not None:
        # Error messages can quote what the user sent (an option, a title): fit them as well.
        return fit_reply(render_error(result.error, lang), attachment_limit=attachment_limit)
    reply = render_value(result.value, confirm_key=confirm_key, lang=lang)
    return fit_reply(reply, attachment_limit=attachment_limit)


def render_value(
    value: Any, *, confirm_key: str | None = None, lang: str = DEFAULT_LANGUAGE
) -> Reply:
    """`lang` is the member's language: questions and confirmations are asked in it."""
    match value:
        case JobAccepted(ticket=ticket):
            return Reply.text(queued_text(ticket))
        case JobInfo():
            return Reply.embed(job_status_embed(value.job, value.position, value.eta_s))
        case JobCancelled(job=job):
            title = job_title(job.kind, job.id).lower()
            return Reply.text(f"✋ Cancelled {title}.", ephemeral=True)
        case HelpReply(topic=topic):
            return Reply.embed(help_embed(topic), ephemeral=True)
        case SmallTalk(text=text):
            return Reply.text(small_talk(text, lang))
        case Clarification():
            return Reply.text(_clarification_text(value, lang))
        case Confirmation(reading=reading):
            return _confirmation(reading, confirm_key, lang)
        case ToolOutput(kind=kind, data=data):
            return Reply([_TOOL_RENDERERS.get(kind, _generic_tool(kind))(plain_data(data))])
        case str():
            return Reply.text(value)
        case None:
            return Reply.text("✅ Done.")
        case _:
            return Reply([_generic_tool(type(value).__name__)(plain_data(value))])


# -- small talk, help, clarification, confirmation -------------------------------------------------
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|merci|gracias|danke|cheers)\b", re.I)
_HELLO = re.compile(
    r"^\W*(?:hi|hey|hello|yo|morning|good (?:morning|evening)|bonjour|salut|hola|hallo|olá|oi)\b",
    re.I,
)


def small_talk(said: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A short answer to chat, in `lang`. `said` is the member's own message: it is never
    repeated back, because parroting it would re-post whatever they pasted (a token, a mass
    mention)."""
    if _THANKS.search(said):
        return message(lang, "chat.thanks")
    if _HELLO.search(said):
        return message(lang, "chat.hello")
    return message(lang, "chat.about")


def help_embed(topic: str | None = None) -> discord.Embed:
    key = (topic or "").lower().strip()
    if key == "admin":
        return discord.Embed(title="Help: admin", description=_ADMIN_HELP, color=COLOR_INFO)
    if key in HELP_TOPICS:
        return discord.Embed(title=f"Help: /{key}", description=HELP_TOPICS[key], color=COLOR_INFO)
    embed = discord.Embed(
        title="Studio: what I can do",
        description="Use a slash command, or write a sentence in a studio thread "
        "(“make a poster of Friends set on Mars”).",
        color=COLOR_INFO,
    )
    for name, text in HELP_TOPICS.items():
        embed.add_field(name=f"/{name}", value=text, inline=False)
    embed.add_field(name="Admins", value=_ADMIN_HELP, inline=False)
    return embed


def _action(intent: Intent, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        return INTENT_LABELS.get(intent, intent.value)
    return message(lang, f"intent.{intent.value}")


def _ask(name: str, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE or f"ask.{name}" == message(lang, f"ask.{name}"):
        return _PARAM_QUESTIONS.get(name, name)
    return message(lang, f"ask.{name}")


def _clarification_text(value: Clarification, lang: str = DEFAULT_LANGUAGE) -> str:
    asks = [f"• {_ask(name, lang)}" for name in value.missing]
    lines = [message(lang, "clarify.intro", action=_action(value.intent, lang)), *asks]
    if value.understood:
        lines.append(message(lang, "clarify.so_far", params=_params_text(value.understood, lang)))
    lines.append(message(lang, "clarify.reply"))
    return "\n".join(lines)


def _params_text(params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    shown = [f"{k}: “{truncate(str(v), 200)}”" for k, v in params.items() if v not in (None, "")]
    return ", ".join(shown) if shown else message(lang, "params.nothing")


def _confirmation(reading: IntentResult, key: str | None, lang: str = DEFAULT_LANGUAGE) -> Reply:
    embed = discord.Embed(
        title=message(lang, "confirm.title", action=_action(reading.intent, lang)),
        description=_params_text(reading.params, lang),
        color=COLOR_INFO,
    )
    percent = round(reading.confidence * 100)
    embed.set_footer(text=message(lang, "confirm.footer", percent=percent, source=reading.source))
    out = OutMessage(embeds=[embed])
    if key is not None:
        out.buttons = [
            ButtonSpec(
                message(lang, "confirm.run"), custom_ids.make(Action.CONFIRM_RUN, key), "success"
            ),
            ButtonSpec(
                message(lang, "confirm.edit"), custom_ids.make(Action.CONFIRM_EDIT, key), "primary"
            ),
            ButtonSpec(
                message(lang, "confirm.cancel"),
                custom_ids.make(Action.CONFIRM_CANCEL, key),
                "secondary",
            ),
        ]
    return Reply([out])


def confirmation_expired(lang: str = DEFAULT_LANGUAGE) -> Reply:
    return Reply.text(message(lang, "confirm.expired"), ephemeral=True)


def not_yours(lang: str = DEFAULT_LANGUAGE) -> Reply:
    return Reply.text(message(lang, "confirm.not_yours"), ephemeral=True)


def confirmation_cancelled(lang: str = DEFAULT_LANGUAGE) -> OutMessage:
    return OutMessage(content=message(lang, "confirm.cancelled"))


def edit_modal_texts(lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The title and the field label of the "Edit" modal."""
    return message(lang, "confirm.edit_title"), message(lang, "confirm.edit_label")


# -- tool outputs -------------------------------------------------------------------------------
def plain_data(data: Any) -> Any:
    """Models and dataclasses as plain dicts/lists, so renderers read one shape."""
    if hasattr(data, "model_dump"):
        return plain_data(data.model_dump())
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return plain_data(dataclasses.asdict(data))
    if isinstance(data, Mapping):
        return {str(k): plain_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple | set | frozenset):
        return [plain_data(v) for v in data]
    return data


def _generic_tool(kind: str) -> Callable[[Any], OutMessage]:
    def render(data: Any) -> OutMessage:
        if isinstance(data, str):
            return OutMessage(content=data)
        embed = discord.Embed(title=kind.replace("_", " ").capitalize(), color=COLOR_INFO)
        if isinstance(data, Mapping):
            _add_fields(embed, data)
        else:
            embed.description = _inline(data, 4000)
        return OutMessage(embeds=[embed])

    return render


def _add_fields(embed: discord.Embed, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if value in (None, "", [], {}):
            continue
        embed.add_field(
            name=str(name).replace("_", " ").capitalize(),
            value=_inline(value, 1024),
            inline=isinstance(value, int | float) or len(str(value)) < 40,
        )


def _inline(value: Any, limit: int) -> str:
    if isinstance(value, Mapping):
        text = "\n".join(f"{k}: {_inline(v, limit)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(_inline(v, limit) for v in value)
    elif isinstance(value, float):
        text = f"{value:.2f}"
    else:
        text = str(value)
    return truncate(text, limit)


_TOOL_RENDERERS: dict[str, Callable[[Any], OutMessage]] = {
    SIMILAR_SHOWS_KIND: shows.similar_shows,
    SHOW_DNA_KIND: shows.show_dna,
}
