"""Which language to answer in.

An interaction carries the member's Discord locale: that decides. A plain message in a studio
thread carries none, so its own text is read: py3langid (a small n-gram model, restricted to our
five languages) plus a lexicon of the short function and request words members actually type
("fais", "hazme", "mach", "faça", "the"), because titles and two-word follow-ups are where n-grams
alone go wrong ("analiza Breaking Bad" reads as English to them). When the text says too little
("Dark", "ok", "?"), the member's last known language is kept (from an earlier message or a slash
command's locale), else English.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import cache
from typing import Any

import discord

from bot.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from bot.i18n.translator import language_of_locale
from core.context import RequestContext

__all__ = ["MemberLanguages", "detect_language", "load_model"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that mark a language; a word in several lists counts for each, split evenly.
_LEXICON: dict[str, frozenset[str]] = {
    "en": _words(
        "the a an is are and for with on of to my me you your i it this that what which how "
        "make draw create show shows please thanks thank hi hello can could would want need "
        "again now but more like set into about find similar cancel picture image help "
        "video give tell recommend check"
    ),
    "fr": _words(
        "le la les des une est et pour dans avec sur je tu vous moi mon ma mes du au aux qui "
        "quoi fais faire fait peux veux voudrais pas ne c'est série séries crée créer dessine "
        "montre comme mais plus encore maintenant annule annuler tâche merci bonjour salut ce "
        "cette ces où quel quelle quels similaires semblables j'aimerais l'adn d'une d'un "
        "qu'est-ce s'il plaît recommande-moi fais-moi transforme réinvente réimagine trouve "
        "cherche annule-la aide"
    ),
    "es": _words(
        "el los las una es y para en con yo tú mí mi del al qué hazme haz hacer puedes quiero "
        "pero más como otra vez ahora cancela tarea por favor gracias hola este esta estos "
        "dónde cuál serie series parecidas imagen dibuja dibújame muestra muéstrame crea "
        "recomiéndame recomienda analiza ¿qué ¿cómo ¿cuál también transforma reimagina busca "
        "encuentra ayuda eso esto busco quién"
    ),
    "de": _words(
        "der die das ein eine einen einem ist und für mit auf ich du mir mein von zu nicht wie "
        "was mach mache mal bitte zeig zeige noch jetzt aber auftrag danke hallo ähnliche "
        "serie serien bild erstelle erstell brich ab fertig wo welche sind gib empfiehl "
        "analysiere läuft kannst möchte statt verwandle finde suche hilfe stopp"
    ),
    "pt": _words(
        "o os as um uma é e para em com eu você me meu minha do da dos das no na não faz faça "
        "fazer pode quero mas mais como agora cancela tarefa por favor obrigado obrigada olá "
        "oi esse essa este isso onde qual série séries parecidas imagem desenha mostra cria "
        "pra analisa recomenda também então transforma reimagina encontra acha ajuda terminou"
    ),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|¿\w+", re.UNICODE)
_NOISE = re.compile(r"https?://\S+|<[@#:!&][^>]*>|`[^`]*`")
# How much better the best language must score than the next for the text to decide (tuned on
# core/intent/data/train.jsonl and dev.jsonl; benchmarks/language.py scores the frozen test set).
_MARGIN = 0.35
_LEXICON_WEIGHT = 1.0


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _without_names(text: str) -> str:
    """`text` less its capitalised words after the first: show titles ("Breaking Bad") are the
    usual English inside another language's sentence. German nouns go too; its function words
    stay, and they are what tells German."""
    words = text.split()
    kept = [word for i, word in enumerate(words) if i == 0 or not word[:1].isupper()]
    return " ".join(kept)


def load_model() -> None:
    """Load the n-gram model now (about 0.6 s), so the first message does not wait for it."""
    _identifier()


def language_scores(text: str) -> dict[str, float]:
    """Each language's score: the n-gram model's probability plus the lexicon's share."""
    cleaned = _NOISE.sub(" ", text)
    cleaned = _without_names(cleaned) or cleaned
    scores = {lang: 0.0 for lang in LANGUAGES}
    if not _WORD.search(cleaned):
        return scores
    for lang, probability in _identifier().rank(cleaned):
        scores[lang] = float(probability)
    hits = {lang: 0.0 for lang in LANGUAGES}
    for word in _WORD.findall(cleaned.lower()):
        owners = [lang for lang, words in _LEXICON.items() if word in words]
        for lang in owners:
            hits[lang] += 1 / len(owners)
    total = sum(hits.values())
    if total:
        for lang in LANGUAGES:
            scores[lang] += _LEXICON_WEIGHT * hits[lang] / total
    return scores


def detect_language(text: str) -> str | None:
    """The language `text` is written in, or None when it says too little to tell: names are
    not read ("The Expanse" answering "which show?" is not English), and one word tells only
    when it is a word of one language ("gracias", "hilfe")."""
    words = _WORD.findall(_without_names(_NOISE.sub(" ", text)).lower())
    if not words:
        return None
    if len(words) == 1:
        # One word decides only when it belongs to one language, and that is not English.
        owners = [lang for lang, lexicon in _LEXICON.items() if words[0] in lexicon]
        return owners[0] if len(owners) == 1 and owners[0] != DEFAULT_LANGUAGE else None
    ranked = sorted(language_scores(text).items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top - second >= _MARGIN else None


class MemberLanguages:
    """The last language each member was seen using, for messages too short to tell (bounded:
    the oldest members are forgotten first)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._known: OrderedDict[str, str] = OrderedDict()

    def remember(self, member: str, lang: str) -> None:
        self._known[member] = lang
        self._known.move_to_end(member)
        while len(self._known) > self._capacity:
            self._known.popitem(last=False)

    def of(self, member: str) -> str | None:
        return self._known.get(member)

    def for_text(self, member: str, text: str) -> str:
        """The language to answer `text` in: its own when clear, else the member's last one."""
        detected = detect_language(text)
        if detected is not None:
            self.remember(member, detected)
            return detected
        return self.of(member) or DEFAULT_LANGUAGE

    def for_reply(
        self, locale: discord.Locale | None, ctx: RequestContext, source_text: str | None
    ) -> str:
        """The language of a reply: an interaction's `locale` when we translate it (any other
        locale gets English), else (a message: no locale) the language of the member's message."""
        member = f"{ctx.tenant}:{ctx.user_id}"
        if locale is not None:
            lang = language_of_locale(locale) or DEFAULT_LANGUAGE
            self.remember(member, lang)
            return lang
        if source_text:
            return self.for_text(member, source_text)
        return self.of(member) or DEFAULT_LANGUAGE
