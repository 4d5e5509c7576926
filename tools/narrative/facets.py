"""Facet texts: the DNA rewritten as four short texts, one per way two stories can be alike.

- plot: the logline, the beats' summaries in order and the outcome;
- theme: themes, tone, genres, tropes and the kind of conflict, in the vocabulary's own words;
- structure: the framework and its clearly present beats, then how it ends;
- character: each character's role, archetype, arc, want and need.
Character names are replaced by their roles everywhere ("the protagonist"), so a retelling with
new names compares on what happens and to whom, not on what they are called. Each facet is
embedded into its own named vector; a text longer than the model's window is embedded in windows
that are averaged, never cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from core.ports.embedder import Embedder, Vector
from tools.narrative.names import anonymise
from tools.narrative.schema import NarrativeDNA
from tools.narrative.text import TokenCounter, approx_tokens, clip_words, pack_windows
from tools.narrative.vocab import vocabulary

__all__ = ["DEFAULT_WEIGHTS", "FACETS", "character_roles", "embed_long", "facet_texts"]

FACETS: tuple[str, ...] = ("plot", "theme", "structure", "character")
# The four facets' relative weights when only the DNA is compared (benchmarks/retrieval.py's
# synthetic load). "Shows like X" ranks with tools.narrative.ranking instead: on the independent
# dev sets the DNA facets added nothing over the synopsis, facts and tags.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "plot": 0.45,
    "theme": 0.2,
    "structure": 0.15,
    "character": 0.2,
}


def character_roles(dna: NarrativeDNA) -> dict[str, str]:
    roles: dict[str, str] = {}
    for character in dna.characters:
        if character.name:
            roles.setdefault(character.name, character.role)
    return roles


def facet_texts(dna: NarrativeDNA) -> dict[str, str]:
    vocab = vocabulary()
    roles = character_roles(dna)

    def hide(text: str) -> str:
        return anonymise(text, roles)

    summaries = list(dict.fromkeys(b.summary for b in dna.structure.beats))
    plot = " ".join([dna.logline, *summaries, dna.outcome.summary])

    theme_parts = [
        f"{vocab.term('themes', t.id).label}: {vocab.term('themes', t.id).description}."
        for t in dna.themes
    ]
    tones = ", ".join(vocab.term("tones", t).description for t in dna.tone.labels)
    genres = ", ".join(vocab.term("genres", g).description for g in dna.genres)
    tropes = " ".join(f"{vocab.term('tropes', t).description}." for t in dna.tropes)
    conflict = vocab.term("conflicts", dna.central_conflict.type).description
    theme = (
        " ".join(theme_parts) + f" Tone: {tones}. Genre: {genres}. {tropes} Conflict: {conflict}."
    )

    framework = dna.structure.framework.replace("_", " ")
    beats = " ".join(
        f"{vocab.beat(dna.structure.framework, b.id).label}: {clip_words(b.summary, 18)}"
        for b in dna.structure.beats
        if b.confidence >= 0.5
    )
    outcome = vocab.term("outcomes", dna.outcome.type).description
    structure = f"A {framework} story. {beats} It ends: {outcome}."

    people = []
    for c in dna.characters:
        archetype = vocab.term("archetypes", c.archetype).description
        arc = vocab.term("arcs", c.arc).description
        people.append(
            f"The {c.role.replace('_', ' ')}, a {c.archetype}: {archetype}. Arc: {arc}. "
            f"Wants: {c.want} Needs: {c.need}"
        )
    character = " ".join(people) or "No named characters."

    return {
        "plot": hide(plot),
        "theme": theme,
        "structure": hide(structure),
        "character": hide(character),
    }


async def embed_long(
    embedder: Embedder, texts: Sequence[str], *, count_tokens: TokenCounter | None = None
) -> list[Vector]:
    """One unit vector per text; a text over the model's window is the mean of its windows."""
    count = count_tokens or approx_tokens
    windows: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        for window in pack_windows(text, count_tokens=count, max_tokens=embedder.max_tokens):
            windows.append(window)
            owners.append(i)
    if not windows:
        return []
    vectors = np.asarray(await embedder.embed(windows), dtype=np.float32)
    pooled = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    np.add.at(pooled, np.asarray(owners), vectors)
    pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return [row.tolist() for row in pooled]
