"""Characters for the offline extractor: who the synopsis is about, and what they are like.

The most mentioned name is the protagonist; the others' roles come first from how the text
introduces them ("a meticulous drug lord", "his girlfriend", "her mentor"), then from how often
they are mentioned. Each character's archetype and arc come from the sentences that mention them;
their want and need are the sentences that read most like a goal and like an inner lesson. With
no names at all there is still one (unnamed) protagonist.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tools.narrative.names import NameMention, find_names
from tools.narrative.schema import Character
from tools.narrative.text import clip_words
from tools.narrative.vocab import Vocabulary

__all__ = ["build_characters"]

Matrix = npt.NDArray[np.float32]

MAX_CHARACTERS = 6
# Words that introduce someone in a role, read next to their name ("a ruthless drug lord named",
# "his girlfriend", "Hank Schrader, a DEA agent, is obsessed with catching").
_ROLE_WORDS: dict[str, re.Pattern[str]] = {
    role: re.compile(r"\b(?:" + words + r")", re.IGNORECASE)
    for role, words in {
        "antagonist": (
            r"villain|nemesis|arch-?enemy|enemy|killer|murderer|drug lord|kingpin|crime boss|"
            r"mob boss|cult leader|tyrant|dictator|warlord|antagonist|psychopath|mastermind|"
            r"preys on|hunts|menace|manipulative (?:boss|rival)"
        ),
        "love_interest": (
            r"love interest|girlfriend|boyfriend|falls? (?:in love|for)|crush on|lover|"
            r"fianc[ée]e?|on-again|romance with|romantic|sweetheart"
        ),
        "mentor": r"mentor|sensei|trains (?:him|her|them)|teaches (?:him|her|them)|guides",
        "foil": r"rival|foil|counterpart",
        "ally": r"best friend|sidekick|partner|companion|teams up with|friend|helps|ally",
    }.items()
}
MAX_WANT_CHARS = 400  # Character.want / Character.need


@dataclass(frozen=True, slots=True)
class _Signals:
    """What the synopsis says, per sentence: similarity to each archetype, arc and probe."""

    sentences: list[str]
    archetype_sims: Matrix
    arc_sims: Matrix
    probe_sims: Matrix  # columns: [want probe, need probe]
    vocab: Vocabulary


def build_characters(
    sentences: list[str],
    archetype_sims: Matrix,
    arc_sims: Matrix,
    probe_sims: Matrix,
    vocab: Vocabulary,
    *,
    lead: str = "",
) -> list[Character]:
    """`lead` is the catalog's words for who the story is about ("ensemble of six friends",
    "chemistry teacher turned drug lord"), when it has them."""
    signals = _Signals(sentences, archetype_sims, arc_sims, probe_sims, vocab)
    mentions = find_names(sentences, max_names=MAX_CHARACTERS)
    if not mentions:
        mentions = [NameMention(name="", count=1, sentences=list(range(len(sentences))))]
    characters: list[Character] = []
    has_antagonist = False
    mentions = _lead_first(mentions)
    lead_count = mentions[0].count
    leads = ensemble_size(lead)
    for rank, mention in enumerate(mentions):
        character = _character(mention, rank, has_antagonist, signals, lead_count)
        if 0 < rank < leads and mention.count >= 2 and character.role in ("ally", "deuteragonist"):
            # The catalog says the story has several leads: the most mentioned share the lead.
            character = character.model_copy(update={"role": "protagonist"})
        has_antagonist = has_antagonist or character.role == "antagonist"
        characters.append(character)
    return characters


_ENSEMBLE = re.compile(r"\b(?:ensemble|gang|group|crew|team|friends)\b", re.I)
# "a shopkeeper and his family", "a boy and his household": one lead among relatives.
_WITH_RELATIVES = re.compile(r"\band (?:his|her|their) (?:family|household|relatives)\b", re.I)
_PAIR = re.compile(r"\b(?:two|pair|duo|and (?:his|her|their|a|an|the)|and)\b", re.I)


def ensemble_size(lead: str) -> int:
    """How many leads the catalog's words for the lead name: an ensemble (4), a pair (2), or
    one."""
    if _WITH_RELATIVES.search(lead):
        return 1
    if _ENSEMBLE.search(lead):
        return 4
    if _PAIR.search(lead):
        return 2
    return 1


def _lead_first(mentions: list[NameMention]) -> list[NameMention]:
    """The lead is the person the synopsis opens on, when they are mentioned about as often as
    the most mentioned one (a show's first sentence is usually about its lead)."""
    top = mentions[0].count
    opening = [m for m in mentions if m.sentences and m.sentences[0] == 0 and m.count * 2 >= top]
    if not opening or opening[0] is mentions[0]:
        return mentions
    lead = opening[0]
    return [lead, *(m for m in mentions if m is not lead)]


def _character(
    mention: NameMention, rank: int, has_antagonist: bool, s: _Signals, lead_count: int
) -> Character:
    rows = np.asarray(sorted(set(mention.sentences)), dtype=np.int64)
    archetypes = s.vocab.ids("archetypes")
    scores = s.archetype_sims[rows].mean(axis=0)
    archetype = archetypes[int(np.argmax(scores))]
    if rank == 0 and archetype == "villain":
        # A lead who behaves like a villain is the story's antihero.
        archetype = "antihero"
    stated = _stated_roles(mention, s.sentences)
    if rank == 0:
        role = "protagonist"
    elif stated and not (stated == "antagonist" and has_antagonist):
        role = stated
    elif rank == 1 and mention.count >= max(2, 0.6 * lead_count):
        role = "deuteragonist"  # a second lead, mentioned nearly as often as the first
    else:
        # Someone in the story's orbit: a friend, colleague or relative.
        role = "ally"
    # The arc shows at the end: the last sentences that mention them.
    arc = s.vocab.ids("arcs")[int(np.argmax(s.arc_sims[rows[-2:]].mean(axis=0)))]
    want_row = int(rows[int(np.argmax(s.probe_sims[rows, 0]))])
    need_row = int(rows[int(np.argmax(s.probe_sims[rows, 1]))])
    return Character(
        name=(mention.name or None) and mention.name[:100],
        role=role,
        archetype=archetype,
        arc=arc,
        want=_clip(s.sentences[want_row]),
        need=_clip(s.sentences[need_row]),
    )


def _clip(sentence: str) -> str:
    # Fifty words can still be longer than the schema's 400 characters (one very long "word",
    # a run of emoji): cut those too, visibly.
    text = clip_words(sentence, 50)
    return text if len(text) <= MAX_WANT_CHARS else text[: MAX_WANT_CHARS - 2].rstrip() + " …"


def _stated_roles(mention: NameMention, sentences: list[str]) -> str | None:
    """The role the words around a character's name give them, if any: the few words before
    the name ("his girlfriend Jane") and the description after it, up to the next name or full
    stop ("Gus Fring, a meticulous drug lord hiding behind...")."""
    forms = sorted({mention.name, *mention.aliases} - {""}, key=len, reverse=True)
    if not forms:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")
    votes: Counter[str] = Counter()
    for index in sorted(set(mention.sentences)):
        sentence = sentences[index]
        for match in pattern.finditer(sentence):
            before = " ".join(sentence[: match.start()].split()[-3:])
            rest = sentence[match.end() :]
            # "Jesse's girlfriend" describes someone else.
            after = "" if rest[:2] in ("'s", "’s") else re.split(r"[.;:]", rest, maxsplit=1)[0]
            window = f"{before} {' '.join(after.split()[:14])}"
            for role, words in _ROLE_WORDS.items():
                if words.search(window):
                    votes[role] += 1
                    break  # the first role listed wins: a villain's "partner" is a villain
    return votes.most_common(1)[0][0] if votes else None
