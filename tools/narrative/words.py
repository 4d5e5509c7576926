"""The lexical signal: a text's words as a sparse IDF-weighted vector (sparse vector "words").

Dense sentence vectors blur what makes two tellings of one story the same story: the names of
its people and places and its rare words (a remake keeps "Max Cady" and "New Bedford"; a
transposition keeps "ghost", "crown" and "poison"). Here each word of a text weighs
idf * tf (K1 + 1) / (tf + K1), BM25's saturation without its length term, the vector is scaled
to unit length, and the store's dot product of two such vectors is their cosine (0 to 1, like
the dense signals it is fused with).

The document frequencies come from the starter catalog's synopses, shipped as data
(`data/word_df.json`, rebuilt by `make catalog-data` with the starter vectors), so a word's
weight never depends on which shows a server happens to hold, and a stored vector stays valid.
A word the catalog never uses counts as the rarest. On the retellings dev split this signal alone
finds the other telling first for 0.82 of texts (whole-synopsis MiniLM: 0.64).

A retelling paraphrases: "betrayal" for "betrayed", "destroying" for "destroys". The vector has two
halves with their own ids, each of unit length: the words as written, and the words with their
Snowball stems beside them ("betrayed" also counts as "~betray"), so two texts that share a
stem score some of what they would for sharing the word. The halves are weighted so that the
dot product is (1 - STEM_SHARE) * cosine of the words + STEM_SHARE * cosine of words-and-stems
(still 0 to 1). Retellings dev with the production weights (sentences 0.3, words 0.7): hit@1
0.889 -> 0.917, MRR 0.921 -> 0.933 over the same words without stems (both queries uncut).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import snowballstemmer

from core.ports.vectors import SparseVector

__all__ = [
    "DF_PATH",
    "K1",
    "QUERY_WORDS",
    "STEM_SHARE",
    "WORDS",
    "document_frequencies",
    "query_words",
    "stems",
    "tokens",
    "word_id",
    "word_vector",
    "write_frequencies",
]

# The sparse named vector's name in the collection and in the ranking weights.
WORDS = "words"
DF_PATH = Path(__file__).resolve().parent / "data" / "word_df.json"

_WORD = re.compile(r"[^\W\d_][\w'’-]+")
# Words every plot summary uses: they would only add noise to the rare-word match.
_STOP = frozenset(
    """the and of to in his her he she they their is was with for on at by as it that this from who
    but into when after has have be are its not one two him them while which where then what
    whose than there been were will would can could also only over more most all any about out
    off own other each both very just""".split()  # noqa: SIM905
)


def tokens(text: str) -> list[str]:
    """The words of a text that count: lower-cased, three letters or more, no stop words."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group().casefold().strip("'’-")
        if len(word) > 2 and word not in _STOP:
            out.append(word)
    return out


def word_id(word: str) -> int:
    """A word's index in the sparse vector: a stable hash (the same in every process)."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFF


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def stems(words: list[str]) -> list[str]:
    """Each word's Snowball stem, marked ("~betray") so it never counts as a word."""
    return [_STEM_MARK + s for s in _stemmer().stemWords(words)]


def document_frequencies(texts: Iterable[str]) -> dict[str, int]:
    """In how many of the texts each word and each stem appears, and (under "") how many texts
    there are."""
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        total += 1
        words = tokens(text)
        counts.update(set(words) | set(stems(words)))
    return {"": total, **dict(sorted(counts.items()))}


# How fast a repeated word stops counting more: with 0.5 a word said twice weighs 1.2 times a
# word said once, three times 1.29 (the (1 + ln tf) of plain TF-IDF: 1.69, 2.10). A retelling
# shares a story's rare words, not how often a summary repeats its hero's name; near-binary
# weights fuse far better with the sentence vectors (retellings dev, 4-fold CV over the retold
# sources with the fusion weights re-chosen per fold: hit@1 0.861 -> 0.884, MRR 0.872 -> 0.910;
# 0.25 gave 0.880, 1.0 0.861, plain tf 0.833, so any small value works).
K1 = 0.5

# The score's share from the words-and-stems half: the dev 3-signal fusion's weights, sentences
# 0.3, words 0.4, words-and-stems 0.3, with the last two as one vector (PLAIN_WEIGHTS' 0.7).
STEM_SHARE = 3 / 7
_STEM_MARK = "~"  # "~betray": a stem, apart from the word "betray"
_BOTH_HALF = "+"  # the words-and-stems half's ids: word_id("+" + feature)

# A query keeps, in each half, its 200 heaviest features and those as heavy as the last kept: in
# practice every word of a synopsis (150 distinct words at most in the starter catalog), so a
# pasted novel cannot make a query of thousands. A cut at 48 kept some of many equally rare words
# by their hash, and that choice alone moved retellings dev hit@1 by 3-4 points; without it
# (and with the stems) the dev 4-fold CV is 0.917 (0.884 before), MRR 0.929 (0.910), and the
# /show similar latency at 156 + 10k shows stayed within its goal (p95 40 ms at load 7).
QUERY_WORDS = 200


def query_words(text: str, frequencies: Mapping[str, int] | None = None) -> SparseVector:
    """The text's word vector with each half cut to its QUERY_WORDS heaviest features (not
    scaled again, so a score stays the full vectors' cosine minus the dropped common words'
    small share)."""
    words, both = _halves(text, frequencies)
    return _joined(_heaviest(words), _heaviest(both))


def _heaviest(half: dict[int, float]) -> dict[int, float]:
    """The QUERY_WORDS heaviest features and every feature as heavy as the last one kept: words
    of equal weight (rare words said once) are equally telling, and keeping some of them by
    their hash made the retellings figures swing by 3-4 points of hit@1."""
    if len(half) <= QUERY_WORDS:
        return half
    floor = sorted(half.values(), reverse=True)[QUERY_WORDS - 1]
    return {i: w for i, w in half.items() if w >= floor - 1e-9}


def write_frequencies(texts: Iterable[str], path: Path = DF_PATH) -> None:
    """Rebuild the shipped table from the starter catalog's synopses (`make catalog-data`)."""
    table = document_frequencies(texts)
    text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    _shipped.cache_clear()


@cache
def _shipped() -> Mapping[str, int]:
    data = json.loads(DF_PATH.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get(""), int):
        raise ValueError(f"{DF_PATH} is not a word-frequency table; run `make catalog-data`")
    return data


def word_vector(text: str, frequencies: Mapping[str, int] | None = None) -> SparseVector:
    """The text's unit-length weighted word vector (empty for a text with no word that counts)."""
    return _joined(*_halves(text, frequencies))


def _halves(
    text: str, frequencies: Mapping[str, int] | None
) -> tuple[dict[int, float], dict[int, float]]:
    """The words half and the words-and-stems half, each of unit length."""
    words = tokens(text)
    return (
        _unit(_weights(words, frequencies, "")),
        _unit(_weights(words + stems(words), frequencies, _BOTH_HALF)),
    )


def _weights(
    features: list[str], frequencies: Mapping[str, int] | None, half: str
) -> dict[int, float]:
    df = frequencies if frequencies is not None else _shipped()
    documents = df.get("", 0)
    rarest = math.log((documents + 1) / 0.5)
    weights: dict[int, float] = {}
    for feature, count in Counter(features).items():
        seen = df.get(feature, 0)
        idf = math.log((documents + 1) / (seen + 0.5)) if seen else rarest
        index = word_id(half + feature)
        # Two features with one hash (about one in ten million pairs) share a weight.
        weights[index] = weights.get(index, 0.0) + count * (K1 + 1.0) / (count + K1) * idf
    return weights


def _unit(weights: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {i: w / norm for i, w in weights.items()} if norm else {}


def _joined(words: dict[int, float], both: dict[int, float]) -> SparseVector:
    """The two halves as one vector: their dot products add up, (1 - STEM_SHARE) and
    STEM_SHARE of each half's cosine."""
    merged: dict[int, float] = {}
    for half, share in ((words, 1.0 - STEM_SHARE), (both, STEM_SHARE)):
        scale = math.sqrt(share)
        for index, weight in half.items():
            merged[index] = merged.get(index, 0.0) + weight * scale
    if not merged:
        return SparseVector()
    ordered = sorted(merged.items())
    return SparseVector(tuple(i for i, _ in ordered), tuple(round(w, 6) for _, w in ordered))
