"""Show titles, synopses and target settings in a message (docs/intents.md: titles as written,
without quotes; settings as a phrase).

Titles are found after the words that introduce them ("shows like", "the DNA of", "reimagine"),
then trimmed of fillers; "this show" or "my favorite show" name no show and give None. When no
introducing words are found, a run of capitalised words is the fallback ("Fargo - analyse it").
"""

from __future__ import annotations

import re

from core.intent.capitalised import capitalised_run
from core.intent.text import clauses, is_generic_title, strip_edges, strip_trailing_fillers
from core.intent.title_frame import name_inside_frame

__all__ = [
    "capitalised_run",
    "clean_title",
    "dna_title",
    "without_words_after_name",
]

_I = re.IGNORECASE

_QUOTED = re.compile(r"[\"“«]([^\"”»]{1,200})[\"”»]|(?<![\w])'([^']{1,200})'(?![\w])")
_GENERIC_PREFIX = re.compile(
    r"^(?:(?:my|the|this|our|a|an|la|el|le|die|der|mon|ma|mi|mes|mis|meine[mn]?|meiner|minha|"
    r"meu|nossa|nosso|notre|nuestra|nuestro|unsere|o|a|os|as|les|los|las|das)\s+)?"
    r"(?:new\s+|tv\s+|own\s+|nouvelle\s+|nueva\s+|neue\s+|nova\s+)?"
    r"(?:show|series|serie|serien|s[ée]ries?|série|pilot|pilote|piloto|script|scénario|guion|"
    r"roteiro|drehbuch|synopsis|sinopsis|sinopse|show idea|idea|idée|ideia|idee|story|plot|"
    r"histoire|historia|história|geschichte|tv show|anime|sitcom|drama|program(?:me)?|"
    r"programa|sendung|feuilleton|novela|telenovela)\s*(?:called|named|titled|intitulée?|"
    r"appelée?|llamad[ao]|titulad[ao]|chamad[ao]|intitulad[ao]|namens|genannt|mit dem titel)?"
    r"[,:]?\s+",
    _I,
)
_TRAILING_TITLE_JUNK = re.compile(
    r"\s+(?:season\s+(?:\d+|one|two|three|four|five)|s\d+|look like|looks like|for me|"
    r"somehow|again|too|as well|real quick|in depth|in detail|thematically|structurally|rn|"
    # "the breakdown of X itself", "welche Tropen nutzt X eigentlich"
    r"itself|themselves|eigentlich|überhaupt|en sí|lui-même|elle-même|actually|"
    r"like|made of|about|are|is|(?:look|looks|feel|feels|seem|seems|sound|sounds) like|"
    # "ajoute la série Brume et analyse-la", "add Dust Choir and analyze it"
    r"(?:and|et|y|e|und)\s+(?:then\s+)?(?:analy\w+|analis\w+|index\w*|break\w* it down|"
    r"critique\w*|review\w*|dissect\w*)(?:[- ](?:it|la|le|lo|a|o|sie|es|them|this))?|"
    r"asap|pls|plz|please|lol|lmao|fr|ngl|tbh|pra mim|para mim|para mí|pour moi|für mich|"
    r"por favor|bitte|stp|svp|s'il te plaît|s'il vous plaît|por fa|porfa|aí mano|ai mano|aí|"
    r"mano|tío|tio|wey|güey|mec|digga|bro|dude|fam|"
    r"across all facets|across the board|overall|"
    # "add Salt Roads to the catalog", "füge X zum Katalog hinzu", "ajoute X au catalogue"
    r"(?:to|into|in|onto|for|zum|zur|in den|in die|in das|au|dans|à|al|a|en|ao|no|na|para|pour|"
    r"für)\s+"
    r"(?:(?:the|your|my|our|this|le|la|el|o|a|den|die|das|ma|mon|notre|mi|nuestro|nuestra|meu|"
    r"minha|nosso|nossa|unsere[nmr]?|meine[nmr]?|deine[nmr]?|tu|tua|teu|ton|ta|votre|vuestro|"
    r"vuestra|su|tus)\s+)?"
    r"(?:show\s+|shows\s+)?(?:catalog(?:ue)?|library|database|db|index|list|collection|shelf|server|"
    r"katalog|bibliothek|datenbank|sammlung|liste|bibliothèque|"
    r"base(?: de (?:données|datos|dados))?|"
    r"catálogo|biblioteca|lista|colección|coleção|catalogo)"
    r"(?:\s+(?:hinzu|an|auf|bitte|aufnehmen|hinzufügen|eintragen|speichern|packen|stecken))?)\s*$",
    _I,
)
_LEADING_JUNK = re.compile(
    r"^(?:(?:yo|hey|ok|okay|so|bro|pls|please|plz|can you|could you|would you|will you|can u|"
    r"in terms of|when it comes to|regarding|as for|as far as|speaking of|ngl|tbh|honestly|"
    # a wish to see it: "j'aimerais voir Kaamelott ...", "queria ver Sintonia ..."
    r"(?:i'?d|i would|we'?d)\s+(?:really\s+)?(?:love|like)\s+to\s+see|i\s+want\s+to\s+see|"
    r"j'aimerais(?:\s+bien)?\s+voir|je\s+voudrais\s+voir|je\s+veux\s+voir|"
    r"me\s+gustar[ií]a\s+ver|quiero\s+ver|quisiera\s+ver|quer(?:o|ia)\s+ver|"
    r"gostaria\s+de\s+ver|eu\s+adoraria\s+ver|"
    r"je\s+voudrais|je\s+veux|j'aimerais|quiero|quisiera|quero|queria|i\s+want|i'?d\s+like|"
    r"i\s+would\s+like|"
    r"ich\s+(?:würde|möchte|will)\s+(?:gerne?\s+)?|"
    r"could u|for me|of|on|about|for|to|it|and|those in|"
    r"the ones in|the ones from|those of|the ones of|os de|as de|los de|las de|ceux de|celles de|"
    r"die aus|die von|pon|mets|setz|coloca|põe|bota|"
    r"those from|the characters (?:in|of|from)|the people (?:in|from)|the cast (?:of|from)|"
    r"the gang (?:from|of)|the crew (?:of|from)|everyone (?:from|in)|redo|make|remake|write|do|"
    r"re-?imagine|reimagina|réimagine|transform|transforme|transforma|rewrite|what about|"
    r"how about|qué tal|que tal|"
    r"the\s+(?:(?:whole|entire|full|main|original)\s+)?(?:plot|story|world|storyline|events|"
    r"universe|characters|people|folks|cast|crew|"
    r"gang|team|family)\s+(?:of|from|in)|"
    r"called|named|titled|intitulée?|appelée?|llamad[ao]|titulad[ao]|chamad[ao]|namens|genannt|"
    r"finishing|was|were|(?-i:is)|take|grab|pick|use|compare|compara|comparar|compare[rz]|"
    r"vergleiche?|mach(?:e|t)?\s+aus|"
    r"(?:an?|the)\s+(?:spin|take|twist|riff|version|remake|reboot|rewrite|reimagining|retelling|"
    r"re-?imagination|transformation|transform|remix|makeover)\s+(?:on|of)|"
    # "It's Always Sunny" keeps its "It's": a contraction is no leading word.
    r"watching|binging|bingeing|(?:you|u) (?:make|do|redo|write|set|put|turn|take))\b(?!['’]\w)\W*"
    r"|d'|d’)+",
    _I,
)


# A question put back to the bot is no name: "transform a show, which ones can you do?" (a title
# that starts with such a word is capitalised: "What We Do in the Shadows").
_ASKS_BACK = re.compile(
    r"^(?:(?:which|what|who|how|why|when|where|quelles?|quels?|qué|cuáles?|welche[nrs]?|quais|qual)"
    r"\s+(?:ones?|can|could|do|does|did|is|are|would|should|will|kind|sort|type|of)\b"
    r"|(?:can|could|do|does|is|are)\s+(?:you|u|i|we)\b)"
)
_SYMBOLS_AT_END = re.compile(r"[\s\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+$")
_POSSESSIVE_TAIL = re.compile(r"(?<=\w)['’]s(?:\s+[a-z][\w-]*){1,3}$")


# "Show Me a Hero", "Drama Queens": a capitalised show noun alone, right before more capitalised
# words, opens the name ("my show Night Owls", "Series: Night Owls" name what follows).
_NOUN_OPENS_NAME = re.compile(r"^(?-i:[A-Z])\w*\s+(?-i:[A-Z0-9])")


def _without_show_noun(text: str) -> str:
    said = _GENERIC_PREFIX.match(text)
    if said is None or (len(said.group(0).split()) == 1 and _NOUN_OPENS_NAME.match(text)):
        return text
    return text[said.end() :]


def clean_title(raw: str | None) -> str | None:
    """Trim a title candidate; None when it names no particular show."""
    if raw is None:
        return None
    text = raw.strip()
    if m := _QUOTED.search(text):
        return strip_edges(m.group(1) or m.group(2)) or None
    text = _without_show_noun(text)
    for _ in range(4):  # "Lost season one for me pls": a few layers at most
        trimmed = strip_trailing_fillers(_TRAILING_TITLE_JUNK.sub("", text))
        if trimmed == text or (not trimmed and text[:1].isupper()):
            break  # "Cheers" alone and capitalised names a show, not a sign-off
        text = trimmed
    text = name_inside_frame(_LEADING_JUNK.sub("", text))
    text = strip_edges(_SYMBOLS_AT_END.sub("", text))  # "bluey 🐶"
    # "Paper Moons (attached)": a note about the message, not part of the name.
    text = re.sub(r"\s*\((?:[a-z][^()]*)\)?$", "", text).strip() if "(" in text else text
    # "Hollow Creek's storytelling": the show is the owner.
    text = _POSSESSIVE_TAIL.sub("", text)
    if text.endswith("'s"):
        text = text[:-2]
    if len(text) < 2 and not text.isdigit():
        return None  # "it's" less its pronoun: a letter names no show
    if not text or is_generic_title(text) or len(text) > 200 or _ASKS_BACK.match(text):
        return None
    return text


# -- show_dna ------------------------------------------------------------------------------------
_DNA_WORD = r"(?:dna|adn|genome|genes|fingerprint|story formula|formula)"
_DNA_AFTER = re.compile(
    rf"\b{_DNA_WORD}\b(?:\s+(?:narrativo|narratif|narrative|report|profile|breakdown|check|"
    r"thing|map|analysis|stuff))*\s*(?:of|for|on|behind|de|del|von|du|des|from|in|:|—|-)?\s+"
    r"(?P<t>.+)$",
    _I,
)
# Searched only in the words just before the DNA word: a lazy title pattern searched through a
# whole long message costs quadratic time.
_DNA_POSSESSIVE = re.compile(
    rf"(?P<t>[^,]+?)['’]s\s+(?:[\w-]+\s+){{0,2}}{_DNA_WORD}\b",
    _I,
)
_DNA_ANYWHERE = re.compile(rf"\b{_DNA_WORD}\b", _I)
_POSSESSIVE_WINDOW = 120
_DNA_LEAD = re.compile(
    r"^(?:(?:yo|hey|hi|ok|okay|so|pls|please|bot|hmm|um|and|also|now)\W+)*"
    r"(?:show me|give me|get me|gimme|what(?:'s| is| are|s)|tell me|decode|map|pull(?: up)?|"
    r"extract|compute|sequence|reduce|lay out|i want(?: to see)?|break ?down|explain|analy[sz]e|"
    r"unpack|dig into|run|fetch|get|do|check|read|map out|walk me through)\s+(?:the\s+)?",
    _I,
)


# "the narrative fingerprint, the DNA as you call it, of Halt and Catch Fire", "the emotional
# core of This Is Us": a name after the last "of" ends the message.
_OF_NAME = re.compile(
    r"\b(?:of|for|behind|on|de|du|des|del|von|do|da)\s+(?P<t>[\"'A-Z0-9][^,?!]*)$"
)
_NAME_BEFORE_DNA = re.compile(
    rf"^(?P<t>[^,:?!]{{1,80}}?)\s+(?:narrative\s+|story\s+)?{_DNA_WORD}\b(?!\s+(?:of|for|on|de|von)\b)",
    _I,
)
_OF_NAME_WINDOW = 160  # looked for near the end only: a long message is not scanned per "of"


# A question about one show's themes, structure or tropes names the show between its words:
# "what themes does Salt Roads explore", "how is Dust Choir structured", "archetypes in X",
# "quels thèmes explore X", "¿cómo está estructurada X?", "welche Themen behandelt X",
# "quais temas X explora".
_ASPECTS = (
    r"(?:main\s+|central\s+|core\s+|big\s+|key\s+|recurring\s+)?(?:themes?|tropes?|archetypes?|"
    r"motifs?|ideas?|character archetypes?|story beats?|thèmes?|tropes|archétypes?|motifs|temas?|"
    r"tropos?|arquetipos?|arquétipos?|motivos?|themen|tropen|archetypen|motive|"
    r"(?:narrative\s+|story\s+|plot\s+)?structures?|storytelling|story\s+arcs?|pacing|"
    r"estructura|estrutura|struktur|aufbau)"
)
_DNA_QUESTIONS = tuple(
    re.compile(p, _I)
    for p in (
        rf"\b(?:what|which)\s+{_ASPECTS}(?:\s*(?:,|and|&|or)\s*{_ASPECTS})*\s+(?:does|do|did|is|are)\s+"
        r"(?P<t>.+?)\s+(?:explore|"
        r"use|have|deal with|tackle|rely on|play with|touch on|cover|draw on|build on|dig into|"
        r"get into|about|exploring|using|built on)\b",
        rf"\b(?:what|which)\s+{_ASPECTS}\s+(?P<t>(?:(?!\b(?:does|do|did|is|are|and)\b).)+?)\s+"
        r"(?:leans?\s+on|relies\s+on|rely\s+on|"
        r"uses?|explores?|has|have|plays?\s+with|draws?\s+on|builds?\s+on|tackles?|covers?|"
        r"touches?\s+on|deals?\s+with|is\s+built\s+on|runs?\s+on|is\s+running\s+on|"
        r"digs?\s+into|gets?\s+into|is\s+about)\b",
        r"\bhow\s+(?:is|was|are)\s+(?P<t>.+?)\s+(?:structured|built|put together|constructed|"
        r"organi[sz]ed|plotted|paced|told)\b",
        rf"\b{_ASPECTS}\s+(?:in|of|behind|within|de|du|des|del|von|da|do|in der|in den)\s+"
        r"(?P<t>[^,?!]+)",
        rf"\b(?:quels?|quelles?)\s+(?:sont\s+les\s+)?{_ASPECTS}\s+(?:explore|aborde|traite|"
        r"utilise|exploite|a)\s+(?P<t>[^,?!]+)",
        r"\bcomment\s+(?:est\s+)?(?:structurée?|construite?|organisée?)\s+(?P<t>[^,?!]+)",
        r"\bcomment\s+(?P<t>[^,?!]+?)\s+est(?:-elle|-il)?\s+(?:structurée?|construite?)\b",
        rf"\b(?:qué|que|cuáles|cuales)\s+(?:son\s+los\s+)?{_ASPECTS}\s+(?:explora|aborda|trata|"
        r"toca|usa|utiliza|tiene)\s+(?P<t>[^,?!]+)",
        r"\bcómo\s+(?:está|esta|es)\s+(?:estructurad[oa]|construid[oa]|organizad[oa])\s+"
        r"(?P<t>[^,?!]+)",
        rf"\bwelche\s+{_ASPECTS}\s+(?:behandelt|erkundet|hat|verarbeitet|nutzt|benutzt|"
        r"verwendet|untersucht)\s+(?P<t>[^,?!]+)",
        r"\bwie\s+ist\s+(?P<t>[^,?!]+?)\s+(?:aufgebaut|strukturiert|konstruiert|erzählt)\b",
        # "Welche Archetypen gibt es in Dark?", "quels motifs reviennent dans X", "qué tropos
        # aparecen en X": a few words between the aspect and the preposition
        rf"\b{_ASPECTS}\s+(?:[\w'-]+\s+){{1,3}}?(?:in|dans|en|em|bei|within)\s+(?P<t>[^,?!]+)",
        rf"\bquais\s+(?:são\s+os\s+)?{_ASPECTS}\s+(?:(?:explora|aborda|trata|usa|tem)\s+"
        r"(?P<t>[^,?!]+)|(?P<t2>[^,?!]+?)\s+(?:explora|aborda|trata|usa|tem)\b)",
        r"\bcomo\s+(?:é|está|e|esta)\s+(?:estruturad[oa]|construíd[oa]|organizad[oa])\s+"
        r"(?P<t>[^,?!]+)",
    )
)


def _dna_question_title(text: str) -> str | None:
    for pattern in _DNA_QUESTIONS:
        if m := pattern.search(text):
            raw = next(g for g in m.groups() if g)
            if title := clean_title(strip_edges(raw)):
                return title
    return None


# "I never understood Pillar Nine. what's its story DNA?": the show is named before "its".
_ITS_DNA = re.compile(rf"\b(?:its|their|the show's|this show's)\s+(?:[\w-]+\s+)?{_DNA_WORD}\b", _I)


def dna_title(text: str) -> str | None:
    if _ITS_DNA.search(text) and (run := capitalised_run(text)) and (before := clean_title(run[0])):
        return before
    first = clauses(text)[0] if clauses(text) else text
    named = _OF_NAME.search(text[-_OF_NAME_WINDOW:].rstrip(" .?!"))
    if m := _DNA_AFTER.search(text):
        tail = m.group("t")
        title = clean_title(clauses(tail)[0] if clauses(tail) else tail)
        if title and not title[:1].isupper() and named and (better := clean_title(named["t"])):
            return better
        if title:
            return title
        if is_generic_title(tail):
            return None
    if (asked := _dna_question_title(text)) is not None:
        return asked
    dna = _DNA_ANYWHERE.search(first)
    window = first[max(0, dna.start() - _POSSESSIVE_WINDOW) : dna.end()] if dna else ""
    if m := _DNA_POSSESSIVE.search(window):
        title = clean_title(_DNA_LEAD.sub("", m.group("t")))
        if title:
            return title
    if named and (title := clean_title(named["t"])):
        return title
    # "harbor lights dna", "salt roads story dna pls": the name before the DNA word
    if (m := _NAME_BEFORE_DNA.match(first)) and (title := clean_title(_DNA_LEAD.sub("", m["t"]))):
        return title
    run = capitalised_run(text)
    return clean_title(run[0]) if run else None


# Words that cannot continue a show's name once its capitalised words end: conjunctions,
# adverbs and pronouns ("Bridgerton so it happens in ...", "Gossip Girl, only in ...") and any
# punctuation. A small word that can ("Plus belle la vie") is not among them.
_AFTER_NAME = re.compile(
    r"^(?:(?:somehow|again|pls|please|plz|for me|real quick|lol|and|but|with|then|now|too|so|"
    r"only|just|except|where|which|who|that|because|since|while|when|if|or|maybe|instead|"
    r"though|also|it|they|we|you|everything|everyone|entirely|completely|totally|fully|"
    r"basically|except|rather|mais|pero|aber|mas|sauf|excepto|außer|exceto|seulement|solo|sólo|"
    r"nur|só|apenas|e|y|et|und)\b|\((?=(?-i:[a-z]))|[,;:!?.-])",
    _I,
)


def without_words_after_name(title: str | None) -> str | None:
    """ "reimagine Lost somehow, in space": the words after the name are no part of it;
    "Plus belle la vie" and "Dix pour cent" keep their small words."""
    if (
        title
        and (run := capitalised_run(title))
        and run[1] == 0
        and _AFTER_NAME.match(title[run[2] :].strip())
        and not is_generic_title(run[0])
    ):
        return run[0]
    return title
