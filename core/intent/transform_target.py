"""The show and the new world of a re-imagining ("reimagine Friends on a Mars colony", "Seinfeld
but it's a 1920s ocean liner", "et si Friends se passait au Moyen Âge ?"): the title as written,
the setting as a phrase (docs/intents.md)."""

from __future__ import annotations

import re

from core.intent.request_words import LEADIN
from core.intent.sentences import sentences as split_sentences
from core.intent.titles import capitalised_run, clean_title, without_words_after_name
from core.intent.transform_setting import clean_setting

__all__ = ["transform_target"]

_I = re.IGNORECASE

_PREP = (
    r"(?:->|=>|→|(?-i:x)|meets|set in|set on|set at|set aboard|set during|into|in|on|at|aboard|"
    r"during|inside|to|as|en|nach|dans|sur|au|aux|à|ins|im|numa|num|na|no|em|auf|unter|among|amid|"
    # "taking place in", "in2" (into), "dan" (dans)
    r"(?:taking|that takes|which takes|happening|unfolding|playing out)\s+(?:place\s+)?"
    r"(?:in|on|at|aboard|inside|during)|in2|(?-i:dan))"
)
_WHAT_IF = re.compile(
    r"^(?:(?:(?:so|and|ok|okay|hmm|but)\s+)?if\s+|(?:.{0,40}?\b)?(?:what if|imagine if|what about|"
    r"what would happen if|what happens if|suppose|supposing|picture if|how about if)\s+)"
    r"(?P<t>.+?)\s+(?:was|were|is|had been|happened|took place|played out|were set|was set)\s+"
    r"(?:set\s+)?(?:in|on|at|aboard|during|inside)?\s*(?P<s>.+)$",
    _I,
)
_WOULD = re.compile(
    r"^(?:.{0,60}?\b(?:see|know|wonder|imagine|curious|tell me|show me)\s+)?"
    r"(?:what|how)\s+(?:(?:would|might|could)\s+(?P<t>.+?)|(?P<t0>.+?)\s+(?:would|might|could))"
    r"\s+(?:look|be|play out|feel|work|go|turn out)(?:\s+like)?\s+"
    # "... if it was set in ...", "... if the team were a chess club in Soviet Moscow"
    r"(?:if\s+(?:it|they|the\s+[\w-]+|everyone|everybody)\s+(?:was|were|is|are|became|had\s+been)\s+"
    r"(?:set\s+)?(?:(?:in|on|at|aboard|during|inside)\s+)?|(?:set\s+)?(?:in|on|at|aboard|during|inside)\s+)"
    r"(?P<s>.+)$",
    _I,
)
# "Imagine Ted Lasso but the team is a Viking longship crew", "Lost but they're on a train".
_BUT_BE = re.compile(
    r"^(?:.{0,60}?\b(?:imagine|picture|redo|do|write)\s+)?(?P<t>[^,]+?),?\s+(?:but|except|only)\s+"
    r"(?:(?:the\s+[\w-]+|they|everyone|everybody|he|she|the cast|the characters|the crew|"
    r"the gang)\s*(?:is|are|'re|'s|live|lives|work|works|were|was)|theyre|everyones)\s+"
    r"(?:now\s+|all\s+)?(?:(?:in|on|at|aboard|inside)\s+)?"
    r"(?P<s>.+)$",
    _I,
)
# "take Columbo and place him in a 2300 orbital city"
_TAKE = re.compile(
    r"^(?:.{0,60}?\b)?take\s+(?P<t>.+?)\s+and\s+(?:place|put|set|drop|move|throw|transport|stick|"
    r"plant|send|relocate)\s+(?:him|her|them|it|everyone|the (?:cast|characters|gang|crew))\s+"
    r"(?:in|on|into|at|aboard|inside|to|onto)\s+(?P<s>.+)$",
    _I,
)
# "transforme Kaamelott pour que ça se passe à Marseille", "transforma Irmandade e coloca em uma
# escola", "take Lost and put it on a train"
_SO_THAT = re.compile(
    r"^(?:.{0,60}?\b)?(?:transform\w*|re-?imagin\w*|take|prends|toma|pega|nimm|redo|rewrite|"
    r"réimagine|reimagina)\s+(?P<t>.+?)\s+(?:(?:pour que (?:ça|cela|l'histoire|tout) se passe|"
    r"pour qu'(?:il|elle) se passe|para que (?:pase|ocurra|suceda|se desarrolle|se passe|aconteça)|"
    r"so (?:that )?it(?:'s| is)? (?:set|takes place))|(?:and|e|y|et|und)\s+(?:put|place|set|"
    r"move|drop|coloca|colócala|colócalo|ponla|ponlo|pon|mets-la|mets-le|mets|place-la|setz|"
    r"versetz|leva|lleva)\w*\s+(?:(?:it|them|him|her|la|lo|le|es|sie|ihn|a)\s+)?(?:(?:in|on|into|"
    r"at|onto|em|en|dans|sur|na|no|num|numa|à|au|auf|ins|im)\s+)?)\s*(?P<s>.+)$",
    _I,
)
# "The show is The Good Place and the new setting is a 1980s mall."
_SHOW_IS = re.compile(
    r"^(?:.*?\b)?(?:the\s+)?(?:show|series)\s+(?:is|would be|:)\s+(?P<t>.+?)[,.;]?\s+(?:and\s+)?"
    r"(?:the\s+)?(?:new\s+)?(?:setting|world|location|backdrop)\s+(?:is|would be|should be|:)\s+"
    r"(?P<s>.+)$",
    _I,
)
# "New setting for Bluey: a lunar base", "world for Lost = a train"
_LABELLED = re.compile(
    r"^(?:.{0,30}?\b)?(?:new\s+)?(?:setting|world|location|backdrop|era)\s+(?:for|of)\s+"
    r"(?P<t>[^:=]+?)\s*[:=]\s*(?P<s>.+)$",
    _I,
)
# "give The Office a zombie apocalypse setting"
_GIVE = re.compile(
    r"^(?:.{0,60}?\b)?give\s+(?P<t>.+?)\s+(?P<s>(?:an?|the)\s+.+?)\s+(?:setting|makeover|twist|spin|"
    r"treatment|backdrop|overhaul|reboot)\W*$",
    _I,
)
# "I'd love to see The Bear rewritten as a kitchen on a steamship": a name, then how it is moved.
_PASSIVE = re.compile(
    r"(?<![\w'’&.:-])(?P<t>(?:[A-Z0-9][\w'’&.:-]*)"
    r"(?:\s+(?:[A-Z0-9&][\w'’&.:-]*|of|the|and|in|on|de|la|a)){0,8})"
    r",?\s+(?:rewritten|reimagined|re-imagined|transformed|transported|moved|transplanted|remade|"
    r"redone|relocated|retold|recast|reset|set|placed|dropped|put)\s+(?:as|in|on|into|to|at|"
    r"inside|aboard|during)\s+(?P<s>.+)$"
)
_BUT = re.compile(
    r"^(?:(?:what about|how about|qué tal|que tal|et si|e se|was ist mit)\s+)?"
    r"(?P<t>[^,]+?),?\s+(?:but|except|only|pero|mais|aber|mas)\s+(?:(?:it'?s|its|it is|make it|"
    r"make it set|"
    r"it'?s set|it takes place|c'est|es|é|ist)\s+(?:set\s+)?"
    r"(?:(?:in|on|at|aboard|during|as|inside|en|dans|sur|à|im|in|auf|em|num|numa|no|na)\s+)?|"
    r"(?:set\s+|transposed\s+|moved\s+)?(?:in|on|at|aboard|during|as|inside|to|en|dans|sur|à|au|"
    r"im|auf|em|num|numa|no|na)\s+)(?P<s>.+)$",
    _I,
)
# "Mach aus Stromberg eine Geschichte in einem Kloster", "fais de Lupin une histoire dans un
# sous-marin", "haz de Élite una historia en Marte", "faz de Irmandade uma história em Marte"
_MAKE_OF = re.compile(
    r"^(?:.{0,30}?\b)?(?:mach|macht|mache|fais|faites|haz|hagan|faz|faça)\s+(?:aus|de|d')\s*"
    r"(?P<t>.+?)\s+(?:(?:eine?n?|une?|una?|uma?)\s+(?:Geschichte|Version|Story|Folge|histoire|"
    r"version|historia|versión|história|versão)\s+)?"
    r"(?P<s>(?:in|im|auf|am|an|dans|sur|à|en|em|no|na|num|numa)\s+.+)$",
    _I,
)
# German puts the verb last: "Kannst du Stromberg in ein Kloster verlegen?", "Kannst du eine Serie
# für mich umschreiben?"
_GERMAN_VERB_LAST = re.compile(
    r"^(?:.{0,20}?\b)?(?:kannst|könntest|würdest|magst|könnt|könnten)\s+(?:du|ihr|sie)\s+"
    r"(?:(?:mal|bitte|mir|uns|doch|noch)\s+)*(?P<t>.+?)\s+"
    r"(?P<s>(?:in|im|ins|auf|an|am|nach|zu|zur|zum|unter)\s+.+?)?\s*"
    r"(?:umschreiben|verlegen|versetzen|transformieren|verwandeln|reimaginieren|neu erzählen|"
    r"neu erfinden|spielen lassen|verpflanzen)\W*$",
    _I,
)
# "Can Dust Choir be set in a lunar mining town instead?"
_CAN_BE = re.compile(
    r"^(?:.{0,30}?\b)?(?:can|could|would|should|will|may|might)\s+(?P<t>.+?)\s+be\s+(?:set|moved|"
    r"placed|transported|relocated|reimagined|re-imagined|rewritten|transplanted|dropped|put|"
    r"redone|remade|retold)\s+(?:in|on|at|into|aboard|inside|during|to|as)\s+(?P<s>.+)$",
    _I,
)
_AS_IF = re.compile(
    r"^(?:write|imagine|do|redo|tell|make|remake)\s+(?P<t>.+?)\s+as if (?:it|they) "
    r"(?:happened|took place|was set|were set|was|were|played out)\s+"
    r"(?:in|on|at|aboard|during|inside)\s+(?P<s>.+)$"
    r"|^(?:.{0,60}?\b)?(?:make|have|let|see|watch|imagine|picture)\s+(?P<t2>.+?)\s+"
    r"(?:happen|take place|play out|unfold|happening|taking place|playing out|unfolding)\s+"
    r"(?:in|on|at|aboard|during|inside)\s+(?P<s2>.+)$",
    _I,
)
# "What if" in French, Spanish, German and Portuguese.
_WHAT_IF_OTHER = re.compile(
    r"^(?:et\s+)?si\s+(?P<t>.+?)\s+(?:se\s+(?:passait|déroulait|deroulait)|était|avait lieu)\s+"
    r"(?P<s>.+?)\W*$"
    r"|^¿?\s*y\s+si\s+(?P<t2>.+?)\s+(?:pasara|ocurriera|sucediera|transcurriera|fuera|"
    r"estuviera|se desarrollara)\s+"
    r"(?P<s2>.+?)\W*$"
    r"|^was\s+wäre,?\s+wenn\s+(?P<t3>.+?)\s+(?P<s3>(?:im|in|ins|auf|am)\s+.+?)\s+"
    r"(?:spielen|spielte|passieren|stattfinden)\s+würde\b"
    r"|^e\s+se\s+(?P<t4>.+?)\s+(?:se\s+(?:passasse|passar)|fosse|acontecesse|estivesse)\s+"
    r"(?P<s4>.+?)\W*$",
    _I,
)
_VERB = re.compile(
    r"^(?:.*?\b)?(?:re-?imagine|reimagina|reimaginar|réimagine|réimaginer|reimaginer|retell|"
    r"re-tell|reinvent|reinterpret|reframe|recast|rethink|revamp|rebuild|reboot|"
    r"reimaginieren|rewrite|rework|remake|redo|réécrire|réécris|reescribir|reescribe|reescrever|"
    r"reescreve|umschreiben|transform(?:er|ar|ieren|e|a|iere)?|turn|move|put|drop|"
    r"set(?!\s+(?:in|on|at|aboard|during)\b)|place|relocate|"
    r"transplant|transport|teleport|adapt|swap the setting of|remix|verwandle|transforme|"
    r"transforma|imagina|"
    r"stell dir|write (?:a |an )?(?:pilot|episode|version|script|"
    r"story) (?:of|for)|write|"
    r"change the setting of|give me|imagine|make a version of|a version of|versetze|picture|"
    r"transpose|reboot|re-set|reset|verlege|verleg|versetz|verpflanze|transporte|transporta|"
    r"traslada|transfere|leva|lleva|emmène|place|coloca|situa|sitúa|pon|ponga|poner|mets|mettre|"
    r"colocar|llevar|levar|trasladar|setz|põe|"
    r"bota|transformiere|transformier|verwandel|transpose|transpón|transpõe)\s+(?P<rest>.+)$",
    _I,
)
_A_THING = re.compile(r"^(?:an?|some|one|two|three)\s", _I)  # "a cat in a spacesuit" is no title
_SPLIT = re.compile(rf"\s+(?P<p>{_PREP})\s+", _I)
_AU = re.compile(
    r"^(?:alternate universe|au|alt universe)[:\s]+"
    # "... and the idea is Friends in a zombie apocalypse"
    r"|^(?:(?:and|so|but)\s+)?(?:the|my|our)\s+(?:idea|pitch|concept)\s*(?:is|would be|:)\s*:?\s*",
    _I,
)


def _split_title_setting(rest: str) -> tuple[str, str | None]:
    """Split "Attack on Titan in a Renaissance city" at the preposition that starts the setting:
    prefer one followed by a lowercase word or a number (titles are capitalised)."""
    matches = list(_SPLIT.finditer(rest))
    if not matches:
        return rest, None
    chosen = matches[0]
    for m in matches:
        after = rest[m.end() :]
        if after and not after[0].isupper():
            chosen = m
            break
    # The preposition stays with the setting: "numa favela" is "uma favela" once cleaned.
    return rest[: chosen.start()], rest[chosen.start() :].strip()


# A later sentence that gives the new world: "Reimagine Friends. Set it on a research vessel.",
# "Take Salt Roads. Now imagine it's happening inside a giant mall.", "... The new setting is a
# 1970s disco."
_SETTING_SENTENCE = re.compile(
    r"^(?:(?:now|and|then|so|ok|okay|just)\s+)*(?:"
    r"(?:set|put|place|move|drop|relocate|transport|send|throw)\s+(?:it|them|everyone|everybody|"
    r"the\s+(?:cast|characters|story|show|gang|crew))\s+(?:in|on|at|into|aboard|inside|during|onto)"
    r"|(?:the\s+|its\s+)?(?:new\s+)?(?:setting|world|location|backdrop|place)\s*(?:is|should be|"
    r"would be|will be|:)"
    r"|imagine\s+(?:it'?s|it is|it|they'?re|they are|them|everyone)\s+(?:happening|taking place|"
    r"set|living|stuck|working|being)\s+(?:in|on|at|inside|aboard|during)"
    r"|make\s+it\s+(?:happen|take place|set)\s+(?:in|on|at|inside|aboard|during)"
    r"|(?:it|this|the story)\s+(?:should|would|will|could)\s+(?:be\s+set|take\s+place|happen)\s+"
    r"(?:in|on|at|inside|aboard|during))\s+(?P<s>.+)$",
    _I,
)


_SETTING_LABELLED = re.compile(
    r"(?:^|(?<=[.!?;,])\s*|\s+[—–-]\s+)(?:the\s+)?(?:new\s+)?(?:setting|world|cadre|escenario|"
    r"ambientación|schauplatz|cenário)\s*[:=]\s*(?P<s>[^\n]+)",
    _I,
)


def transform_target(text: str) -> tuple[str | None, str | None]:
    """(title, setting) of a re-imagining, when need be from two sentences."""
    if (label := _SETTING_LABELLED.search(text)) and (labelled := clean_setting(label.group("s"))):
        # "Transform Gravel Hill for me. Setting: a lighthouse on Neptune.": the label says it.
        head = text[: label.start()]
        title = _transform_target(head)[0] if head.strip() else None
        if title is None and (run := capitalised_run(head)):
            title = clean_title(run[0])
        return title, labelled
    title, setting = _transform_target(text)
    if title is not None and setting is not None:
        return title, setting
    sentences = [s.rstrip(".!?… ") for s in split_sentences(text.strip())]
    if len(sentences) < 2:
        return title, setting
    if setting is None:
        for later in sentences[1:]:
            if (m := _SETTING_SENTENCE.match(later.strip())) and (
                found := clean_setting(m.group("s"))
            ):
                # The show is named in the first sentence, the world in a later one.
                setting = found
                first = _transform_target(sentences[0])[0]
                if first is None and (run := capitalised_run(sentences[0])):
                    first = clean_title(run[0])
                title = first or title
                break
    if title is None:
        # "Take Salt Roads. Now imagine it's happening inside a giant mall.": "it" is the show
        # of the first sentence.
        title = _transform_target(sentences[0])[0]
    return title, setting


def _transform_target(text: str) -> tuple[str | None, str | None]:
    text = _AU.sub("", text.strip())
    raw_title: str | None = None
    raw_setting: str | None = None
    for pattern in (
        _GERMAN_VERB_LAST,
        _SHOW_IS,
        _LABELLED,
        _WHAT_IF,
        _WOULD,
        _TAKE,
        _SO_THAT,
        _GIVE,
        _MAKE_OF,
        _BUT_BE,
        _BUT,
        _CAN_BE,
        _AS_IF,
        _WHAT_IF_OTHER,
    ):
        if m := pattern.match(text):
            groups = [g for g in m.groups() if g is not None]
            raw_title = groups[0]
            raw_setting = groups[1] if len(groups) > 1 else None  # "Kannst du X umschreiben?"
            break
    else:
        passive = _PASSIVE.search(text)
        if passive and passive.group("t").split()[0] not in ("I", "I'd", "I'm"):
            raw_title, raw_setting = passive.group("t"), passive.group("s")
        if raw_title is not None:
            pass
        elif m := _VERB.match(text):
            raw_title, raw_setting = _split_title_setting(m.group("rest"))
        elif (
            text[:1].isupper()
            or text[:1].isdigit()
            or (_SPLIT.search(text) and not _A_THING.match(text))
        ):
            # "Friends on a Mars colony", "<a name> in a cyberpunk city": the words before the
            # setting's preposition name the show.
            raw_title, raw_setting = _split_title_setting(text)
    if raw_title is None:
        return None, None
    raw_title = raw_title.strip()
    if raw_setting is None and (run := capitalised_run(raw_title)) and run[1] == 0:
        tail = raw_title[run[2] :].strip()
        # "reimagine Money Heist underwater": the words after the title are the setting.
        if tail and not tail[0].isupper() and not re.match(r"^(?:somehow|again|pls|please)", tail):
            raw_title, raw_setting = run[0], tail
    title = clean_title(raw_title)
    if title and title[:1].islower():
        title = clean_title(_without_lead_in(title)) or title
    return without_words_after_name(title), clean_setting(raw_setting)


# Lead-ins typed in lower case before the show ("lowkey wanna see friends but ..."). A title
# typed with capitals starts where they start, so only a lower-case opening is read this way.
# Words that also open show names ("Drop Dead Diva", "Get Shorty", "Quick Draw") are left.
_ALSO_IN_NAMES = (
    r"(?:drop|get|grab|give|gimme|now|then|another|just|maybe|quick|quickly|so|and|also|random|"
    r"real|bot|studio|kindly|allez|vite|venga)\b"
)
_LEAD_IN = re.compile(rf"^(?:(?!{_ALSO_IN_NAMES}){LEADIN}\s+)+(?=\S)", _I)


def _without_lead_in(raw: str) -> str:
    if not raw[:1].islower():
        return raw
    m = _LEAD_IN.match(raw)
    return raw[m.end() :] if m and m.end() < len(raw) else raw
