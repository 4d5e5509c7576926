"""Finding character names in a synopsis without a language model, and hiding them behind roles.

Names are runs of capitalised words, counted where they are not just starting a sentence; words
that mostly follow "in", "at", "to"... (or "the", or a place and a comma: "Hawkins, Indiana") are
places or things, not people. A name introduced as another's alias ("under the alias Heisenberg",
"Vecna, a former lab subject named Henry Creel") is that person, not a second one. It is a
heuristic: good enough to find the two or three people a synopsis is about, and to replace them
with "the protagonist" so that two retellings with different names compare on what happens, not
on who it happens to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "NameMention",
    "anonymise",
    "find_names",
    "find_places",
    "mask_people_and_places",
    "names_somewhere",
    "role_names",
]


def _word_list(name: str) -> frozenset[str]:
    """A word list of data/ (one entry a line, lower case, # comments)."""
    text = (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


# Capitalised words, accented letters included ("Guzmán", "Tobias Fünke").
_RUN = re.compile(
    r"\b[A-ZÀ-ÖØ-Þ][\w'’\-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’\-]+|(?:de|van|von|da|del|al)\b(?=\s+[A-Z])))*"
)
# Someone who made the show, not someone in it: "Created by Charlie Brooker", "Arthur Conan
# Doyle's famous detective", "all played by Rowan Atkinson", "Inspired by Sherlock Holmes".
_CREATOR_BEFORE = re.compile(
    r"\b(?:(?:created|written|directed|produced|developed|co-created|played|portrayed|voiced|"
    r"narrated|inspired|adapted|novels?) by|starring|based on|inspired by|modell?ed on)\s+$",
    re.IGNORECASE,
)
# After a name's "'s".
_CREATOR_AFTER = re.compile(
    r"^\s*(?:\w+ )?(?:novels?|books?|stories|story|series|comics?|plays?|creation|"
    r"detective|characters?|graphic novel|manga|universe)\b",
    re.IGNORECASE,
)
# "the son of Ned", "the wedding of Charles and Camilla": "of" after these names a person.
_PERSON_OF = _word_list("person_of.txt")
# Leading words glued by hyphens that describe the person after them: "Fourteen-year-old
# Shinji", "Nobel-winning economist".
_DESCRIBING_WORD = re.compile(
    r"^[\w'’]+-(?:year-old|old|winning|born|based|time|like|style|era|obsessed|loving)$", re.I
)
# Prepositions that put a name on a map: one such mention ("in London") makes a name seen only
# once or twice a place, whatever else precedes it ("a London detective").
_STRONG_PLACE_CUES = frozenset(
    "in at from into across near outside through around throughout within".split()  # noqa: SIM905
)
# Last words of organisations, institutions, buildings and events, not people ("Lumon Industries").
_ORGANISATION_ENDS = _word_list("organisation_ends.txt")
_PLACE_CUES = frozenset(
    "in at to from into across near outside of through on toward towards around".split()  # noqa: SIM905
)
# Words right before a name that is someone's other name: "under the alias Heisenberg" names the
# person the sentence is about; "Kara Thrace, a pilot known as Starbuck" names the one described.
_ALIAS_NOUN = re.compile(
    r"\b(?:alias|alter ego|a\.k\.a\.?|aka|under the name|persona(?: of)?|"
    r"(?:calls?|calling) (?:himself|herself|themselves)|goes by|going by|"
    r"(?:takes?|took|taking) the name|(?:was|is|were) born|real name(?: is| was)?|true name|"
    r"(?:killer|vigilante|murderer|thief|avenger|figure) as)\s+(?:the\s+)?[\"“']?$",
    re.IGNORECASE,
)
_ALIAS_VERB = re.compile(
    r"\b(?:known as|nicknamed|codenamed|code-named|dubbed)\s+(?:the\s+)?[\"“']?$", re.IGNORECASE
)
# What may stand between a name and "known as": nothing, a comma, or a description of them
# (", a reckless, troubled pilot"). A bare noun ("the doctor nicknamed X") introduces a new one.
_RIGHT_AFTER = re.compile(r"^\s*,?\s*(?:also|later|better|simply)?\s*$")
_DESCRIBED = re.compile(r"^,\s+(?:a|an|the)\b(?:\s*[^\s.;:()]+){1,8}\s*$")
# "Vecna, a former lab subject named Henry Creel": the second name is the first one's.
_APPOSITIVE_NAMED = re.compile(r"^,\s+(?:a|an|the)\b[^,.;:()]*\b(?:named|called)\s+$")
_NAMED = re.compile(r"\b(?:named|called)\s+$")
# "a cozy coffee house called Central Perk", "a ship named Serenity": a thing, not a person.
_THING_NAMED = re.compile(
    r"\b(?:house|bar|cafe|café|coffee shop|shop|store|restaurant|diner|pub|hotel|motel|club|"
    r"company|firm|corporation|town|city|village|country|planet|ship|starship|spaceship|"
    r"school|college|station|prison|island|band|gang|game|show|programme|program|app|"
    r"organi[sz]ation|agency|cult|church|farm|ranch|mall|hospital|estate|sitcom|series|film|"
    r"movie|novel|book|album|song|magazine|newspaper|podcast|pub|cafe|café)\s+(?:named|called)\s+$",
    re.IGNORECASE,
)
# Text between a place and the region after it: "Hawkins, Indiana", "Albuquerque, New Mexico".
_REGION_GAP = re.compile(r"^,\s*$")
_LEAD = ""  # an alias whose owner is not in its sentence belongs to the story's lead
# Capitalised words that are not people: sentence openers, titles, months, nationalities...
_NOT_NAMES = _word_list("not_names.txt")


_KNOWN_PLACES = _word_list("places.txt")


@dataclass(slots=True)
class NameMention:
    name: str
    count: int = 0
    sentences: list[int] = field(default_factory=list)
    place_cues: int = 0
    strong_place_cues: int = 0
    aliases: set[str] = field(default_factory=set)  # shorter forms seen: "Walt", "Pinkman"
    creator_cues: int = 0  # mentions as someone who made the show ("Created by ...")
    # Whose other name this is: the name it was given as an alias of (_LEAD: the lead's).
    alias_of: str | None = None


def _clean(run: str) -> tuple[str, list[str]]:
    """The name in a run of capitalised words, and the leading words dropped from it."""
    words = run.replace("’", "'").split()
    dropped: list[str] = []
    while words and (words[0].lower() in _NOT_NAMES or _DESCRIBING_WORD.match(words[0])):
        dropped.append(words[0].lower())
        words = words[1:]
    while words and words[-1].lower() in _NOT_NAMES:
        words = words[:-1]
    # Acronyms (FBI, DEA, NASA) are organisations far more often than people.
    words = [w for w in words if not (len(w) > 1 and w.isupper())]
    name = " ".join(words)
    return (name[:-2] if name.endswith("'s") else name), dropped


def find_names(sentences: Sequence[str], *, max_names: int = 6) -> list[NameMention]:
    """Likely people, most mentioned first (ties: first appearance)."""
    found, starts = _mentions(sentences)
    merged = _merge_aliases(_merge_partial(list(found.values())), sentences)
    people = [
        m
        for m in merged
        # One capitalised word seen only starting sentences is usually an ordinary word
        # ("Grief", "Dressed"); a full name, or a word also seen mid-sentence, is a name.
        if m.count > starts[m.name] or m.count >= 3 or " " in m.name
        if not _place_like(m) and m.creator_cues < m.count
    ]
    people.sort(key=lambda m: (-m.count, m.sentences[0]))
    return people[:max_names]


def names_somewhere(place: str) -> bool:
    """Whether a place as written names somewhere ("a sandwich shop in Chicago", "Westeros"),
    not only describes it ("an unnamed English city", "a world of four elemental nations")."""
    return any(
        w.lower() not in _NOT_NAMES and not (len(w) > 1 and w.isupper())
        for run in _RUN.findall(place)
        for w in run.split()
    )


def find_places(sentences: Sequence[str]) -> list[str]:
    """Capitalised names that mostly follow "in", "at", "to"...: most mentioned first."""
    found, _ = _mentions(sentences)
    places = [m for m in found.values() if _place_like(m)]
    places.sort(key=lambda m: (-m.count, m.sentences[0]))
    return [m.name for m in places]


def _mentions(sentences: Sequence[str]) -> tuple[dict[str, NameMention], Counter[str]]:
    found: dict[str, NameMention] = {}
    starts: Counter[str] = Counter()
    for index, sentence in enumerate(sentences):
        # name, where it ends, read as a place, itself introduced as "a ... named X"
        previous: list[tuple[str, int, bool, bool]] = []
        for match in _RUN.finditer(sentence):
            name, dropped = _clean(match.group(0))
            if not name or len(name) < 2 or name.lower() in _NOT_NAMES:
                continue
            if name.split()[-1].lower() in _ORGANISATION_ENDS:
                continue
            text_before = sentence[: match.start()]
            before = text_before.split()
            at_start = not before and not dropped
            if at_start:
                starts[name] += 1
            mention = found.setdefault(name, NameMention(name))
            mention.count += 1
            mention.sentences.append(index)
            # A name after "the" ("the Upside Down", "the Alliance") is a thing, a group or a
            # place far more often than a person; so is one right after "Place, ".
            cues = [*dropped, before[-1].lower() if before else ""]
            if cues[-1] in ("of", "to") and len(before) >= 2 and before[-2].lower() in _PERSON_OF:
                cues[-1] = ""  # "the wedding of Charles", "married to Philip": a person
            possessive = match.group(0).endswith(("'s", "’s"))
            after = sentence[match.end() :]
            if _CREATOR_BEFORE.search(text_before) or (possessive and _CREATOR_AFTER.match(after)):
                mention.creator_cues += 1
            gap = sentence[previous[-1][1] : match.start()] if previous else None
            is_place = any(c in _PLACE_CUES or c == "the" for c in cues) or bool(
                gap is not None and _REGION_GAP.match(gap) and previous[-1][2]
            )
            named = bool(_NAMED.search(text_before))
            if is_place or _THING_NAMED.search(text_before):
                mention.place_cues += 1
            if any(c in _STRONG_PLACE_CUES for c in cues):
                mention.strong_place_cues += 1
            owner = _alias_owner(text_before, gap, previous)
            if owner is not None and owner != name:
                mention.alias_of = owner
            previous.append((name, match.end(), is_place, named))
    return found, starts


def _place_like(mention: NameMention) -> bool:
    if mention.place_cues * 2 >= mention.count:
        return True
    # A well-known place name is a place unless it is used often and never as a place (the
    # heist crew of Money Heist is called Tokyo, Berlin, Nairobi...).
    if mention.name.lower() in _KNOWN_PLACES and (mention.place_cues or mention.count <= 2):
        return True
    return mention.strong_place_cues >= 1 and mention.count - mention.place_cues < 3


def _alias_owner(
    text_before: str, gap: str | None, previous: list[tuple[str, int, bool, bool]]
) -> str | None:
    """Whose other name a name is, from the words right before it (None: its own person)."""
    # "a lawyer named Saul Goodman, a fixer named Mike Ehrmantraut" is a list of two people.
    if gap is not None and _APPOSITIVE_NAMED.match(gap) and not previous[-1][3]:
        return previous[-1][0]
    if _ALIAS_NOUN.search(text_before):
        people = [name for name, _, is_place, _ in previous if not is_place]
        return people[-1] if people else _LEAD
    verb = _ALIAS_VERB.search(text_before)
    if verb is None:
        return None
    head = text_before[: verb.start()]
    if not previous:
        return _LEAD if _RIGHT_AFTER.match(head) else None
    for name, end, is_place, _ in reversed(previous):
        between = head[end:]
        if _RIGHT_AFTER.match(between) or _DESCRIBED.match(between):
            return None if is_place else name
    return None


def _merge_aliases(people: list[NameMention], sentences: Sequence[str]) -> list[NameMention]:
    """A name given as someone's alias joins that person (its mentions count as theirs)."""
    by_form: dict[str, NameMention] = {}
    for mention in people:
        by_form[mention.name] = mention
        for alias in mention.aliases:
            by_form.setdefault(alias, mention)
    kept = [m for m in people if m.alias_of is None]
    for mention in people:
        if mention.alias_of is None:
            continue
        owner = by_form.get(mention.alias_of) if mention.alias_of else None
        if owner is None or owner is mention:
            owner = _lead_before(kept, mention.sentences[0], sentences)
        if owner is None or owner is mention:
            kept.append(mention)
            continue
        owner.aliases.add(mention.name)
        owner.aliases.update(mention.aliases)
        owner.count += mention.count
        owner.sentences = sorted({*owner.sentences, *mention.sentences})
    return kept


def _lead_before(
    people: list[NameMention], sentence: int, sentences: Sequence[str]
) -> NameMention | None:
    """The most mentioned person seen up to that sentence ("his alias": usually the lead's)."""
    seen = [m for m in people if m.sentences and m.sentences[0] <= sentence and " " in m.name]
    seen = seen or [m for m in people if m.sentences and m.sentences[0] <= sentence]
    return max(seen, key=lambda m: (m.count, -m.sentences[0]), default=None)


def _merge_partial(people: list[NameMention]) -> list[NameMention]:
    """Single words of a full name ("Walter", "White") count as that name ("Walter White")."""
    full = [m for m in people if " " in m.name]
    kept: list[NameMention] = []
    for mention in people:
        owner = next((f for f in full if f is not mention and _part_of(mention.name, f.name)), None)
        if owner is None:
            kept.append(mention)
        else:
            owner.aliases.add(mention.name)
            owner.count += mention.count
            owner.sentences = sorted({*owner.sentences, *mention.sentences})
    return kept


def _part_of(short: str, full: str) -> bool:
    if " " in short:
        return False
    # "Walt" is short for "Walter": a prefix of at least four letters counts.
    return any(w == short or (len(short) >= 4 and w.startswith(short)) for w in full.split())


def role_names(mentions: Sequence[NameMention], roles: Sequence[str]) -> dict[str, str]:
    """Every form of each name mapped to its role, for `anonymise`."""
    mapping: dict[str, str] = {}
    for mention, role in zip(mentions, roles, strict=False):
        mapping[mention.name] = role
        for alias in mention.aliases:
            mapping.setdefault(alias, role)
    return mapping


def anonymise(text: str, roles: Mapping[str, str]) -> str:
    """Replace each name (and its first and last word alone) with "the <role>"."""
    replacements: dict[str, str] = {}
    for name, role in roles.items():
        phrase = f"the {role.replace('_', ' ')}"
        replacements[name] = phrase
        parts = name.split()
        if len(parts) > 1:
            replacements.setdefault(parts[0], phrase)
            replacements.setdefault(parts[-1], phrase)
    if not replacements:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(replacements, key=len, reverse=True)) + r")"
        r"(['’]s)?\b"
    )
    return pattern.sub(lambda m: replacements[m.group(1)] + ("'s" if m.group(2) else ""), text)


# People kept per text when masking: more than `find_names`' default, so that the minor
# characters of a retelling are hidden too.
MASKED_NAMES = 12


def mask_people_and_places(sentences: Sequence[str]) -> list[str]:
    """The sentences with every word of the people (and their aliases) and places found
    replaced by "someone" / "somewhere": two tellings of a story under other names and in other
    places then compare on what happens (the "masked" MaxSim vector, tools.narrative.indexing)."""
    people = {
        word
        for mention in find_names(sentences, max_names=MASKED_NAMES)
        for form in (mention.name, *mention.aliases)
        for word in form.split()
    }
    places = {word for place in find_places(sentences) for word in place.split()} - people
    patterns = [
        (
            re.compile(
                r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\b"
            ),
            stand_in,
        )
        for words, stand_in in ((people, "someone"), (places, "somewhere"))
        if words
    ]
    out = []
    for sentence in sentences:
        text = sentence
        for pattern, stand_in in patterns:
            text = pattern.sub(stand_in, text)
        out.append(text)
    return out
