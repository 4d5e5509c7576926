"""What a "find similar" request compares with: a show's title ("shows like Fleabag", "séries
parecidas com A Casa do Lago", "Frost Line fans would also like...") or a description ("anything
about lighthouse keepers who see ghosts?"), in English, French, Spanish, German and Portuguese.
"""

from __future__ import annotations

import re

from core.intent.option_words import FACETS
from core.intent.sentences import SENTENCE_END, sentence_spans
from core.intent.text import (
    clauses,
    is_generic_title,
    looks_like_code,
    strip_edges,
    strip_trailing_fillers,
)
from core.intent.titles import capitalised_run, clean_title, without_words_after_name

__all__ = ["similar_target"]

_I = re.IGNORECASE

# Words that introduce the show to compare with. "after" only before a name: "after prison" is
# part of a description.
_LIKE = re.compile(
    r"(?:(?<!'d )(?<!would )(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bu )(?<!\bthey )"
    r"\b(?:like|lik|liek|lyk|likr)(?:\s+in)?|\bsimilar(?:\s+\w+)?\s+(?:to|as)|"
    r"\bsimilar vibes to|\bresembl(?:e|es|ing)|\bcomparable to|\bin the (?:same )?vein (?:of|as)|"
    r"\balong the lines of|\bthe same (?:[\w-]+ ){0,3}as|\bthe way|\bwie|\bcomo|\bcomme|"
    # "la même structure que", "la misma estructura que", "a mesma trama que", "die gleiche ... wie"
    r"\b(?:la même|le même|les mêmes|la misma|el mismo|los mismos|las mismas|a mesma|o mesmo|"
    r"os mesmos|as mesmas|die gleiche|den gleichen|das gleiche|dieselbe|denselben|dasselbe)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:que|qu'|wie|de|do|da|del|von)|"
    r"\bse parecen? a|\bparecid[oa]s? a|"
    r"\b(?:terminei|acabei|assisti|maratonei)(?:\s+(?:de\s+)?(?:ver|assistir))?|"
    r"\bafter(?=\s+(?:finishing\s+|watching\s+)?(?-i:[\"'A-Z0-9]))|"
    # "what should i watch after harbor lights": after a verb of watching, any name
    r"\b(?:watch|binge|start|try|see)\s+(?:next\s+)?after(?:\s+(?:finishing|watching))?|"
    r"\bif (?:i|you|u|ya|we|someone|one) (?:really |just |also )?(?:liked|loved|enjoyed|adored|"
    r"dug|watched|binged|like|love|enjoy)|"
    r"\b(?:i'?m|i am|we'?re|if (?:you|u)'?re|if (?:you|u) are) (?:really |so |super |very )?into|"
    r"\bi'?ve (?:just |recently |finally )?(?:been )?(?:finished|loved|loving|enjoyed|enjoying|"
    r"watched|binged|rewatching|rewatched|obsessed with)|"
    r"\bi (?:just |really )?(?:finished|loved|liked|enjoyed|binged|adored|devoured)|"
    r"\bsince i (?:finished|loved)|\bas \w+ as|\bfans of|\bclosest(?: \w+)? to|\bnearest to|"
    r"\b(?:what'?s|whats|what is|anything|something|shows?|series|stuff)\s+close to|"
    r"\bclosest matches (?:to|for)|\bmatches for|\bshare (?:the |a )?(?:\w+ )?(?:of|with)|"
    r"\bjust (?:finished|watched|binged)|\bi (?:just )?(?:watched|finished|binged)|\bresemble|"
    r"\bwho (?:binged|loved|liked|enjoyed|watched)|"
    # French
    r"\bressembl\w* (?:à|a)|\bproches? de|\bdans le (?:genre|style|même genre|esprit) de|"
    r"\bdu (?:même )?genre (?:de|que)|\bsimilaires? à|\bpareil(?:le)?s? (?:à|que)|"
    r"\bj'ai (?:adoré|aimé|kiffé|fini|terminé|vu|dévoré|bingé)|\bà la|\bfaçon|\bgenre|"
    # Spanish
    r"\bparecid[oa]s? (?:com|con)|\bsimilar(?:es)? a|\bdel (?:estilo|tipo) de|\bal estilo de|"
    r"\bestilo|\bme (?:encantó|gustó|flipó)|\bacabo de (?:ver|terminar)|\bterminé|\bvi|"
    r"\bse parezcan? a|"
    # German
    r"\bähnlich(?:e|es|en)? (?:wie|zu)|\bvergleichbar mit|\bim stil von|\bà la|"
    r"\bich (?:mochte|liebte|liebe|mag|habe|hab)|\bwie bei|"
    # Portuguese
    r"\btipo|\bno estilo de|\bsemelhantes? (?:a|à)|\badorei|\bgostei de|\bacabei de ver|"
    r"\bparecid[oa]s? (?:a|à))\s+(?P<t>.+)$",
    _I,
)
_STYLE_TITLE = re.compile(r"^(?P<t>.+?)-(?:style|esque|like)\b")
_FANS = re.compile(r"^(?P<t>.+?)\s+(?:fans|lovers|viewers|watchers)\b", _I)
_CUT_TITLE = re.compile(
    # "House M.D.", "Mr. Robot": a dot after an initial or a title is no full stop.
    r"\s*(?:\?|!|,|;|(?<!\b[A-Z])(?<!\b(?:Mr|Dr|St|Jr|Ms|Sr))\.(?:\s|$)|"
    r"\s+for\s+(?:the|my|our|his|her|their)\s+(?-i:[a-z])|"
    r"\s+(?:what else|what now|now what|but\b|and (?:i'?m|im|i|now|it'?s|its|that|we|loved|"
    r"liked|need|want)\b|thematically|"
    r"structurally|across\b|please\b|pls\b|plz\b|for me\b|what should|anything else|"
    r"or something|and stuff|in terms of|with (?:the|similar)|that (?:i|you)|does\b|did\b|"
    r"is built|was built|in (?:theme|tone|plot|structure|characters?|vibe)\b|was noch|"
    r"tu me|me conseilles|por favor|bitte|s'il|stp|par (?:les|le|la)|por (?:los|las|el|la)|"
    r"nach\b|pelos?\b|pelas?\b|pour (?:l'|le |la |les |son |sa |ses )|por (?:su|sus)\b|wegen\b|"
    r"because\b|since\b|cause\b|when\b|whenever\b|if\b|as far as\b|em (?:termos|tema)|"
    r"en (?:termes|cuanto)|gesehen\b|geschaut\b|"
    r"geguckt\b|geschaut\b|zu ende\b|also\b|would\b|will\b|might\b|could\b|should\b))",
    _I,
)
_ABOUT = re.compile(
    r"\b(?:about|with|w/?|where|featuring|involving|that has|that have|in which|sobre|über|avec|"
    r"where there'?s|sur|con|com|mit|où|donde|onde|wo|in der|in dem)\s+(?P<x>.+)$",
    _I,
)
# "shows that share themes with The Last of Us" names a show; "Serien über Astronauten auf dem
# Mars" (German nouns are capitalised) describes one.
_NAMES_A_SHOW = re.compile(r"(?:with|w/?|featuring|mit|avec|con|com)\b", _I)
_VIBE = re.compile(
    r"\b(?P<x>(?:something|anything|an?)\s+(?!(?:to|like|similar|new|good|show|series)\b)"
    r"[\w-]+(?:\s+(?!(?:to|for|show|series)\b)[\w-]+)?)\s*(?:to (?:watch|binge)|show\b|series\b|$)",
    _I,
)
# "a show about ...", "something cozy": a description, not a name (an English article and a
# lowercase word; "A Casa do Lago" is a name).
_DESCRIPTION_START = re.compile(r"^(?:an?|some)\s+[a-z]")


_POINTS_BACK = re.compile(r"^(?:that|this|those|these|such|the same|its|their)\b", _I)
_QUESTION_END = re.compile(r"[?!]+(?:\s|$)")
# A clause that goes on describing: "eine Familie, die ein Hotel führt", "a chef, who ...".
_RELATIVE = re.compile(
    r"^(?:who|which|that|whose|where|qui|que|dont|où|quien|quienes|donde|cuyo|der|die|das|"
    r"dessen|deren|wo|quem|onde|cujo)\b",
    _I,
)


def _sentences_before(text: str, index: int) -> str | None:
    """The sentences that end before the one holding `index`, or None."""
    starts = [start for start, _ in sentence_spans(text) if start <= index]
    return text[: starts[-1]].strip() or None if starts else None


def _description(text: str) -> str:
    """The description up to its question mark or its next clause, unless that clause goes on
    describing."""
    text = _QUESTION_END.split(text, maxsplit=1)[0]
    text = SENTENCE_END.split(text, maxsplit=1)[0]  # "... solves crimes. Is there anything ..."
    parts = clauses(text)
    if not parts:
        return text
    kept = [parts[0]]
    for part in parts[1:]:
        if not _RELATIVE.match(part.strip()):
            break
        kept.append(part)
    return ", ".join(p.strip() for p in kept)


# What the show is compared with is the whole collection, not a description: "compare Ozark with
# the catalog", "... with everything you know", "vergleiche X mit allem".
_THE_COLLECTION = re.compile(
    r"^(?:(?:the|your|our|my|le|la|el|o|den|die|das|ton|votre|tu|seu|dein(?:em)?)\s+)?"
    r"(?:whole\s+|entire\s+|full\s+)?(?:catalog(?:ue)?|library|database|db|collection|index|"
    r"catálogo|katalog|bibliothèque|biblioteca|sammlung)\b"
    r"|^(?:everything|anything|all(?:\s+the)?\s+(?:shows|series|others|rest)|the rest|tout|todo|"
    r"tudo|alle[ms]?)\b",
    _I,
)


# Who the member watches with is no description: "something to watch with my roommate".
_COMPANY = re.compile(
    r"^(?:my|our|mon|ma|mes|nos|mi|mis|nuestr[oa]s?|meu|minha|meus|minhas|mein(?:e[nm]?)?|"
    r"unser(?:e[nm]?)?)\s+[\w'-]+(?:\s+(?:and|et|y|e|und)\s+(?:my|our|mon|ma|mi|meu|minha|"
    r"mein(?:e[nm]?)?)?\s*[\w'-]+)?$",
    _I,
)


def similar_target(text: str) -> tuple[str | None, str | None]:
    """(title, description) to compare with."""
    title, description = _similar_target(text)
    if (
        title
        and title[:1].islower()
        and _POINTS_BACK.match(title)
        and (said := text.find(title)) > 0
        and (before := _sentences_before(text, said))
    ):
        # "I want a show about a nurse who sees ghosts. Does anything like that exist?": "that"
        # is the show described before.
        return similar_target(before)
    if description is not None and (
        _THE_COLLECTION.match(description.strip()) or _COMPANY.match(description.strip())
    ):
        description = None
    title = without_words_after_name(_without_words_before_name(title))
    if (
        description is not None
        and _POINTS_BACK.match(description)
        and (run := capitalised_run(text))
        and (named := clean_title(run[0]))
    ):
        # "Harbor Lights is my comfort show. Two more with that vibe?": the vibe is the show's.
        return named, None
    if title is None and description is None and (m := _VIBE.search(text)):
        vibe = strip_trailing_fillers(strip_edges(m.group("x")))
        if vibe and not is_generic_title(vibe):
            return None, vibe
    if title is None and description is None and (run := capitalised_run(text)):
        # "Frost Line fans would also like...?", "ich mochte Dunkle Wasser, was noch?"
        return clean_title(run[0]), None
    return title, description


_ARTICLE = re.compile(r"^(?:the|a|an|la|le|les|el|los|las|o|os|as|die|der|das|un|une|una)$", _I)


def _without_words_before_name(title: str | None) -> str | None:
    """ "gestern Die Wolkenfabrik": lower-case words before a capitalised name are the sentence's
    ("the Expanse" keeps its "the", as typed)."""
    if not title or not title[:1].islower() or not (run := capitalised_run(title)):
        return title
    before = title[: run[1]].split()
    if not before or run[1] == 0 or (len(before) == 1 and _ARTICLE.match(before[0])):
        return title
    return title[run[1] :]


# Words that tie a facet to the title before it: "Salt Roads on everything", "Sintonia nos
# temas", "Babylon Berlin von der Struktur her", "Narcos por la trama", "Lupin côté personnages".
_FACET_LEAD = re.compile(
    r"(?:\s+(?:in terms of|when it comes to|with regard to|on|in|by|for|at|nos?|nas?|em|en|"
    r"por|par|pour|la|el|los|las|les|le|the|its|their|de|du|des|do|da|dos|das|der|die|den|dem|pero|aber|"
    r"von|vom|was|bei|in sachen|côté|cote|niveau|au niveau|question|quanto|quanto a|"
    r"em termos de|en cuanto a|en termes de|sus|seus|suas|ses|leurs|ihre[nmr]?|mais|more|but|"
    r"and|y|e|et|und|,|-)\s*)+$",
    _I,
)


def _without_facet(title: str) -> str:
    """The title without a facet said after it ("Salt Roads on everything" -> "Salt Roads")."""
    for _, pattern in FACETS:
        m = pattern.search(title)
        if m is None or m.start() == 0:
            continue
        head = title[: m.start()]
        word = m.group(0)
        before = head.rstrip(" -").rsplit(" ", 1)[-1]
        # A facet word in lower case, or after a small lower-case word ("der Struktur"), is said
        # about the show; "The Structure Club" is a name.
        if word[:1].islower() or (before[:1].islower() and _FACET_LEAD.search(" " + before)):
            cut = _FACET_LEAD.sub("", " " + head).strip(" -,")
            if cut and not is_generic_title(cut):
                title = cut  # else the facet comes first: "the characters in Kestrel Bay"
    return title


def _similar_target(text: str) -> tuple[str | None, str | None]:
    if m := _STYLE_TITLE.match(text):
        title = clean_title(m.group("t"))
        if title:
            return title, None
    if m := _LIKE.search(text):
        if looks_like_code(m.group("t")):
            # "shows like Robert'); DROP TABLE shows;--": text that looks like code is a name to
            # look up, taken whole, never cut at its punctuation.
            return m.group("t").strip(), None
        raw = _without_facet(_CUT_TITLE.split(m.group("t"), maxsplit=1)[0])
        if _DESCRIPTION_START.match(raw) and len(raw.split()) >= 3:
            return None, strip_trailing_fillers(strip_edges(raw))
        title = clean_title(raw)
        if title:
            return title, None
    if (m := _FANS.match(text)) and (title := clean_title(m.group("t"))):
        return title, None
    if m := _ABOUT.search(text):
        first = _description(m.group("x"))
        description = strip_trailing_fillers(strip_edges(first))
        run = capitalised_run(description)
        if run and run[1] == 0 and run[2] == len(description) and _NAMES_A_SHOW.match(m.group(0)):
            # "shows that share themes with The Last of Us": a title, not a description.
            return clean_title(description), None
        if description and not is_generic_title(description):
            return None, description
    return None, None
