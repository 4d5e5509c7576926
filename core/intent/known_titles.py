"""Show titles the bot already knows (the starter catalog, a server's own shows) found in a
message with fuzzy matching (rapidfuzz), so "shows liek breking bad" finds "breking bad".

A match reports the words as the member wrote them (docs/intents.md: titles as written), with the
catalog's spelling beside it. Titles that are also everyday words ("Dark", "Lost", "Friends",
"House") match only when capitalised as a name, exactly: "make it dark" names no show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from rapidfuzz import fuzz

__all__ = ["TitleIndex", "TitleMatch"]

_WORD = re.compile(r"[\w'’&:.!*%;-]+")
_MIN_FUZZY_CHARS = 8  # shorter titles must match exactly: one typo in "Lost" is another word
_FUZZY_SCORE = 88.0


@dataclass(frozen=True, slots=True)
class TitleMatch:
    written: str  # the words of the message
    title: str  # the catalog's spelling
    start: int
    end: int
    score: float


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _bare(title: str) -> str:
    """ "The Office (US)" -> "the office": what people type."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", _fold(title)).strip()


# The server a message comes from, while it is read: its own shows are known titles there and
# nowhere else. Set by `TitleIndex.scope()` around one reading (the analyzer does it), so every
# stage that looks titles up (follow-ups, extraction) sees the same server without each call
# passing it on.
_TENANT: ContextVar[str | None] = ContextVar("intent_title_tenant", default=None)


def _entries(titles: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw in titles:
        title = raw.strip()
        bare = _bare(title)
        if len(bare) >= 2 and bare not in found:
            found[bare] = title
        # "Avatar: The Last Airbender" is often typed as "Avatar"; not for one-word heads.
        head = bare.split(":")[0].strip()
        if ":" in bare and len(head) >= 6 and head not in found:
            found[head] = title
    return found


class TitleIndex:
    def __init__(self, titles: Iterable[str] = ()) -> None:
        self._global: dict[str, str] = {}
        self._by_tenant: dict[str, dict[str, str]] = {}
        self.add(titles)

    def add(self, titles: Iterable[str], *, tenant: str | None = None) -> None:
        """Titles known everywhere, or (with `tenant`) only in that server's messages."""
        target = self._global if tenant is None else self._by_tenant.setdefault(tenant, {})
        for bare, title in _entries(titles).items():
            target.setdefault(bare, title)

    def replace_tenant(self, tenant: str, titles: Iterable[str]) -> None:
        """A server's shows as its library now holds them (a deleted show is forgotten)."""
        self._by_tenant[tenant] = _entries(titles)

    def tenant_titles(self, tenant: str) -> list[str]:
        return sorted(set(self._by_tenant.get(tenant, {}).values()))

    @contextmanager
    def scope(self, tenant: str | None) -> Iterator[None]:
        """Read messages of `tenant` inside this block: its own shows are known titles too."""
        token = _TENANT.set(tenant)
        try:
            yield
        finally:
            _TENANT.reset(token)

    @property
    def _titles(self) -> dict[str, str]:
        tenant = _TENANT.get()
        own = self._by_tenant.get(tenant) if tenant is not None else None
        return {**own, **self._global} if own else self._global

    def __len__(self) -> int:
        return len(self._titles)

    def canonical(self, written: str) -> str | None:
        """The catalog spelling of a title typed on its own, if it is one."""
        bare = _bare(written.strip(" .,!?\"'"))
        known_titles = self._titles
        if bare in known_titles:
            return known_titles[bare]
        if len(bare) >= _MIN_FUZZY_CHARS:
            for known, title in known_titles.items():
                if len(known) >= _MIN_FUZZY_CHARS and fuzz.ratio(bare, known) >= _FUZZY_SCORE:
                    return title
        return None

    def find(self, text: str) -> TitleMatch | None:
        """The best (longest, then closest) known title in the message."""
        known_titles = self._titles
        if not known_titles or not text.strip():
            return None
        folded = _fold(text)
        if len(folded) != len(text):  # a character that folds to two: positions would drift
            folded = text.casefold() if len(text.casefold()) == len(text) else text.lower()
        best: TitleMatch | None = None
        for known, title in known_titles.items():
            found = self._exact(text, folded, known, title)
            if found is None and len(known) >= _MIN_FUZZY_CHARS:
                found = self._fuzzy(text, folded, known, title)
            if found is not None and (
                best is None or (len(found.title), found.score) > (len(best.title), best.score)
            ):
                best = found
        return best

    def _exact(self, text: str, folded: str, known: str, title: str) -> TitleMatch | None:
        # str.find, not a regex per title: a pasted 5,000-character synopsis is scanned for 160
        # titles in well under a millisecond.
        start = folded.find(known)
        while start >= 0:
            end = start + len(known)
            if _word_edges(folded, start, end):
                written = text[start:end]
                # "Signal Fire", "Dark Tide Harbor": another show's name
                if (" " in known or _written_as_name(written)) and not _inside_longer_name(
                    text, start, end
                ):
                    return TitleMatch(written, title, start, end, 100.0)
            start = folded.find(known, start + 1)
        return None

    def _fuzzy(self, text: str, folded: str, known: str, title: str) -> TitleMatch | None:
        aligned = fuzz.partial_ratio_alignment(known, folded, score_cutoff=_FUZZY_SCORE)
        if aligned is None:
            return None
        span = _whole_words(folded, known, aligned.dest_start, aligned.dest_end)
        if span is None:
            return None
        start, end = span
        if _inside_longer_name(text, start, end):
            return None
        return TitleMatch(text[start:end], title, start, end, float(aligned.score))


def _whole_words(folded: str, known: str, start: int, end: int) -> tuple[int, int] | None:
    """The run of whole words closest to the title around a fuzzy alignment: an alignment that
    takes a letter of the word before ("k breking ba" in "liek breking bad") is moved to the words,
    not grown over them."""
    outer_start, outer_end = _widen(folded, start, end)
    starts = {outer_start, _next_word(folded, start)}
    ends = {outer_end, _previous_word_end(folded, end)}
    ends |= {b - 2 for b in ends if folded[b - 2 : b] in ("'s", "’s")}  # "severance's dna"
    best: tuple[float, int, int] | None = None
    for a in starts:
        for b in ends:
            if b - a < 2:
                continue
            score = fuzz.ratio(known, folded[a:b])
            if score >= _FUZZY_SCORE and (best is None or score > best[0]):
                best = (score, a, b)
    return (best[1], best[2]) if best else None


def _next_word(text: str, at: int) -> int:
    """Where the first whole word at or after `at` starts."""
    if at > 0 and _is_word_char(text[at - 1]):
        while at < len(text) and _is_word_char(text[at]):
            at += 1
    while at < len(text) and not _is_word_char(text[at]):
        at += 1
    return at


def _previous_word_end(text: str, at: int) -> int:
    """Where the last whole word that ends at or before `at` ends."""
    if at < len(text) and _is_word_char(text[at]):
        while at > 0 and _is_word_char(text[at - 1]):
            at -= 1
    while at > 0 and not _is_word_char(text[at - 1]):
        at -= 1
    return at


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'’"


def _word_edges(text: str, start: int, end: int) -> bool:
    """No word character touches the span on either side."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after)


_WORD_CHAR = re.compile(r"\w")


def _written_as_name(written: str) -> bool:
    """A one-word title counts only when capitalised as a name ("Dark", "ER")."""
    return written[:1].isupper() or written[:1].isdigit()


_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’]*[a-zà-ÿ][\w'’]*")
_JOINING_WORDS = re.compile(r"(?:of|de|del|des|du|von|da|do)\s+(?:(?:the|la|las|los|le|les)\s+)?")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """A known title followed by more capitalised words names a show of its own: "Signal Fire"
    is not "Signal". Words in capitals ("DNA") and the message's first word do not count."""
    # "Kingdom of Crumbs" is not "Kingdom": small words may join the longer name.
    joined = _JOINING_WORDS.match(text, end + 1) if text[end : end + 1] == " " else None
    at = joined.end() if joined else end + 1
    after = _NAME_WORD.match(text, at) if text[end : end + 1] == " " else None
    if after is not None and text[start:end][:1].isupper():
        return True
    before = text[:start].rstrip()
    if not before or before[-1] in ".!?:" or text[start - 1 : start] != " ":
        return False
    last = before.rsplit(" ", 1)[-1]
    return bool(_NAME_WORD.fullmatch(last)) and " " in before and text[start:end][:1].isupper()


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a fuzzy alignment to whole words."""
    while start > 0 and _is_word_char(text[start - 1]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return start, end
