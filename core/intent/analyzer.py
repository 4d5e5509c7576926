"""The intent analyzer: one message (plus its thread's recent turns) -> one `IntentResult`.

Stages, cheapest first: follow-ups of the thread's last request, exact rules (admin and
injection text, slash syntax, job ids), the learned classifier, and Claude when a key is
configured and the classifier is unsure. Parameters are extracted in their own step, whichever
stage named the intent, except when Claude fills them.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from core.config import IntentSettings
from core.conversation import Turn, pending_turn
from core.intent.exact import decide_exact, slash_body
from core.intent.extract import extract_params
from core.intent.followup import (
    dismisses,
    fill_references,
    read_change,
    starts_like_request,
)
from core.intent.followup_answers import answer_pending, is_bare_title
from core.intent.followup_jobs import FOLLOWUP_CONFIDENCE, read_job_follow_up
from core.intent.followup_shows import read_other_show
from core.intent.hostile import without_quoted_content
from core.intent.known_titles import TitleIndex
from core.intent.learned import LearnedClassifier, LearnedVote
from core.intent.llm_stage import classify_with_llm
from core.intent.rules import decide
from core.intent.schema import Intent, IntentResult, missing_params
from core.intent.server_titles import ServerTitles
from core.intent.text import normalise
from core.intent.training import TrainingText, training_texts
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.embedder import Embedder
from core.ports.llm import LLM

__all__ = ["LLM_THRESHOLD", "IntentAnalyzer"]

log = get_logger(__name__)
Source = Literal["rules", "embedding", "llm"]
T = TypeVar("T")
_INLINE_CHARS = 2000
# What a message is about shows in its opening words; a pasted synopsis is classified by its
# first characters (the parameters are still read from all of it).
_CLASSIFIED_CHARS = 300
# Below this calibrated confidence the classifier's reading goes to Claude (when configured).
LLM_THRESHOLD = 0.6
_MOST_SURE = 0.99
# A reply to the bot's question that the classifier reads as something else this surely is a
# new request, not an answer.
_NEW_REQUEST = 0.5
# ... and this surely, when the pattern rules read the same other request.
_SURELY_OTHER = 0.9


class IntentAnalyzer:
    def __init__(
        self,
        *,
        settings: IntentSettings,
        embedder: Embedder,
        llm: LLM | None = None,
        metrics: Metrics | None = None,
        training: Sequence[TrainingText] | None = None,
        known_titles: Iterable[str] = (),
        model_dir: Path | None = None,
        server_titles: ServerTitles | None = None,
    ) -> None:
        self._settings = settings
        self._llm = llm
        self._metrics = metrics
        self._titles = TitleIndex(known_titles)
        self._server_titles = server_titles
        self._learned = LearnedClassifier(
            embedder,
            training if training is not None else training_texts(),
            cache_dir=model_dir,
        )

    @property
    def llm_enabled(self) -> bool:
        return self._llm is not None and self._llm.available

    @property
    def titles(self) -> TitleIndex:
        """Known show titles; the composition root adds a server's own shows as they come."""
        return self._titles

    async def warm_up(self) -> None:
        """Build (or load) the classifier now (start-up) rather than on the first message."""
        await self._learned.warm_up()

    def warm_up_sync(self) -> None:
        self._learned.warm_up_sync()

    def ship_model(self) -> Path:
        """Fit the classifier and write it where every start finds it (`make intent-model`)."""
        return self._learned.ship()

    @property
    def shipped_model(self) -> Path | None:
        """Where the shipped classifier for this training data is (whether or not it exists)."""
        return self._learned.shipped_path()

    async def analyze(
        self, text: str, *, context: Sequence[Turn] = (), tenant: str | None = None
    ) -> IntentResult:
        """One message of `tenant` (a server: its own indexed shows are known titles too)."""
        if tenant is not None and self._server_titles is not None:
            await self._server_titles.refresh(tenant, self._titles)
        with self._titles.scope(tenant):
            return await self._analyze(normalise(text), context)

    async def _analyze(self, text: str, context: Sequence[Turn]) -> IntentResult:
        if context:
            text = _DROPS_THE_LAST.sub("", text) or text  # "scrap that and draw a crow"
            if pending_turn(context) is not None and dismisses(text):
                return _CHAT_DISMISSED  # "forget it" after the bot's question: nothing to run
            follow = (
                read_job_follow_up(text, context)
                or read_change(text, context)
                or read_other_show(text, context, self._titles)
            )
            pending = pending_turn(context) if follow is None else None
            if pending is not None and not await self._starts_over(text, pending):
                follow = answer_pending(text, context, self._titles)
            if follow is not None:
                return follow
        reading = await self._read(text, context)
        return fill_references(reading, text, context) if context else reading

    async def _starts_over(self, text: str, pending: Turn) -> bool:
        """Whether a reply to the bot's question is a new request (a command, a question, a
        complete other request) rather than the answer."""
        if decide_exact(text) is not None:
            return True
        if pending.missing[:1] == ("title",) and is_bare_title(text, self._titles):
            return False
        vote = await self._learned.classify(_for_classifier(text))
        if vote.intent is pending.intent or vote.confidence < _NEW_REQUEST:
            return False
        if vote.intent in (Intent.HELP, Intent.JOB_STATUS, Intent.JOB_CANCEL):
            return True
        complete: bool | None = None  # whether the other request has all it needs, read once
        rule = decide(text)
        if rule is not None and rule.intent is vote.intent and vote.confidence >= _SURELY_OTHER:
            # "shows like Fargo" while the bot asks where Hacks should be set: the rules and the
            # classifier both read another request; a complete one starts over.
            complete = await self._complete(vote.intent, text)
            if complete:
                return True
        if _could_answer(text, pending, self._titles) and not starts_like_request(text):
            return False  # a bare phrase after the bot's question: the answer
        if vote.intent is Intent.CHAT:
            return True
        return complete if complete is not None else await self._complete(vote.intent, text)

    async def _complete(self, intent: Intent, text: str) -> bool:
        params = await _off_loop(extract_params, intent, text, self._titles)
        return not missing_params(intent, params)

    async def _read(self, text: str, context: Sequence[Turn]) -> IntentResult:
        rule = decide_exact(text)
        if rule is not None:
            body = text
            if rule.rule == "slash" and (slashed := slash_body(text)) is not None:
                body = slashed[1]
            return await _off_loop(self._reading, rule.intent, rule.confidence, "rules", body)
        start = time.perf_counter()
        vote = await self._learned.classify(_for_classifier(text))
        self._observe("embedding", start)
        if vote.confidence >= LLM_THRESHOLD or not self.llm_enabled:
            return await _off_loop(self._from_vote, vote, text)
        assert self._llm is not None
        start = time.perf_counter()
        answer = await classify_with_llm(self._llm, text, context)
        self._observe("llm", start)
        if answer.error is not None:
            # Claude unavailable or busy: the offline reading stands, at its own (low) confidence.
            log.warning(
                "intent_llm_failed", code=answer.error.code.value, message=answer.error.message
            )
            return await _off_loop(self._from_vote, vote, text)
        return answer.unwrap()

    def _reading(
        self, intent: Intent, confidence: float, source: Source, text: str
    ) -> IntentResult:
        params = extract_params(intent, text, self._titles)
        return IntentResult(
            intent=intent,
            confidence=round(min(1.0, max(0.0, confidence)), 4),
            source=source,
            params=params,
            missing=missing_params(intent, params),
        )

    def _from_vote(self, vote: LearnedVote, text: str) -> IntentResult:
        intent, confidence = vote.intent, vote.confidence
        if intent in _MEDIA and (medium := _named_medium(text)) not in (None, intent):
            # "could you animate a subway train?" read as a picture: the words name the medium
            intent, confidence = medium, vote.probabilities.get(medium, 0.0) + confidence
        # A learned reading is never stated as certain: 0.99 at most.
        return self._reading(intent, min(confidence, _MOST_SURE), "embedding", text)

    def _observe(self, stage: str, start: float) -> None:
        if self._metrics is not None:
            self._metrics.observe("intent_stage_seconds", time.perf_counter() - start, stage=stage)


_CHAT_DISMISSED = IntentResult(intent=Intent.CHAT, confidence=FOLLOWUP_CONFIDENCE, source="rules")
_SMALL_TALK = frozenset(
    """lol lmao haha idk dunno ok okay k thanks thank thx ty you nvm never mind no nah nope yes
    yeah yep sure cool nice hmm hm whatever fine good great bye hi hello hey sorry oops what
    why huh i don't know not really nothing anything something pass skip later""".split()  # noqa: SIM905
)
# Chat that happens to follow the bot's question: "brb pizza guy is at the door", "lol wait".
# "lol idk my dog is barking brb": away-from-keyboard words anywhere.
_CHAT_OPENING = re.compile(
    r"^\W*(?:(?:lol|lmao|haha\w*|ok|okay|oh|ah|hmm+|uh+|um+)\W+)*"
    r"(?:brb|gtg|g2g|afk|btw|wait\s+(?:a\s+sec|what)|hold\s+on|one\s+sec|idk|dunno)\b"
    r"|\b(?:brb|gtg|g2g|afk)\b",
    re.IGNORECASE,
)
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# The most words an answer to the bot's question has, by what it asked for.
_ANSWER_WORDS = {"title": 6, "setting": 12, "prompt": 15}


# "actually, scrap that and ...": what comes after is the new request.
_DROPS_THE_LAST = re.compile(
    r"^\W*(?:(?:actually|no|nah|wait|ok|okay|hmm+|oh)\W+)*"
    r"(?:scrap|forget|ditch|never\s*mind|nvm|oublie|olv[ií]dalo|vergiss|esquece)"
    r"(?:\s+(?:that|it|this|ça|eso|das|isso)(?:\s+one)?|\s+the\s+[^\W\d_]+)?"
    r"\s*(?:,|;|\.|\band\b|\bet\b|\by\b|\bund\b|\be\b)"
    r"\s*(?:instead\s*,?\s*)?(?=\w)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b")
_REQUEST_HEAD = re.compile(r"^([^:\n]{3,80}):")


_MEDIA = (Intent.GENERATE_IMAGE, Intent.GENERATE_VIDEO)
_MEDIUM_RULES = {"video_words": Intent.GENERATE_VIDEO, "image_words": Intent.GENERATE_IMAGE}


_MEDIUM_WORDS = {
    Intent.GENERATE_IMAGE: re.compile(
        r"\b(?:pictures?|pics?|images?|imgs?|photos?|draw\w*|paint\w*|drawings?|posters?|"
        r"wallpapers?|stills?|bild\w*|imagen\w*|imagens?|dessin\w*|dibuj\w*|desenh\w*|fotos?|"
        r"zeichn\w*|mal\w*)\b",
        re.IGNORECASE,
    ),
    Intent.GENERATE_VIDEO: re.compile(
        r"\b(?:vids?|videos?|vídeos?|vidéos?|clips?|anim\w*|gifs?|films?|filme|moving|loops?)\b",
        re.IGNORECASE,
    ),
}


def _named_medium(text: str) -> Intent | None:
    """The medium the request's own words name, when they name only one: the pattern rules
    read it, and no word of the other medium is there ("picture a fox, but moving, like a
    clip" names both)."""
    rule = decide(text)
    medium = _MEDIUM_RULES.get(rule.rule) if rule is not None else None
    if medium is None:
        return None
    other = Intent.GENERATE_IMAGE if medium is Intent.GENERATE_VIDEO else Intent.GENERATE_VIDEO
    return None if _MEDIUM_WORDS[other].search(text) else medium


def _for_classifier(text: str) -> str:
    """The opening of the message with Discord mentions (@everyone and @here too) as one fixed
    word: their random ids say nothing about what is asked, and would move the n-gram reading
    from message to message. What a request quotes as content ("a sign that says '...'") is one
    neutral word too: it is data, not what the member asks."""
    if len(text) > _CLASSIFIED_CHARS and (head := _REQUEST_HEAD.match(text)):
        text = head.group(1)  # "analyze Bottled Light: <a pasted synopsis>": the request
    return _MENTION.sub("@someone", without_quoted_content(text[:_CLASSIFIED_CHARS]))


def _could_answer(text: str, pending: Turn, titles: TitleIndex) -> bool:
    """Small talk, nonsense or the answer? After "which show?", a known show or a few words that
    are not small talk ("clear", "The Expanse") are the answer; after "where should it be set?"
    or "of what?", a phrase ("a lighthouse on the moon"); "lol idk" and "qwpeoiru" are
    not."""
    wanted = pending.missing[:1]
    if wanted == ("title",) and (
        titles.canonical(text) is not None or titles.find(text) is not None
    ):
        return True
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    longest = _ANSWER_WORDS.get(wanted[0] if wanted else "", 0)
    if not words or len(words) > longest or text.rstrip().endswith("?"):
        return False
    if all(word in _SMALL_TALK for word in words) or _CHAT_OPENING.search(text):
        return False
    # A capitalised word is a name ("Ashfall County"), however its letters sit on the keyboard.
    return not any(_keyboard_mash(word) for word in re.findall(r"\b[a-z]+\b", text))


def _keyboard_mash(word: str) -> bool:
    """Six or more letters from one keyboard row ("qwpeoiru", "asdfgh"): nonsense."""
    return len(word) >= 6 and any(set(word) <= set(row) for row in _KEYBOARD_ROWS)


async def _off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Short messages are read inline (tens of microseconds); a long one (a pasted synopsis) is
    read on a worker thread so the event loop keeps serving everyone else meanwhile."""
    longest = max((len(a) for a in args if isinstance(a, str)), default=0)
    if longest > _INLINE_CHARS:
        return await asyncio.to_thread(fn, *args)
    return fn(*args)
