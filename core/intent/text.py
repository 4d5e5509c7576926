"""Small text helpers shared by the rules, the parameter extractors and the follow-up reader."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "NUMBER_WORDS",
    "clause_spans",
    "clauses",
    "is_generic_title",
    "join_clauses",
    "looks_like_code",
    "normalise",
    "rejoin_clauses",
    "strip_edges",
    "strip_trailing_fillers",
    "to_int",
]

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "´": "'"})
_SPACES = re.compile(r"\s+")

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "a couple": 2,
    "a pair": 2,
    "couple": 2,
    "pair": 2,
    "a single": 1,
    "single": 1,
    "a dozen": 12,
    "dozen": 12,
    "half a dozen": 6,
    "un par de": 2, "um par de": 2,  # "a couple of": two, as "a couple" is
    "une douzaine": 12, "una docena": 12, "ein dutzend": 12, "uma dúzia": 12,
    # French, Spanish, German, Portuguese up to twelve, then the round ones. Not the Spanish
    # "once" (11) nor the German "elf" (11): English words first ("draw an elf", "animate once").
    "un seul": 1, "une seule": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30,
    "un solo": 1, "una sola": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "quince": 15, "veinte": 20,
    "treinta": 30,
    "nur eine": 1, "nur einen": 1, "nur ein": 1, "eine einzige": 1, "einen einzigen": 1,
    "ein einziges": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20,
    "dreißig": 30,
    "um só": 1, "uma só": 1, "um único": 1, "uma única": 1, "apenas uma": 1, "apenas um": 1,
    "duas": 2, "dois": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8, "nove": 9, "dez": 10,
    "doze": 12, "vinte": 20, "trinta": 30,
}  # fmt: skip
# Digits or any of the words above (longest first, so "a couple" wins over "couple").
NUMBER = (
    r"(?:\d{1,4}|"
    + "|".join(
        re.escape(word).replace(r"\ ", r"\s+")
        for word in sorted(NUMBER_WORDS, key=len, reverse=True)
        if word != "single"  # "single" is read where it counts: "a single scene"
    )
    + ")"
)


def normalise(text: str) -> str:
    """NFKC (full-width letters, ligatures), unified quotes and whitespace; case is kept (titles
    are reported as written)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_UNDER_100 = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{'|'.join(_UNITS)}))?|ten|eleven|twelve|"
    r"(?:thir|four|fif|six|seven|eigh|nine)teen|" + "|".join(_UNITS) + ")"
)
# English numbers said in words up to the thousands ("three hundred", "forty-two", "two thousand
# and twenty four"): seeds are said that way, counts rarely go past twelve (NUMBER).
BIG_NUMBER = (
    rf"(?:(?:{_UNDER_100}\s+thousand(?:\s+(?:and\s+)?(?:{_UNDER_100}\s+hundred"
    rf"(?:\s+(?:and\s+)?{_UNDER_100})?|{_UNDER_100}))?)|{_UNDER_100}\s+hundred"
    rf"(?:\s+(?:and\s+)?{_UNDER_100})?|(?:{'|'.join(_TENS)})[\s-]+(?:{'|'.join(_UNITS)}))"
)


def _english_words_to_int(token: str) -> int | None:
    total = part = 0
    for word in re.split(r"[\s-]+", token):
        if word == "and":
            continue
        if word in ("hundred", "thousand"):
            part = max(part, 1) * (100 if word == "hundred" else 1000)
            if word == "thousand":
                total, part = total + part, 0
        elif word in _TENS:
            part += _TENS[word]
        elif (n := NUMBER_WORDS.get(word)) is not None and n < 20:
            part += n
        else:
            return None
    return total + part


def to_int(token: str) -> int | None:
    token = _SPACES.sub(" ", token.strip().lower())
    if token.isdigit():
        return int(token)
    if (n := NUMBER_WORDS.get(token)) is not None:
        return n
    return _english_words_to_int(token) if re.fullmatch(BIG_NUMBER, token) else None


# Clause separators: commas, semicolons, dashes used as separators, and " + ". Not ". ": titles
# such as "Mr. Robot" contain it.
_CLAUSE_SPLIT = re.compile(r"\s*(?:,|;|\s[—–-]\s|\s\+\s)\s*")


def clauses(text: str) -> list[str]:
    return [part for part in _CLAUSE_SPLIT.split(text) if part.strip()]


def join_clauses(parts: list[str]) -> str:
    return ", ".join(part.strip() for part in parts if part.strip())


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Where each clause of `text` starts and ends (the parts `clauses()` returns)."""
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def rejoin_clauses(text: str, spans: list[tuple[int, int]], kept: dict[int, str]) -> str:
    """The kept clauses (index -> its text, maybe trimmed) with the separators the member wrote
    before them: "EXT. MOTEL - DUSK" keeps its dash."""
    out: list[str] = []
    previous: int | None = None
    for index in sorted(kept):
        part = kept[index].strip()
        if not part:
            continue
        if out:
            separator = text[spans[index - 1][1] : spans[index][0]] if index else ", "
            ends = (
                previous is not None
                and _SENTENCE_BREAK.search(text, spans[previous][1], spans[index][0]) is not None
            )
            if ends and not _SENTENCE_BREAK.search(separator):
                # "... a background image. Widescreen, and it should be ...": the sentence end
                # before a clause left out still ends the sentence.
                separator = ". "
            out.append(separator)
        out.append(part)
        previous = index
    return "".join(out)


_SENTENCE_BREAK = re.compile(r"(?<=[\w)'\"])[.!?]+\s")


_EDGE = " \t\n.,;:!?¡¿-—–~*_\"'`()[]"


_CLOSERS = {")": "(", "]": "["}


def strip_edges(text: str) -> str:
    return _rstrip_edges(text.lstrip(_EDGE))


def _rstrip_edges(text: str) -> str:
    stripped = text.rstrip(_EDGE)
    # A closing bracket belongs to the text when its opener is there too: "The Office (UK)".
    rest = text[len(stripped) :]
    for closer, opener in _CLOSERS.items():
        if rest.startswith(closer) and stripped.count(opener) > stripped.count(closer):
            stripped += closer
    # A closing quote too, when the last quote in the text opens a quotation: "a sign that
    # reads 'no entry'" keeps its quote, "it's" is no quotation.
    for quote in "'\"":
        at = stripped.rfind(quote)
        if rest.startswith(quote) and at >= 0 and (at == 0 or stripped[at - 1] in " (:"):
            stripped += quote
    return stripped


_TRAILING_FILLERS = re.compile(
    r"(?:\s*[,.!?]*\s*\b(?:please|pls|plz|pleeease|thanks|thank you|thx|ty|for me|for us|asap|"
    r"right now|now|bitte|por favor|s'il te plaît|stp|go|ok|okay|k|real quick|quickly|"
    r"if you can|if possible|when you can|lo+l|lmf?a+o+|ha(?:ha)+|ja(?:ja)+|kk+|rs(?:rs)+|xd+|"
    r"mdr|ptdr|rn|ngl|tbh|fr fr|thank you(?: so| very)? much|thanks a lot|many thanks|"
    r"merci(?: beaucoup)?|(?:muchas )?gracias|muito obrigad[oa]|obrigad[oa]|vielen dank|danke|"
    r"danke schön|cheers|no cap|ong|on god|istg|frfr|deadass|vlw|valeu|obg|brigad[oa]|hehe|hihi|"
    r"uwu|owo|tysm|tyvm|bestie|fam|bro|bruh|dude|mate|pfv|pf|porfa|porfis|stp|svp|xfa|xf|plis|"
    r"plsss*|pleaseee*)\b)+[\s.!?]*$",
    re.IGNORECASE,
)


_TAIL = 200  # fillers are looked for at the end only: "pls thanks" is never 200 characters


def strip_trailing_fillers(text: str) -> str:
    text = strip_edges(text)
    head, tail = text[:-_TAIL], text[-_TAIL:]
    for _ in range(4):
        trimmed = _rstrip_edges(_TRAILING_FILLERS.sub("", tail))
        if trimmed == tail:
            break
        tail = trimmed
    return _rstrip_edges(head + tail)


# Words that, alone, do not name a show: "analyze this show", "dna of my favorite show".
_GENERIC_WORDS = frozenset(
    """
    a an the my this that these those your our his her its their some any one another
    favorite favourite fav fave own new old same other certain random show shows series
    serie serien tv program programme script pilot story stories episode it thing something
    anything stuff idea one's show's series' me us you everything synopsis plot draft
    concept what which who whose how somewhere elsewhere else here there la el le les los
    smth sth smthg someone somebody few couple several handful
    las un une una uno ein eine einen der die das mi ma mon
    now and y e et und then also original first last previous earlier former latter
    su sus son sa ses leur seu sua seus suas sein seine seiner ihr ihre dessen davon dazu
    dela dele delas deles disso isso isto eso esto ça cela ceci dies diese dieser
    série séries sendung sendungen programa programas émission émissions folge
    pour moi pra mim para mí für mich for um uma umas uns unos unas des
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


# "that show i like", "my favourite series ever": a description of some show, not its name
# (only when not capitalised: "The Morning Show" is a title).
_SOME_SHOW = re.compile(
    # "one of my shows", "a few of our series": which one is still not said
    r"^(?:(?:one|some|any|a\s+few|a\s+couple|two|three)\s+of\s+)?"
    r"(?:a|an|the|this|that|my|your|our|some|one|any|their)\s+(?:[\w'-]+\s+)?(?:show|series|"
    r"program|programme|script|pilot|story|one|thing)s?\b"
)


def is_generic_title(text: str) -> bool:
    words = re.findall(r"[\w']+", text.lower())
    return (
        not words or all(word in _GENERIC_WORDS for word in words) or bool(_SOME_SHOW.match(text))
    )


# Text that reads as code or markup ("Robert'); DROP TABLE shows;--", "<script>"): taken whole as
# data, never cut at its punctuation, so what the member typed is what gets looked up.
_CODE = re.compile(
    r"['\"]\)|\);|;\s*--|--\s*$|/\*|</?script|<\w+[^>]*>|\bdrop\s+table\b", re.IGNORECASE
)


def looks_like_code(text: str) -> bool:
    return bool(_CODE.search(text))
