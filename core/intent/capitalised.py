"""Runs of capitalised words in a message: where a show's name most likely is when no words
introduce it ("Fargo - analyse it", "Harbor Lights. What are its themes?"). Small connectors
("of the", "de las") may sit inside a run; question words, request verbs and pronouns start none.
"""

from __future__ import annotations

import re

__all__ = ["NOT_TITLE_WORDS", "capitalised_run"]

_I = re.IGNORECASE

_CONNECTORS = frozenset(
    """
    of the and a an in on at to de del la las los le les des du da do di von der die das & y
    et und vs vs. - : 's el l' au aux sur en dos das o os as e em no na am im zum zur vom dem den
    des auf aus mit for from with x
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_MAX_CONNECTORS = 2  # "The Lord of the Rings", "La Casa de las Flores"
NOT_TITLE_WORDS = frozenset(
    """
    i i'm i'd i've i'll dna adn what what's whats how how's hows who why when where which
    can could would will should please pls show shows give get make analyze analyse analyze:
    reduce run tell compute pull decode map sequence extract find recommend suggest list
    anything something any some the a an is are was it this that my your yes no ok okay hey
    hi also so but and or if then now ever else more thanks thank reimagine rewrite
    transform put set move drop turn imagine picture adapt relocate remake rework swap give
    me look looking critique dissect evaluate break breakdown do full deep story narrative
    storytelling anime series serien más mas top best similar like similar? got need kennst
    zeig quel el qué que ¿qué peux-tu haz analysiere analiza analiser analyser
    loved liked enjoyed finished watched binged adored devoured rewatched
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_ARTICLES = frozenset({"the", "a", "an"})
_TOKEN = re.compile(r"[\w'’.&:-]+|[^\w\s]", re.UNICODE)


# A dot that ends a word ends the sentence, except after an initial or a short title: "Harbor
# Lights. What are its themes?" names "Harbor Lights"; "Mr. Robot" and "House M.D." keep theirs.
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Ft|vs|No|Vol|Pt)\.", _I)


def _ends_sentence(token: str) -> bool:
    return token.endswith(".") and not _ABBREVIATION.fullmatch(token) and token.strip(".") != ""


def _is_cap(token: str) -> bool:
    return bool(token) and (token[0].isupper() or token[0].isdigit())


def _after_connectors(tokens: list[tuple[str, int, int]], k: int) -> int | None:
    """Where a run goes on after one or two small words ("of the", "de las"), if a capitalised
    word follows them."""
    for n in range(1, _MAX_CONNECTORS + 1):
        if k + n - 1 >= len(tokens) or tokens[k + n - 1][0].lower() not in _CONNECTORS:
            return None
        if k + n < len(tokens) and _is_cap(tokens[k + n][0]) and tokens[k + n][0][0].isalpha():
            return k + n
    return None


def capitalised_run(text: str) -> tuple[str, int, int] | None:
    """The longest run of capitalised words (small connectors allowed inside), with its span."""
    best: tuple[str, int, int] | None = None
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(tokens):
        word, start, _ = tokens[i]
        bare = word.strip(":").lower()
        leads = (
            bare in _ARTICLES
            and word[:1].isupper()
            and i + 1 < len(tokens)
            and _is_cap(tokens[i + 1][0])
            and tokens[i + 1][0].lower() not in NOT_TITLE_WORDS
        )
        if not leads and (not _is_cap(word) or bare in NOT_TITLE_WORDS):
            i += 1
            continue
        j = i
        end = tokens[i][2]
        k = i + 1
        while k < len(tokens) and not _ends_sentence(tokens[k - 1][0]):
            w = tokens[k][0]
            if _is_cap(w) and w.strip(":").lower() not in {"i", "dna", "adn"}:
                j = k
                end = tokens[k][2]
                k += 1
            elif w.lower() in _CONNECTORS and (after := _after_connectors(tokens, k)) is not None:
                k = after
            else:
                break
        if _ends_sentence(tokens[j][0]):
            end -= len(tokens[j][0]) - len(tokens[j][0].rstrip("."))
        run = text[start:end].rstrip(":")
        if best is None or len(run) > len(best[0]):
            best = (run, start, end)
        i = j + 1
    if best is not None and (the := _LOWER_THE.search(text, 0, best[1])):
        # "what makes the Expanse work": a leading "the" is kept as typed.
        best = (text[the.start() : best[2]].rstrip(":"), the.start(), best[2])
    return best


_LOWER_THE = re.compile(r"(?<![\w'])the $")
