"""Stage 1: the few readings a pattern gets exactly right, decided before the learned classifier.

- an empty message is chat;
- hostile and administrative text is never an action (core/intent/hostile.py): instruction
  overrides, destructive orders about others' jobs, privilege grabs and spam are chat; an admin
  operation named in free text ("clear the cache") is help about the /admin commands;
- slash-like syntax typed as a message ("/imagine a fox", "/show dna Fargo");
- thanks with nothing else asked ("thanks for the help!") is chat, whatever feature it names;
- a question about what the bot can do, with nothing to do named ("can you draw?") is help;
- a message naming a job id: a question about it ("is job 99 cancelled?") is a status check,
  an order with a stop word ("kill job 7f3e", "termiante job 9") a cancellation; one that is
  neither is left to the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from core.intent.hostile import read_hostile
from core.intent.options import any_job_id
from core.intent.rules import is_media_request
from core.intent.schema import Intent

__all__ = ["SURE", "ExactDecision", "decide_exact", "slash_body"]

_I = re.IGNORECASE
# How sure the exact rules are: what they earned on the written training split and the older
# examples (110 of 111 right, smoothed: (110 + 1) / (111 + 2)). The looser ones (a stop word
# somewhere, a capability question) keep 0.9.
SURE = 0.98


@dataclass(frozen=True, slots=True)
class ExactDecision:
    intent: Intent
    confidence: float
    rule: str


_SLASH = re.compile(
    r"^/(?P<cmd>imagine|animate|transform|status|cancel|help|show\s+(?:dna|similar|add)|similar|"
    r"dna|add)\b\s*(?P<rest>.*)$",
    _I | re.DOTALL,
)
_SLASH_INTENTS = {
    "imagine": Intent.GENERATE_IMAGE,
    "animate": Intent.GENERATE_VIDEO,
    "transform": Intent.TRANSFORM_SHOW,
    "status": Intent.JOB_STATUS,
    "cancel": Intent.JOB_CANCEL,
    "help": Intent.HELP,
    "dna": Intent.SHOW_DNA,
    "similar": Intent.FIND_SIMILAR,
    "add": Intent.ANALYZE_SHOW,
}
# A question about a job: it asks, it does not order ("is job 99 cancelled?", "was 4f2e stopped").
_QUESTION = re.compile(
    r"^\W*(?:is|was|were|are|has|have|had|did|does|do|what|what's|whats|where|where's|how|how's|"
    r"hows|when|why|any|can\s+you\s+(?:check|tell)|ist|est-ce|já|ya|où|wo|wie|"
    r"qu[eé]|cu[aá]l|como|cómo|status|check|progress|update|eta|queue|position|place)\b"
    r"|\?\s*$",
    _I,
)
# A stop verb said in the past asks what happened, it orders nothing: "cancelled job 9?",
# "¿cancelaste el trabajo 9?", "cancelou o job 9?", "stoppte job 9?".
_PAST_STOP = (
    r"(?:cancel+(?:ed|aste|asteis|ó|aron|ado|ada|ados|adas|ou|aram|ei)|stopp(?:te|ten|é|ée|és|ées))"
)
_ORDER = re.compile(
    r"^\W*(?:(?:yes|yeah|ok|okay|please|pls|plz|now|just|and|so)\W+)*"
    # a polite order is still an order: "can you stop job 12?"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|just\s+)?"
    r"|any\s+chance\s+(?:you|u)\s+(?:can|could)\s+|(?:would|do)\s+(?:you|u)\s+mind\s+)?"
    rf"(?!{_PAST_STOP}\b)"
    r"(?:cancel\w*|cancle|stop|abort|kill|terminate|halt|scrap|drop|end|call\s+off|nuke|delete|"
    r"annule\w*|arr[êe]te\w*|cancela\w*|det[eé]n\w*|para|brich|stopp\w*|abbrechen)\b"
    # asked for oneself, the Spanish, Portuguese and French way: "¿me cancelas el trabajo 9?",
    # "me cancela o job 9?", "tu m'annules le job 9 ?"
    r"|^\W*(?:tu\s+)?(?:me\s+|m')(?:cancel(?:as|a|áis)|anul(?:as|a)|par(?:as|a)|deten(?:és|es)|"
    r"annules?|arr[êe]tes?)\b",
    _I,
)
_STOP_WORD = re.compile(
    r"\b(?:cancel\w*|cancle|stop|abort|kill|terminate|halt|scrap|call\s+off|annule\w*|"
    r"arr[êe]te\w*|cancela\w*|det[eé]n\w*|detener|parar|brich|stopp\w*|abbrechen|anhalten)\b",
    _I,
)


# "can you draw?": a question about what the bot can do (help), not an order; an order names
# what to draw ("can you draw a heron?") or who it is for ("can you draw me something?").
_CAPABILITY = re.compile(
    r"^\W*(?:(?:hey|hi|so|wait|ok|and|also)\W+)*(?:bot\W+)?"
    r"(?:(?:can|could|do|are|will)\s+(?:you|u)\s+(?:also\s+|even\s+|actually\s+)?(?:able\s+to\s+)?"
    r"|tu\s+(?:sais|peux)\s+|sabes\s+|puedes\s+|kannst\s+du\s+|(?:você|vc)\s+(?:sabe|consegue)\s+)"
    r"(?:draw|paint|sketch|animate|dessiner|dibujar|zeichnen|desenhar|"
    r"(?:make|do|create|generate|faire|hacer|machen|fazer)\s+(?:videos?|images?|pictures?|pics|gifs?|"
    r"animations?|art|vidéos|vídeos|imágenes|bilder|imagens)|"
    r"analy[sz]e\s+(?:shows?|series)|recommend\s+(?:shows?|series)|speak\s+\w+)"
    r"(?:\s+(?:too|as\s+well|also|at\s+all))?\W*$",
    _I,
)

# "can you make me a picture?", "kannst du mir ein Bild machen?": an order with a recipient and
# nothing to draw yet (the bot asks what), not a question about what the bot can do.
_FOR_ME = re.compile(
    r"^\W*(?:(?:hey|hi|ok|so|please|pls|bot)\W+)*"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:make|draw|create|do|get|paint|"
    r"generate|render|animate|film)\s+(?:me|us)|(?:tu\s+peux|peux-tu|pourrais-tu|tu\s+pourrais)\s+"
    r"(?:me|nous)\s+(?:faire|dessiner|cr[ée]er|g[ée]n[ée]rer)|(?:¿\s*)?(?:me|nos)\s+(?:haces|dibujas|"
    r"creas|pintas|generas)|(?:¿\s*)?(?:puedes|podr[ií]as)\s+(?:hacerme|dibujarme|crearme)|"
    r"(?:kannst|k[öo]nntest)\s+du\s+(?:mir|uns)|(?:voc[eê]\s+)?(?:pode|poderia|consegue)\s+me\s+"
    r"(?:fazer|desenhar|criar|gerar))"
    r"\s+(?:an?|one|some|une?|una?|ein(?:e|en)?|um|uma)\s+(?P<noun>[^\W\d_]+)"
    r"(?:\s+(?:machen|malen|zeichnen|erstellen|generieren))?(?:\s+(?:please|pls|stp|porfa|bitte|pfv))?"
    r"\W*$",
    _I,
)
_VIDEO_NOUN = re.compile(
    r"^(?:vids?|videos?|vid[ée]os?|v[ií]deos?|clips?|gifs?|animat\w+|anima\w+)$", _I
)
_PICTURE_NOUN = re.compile(
    r"^(?:pic(?:ture)?s?|images?|imagens|imagem|imagen|drawings?|paintings?|photos?|fotos?|dessins?|"
    r"dibujos?|desenhos?|bild(?:er)?|zeichnung(?:en)?|illustrations?|ilustra\w+|posters?|wallpapers?)$",
    _I,
)

# Thanks, and at most what for: "thanks for the help!", "merci pour l'image", "danke für das
# Video". A request after the thanks ("thanks, now draw a fox") is not matched.
_THANKS = re.compile(
    r"^\W*(?:thanks?|thank\s+you|thx|ty|tysm|cheers|merci|gracias|danke|obrigad[oa]|"
    r"vielen\s+dank|muchas\s+gracias)"
    r"(?:\s+(?:so\s+much|a\s+lot|again|mate|man|bro|beaucoup|bien|sehr|schön|muito))*"
    r"(?:\s+(?:for|pour|por|für|pela|pelo)(?:\s+[\w']+){1,3})?[\s!.:)❤🙏👍]*$",
    _I,
)


def slash_body(text: str) -> tuple[Intent, str] | None:
    """("/imagine a fox" ->) the command's intent and the words after it."""
    if m := _SLASH.match(text.strip()):
        name = m.group("cmd").lower().split()[-1]
        return _SLASH_INTENTS[name], m.group("rest").strip()
    return None


def decide_exact(text: str) -> ExactDecision | None:
    if not text.strip():
        return ExactDecision(Intent.CHAT, SURE, "empty")
    if hostile := read_hostile(text):
        return ExactDecision(hostile.intent, SURE, hostile.rule)
    if _THANKS.match(text):
        return ExactDecision(Intent.CHAT, SURE, "thanks")
    if _CAPABILITY.match(text):
        return ExactDecision(Intent.HELP, 0.9, "capability_question")
    if ordered := _FOR_ME.match(text):
        noun = ordered.group("noun")
        if _VIDEO_NOUN.match(noun):
            return ExactDecision(Intent.GENERATE_VIDEO, 0.9, "order_for_me")
        if _PICTURE_NOUN.match(noun):
            return ExactDecision(Intent.GENERATE_IMAGE, 0.9, "order_for_me")
    if slashed := slash_body(text):
        return ExactDecision(slashed[0], SURE, "slash")
    if any_job_id(text) is not None and not is_media_request(text):
        if _ORDER.match(text) or _misspelt_order(text) or _ordered_later(text):
            return ExactDecision(Intent.JOB_CANCEL, SURE, "cancel_job_id")
        if _QUESTION.search(text):
            return ExactDecision(Intent.JOB_STATUS, SURE, "status_job_id")
        if _STOP_WORD.search(text):
            return ExactDecision(Intent.JOB_CANCEL, 0.9, "cancel_job_id")
        # Neither a question nor a stop word ("job 77 pls", "yeet job 12"): not exact; the
        # classifier reads it.
    return None


# Six letters or more: a slip in a shorter word ("abort" -> "about") makes another word.
_STOP_VERBS = ("cancel", "cancelar", "terminate", "annule", "annuler", "abbrechen")
_SHORT_STOP_VERBS = ("abort", "stop", "kill", "halt")
_FIRST_WORD = re.compile(r"^\W*(?:(?:please|pls|plz|now|just|ok|okay)\W+)*([^\W\d_]{4,})", _I)
# A polite order, anywhere: "I changed my mind, could you cancel job 640?", "pode cancelar o job
# 72?", "kannst du job 4 abbrechen?" (the German verb comes last).
_POLITE_VERB = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|just\s+)?([^\W\d_]{4,})"
    r"|\b(?:pode|podes|poderia|podia|consegue|puedes|puede|podrías|podría|peux-tu|tu\s+peux|"
    r"pourrais-tu|tu\s+pourrais|pouvez-vous|pourriez-vous)\s+([^\W\d_]{4,})"
    r"|\b(?:kannst|könntest)\s+du\b.*?([^\W\d_]{4,})\W*$",
    _I,
)


_SENTENCE_END = re.compile(r"(?<=[.!;])\s+")


def _ordered_later(text: str) -> bool:
    """ "job 61. cancel it. are you deaf?": an order in a later sentence of the message."""
    return any(_ORDER.match(part) for part in _SENTENCE_END.split(text)[1:])


def _misspelt_order(text: str) -> bool:
    """The order's verb is a stop verb, typed right or with one slip ("termiante job 99",
    "could you cancel job 640?", "pode canclar o job 72?")."""
    words = [m.group(1)] if (m := _FIRST_WORD.match(text)) else []
    if m := _POLITE_VERB.search(text):
        words.append(next(group for group in m.groups() if group))
    return any(_is_stop_verb(word.lower()) for word in words)


def _is_stop_verb(word: str) -> bool:
    if re.fullmatch(_PAST_STOP, word, _I):
        return False
    if _STOP_WORD.fullmatch(word):
        return True
    if len(word) >= 6:
        return any(DamerauLevenshtein.distance(word, verb) == 1 for verb in _STOP_VERBS)
    # A shorter word only with two letters swapped ("abrot", "sotp"): a swap in "abort" makes
    # no other English word, a changed letter does ("about").
    return any(
        sorted(word) == sorted(verb) and DamerauLevenshtein.distance(word, verb) == 1
        for verb in _SHORT_STOP_VERBS
    )
