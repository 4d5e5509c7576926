"""The description of an image or video, without the request words around it.

"can you make me 3 pics of a fox in the snow, landscape pls" -> "a fox in the snow". Request words
are matched as a prefix (lead-in, verb, "me", then "a <adjectives> picture of"), so words inside
the description ("a boy holding a picture of his mom") are left alone.
"""

from __future__ import annotations

import re
import unicodedata

from core.intent.option_words import COUNT_ALONE
from core.intent.options import MEDIA_OPTION_WORDS
from core.intent.prompt_lead import after_greeting, after_request_colon
from core.intent.prompt_tail import without_words_said_after
from core.intent.prompt_talk import PERSON, without_talk
from core.intent.request_words import CONNECT, LEADIN, MEDIA, MEDIA_AFTER, OBJECT, VERB
from core.intent.sentences import sentences as split_sentences
from core.intent.text import (
    NUMBER,
    clause_spans,
    rejoin_clauses,
    strip_edges,
    strip_trailing_fillers,
)

__all__ = ["MEDIA_NOUNS", "clean_prompt", "is_pronoun_reference"]

_I = re.IGNORECASE

MEDIA_NOUNS = (
    r"(?:images?|imgs?|imgae|pictures?|pictrue|pics?|photos?|drawings?|paintings?|portraits?|"
    r"sketch(?:es)?|illustrations?|drafts?|"
    r"art(?:work)?|wallpapers?|posters?|banners?|icons?|renders?|videos?|vids?|"
    r"vidoes?|viedos?|clips?|animations?|loops?|gifs?|footage|films?|movies?|moving pictures?|"
    r"mp4|shots?|"
    r"bild(?:er)?|imagen(?:es)?|imágenes|imagem|imagens|dessins?|fotos?|vídeos?|vidéos?|"
    r"immagine|desenhos?|text-to-image|visuals?|"
    r"slow[- ]motion videos?|slow-?mo|doodles?|stills?|ones|something)"
)
# A kind of clip that is the whole request when the message opens with it ("a timelapse of
# clouds"); after a request ("turn this into a video: a time-lapse of ...") it is the content.
_CLIP_KIND_LEAD = re.compile(
    r"^(?:an?\s+|one\s+)?(?:(?:quick|short|little|slow|smooth)\s+)?(?:time-?lapse|hyperlapse|"
    r"cinemagraph|boomerang|montage|looping gif|loop)\s+(?:of|showing|with)\s+(?=\S)",
    _I,
)
_DET = (
    rf"(?:(?:a\s+)?(?:couple|pair|few)\s+of|un\s+par\s+de|um\s+par\s+de|an?|some|one|the|another|ein|eine|einen|un|une|una|uno|"
    rf"um|uma|{NUMBER})"
)
# Words allowed between the determiner and the media noun: "a quick rough image of",
# "a 6 sec clip of", "anime-style pic of". Not determiners, so a description that merely contains
# a media noun ("a boy holding a picture of his mom") is never cut.
# ... only before an article: "une affiche de film d'horreur" is a horror-film poster.
_MEDIA_OF = re.compile(
    rf"^(?:{MEDIA_NOUNS}|{MEDIA})\s*(?:d'|de\s+|of\s+|von\s+)"
    r"(?=(?:an?|the|un|une|le|la|les|l'|des|el|los|las|una|uno|um|uma|o|os|as|ein|eine|einem|"
    r"einer|einen)(?![\w-]))",
    _I,
)
# A look word before the noun ("a photorealistic image of", "an oil painting of", "concept art
# of") describes the picture: the words stay in the description (a style is an option only when
# marked as one).
_LOOK = (
    r"photo-?realistic|hyper-?realistic|realistic|cinematic|watercolou?r|oil|acrylic|pencil|"
    r"charcoal|ink|pastel|gouache|crayon|digital|concept|pixel|pixel-art|3d|isometric|"
    r"low-poly|vector|anime|cartoon|comic|noir|sepia|black-and-white|claymation|stained-glass|"
    r"impressionist|surreal|surrealist|abstract|minimalist|art-deco|ukiyo-e|vaporwave|synthwave"
)
_LOOK_BEFORE = re.compile(rf"\b(?:{_LOOK})\s*$", _I)
# Prepositions are no adjectives: "une affiche de film d'horreur" is a poster of a film, drawn.
_ADJ = (
    rf"(?!(?:an?|the|of|with|and|holding|from|de|del|du|des|von|vom|do|da|d'\w*|{_LOOK})(?![\w'-]))"
    r"[\w'-]+"
)
_CONNECT = (
    r"(?:of|von|vom|de|d'|di|do|da|showing|depicting|featuring|with|about|for|:|"
    r"(?:that|which)\s+(?:shows|depicts|features|captures))"
)
_TURN_INTO = re.compile(
    rf"^(?:(?:{LEADIN}|cool|nice|great|awesome|sweet|perfect|love it|thanks)[,!.]?\s+)*?"
    r"(?:turn|make)\s+(?P<x>.+?)\s+into\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:video|clip|animation|gif|image|picture|short film|loop)\b",
    _I,
)
# ... or names the picture, then the verb, then what it shows: "Kannst du ein Video machen, in
# dem ein Papierflieger durch eine Stadt fliegt?"
_VERB_THEN_CLAUSE = re.compile(
    rf"^(?:{LEADIN}\s+)*(?:ein|eine|einen|mir|uns|\s)*(?:{MEDIA_NOUNS}|{MEDIA})\s+(?:machen|erstellen|"
    r"zeichnen|malen|generieren|animieren|rendern)\s*,?\s*(?:in dem|in der|auf dem|auf der|bei dem|"
    r"wo|das|die|der|worin|mit)\s+",
    _I,
)
_SECONDS_LEAD = re.compile(
    rf"^(?:de\s+)?(?:{NUMBER}|a\s+few|a\s+couple\s+of|some|quelques|unos|unos\s+pocos|ein\s+paar|"
    rf"alguns)\s*(?:secs?|seconds?|secondes?|segundos?|sekunden)\s+(?:d'|de |of |von )",
    _I,
)

# The wrapper: lead-ins, verbs and "me" in any order ("mal mir bitte", "¿me puedes crear"), then
# "a <adjectives> picture of". "anime" and "picture" are verbs only before an article ("anime
# girl on a train" is a description).
# What the picture is for, said before the one who asks: "for the poster I'm imagining ...".
_PURPOSE = (
    r"(?:for|pour|para|für)\s+(?:the|my|our|a|an|this|that|l'|la|le|ma|mon|notre|el|la|mi|"
    r"nuestra|nuestro|o|a|meu|minha|den|die|das|meinen|meine|mein|unser|unsere)\s*"
    r"(?:[\w'&-]+\s+){0,6}?[\w'&-]+,?"
    r"(?=\s+(?:(?:i|we)\s+(?:want|need|would|wanna|was|were|am|are|really|just|have|hope)|"
    rf"i'?m|i'?d|id|im|we'?re|we'?d|can|could|would|please|pls|may|tu|vous|je|{VERB}|"
    r"j'aimerais|pourrais|peux|puedes|podrías|quiero|quisiera|kannst|könntest|ich|você|voce|"
    r"pode|podes|poderia|quero|queria)\b)"
)
_WRAPPER_WORD = (
    rf"(?:{_PURPOSE}|{LEADIN}|(?!(?:anime|picture|show)\b){VERB}|{OBJECT}"
    rf"|(?:anime|picture|show)(?=\s+(?:an?|the|some|two|three|four|me|us|un|une|des|le|la|"
    rf"una|uno|um|uma|ein|eine|einen)\s))"
)
_PREFIX = re.compile(
    rf"^(?:{_WRAPPER_WORD}(?![\w'-])[,:!]?\s*)*"
    rf"(?:(?:this|that|it)\s*:\s*)?"
    # "ein 3-Sekunden-Video von": a compound that ends in the picture noun
    rf"(?:(?:{_DET}\s+)?(?:{_ADJ},?\s+){{0,3}}?(?:[\w]+-){{0,2}}(?:{MEDIA_NOUNS}|{MEDIA})\b"
    rf"(?:\s+{MEDIA_AFTER}\b){{0,2}}"
    rf"(?=\s*(?:{_CONNECT}\b|{CONNECT}(?=\s|$)|d'|[,.!?:]|$))"
    rf"\s*(?:{CONNECT}(?=\s|$)|{_CONNECT}(?=\s|$)|d'|:)?\s*)?",
    _I,
)
# "what a mechanical butterfly would look like", also after words that only ask ("I'm curious
# what ...", "show me what ...").
_WHAT_LOOKS = re.compile(
    r"^(?P<head>(?:[\w']+\s+){0,5}?)what\s+(?P<x>.+?)\s+(?:would|might|could|will|'d)\s+"
    r"(?:look|be)\s+like$",
    _I,
)
_PRONOUNS = frozenset(
    {
        "it",
        "this",
        "that",
        "them",
        "one",
        "something",
        "smth",
        "sth",
        "stuff",
        "anything",
        "the same",
        "same",
        "something cool",
        "something nice",
        "surprise me",
        "whatever",
        "anything you like",
        "your choice",
        "was",
        "etwas",
        "algo",
        "quelque chose",
        "alguma coisa",
        "the last one",
        "that one",
        "this one",
        "it again",
        "the image",
        "the picture",
        "the video",
        "the pic",
        "me",
        "us",
        "for me",
        "for us",
        "",
    }
)


def is_pronoun_reference(text: str) -> bool:
    """ "it", "that one", "the picture": the description refers to something said before."""
    return text.strip().lower() in _PRONOUNS


# "quick doodle of a cloud": "doodle" read as the verb leaves "of a cloud".
_ORPHAN_CONNECT = re.compile(
    r"^(?:of|von|vom|d'|de|do|da)\s*(?=(?:an?|the|some|un|une|des|una|uno|um|uma|ein|eine|einem|"
    r"einer|einen|o|a|el|la|le|les|los|las|os|as)\s)",
    _I,
)
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|^@[\w-]+[,:]?\s+")


def _without_decoration(text: str) -> str:
    """Mentions and emoji say nothing about the picture: "<@123> draw a fox 🦊" is "a fox"."""
    text = _MENTION.sub(" ", text)
    if text.isascii():  # the only ASCII symbols of those categories: no per-character walk
        return re.sub(r"\s{2,}", " ", text.replace("^", " ").replace("`", " "))
    kept = "".join(
        " " if unicodedata.category(ch) in ("So", "Sk", "Cs") or ch in "\u200d\ufe0f" else ch
        for ch in text
    )
    return re.sub(r"\s{2,}", " ", kept)


_SLASH = re.compile(r"^/(?:imagine|animate|draw|image|video|img)\b\s*", _I)
# A sentence of request words, options and politeness only: "Draw it for me, wide format.",
# "Nothing fancy, a draft is fine.", "thanks in advance".
_NOT_DESCRIPTION = re.compile(
    rf"\b(?:{LEADIN}|{VERB}|{OBJECT}|{MEDIA}|{MEDIA_NOUNS}|it|them|this|that|for|a|an|the|is|"
    r"fine|great|good|nice|ok|okay|nothing|fancy|thanks|thank|you|in|advance|if|possible|"
    r"that'?s|can|could|would|be|just|and|no|frame|keep|simple|say|works|enough|too|as|"
    r"well|cheers|ty|thx|one|will|do|go|lol|again|like|ideally|perhaps|maybe|way|short|brief|"
    r"ok|alright|cool|fine|sure|mind|works|possible|think|something|smth|sth|anything|ideal|"
    r"help|helps|helpful|appreciated|que|sea|soit|seja|sei|wäre|serait|sería|seria|es|est|ist|"
    r"é|bitte|por|favor|merci|gracias|obrigad[oa]|danke|prefer|preferably|ideally|pref|into|turn|"
    r"out|of|what|all|i|need|want|wanted|mean|but|moving|animated|obviously|motion|move|no|more|"
    r"only|less|bring|to|life|alive|curious|wonder|wondering|oh|ah|request|ask|asking|thats|"
    r"go|hear|out|ahead|trouble|bother|incômodo|incomodo|molestia|molesta|dérange|stört|se|não|"
    r"si|pas|nicht|wenn|dich|te|la|le|lo|les|los|las|me|mir|o|os|gut|bien|bom|bueno|good|und|"
    r"et|y|e|faire|hacer|fazer|machen|puedes|peux|kannst|podes|pode|could|wäre|mal|doch|"
    # who it is for and how it is picked, "now", "actual", "that's what I want drawn", "let's
    # say", "que sean dos", "que dure", "zwei Sekunden reichen"
    r"she|he|they|she'?d|he'?d|they'?d|pick|choose|from|now|actual|real|drawn|painted|made|"
    r"let'?s|haces|hagas|sean|dure|duren|reichen|reicht|genügen|genügt|suffit|suffisent|basta|"
    r"bastan|chega|chegam)\b",
    _I,
)
# Where a request stated in passing ends: "For my campaign I'd love a picture of ...", "might
# you paint a harbor ...". Only near the start, after words that ask.
_ANCHOR = re.compile(
    rf"\b(?:(?:{MEDIA_NOUNS}|{MEDIA})(?:\s+{MEDIA_AFTER})?\s*(?:{_CONNECT}|{CONNECT}|where|"
    rf"in which|that shows)(?:(?<=')|(?=\s))|(?:{VERB})(?:\s+{OBJECT})?(?=\s+{_DET}\s)"
    # "need a few seconds of fireworks": a clip asked for by its length
    rf"|(?:a\s+few|a\s+couple\s+of|some|{NUMBER})\s+(?:secs?|seconds?|secondes?|segundos?|sekunden)"
    r"\s+(?:of|de|d'|von)(?:(?<=')|(?=\s)))\s*",
    _I,
)
# Someone else's wish said before the picture: "The kids are asking for a picture of ...", "my
# sister wants a drawing of ...": the head names who asks, not what is drawn.
_WISH_BEFORE = re.compile(
    r"\b(?:wants?|wanted|needs?|needed|(?:is|are|was|were|keeps?|kept)\s+(?:asking|begging)"
    r"(?:\s+me)?\s+for|asked(?:\s+me)?\s+for|would\s+(?:love|like)|quiere[n]?|veut|veulent|"
    r"will|wollen|möchte[n]?|quer|querem)\s+(?:[\w'-]+\s+){0,2}$",
    _I,
)
# Words of someone asking, in the five languages: the member or the bot named ("ich bräuchte
# für meinen Vortrag ein Bild von", "quiero regalarle una imagen de"), request words, wishes.
_ASKING = re.compile(
    r"\b(?:i|i'd|i'm|id|you|u|me|would|could|can|need|want|love|like|hoping|please|pls|plz|"
    r"we|we'd|we're|appreciate|wants|needs|asked|asks|requested|chance|possible|"
    r"gimme|get|see|have|trouble|wanna|make|possible|bräuchte|brauche|hätte|besoin|faut|asking|"
    r"necesito|preciso|gostaria|queria|quería|voudrais|aimerais|wollte|möchte)\b|\?"
    rf"|(?<![\w'-])(?:{PERSON}|{LEADIN}|{VERB})(?![\w'-])",
    _I,
)
_ANCHOR_WINDOW = 160
# "use seed 31 and", "use it to": a request that gives an option before its verb.
_OPTION_VERB = re.compile(r"^\s*(?:use|using|with)\b", _I)
_DESCRIPTION_HEAD = re.compile(
    r"^(?:an?|the|some|two|three|un|une|una|uno|um|uma|ein|eine|einen|el|la|le|les|los|las|o|os)"
    r"\s+\w",
    _I,
)


def _description_sentences(text: str) -> str:
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return text
    kept = [s for s in sentences if not _request_only(s)]
    return " ".join(kept) if kept else text


def _without_request_clauses(text: str) -> str:
    """Later clauses that only ask again or hedge ("..., draw that pls", "..., if that's ok",
    "..., as a short video") say nothing about the picture."""
    spans = clause_spans(text)
    if len(spans) < 2:
        return text
    kept = {
        i: text[a:b] for i, (a, b) in enumerate(spans) if i == 0 or not _request_only(text[a:b])
    }
    return rejoin_clauses(text, spans, kept) if len(kept) < len(spans) else text


def _request_only(sentence: str) -> bool:
    if COUNT_ALONE.match(sentence.strip()):
        return True  # "Que sean tres.": how many, said alone
    # Options first: "do a couple of them" is a count once "a couple of them" is read whole.
    residue = _NOT_DESCRIPTION.sub(" ", MEDIA_OPTION_WORDS.sub(" ", sentence))
    return not re.search(r"[^\W\d_]{2,}", residue)


def _after_request(text: str, *, asked: bool = False) -> str:
    """The text after a request said in passing, or the text itself. With `asked` (the request
    words already taken off), only after words that ask or give options: "cats that draw a
    circle" keeps its cats."""
    for m in _ANCHOR.finditer(text[:_ANCHOR_WINDOW]):
        head = text[: m.start()]
        if _DESCRIPTION_HEAD.match(head) and not _WISH_BEFORE.search(head):
            return text  # "a cat that can paint a portrait": the verb is in the description
        if _LOOK_BEFORE.search(head):
            return text  # "concept art of a market": the look is part of the description
        # Options said first ("use seed 9 and make an image of ...") are no description.
        head = MEDIA_OPTION_WORDS.sub(" ", head)
        asks = list(_ASKING.finditer(head))
        between = head[asks[-1].end() :] if asks else head
        short = len(head.split()) <= 3 and not asked
        if asked and not asks and not _OPTION_VERB.search(head):
            return text
        if (asks or short or asked) and len(between.split()) <= 3 and text[m.end() :]:
            return text[m.end() :]
        return text
    return text


# Options said between the picture noun and what it shows: "deux images en haute qualité d'un
# chat", "ein Bild in hoher Qualität von einem Tiger", "3 pics in hd of a cat".
_BETWEEN_NOUN_AND_CONNECT = re.compile(
    rf"^(?P<head>(?:\S+\s+){{0,8}}?(?:{MEDIA_NOUNS}|{MEDIA}))\s+(?P<mid>(?:[^\s,.:;!?]+\s+){{1,4}}?)"
    r"(?=(?:of|de|d'|von|vom|do|da|del|du|showing|depicting|with)(?:\s|(?<=')))",
    _I,
)
_NOUN = re.compile(rf"\b(?:{MEDIA_NOUNS}|{MEDIA})\b", _I)
_ONLY_OPTION_WORDS = re.compile(r"^(?:en|in|em|im|at|a|à|with|con|com|mit|and|et|y|e|und|\s)*$", _I)


def _without_options_inside(text: str) -> str:
    m = _BETWEEN_NOUN_AND_CONNECT.match(text)
    if m is None or not MEDIA_OPTION_WORDS.search(m.group("mid")) or _NOUN.search(m.group("mid")):
        return text  # "render a clip of rain": the picture noun comes later
    if not _ONLY_OPTION_WORDS.match(MEDIA_OPTION_WORDS.sub(" ", m.group("mid"))):
        return text
    return f"{m.group('head')} {text[m.end() :]}"


def clean_prompt(text: str) -> str | None:
    """The description alone, or None when the message gives none ("make me a picture")."""
    text = strip_edges(_without_decoration(_SLASH.sub("", text.strip())))
    text = strip_edges(_description_sentences(without_talk(after_greeting(text), _request_only)))
    if (m := _TURN_INTO.match(text)) and not text[m.end() :].strip(" .!?"):
        text = m.group("x")  # "nice, can u turn that into a 4 sec clip": "that", said before
    text = strip_edges(_without_request_clauses(text))
    text = _CLIP_KIND_LEAD.sub("", text, count=1)
    text = _VERB_THEN_CLAUSE.sub("", text, count=1)
    text = _without_options_inside(after_request_colon(text))
    if m := _TURN_INTO.match(text):
        text = m.group("x")
    stripped = _PREFIX.sub("", text, count=1).strip()
    if stripped != text and (next_sentence := _NEXT_SENTENCE.match(stripped)):
        # "Roleplay night needs visuals. Draw the Queen of Ashes ...": a first sentence that only
        # names the picture; the request and its description follow.
        stripped = _PREFIX.sub("", next_sentence.group("rest"), count=1).strip()
    if stripped != text and (again := _MEDIA_OF.match(stripped)):
        stripped = stripped[again.end() :]  # "un brouillon d'image d'un dragon"
    if stripped == text:
        text = _PREFIX.sub("", _after_request(text), count=1)
    elif (later := _after_request(stripped, asked=True)) != stripped:
        text = _PREFIX.sub("", later, count=1)  # "could you use seed 31 and animate a kite"
    else:
        text = stripped
    text = _ORPHAN_CONNECT.sub("", strip_edges(text))  # "an image please, of a lighthouse"
    text = without_words_said_after(_SECONDS_LEAD.sub("", text).strip())
    if (m := _WHAT_LOOKS.match(text)) and (not m.group("head") or _request_only(m.group("head"))):
        text = m.group("x")
    text = strip_trailing_fillers(strip_edges(text))
    if is_pronoun_reference(text) or _ONLY_A_NOUN.match(text):
        return None  # "Kannst du mir ein Bild machen?": a picture, but of nothing said
    return text


_NEXT_SENTENCE = re.compile(r"^[.!?]+\s+(?P<rest>\S.*)$", re.DOTALL)
_ONLY_A_NOUN = re.compile(rf"^(?:{_DET}\s+)?(?:{MEDIA_NOUNS}|{MEDIA})$", _I)
