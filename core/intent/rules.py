"""Stage 1: patterns and keywords. Microseconds; decides only when a message is unambiguous.

The cascade order matters and is the point of this module: a question about a feature ("how do I
cancel a job?") is help, not a cancellation; an explicit job number beats everything below it;
"is my video done?" is a status check although it mentions a video. Hostile and admin text is
read first (core/intent/hostile.py): chat, or help about /admin; no intent reaches an admin action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.intent.hostile import read_hostile
from core.intent.options import job_id
from core.intent.prompts import MEDIA_NOUNS
from core.intent.schema import Intent
from core.intent.text import normalise

__all__ = ["RuleDecision", "decide", "is_media_request"]

_I = re.IGNORECASE
_X = re.VERBOSE


@dataclass(frozen=True, slots=True)
class RuleDecision:
    intent: Intent
    confidence: float
    rule: str  # which rule decided: logged, and asserted on in tests


_HELP = re.compile(
    r"""^\W*(?:
      how\s+(?:do|can|should|would)\s+(?:i|we|you|one)\b | how\s+to\b
    | how\s+does\s+(?:the|this|it|that)\b
    | how\s+do\s+\w+\s+work | how\s+does\s+\w+\s+work
    | how\s+(?:many|long|big|much)\s+(?:[\w%]+\s+){0,3}?(?:can|could|may|should)\b
    | what\s+(?:can|do|does|should)\s+(?:you|i|this\s+bot|it|the\s+bot)\s+(?:do|ask|type|say)\b
    | what(?:'s|\s+is|\s+are)\s+(?:a\s+|an\s+|the\s+)?[\w_\s-]{1,30}\s+for\s*\W*$
    | what'?s\s+the\s+(?:max|maximum|limit|difference|point)\b
    | what\s+is\s+the\s+(?:max|maximum|limit|difference|point)\b
    | what\s+(?:commands|params|parameters|options|features)\b
    | explain\b | help\b(?!\s+me\s+(?:draw|make|create|find|write|analy|reimagine))
    | can\s+you\s+explain\b | is\s+there\s+a\s+way\b | i'?m\s+(?:new|lost|confused)\b
    | where\s+do\s+i\s+start | any\s+docs | tutorial
    | what\s+are\s+you\s+able\s+to\s+do | what\s+can\s+you\s+do | what\s+do\s+you\s+do
    | wie\s+benutze | comment\s+(?:utiliser|ça\s+marche) | c[oó]mo\s+(?:uso|funciona)
    | que\s+puedes\s+hacer | was\s+kannst\s+du
    ) | \bhow\s+does\s+(?:that|this|it)\s+work\b
    | \bwhat\s+(?:does|is)\s+(?:it|this|that)\s+(?:do|for)\b""",
    _I | _X,
)
_HOW_MUCH_MINE = re.compile(r"^\W*how\s+(?:many|long|much|far)\b.*\b(?:my|mine)\b", _I)

_GEN_VERB = (
    r"(?:draw|drow|paint|sketch|illustrate|animate|render|generate|film|photograph|doodle|"
    r"dibuja\w*|dessine\w*|disegna|desenha|zeichne|描いて)"
)
_LEAD = (
    r"(?:hey|yo|ok|okay|so|pls|please|plz|can\s+you|could\s+you|can\s+u|could\s+u|would\s+you|"
    r"i\s+want|i'd\s+like|i\s+would\s+like|i'd\s+love|i\s+need|i\s+wanna|gimme|give\s+me|"
    r"can\s+i\s+get|can\s+i\s+have|ich\s+will|je\s+veux|quiero)"
)
# Words that cannot stand between "make a" and "picture" in a request: "where's my picture",
# "did my clip finish" and "abort the render" talk about a job, they do not ask for one.
_NOT_ADJ = (
    r"(?!(?:my|your|his|her|our|their|the|that|this|these|those|mi|mein|meine|ma|mon|where'?s|"
    r"where|what'?s|what|is|are|did|does|do|how'?s|how|when|which|who|has|have|was|were|cancel|"
    r"stop|abort|kill|never|forget|mind|ya|of|with|and|still|quit|no|not|any|terminó|job|la|le|"
    r"les|el|los|las|il|lo|die|der|das|den|arrête|arrete|cancela|annule|done|ready)\b)"
)
# `\W*+` is possessive: leading punctuation is never handed back to `[\w'-]+`, which made a
# message of 60,000 dashes take half a minute (quadratic backtracking).
_MEDIA_REQUEST = re.compile(
    rf"^\W*+(?:{_LEAD}\s+)*(?:{_GEN_VERB}\b|(?:(?:make|create|do|mach|fais|haz|crea)\s+)?"
    rf"(?:me\s+)?(?:(?:an?|some|one|\d+|ein|eine|un|une|una)\s+(?:{_NOT_ADJ}[\w'-]+\s+){{0,3}}?"
    rf"|(?:{_NOT_ADJ}[\w'-]+\s+){{0,2}}?){MEDIA_NOUNS}\b)",
    _I,
)


def is_media_request(text: str) -> bool:
    """Starts like a request for a picture or a clip ("draw ...", "can you make a video of ...")."""
    return bool(_MEDIA_REQUEST.match(text))


_CANCEL = re.compile(
    r"""\b(?:cancel\w*|abort\w*|terminate|halt|scrap|discard|withdraw|call\s+(?:it\s+|that\s+)?off
    | pull\s+the\s+plug | nvm | never\s*mind | forget\s+(?:it|that|the|about|my)
    | kill\s+(?:it|that|the|job|my|this) | stop(?!\s*-?\s*motion)(?!\s+sign)
    | quit\s+(?:render|generat)\w*
    | end\s+(?:it|that|job|this) | abbrechen | brich | cancela\w* | annule\w* | arr[êe]te\w* | stopp
    | det[eé]n\w* | don'?t\s+(?:make|bother|render|generate) | throw\s+(?:it|that)\s+away
    | get\s+rid\s+of\s+(?:that|the|my|this)\s+(?:job|render|image|video|request)
    | undo\s+my\s+(?:order|request|job))\b""",
    _I | _X,
)
_CANCEL_WORD = re.compile(
    r"\b(?:cancel|stop|abort|kill|end|terminate|halt|call\s+off|pull\s+the\s+plug|scrap|drop)\b", _I
)
_STATUS_WORDS = re.compile(
    r"""\b(?:done|ready|finished|finish|status|progress|update|updates|eta|stuck|frozen|yet|
    coming(?:\s+along)?|still|where'?s|where\s+is|where\s+are|how'?s|how\s+is|how\s+far|how\s+long|
    how\s+much\s+longer|percent|processing|rendering|cooking|started|go\s+through|loading|
    stage|heard\s+anything|news|happened|terminó|termino|listo|lista|fertig|fini|prêt|pronto|
    finito|estado|où\s+en\s+est)\b|%""",
    _I | _X,
)
_JOB_NOUNS = re.compile(
    r"""\b(?:my|the|that|this|mein|meine|mi|ma|mon|mes|mis|il\s+mio|la\s+mia)\s+(?:[\w-]+\s+)?
    (?:images?|pictures?|pics?|photos?|videos?|vids?|vídeo|vidéo|clips?|renders?|jobs?|animations?|
    transforms?|requests?|stuff|orders?|scripts?|analysis|drawings?|gifs?|bild|trabajo|queue|
    generation|thing)\b""",
    _I | _X,
)
_STATUS_DID = re.compile(
    r"^\W*(?:did|has|have|is|are)\s+(?:my|the|that|this)\s+\w+\s+(?:render(?:ed)?|finish(?:ed)?|"
    r"complete[d]?|go\s+through|start(?:ed)?|work(?:ed)?|done|ready)\b",
    _I,
)
_STATUS_ALONE = re.compile(
    r"^\W*(?:done|ready|finished|status|status\s+check|eta|any\s+updates?|updates?|"
    r"still\s+(?:rendering|processing|working|going|cooking)|(?:is\s+it\s+)?(?:done|ready)\s+yet)"
    r"(?:\s+(?:yet|or\s+(?:not|nah)))?\W*$",
    _I,
)
_DNA = re.compile(
    r"\b(?:dna|adn|genome|narrative\s+genes|story\s+genes|narrative\s+fingerprint|story\s+formula)\b",
    _I,
)
# "shows ... like ...": found in two linear searches (one pattern with ".*" between the two
# words costs quadratic time on a long message full of "show").
_SIMILAR_SUBJECT = re.compile(
    r"""\b(?:shows|show(?!\s+me)|series|serien|séries|anime|something|anything|stuff|more|recs?|
    recommend\w*|suggest\w*|picks?|comedies|dramas|watch)\b""",
    _I | _X,
)
_SIMILAR_LINK = re.compile(
    r"\b(?:like|similar|comparable|resembl\w*|vein\s+of|wie|como|comme|ähnlich\w*|parec\w+)\b", _I
)
_SIMILAR = re.compile(
    r"""^\W*(?:similar|more\s+like|anything\s+like|something\s+like|got\s+anything\s+like|recs?\b)
    | \bsimilar\s+(?:to|vibes|shows?|series)\b
    | \b(?:shows?|series|anime|sitcoms?|dramas?)\s+(?:about|with|where|featuring|involving|that)\b
    | \b(?:looking\s+for|i\s+want|i\s+need|recommend|suggest|any|find(?:\s+me)?)\s+(?:a\s+|some\s+)?
        (?:shows?|series|anime|something|anything)\b
    | ^\W*(?:anything|something)\s+(?:about|with|where)\b
    | \bwhat\s+(?:should|can|do)\s+i\s+watch\b | \bwhat\s+to\s+watch\b | \bwhat\s+else\b
    | \brecommend\w*\b | \bif\s+i\s+(?:liked|loved|enjoyed)\b""",
    _I | _X,
)
_FINISHED = re.compile(r"\bi\s+finished\b", _I)
_WHAT_NOW = re.compile(r"\bwhat\s+now\b", _I)


def _asks_similar(text: str) -> bool:
    if _SIMILAR.search(text):
        return True
    if (subject := _SIMILAR_SUBJECT.search(text)) and _SIMILAR_LINK.search(text, subject.end()):
        return True
    return bool((done := _FINISHED.search(text)) and _WHAT_NOW.search(text, done.end()))


_TRANSFORM_STRONG = re.compile(
    r"""\b(?:re-?imagin\w*|reimagina\w*|réimagin\w*|transform(?!\w)|rewrite|rework|remake|
    transplant|relocate|versetze|alternate\s+universe|swap\s+the\s+setting|change\s+the\s+setting)\b
    | \b\d+\s*scenes?\b | \bstory-?boards?\b""",
    _I | _X,
)
_TRANSFORM_SHAPES = re.compile(
    r"""^\W*what\s+if\s+.+\b(?:was|were|happened|took\s+place|set)\b
    | ^\W*(?:what|how)\s+would\s+.+\b(?:look\s+like|play\s+out|work|be)\s+(?:set\s+)?
      (?:in|on|at|aboard|during)\b
    | ^\W*[A-Z][^,]*,?\s+but\s+(?:it'?s\s+|its\s+)?(?:set\s+)?(?:in|on|at|aboard|during)\b
    | \bset\s+(?:in|on|at|aboard|during)\b
    | ^\W*(?:put|drop|move|set|turn|adapt|make\s+a\s+version\s+of|picture|give\s+me)\s+[A-Z]""",
    _X,
)
_ANALYZE = re.compile(
    r"""\b(?:analy[sz]\w*|an[aá]lisis|analysiere\w*|analiza\w*|analyser|break\s?down|breakdown|
    critique|dissect|evaluate|assess|what\s+works\s+and\s+what\s+doesn'?t)\b""",
    _I | _X,
)
_VIDEO = re.compile(
    r"""\b(?:videos?|vids?|vidoe|viedo|vdeo|clips?|animat\w+|animier\w*|footage|films?|movie|mp4|
    gifs?|loop|moving\s+(?:picture|shot)|timelapse|time-lapse|slow[\s-]?mo(?:tion)?|vídeo|vidéo|
    \d+\s*(?:secs?|seconds?|sekunden|segundos?|sek|secondes?)|[1-9]s|10s)\b""",
    _I | _X,
)
_INTO_VIDEO = re.compile(r"\b(?:into|as)\s+(?:an?\s+)?(?:video|animation|gif|clip|mp4)\b", _I)
_IMAGE = re.compile(
    r"""\b(?:draw\w*|drow|paint\w*|sketch\w*|illustrat\w*|images?|imgs?|pictures?|pics?|photos?|
    wallpapers?|posters?|banners?|icons?|portraits?\s+of|art\s+of|artwork|concept\s+art|pixel\s+art|
    render|dibuja\w*|dibujo|bild|dessin|dessine\w*|disegna|desenha\w*|imagen|imagem|imagens|
    (?<!buena\s)(?<!mala\s)p[ií]nt(?:a|ar|as|e|es|ame|ala|alo)|zeichne\w*|描いて|text-to-image)\b""",
    _I | _X,
)
_CHAT = re.compile(
    r"""^\W*(?:hi|hey|hello|heya|hiya|yo|sup|howdy|morning|mornin|gm|gn|good\s+(?:morning|night|evening)
    | thanks?|thank\s+you|thx|ty|tysm|cheers|merci|gracias|danke|arigato|lol|lmf?ao+|rofl
    | haha\w*|hehe\w*
    | xd|gg|ok(?:ay)?|cool|nice|sweet|great|awesome|amazing|wow|neat|perfect|love\s+it|i\s+love\s+it
    | sorry|my\s+bad|brb|bye|cya|see\s+ya|yes|no|yep|nope|nah|sure|k|kk|hm+|ah|oh|omg|well\s+done
    | good\s+job|nice\s+one|you\s+rock|you'?re\s+(?:the\s+best|awesome|great)
    | who\s+(?:built|made|created|wrote|coded)\s+you)\b""",
    _I | _X,
)


_CAPITALISED = re.compile(r"(?<=\s)(?!I\b|I')[A-Z][\w'-]*")


def _mask_titles(text: str) -> str:
    """Hide capitalised words after the first, so a title ("Halt and Catch Fire") never reads as
    a command word ("halt")."""
    return _CAPITALISED.sub("X", text)


def decide(text: str) -> RuleDecision | None:
    """The intent when a pattern makes it unambiguous; None hands the message to the next stage."""
    text = normalise(text)
    if not text:
        return RuleDecision(Intent.CHAT, 0.95, "empty")
    if hostile := read_hostile(text):
        # Never an admin action from free text: help pointing to /admin, or chat.
        return RuleDecision(hostile.intent, 0.95, hostile.rule)
    media = is_media_request(text)
    if _HOW_MUCH_MINE.search(text):
        return RuleDecision(Intent.JOB_STATUS, 0.9, "how_long_mine")
    if _HELP.search(text):
        return RuleDecision(Intent.HELP, 0.92, "help_question")
    masked = _mask_titles(text)
    if not media and job_id(text) is not None:
        if _CANCEL_WORD.search(masked) or _CANCEL.search(masked):
            return RuleDecision(Intent.JOB_CANCEL, 0.97, "cancel_job_id")
        return RuleDecision(Intent.JOB_STATUS, 0.95, "status_job_id")
    if not media and _CANCEL.search(masked):
        return RuleDecision(Intent.JOB_CANCEL, 0.9, "cancel_words")
    if not media and (
        _STATUS_ALONE.match(text)
        or _STATUS_DID.match(text)
        or (_STATUS_WORDS.search(masked) and _JOB_NOUNS.search(text))
    ):
        return RuleDecision(Intent.JOB_STATUS, 0.9, "status_words")
    if _DNA.search(text) and not _asks_similar(text):
        return RuleDecision(Intent.SHOW_DNA, 0.95, "dna")
    if not media and _asks_similar(text):
        return RuleDecision(Intent.FIND_SIMILAR, 0.9, "similar")
    if _TRANSFORM_STRONG.search(text):
        return RuleDecision(Intent.TRANSFORM_SHOW, 0.93, "transform_words")
    if not media and _TRANSFORM_SHAPES.search(text):
        return RuleDecision(Intent.TRANSFORM_SHOW, 0.85, "transform_shape")
    if _ANALYZE.search(text):
        return RuleDecision(Intent.ANALYZE_SHOW, 0.92, "analyze_words")
    video = _VIDEO.search(text)
    image = _IMAGE.search(text)
    if image and image.group(0).lower() == "render":
        # "render" asks for either; the noun says which ("render a clip of ...").
        image = _IMAGE.search(text, image.end()) or (None if video else image)
    if video and (not image or _INTO_VIDEO.search(text) or video.start() < image.start()):
        return RuleDecision(Intent.GENERATE_VIDEO, 0.9 if media else 0.82, "video_words")
    if image:
        return RuleDecision(Intent.GENERATE_IMAGE, 0.9 if media else 0.82, "image_words")
    if len(text.split()) <= 6 and _CHAT.match(text):
        return RuleDecision(Intent.CHAT, 0.85, "small_talk")
    return None
