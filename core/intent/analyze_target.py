"""The show and the synopsis of an analysis request: "analyze Harbor Town: a fishing village hides
a smuggling ring", "I wrote a pilot called The Long Winter, it's about ...", "Title: Paper
Lanterns. Synopsis: ...", "analysiere meine Serie Nordlicht: ..." (docs/intents.md: the title as
written, the synopsis as given)."""

from __future__ import annotations

import re

from core.intent.text import (
    clauses,
    is_generic_title,
    looks_like_code,
    strip_edges,
    strip_trailing_fillers,
)
from core.intent.titles import capitalised_run, clean_title, without_words_after_name

__all__ = ["analyze_target"]

_I = re.IGNORECASE

# "Title: THE QUIET HOURS.", "working title DRY COUNTY,", "titre : ..."
_TITLE_LABEL = re.compile(
    r"\b(?i:working title|title|titre|t[ií]tulo|titel|titolo)\s*(?:[:=—-]\s*|\s+(?=[A-Z0-9\"']))"
    r"(?P<t>[^.\n;,:!?]+?)\s*(?:[.\n;,!?]\s|[.\n;,!?]?$)"
)
_SYNOPSIS_LABEL = re.compile(
    r"\b(?:synopsis|logline|premise|plot|summary|sinopsis|sinopse|r[ée]sum[ée]|handlung|inhalt|"
    r"zusammenfassung|pitch|story)\s*(?:[:=—]|\s[-–](?=\s))\s*(?P<x>.+)$",
    _I,
)
# After a name, what the show is about: ", it's about ...", ", basically ...", ", a ...".
# (Case-blind inside a case-sensitive pattern: "Red Orchard? It's about ...")
_ABOUT_AFTER_NAME = (
    r"(?i:(?:[,.?!]\s*|\s+)(?:(?:and|et|y|e|und)\s+)?"
    r"(?:(?:it'?s|its|it is|which is|that'?s|basically|c'est|es|é|ist|ça parle|trata)\s+)?"
    r"(?:(?:about|a story about|a show about|the story of|sobre|sur|über)\s+|basically\s+|"
    r"(?=(?:an?|the|two|three|four|some|when|after)\s+\w+\s+\w+)))"
)
_ANALYZE_WORD = re.compile(
    r"\b(?:analy[sz]e[ds]?|analy[sz]ing|an[aá]lisis|analysis|analy[sz]er|analysiere|analiza(?:r)?|"
    r"analisa|analyser|break ?down|breakdown|critique|dissect|evaluate|assess|process|study|"
    r"examine|scan|ingest|"
    # adding a show to the catalog: "add Lamplighters: ...", "indexa la serie X: ..."
    r"add|adding|index|indexa|indexe|indexer|indexar|indiziere|ajoute|ajouter|agrega|agregar|"
    r"añade|añadir|adiciona|adicionar|füge|import|importe|importa|upload|sube|carga|carrega)\b",
    _I,
)
_ANALYZE_CONNECT = re.compile(
    r"^(?:\s*(?:and analy[sz]e|analy[sz]e|it|of|on|for|de|del|von|la serie|the show|this show|"
    r"the series|the writing of|the story of|the narrative of|the storytelling (?:of|in)|in|me|"
    r"please|pls|plz|-moi|-me|moi|mir|bitte|la série|a série|die serie|my show|my series|"
    r"ma série|mi serie|minha série|meine serie|o programa|el programa|le programme|"
    r"das programm|the series|la serie|this|:|—|-)"
    r"(?=\W|$)[^\w\"'“«<]*)+",
    _I,
)
_NAMED = re.compile(
    r"\b(?:called|named|titled|intitulée?|appelée?|llamad[ao]|titulad[ao]|chamad[ao]|namens|"
    r"genannt)\s+(?P<t>[^,:;]+?)(?=\s+(?:about|where|which|that|in which|"
    r"(?:and|et|y|e|und)\s+(?:it'?s|it is|its|is|was|c'est|es|é|ist|ça|trata))\b|\s+[—–-]\s|"
    r"[,:;.?!]|$)"
    rf"(?:\s*(?:about|where|which is about|:|—|–|-)\s*(?P<x>.+)|{_ABOUT_AFTER_NAME}(?P<y>.+))?",
    _I,
)
_LABELLED = re.compile(
    r"\b(?:pilot|show|series|script|synopsis|idea|plot|story)[,:?]?\s+"
    r"(?P<t>[A-Z0-9][\w'’&.-]*(?:\s+(?:[A-Z0-9&][\w'’.-]*|of|the|and|a|in|on|de|la)){0,12})"
    rf"(?:\s*(?::|\s[—–-]\s)\s*(?P<x>.+)|{_ABOUT_AFTER_NAME}(?P<y>.+))$",
)
_SPLIT_SYNOPSIS = re.compile(r"\s*(?::|\s[—–-]\s)\s*")
_SYNOPSIS_START = re.compile(r"^(?:an?|the|two|three|four|some|when|after|in|on|this)\s", _I)


# Sentences after a synopsis that only ask for the analysis: "thoughts? analyze it".
_ASK_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?=[^.!?]{0,60}[.!?]*\s*$)[^.!?]*\b(?:analy[sz]\w*|thoughts?|think|opinion|"
    r"break (?:it|this) down|review|feedback|critique|what do you|can you|could you|please|"
    r"analis\w*|qu'en penses|was hältst|o que achas|qué opinas)\b[^.!?]*[.!?]*\s*$",
    _I,
)


_NAME_THEN_SYNOPSIS = re.compile(
    r"^(?P<t>[A-Z0-9][\w'’&-]*(?:\s+(?:[A-Z0-9&][\w'’-]*|of|the|and|a|in|on|de|la)){0,8})"
    r"(?:,|\.|:|\s[—–-])\s+(?i:(?:it'?s|its|it is)\s+about\s+)?"
    r"(?P<x>(?i:an?|the|two|three|when|after|some)\s+\w+\s+\w+.*)$"
)


def _synopsis(text: str | None) -> str | None:
    if text is None:
        return None
    for _ in range(2):
        trimmed = _ASK_SENTENCE.sub("", text.strip())
        if not trimmed.strip() or trimmed == text:
            break
        text = trimmed
    cleaned = re.sub(
        r"[.!?,]\s*(?:(?:can you |could you |please |pls |now )?analy[sz]e it|"
        r"what do you think)\W*$",
        "",
        text.strip(),
        flags=_I,
    )
    cleaned = strip_trailing_fillers(strip_edges(_TELLS_ABOUT.sub("", cleaned)))
    if _SAID_BY_MEMBER.match(cleaned):
        return None  # "I'm attaching the synopsis as a txt file": talk, not the story
    return cleaned or None


_SAID_BY_MEMBER = re.compile(r"^(?:i|i'm|im|i've|i'll|i'd|we|we're|we've|we'll)\b", _I)


# The verb that introduces a synopsis is no part of it: "trata de pescadores que ...".
_TELLS_ABOUT = re.compile(
    r"^(?:(?:it|this|the show|the series)\s+)?(?:(?:it'?s|is)\s+about|"
    r"trata\s+(?:de|sobre)|(?:ça|ca|elle|il)\s+parle\s+d[e']|parle\s+d[e']|"
    r"(?:c'est\s+)?l'histoire\s+d[e']|(?:es\s+)?la\s+historia\s+de|(?:é\s+)?a\s+história\s+de|"
    r"es\s+sobre|é\s+sobre|fala\s+(?:de|sobre)|handelt\s+von|"
    r"geht\s+es\s+um|es\s+geht\s+um)\s*",
    _I,
)


# German puts the verb last: "Kannst du die Serie Kupferwald analysieren? Ein Förster ...".
_VERB_LAST = re.compile(
    r"^(?:.{0,40}?\b(?:die|meine|unsere|diese)\s+(?:Serie|Sendung|Show|Geschichte)\s+|"
    r"(?:.{0,20}?\b)?(?:kannst|könntest|würdest|magst|kann|könnt|könnten|würden)\s+"
    r"(?:du|ihr|sie)\s+(?:(?:mal|bitte|mir|uns|doch|noch|schnell|kurz)\s+)*)"
    r"(?P<t>[^?.!,:]{1,80}?)\s+(?:analysieren|analysiert|indizieren|indexieren|hinzufügen|aufnehmen|"
    r"eintragen|aufschlüsseln|zerlegen|untersuchen|auswerten)\b"
    r"[?.!]*\s*(?P<x>.*)$",
    _I | re.DOTALL,
)


# "Put Quiet Harbour in your library: ...", "Nimm Dunkelfeld in die Bibliothek auf: ...",
# "Inclui a série Vento Sul na tua biblioteca: ...", "Enregistre X dans ta bibliothèque".
_PLACE = (
    r"(?:catalog(?:ue)?|library|database|db|index|collection|shelf|katalog|bibliothek|datenbank|"
    r"sammlung|bibliothèque|base(?: de (?:données|datos|dados))?|catálogo|biblioteca|colección|"
    r"coleção|catalogo)"
)
_ADD_TO = re.compile(
    r"^(?:.{0,30}?\b)?(?:add|put|place|sav|stor|includ|index|regist|enter|import|upload|stick|"
    r"nimm|füg|trag|pack|speicher|leg|stell|mets|ajout|enregistr|rang|inclu|mete|pon|guard|agreg|"
    r"añad|sub|coloc|põ|bot|salv|adicion)[\w]*(?:-(?:la|le|lo|moi|me))?\s+"
    r"(?:(?:la|the|a|die|el|o|my|ma|mi|minha|meine|this|cette|esta|diese)\s+(?:série|serie|show|"
    r"series|sendung)\s+)?(?P<t>[^:.?!]+?)\s+(?:to|in|into|onto|dans|en|na|no|nos|nas|in die|"
    r"in den|in das|ins|zum|zur|ao|à|al|au|a)\s+(?:[\w]+\s+)?(?:show\s+)?"
    + _PLACE
    # what follows the place is politeness: "add a show to the catalog please"
    + r"(?:,?\s+(?:auf|hinzu|an|bitte|please|pls|plz|for\s+me|thanks|thx|por\s+favor|porfa|stp|"
    r"s'il\s+te\s+pla[iî]t|pfv|por\s+fa(?:vor)?))*\s*(?:[:—–-]\s*(?P<x>.+)|[.!?]*\s*$|"
    # "... to the catalog? It's about three sisters who ..."
    r"[.!?]+\s+(?:it'?s|its|it is|c'est|es|é|ist)\s+(?:about|sobre|sur|über)?\s*(?P<y>.+))",
    _I | re.DOTALL,
)
_SHOW_WORDS = re.compile(
    r"^\s*(?:(?:the|this|my|la|le|el|die|meine|a|o|minha)\s+)?(?:show|series|serie|série)?\s*", _I
)


# "my show Tin Crown. Synopsis: ...": the label of the next sentence is no part of the name.
_LABEL_AFTER = re.compile(
    r"\.\s+(?:synopsis|logline|premise|plot|summary|pitch|story|sinopsis|sinopse|résumé|"
    r"handlung|inhalt)\b.*$",
    _I,
)
_TOLD_AFTER_NAME = re.compile(
    r"^\s*(?:[,:;]|\s[—–-])\s*(?:(?:it'?s|its|it is|which is|basically)\s+)?(?:about\s+)?"
    r"(?P<x>\S.*)$",
    _I | re.DOTALL,
)


# German separable verbs: "füg mal Kleine Kreise hinzu, geht um ...", "trag X ein, es geht um".
_SEPARABLE = re.compile(
    r"^(?:.{0,20}?\b)?(?:füg|füge|trag|trage|nimm|pack|leg|lege)\s+(?:(?:mal|bitte|doch|noch|"
    r"die\s+serie|die\s+sendung|meine\s+serie)\s+)*(?P<t>[^,.;:!?]+?)\s+(?:hinzu|ein|auf|rein|"
    r"dazu)\b[\s,.;:!?—–-]*(?:(?:es\s+)?geht\s+(?:es\s+)?um|handelt\s+von|über)?\s*(?P<x>.*)$",
    _I | re.DOTALL,
)


def analyze_target(text: str) -> tuple[str | None, str | None]:
    """(title, synopsis) of an analysis request."""
    if (m := _SEPARABLE.match(text)) and (named := clean_title(m.group("t"))):
        return named, _synopsis(m.group("x") or None)
    if m := _VERB_LAST.match(text):
        return clean_title(m.group("t")), _synopsis(m.group("x") or None)
    if m := _ADD_TO.match(text):
        given = _synopsis(m.group("x") or m.group("y"))
        if added := clean_title(m.group("t")):
            return added, given
        if (
            _PRONOUN.fullmatch(m.group("t").strip())
            and (run := capitalised_run(text[: m.start("t")]))
            and (named := clean_title(run[0]))
        ):
            return named, given  # "our series, Gravel Hill, and I'd love you to add it to ..."
        if is_generic_title(m.group("t")):
            return None, given  # "I want to add a show to the catalog": which one is not said
    if (m := _ANALYZE_WORD.search(text)) and looks_like_code(text[m.end() :]):
        # "analyze the show <script>alert(1)</script>": a name to look up, taken whole.
        rest = _SHOW_WORDS.sub("", text[m.end() :]).strip()
        return strip_trailing_fillers(rest) or None, None
    if (m := _TITLE_LABEL.search(text)) and (named := clean_title(m.group("t"))):
        after = text[m.end() :]
        told = _SYNOPSIS_LABEL.search(after) or _SYNOPSIS_LABEL.search(text[: m.start()])
        return named, _synopsis(told.group("x") if told else after or None)
    for pattern in (_NAMED, _LABELLED):
        if (m := pattern.search(text)) and (
            named := clean_title(_LABEL_AFTER.sub("", m.group("t")))
        ):
            said: str | None = m.group("x") or m.group("y")
            if said is None and (label := _SYNOPSIS_LABEL.search(text, m.end())):
                said = label.group("x")  # 'it's called "Glass Houses". Synopsis: ...'
            return named, _synopsis(said)
    title: str | None = None
    synopsis: str | None = None
    if (
        (m := _ANALYZE_WORD.search(text))
        and _POINTS_BACK.match(text[m.end() :])
        and (run := capitalised_run(text[: m.start()]))
        and (named := clean_title(run[0]))
    ):
        # "a show my dad loved, Only Fools and Horses, and analyse it properly"
        label = _SYNOPSIS_LABEL.search(text, m.end())
        return named, _synopsis(label.group("x")) if label else None
    if m := _ANALYZE_WORD.search(text):
        rest = _ANALYZE_CONNECT.sub("", text[m.end() :]).strip()
        parts = _SPLIT_SYNOPSIS.split(rest, maxsplit=1)
        if len(parts) == 2 and parts[1].strip():
            title = clean_title(parts[0])
            synopsis = _synopsis(parts[1])
            if title is None and synopsis and len(synopsis.split()) <= 4:
                title, synopsis = clean_title(synopsis), None
            elif title is None and synopsis and (lead := _NAME_THEN_SYNOPSIS.match(synopsis)):
                # "analyze it for me: Night Shift, a nurse solves crimes on the night shift"
                title, synopsis = clean_title(lead.group("t")), _synopsis(lead.group("x"))
        elif rest:
            words = rest.split()
            if _SYNOPSIS_START.match(rest) and len(words) >= 5:
                synopsis = _synopsis(rest)
            elif len(words) > 6 and (run := capitalised_run(rest)) and run[1] == 0:
                title, synopsis = clean_title(run[0]), _synopsis(rest)
                if told := _TOLD_AFTER_NAME.match(rest[run[2] :]):
                    # "index Ember Falls, a drama about firefighters": the name is no synopsis.
                    synopsis = _synopsis(told.group("x"))
            else:
                title = without_words_after_name(
                    clean_title(clauses(rest)[0] if clauses(rest) else rest)
                )
        if title or synopsis:
            return title, synopsis
    head = text[: m.start()] if m else text
    run = capitalised_run(head) or capitalised_run(text)
    if synopsis is None and (label := _SYNOPSIS_LABEL.search(text)):
        synopsis = _synopsis(label.group("x"))  # "new show: Paper Moons. synopsis - ..."
        run = capitalised_run(text[: label.start()]) or run
    return (clean_title(run[0]) if run else None), synopsis


# "... and analyse it properly": a pronoun, then nothing that names the show ("indexar la serie
# Río Oscuro" names it after "la").
_PRONOUN = re.compile(r"it|this|that|them|this one|this show|(?-i:la|le|lo|es|sie)", _I)
# ("La casa de papel" is a name: a capitalised article is no pronoun.)
_POINTS_BACK = re.compile(
    r"^\s*(?:it|this|that|them|this one|(?-i:la|le|lo|es|sie))\b(?!\s*:)"
    r"(?=(?:\s+(?-i:[a-z])[\w'-]*){0,3}\s*(?:[.!?]*\s*$|[.!?]+\s+(?:synopsis|logline|premise|"
    r"summary|plot|sinopsis|sinopse|résumé|handlung|inhalt)\b)"
    # "... add it to the catalog so we can study it"
    r"|\s+(?:to|in|into|onto|au|dans|al|en|ao|no|na|zum|zur|ins)\s+(?:\w+\s+)?" + _PLACE + r"\b)",
    _I,
)
