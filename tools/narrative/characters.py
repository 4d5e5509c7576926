"""Characters for the offline extractor: who the synopsis is about, and what they are like.

The most mentioned name is the protagonist; each character's archetype and arc come from the
sentences that mention them; their want and need are the sentences that read most like a goal
and like an inner lesson. With no names at all there is still one (unnamed) protagonist.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tools.narrative.names import NameMention, find_names
from tools.narrative.schema import Character
from tools.narrative.text import clip_words
from tools.narrative.vocab import Vocabulary

__all__ = ["build_characters"]

Matrix = npt.NDArray[np.float32]

MAX_CHARACTERS = 5
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
) -> list[Character]:
    signals = _Signals(sentences, archetype_sims, arc_sims, probe_sims, vocab)
    mentions = find_names(sentences, max_names=MAX_CHARACTERS)
    if not mentions:
        mentions = [NameMention(name="", count=1, sentences=list(range(len(sentences))))]
    characters: list[Character] = []
    has_antagonist = False
    for rank, mention in enumerate(mentions):
        character = _character(mention, rank, has_antagonist, signals)
        has_antagonist = has_antagonist or character.role == "antagonist"
        characters.append(character)
    return characters


def _character(mention: NameMention, rank: int, has_antagonist: bool, s: _Signals) -> Character:
    rows = np.asarray(sorted(set(mention.sentences)), dtype=np.int64)
    archetypes = s.vocab.ids("archetypes")
    scores = s.archetype_sims[rows].mean(axis=0)
    archetype = archetypes[int(np.argmax(scores))]
    if rank == 0 and archetype == "villain":
        # A lead who behaves like a villain is the story's antihero.
        archetype = "antihero"
    if rank == 0:
        role = "protagonist"
    elif archetype == "villain" and not has_antagonist:
        role = "antagonist"
    elif archetype == "mentor":
        role = "mentor"
    elif archetype == "lover":
        role = "love_interest"
    elif rank == 1:
        role = "deuteragonist"
    else:
        role = "ally" if mention.count >= 2 else "supporting"
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
