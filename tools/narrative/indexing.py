"""Turning DNAs into stored points: signal texts -> one embedding batch -> one point per work.

A work is written as ONE point holding every named vector and its payload, so a failure never
leaves part of a work behind: a work is either fully searchable or absent.

The named vectors (`VECTORS`):
- "synopsis": the whole synopsis, names kept, embedded in windows that are averaged;
- "facts": the logline and curated facts as one short text (`tools.narrative.facts`);
- "sentences": the synopsis sentence by sentence (a multivector compared by MaxSim);
- "masked": the same sentences with the people and places replaced by "someone"/"somewhere"
  (`names.mask_people_and_places`; MaxSim), so a retelling under new names still matches;
- the four DNA facets (plot, theme, structure, character: `tools.narrative.facets`);
- and one sparse vector, "words": the synopsis's words as TF-IDF (`tools.narrative.words`).
The payload carries the facts as tags ("subgenres:crime drama", ...) with the inverse norm of
their weights, which the store's score formula needs to score shared facts as a cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.ports.embedder import Embedder
from core.ports.vectors import TAGS_INV_NORM_KEY, TAGS_KEY, AnyVector, VectorStore, WorkPoint
from core.result import StepResult
from tools.narrative.facets import FACETS, embed_long, facet_texts
from tools.narrative.facts import ShowFacts, facts_text, tag_norm, tag_terms
from tools.narrative.names import mask_people_and_places
from tools.narrative.schema import NarrativeDNA
from tools.narrative.text import TokenCounter, approx_tokens, sentence_chunks, split_sentences
from tools.narrative.words import WORDS, word_vector

__all__ = [
    "LAYOUT",
    "MASKED",
    "MULTI",
    "SENTENCES",
    "SIGNALS",
    "SPARSE",
    "VECTORS",
    "IndexItem",
    "WorkIndexer",
    "sentence_units",
    "work_payload",
]

SIGNALS: tuple[str, ...] = ("synopsis", "facts")
# The synopsis sentence by sentence, compared by MaxSim (each sentence's best match): finds a
# retelling whose events match one by one, in other words (a multivector, `MULTI`).
SENTENCES = "sentences"
# The same sentences with people and places masked: a transposition (The Tempest / Forbidden
# Planet) tells the same events under other names (retellings dev CV 0.917 -> 0.931).
MASKED = "masked"
MULTI: tuple[str, ...] = (SENTENCES, MASKED)
VECTORS: tuple[str, ...] = (*SIGNALS, SENTENCES, MASKED, *FACETS)
# Sparse named vectors: the synopsis's words (names, places, rare words) for lexical matching.
SPARSE: tuple[str, ...] = (WORDS,)
# The collection layout these vectors and payload make (`CollectionSpec.layout`).
LAYOUT = 5
# Sentences kept per work: a longer synopsis is grouped into this many runs of sentences, so a
# point stays a bounded size.
MAX_SENTENCES = 48


@dataclass(frozen=True, slots=True)
class IndexItem:
    tenant: str
    dna: NarrativeDNA
    synopsis: str
    genres: tuple[str, ...] = ()  # the catalog's own genre words (none for a user's show)
    facts: ShowFacts = field(default_factory=ShowFacts)

    def genre_words(self) -> tuple[str, ...]:
        return self.genres or tuple(self.dna.genres)


def work_payload(
    dna: NarrativeDNA,
    synopsis: str,
    *,
    genres: Sequence[str] = (),
    facts: ShowFacts | None = None,
) -> dict[str, Any]:
    """What a point carries besides its vectors: the DNA itself, the lists a "why" compares,
    the curated facts and their tags, and the synopsis (so a later extractor can re-read it)."""
    facts = facts or ShowFacts()
    words = list(genres) or list(dna.genres)
    tags = tag_terms(words, facts)
    norm = tag_norm(tags)
    return {
        "title": dna.work.title,
        "year": dna.work.year,
        "medium": dna.work.medium,
        "source": dna.work.source,
        "genres": list(dna.genres),
        "catalog_genres": words,
        "facts": facts.as_payload(),
        TAGS_KEY: sorted(tags),
        TAGS_INV_NORM_KEY: 1.0 / norm if norm else 0.0,
        "themes": dna.theme_ids(),
        "archetypes": dna.archetypes(),
        "tropes": list(dna.tropes),
        "beat_functions": dna.beat_functions(),
        "framework": dna.structure.framework,
        "tone": list(dna.tone.labels),
        "logline": dna.logline,
        "schema_version": dna.schema_version,
        "extraction": dna.extraction.method,
        "dna": dna.model_dump(mode="json"),
        "synopsis": synopsis,
    }


def sentence_units(
    text: str, *, max_tokens: int, count_tokens: TokenCounter | None = None
) -> list[str]:
    """The synopsis as at most MAX_SENTENCES pieces (a piece may exceed the model's window only
    when sentences are grouped; the embedder then warns that it cut it)."""
    count = count_tokens or approx_tokens
    chunks = sentence_chunks(split_sentences(text), count_tokens=count, max_tokens=max_tokens)
    sentences = [c.text for c in chunks]
    if not sentences:
        return [text]
    size = -(-len(sentences) // MAX_SENTENCES)  # ceiling division
    if size == 1:
        return sentences
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]


class WorkIndexer:
    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        *,
        count_tokens: TokenCounter | None = None,
    ) -> None:
        self._embedder = embedder
        self._store = store
        self._count = count_tokens

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors of texts of any length (windows averaged)."""
        return await embed_long(self._embedder, texts, count_tokens=self._count)

    async def vectors(self, dnas: Sequence[NarrativeDNA]) -> list[dict[str, list[float]]]:
        """The DNA facet vectors of each DNA (one embedding batch for all of them)."""
        texts = [facet_texts(d) for d in dnas]
        flat = [t[f] for t in texts for f in FACETS]
        vectors = await self.embed(flat)
        n = len(FACETS)
        return [{f: vectors[i * n + j] for j, f in enumerate(FACETS)} for i in range(len(dnas))]

    async def sentences(self, texts: Sequence[str]) -> list[dict[str, AnyVector]]:
        """Each text's MaxSim multivectors (its sentences, as written and with people and places
        masked), in one embedding batch."""
        limit = self._embedder.max_tokens
        units = [sentence_units(t, max_tokens=limit, count_tokens=self._count) for t in texts]
        runs = [run for unit in units for run in (unit, mask_people_and_places(unit))]
        flat = await self._embedder.embed([u for run in runs for u in run])
        vectors, start = [], 0
        for run in runs:
            vectors.append([list(v) for v in flat[start : start + len(run)]])
            start += len(run)
        return [{SENTENCES: vectors[2 * i], MASKED: vectors[2 * i + 1]} for i in range(len(texts))]

    async def all_vectors(self, items: Sequence[IndexItem]) -> list[dict[str, AnyVector]]:
        """Every named vector of each item, in two embedding batches."""
        texts = [facet_texts(item.dna) for item in items]
        single = [name for name in VECTORS if name not in MULTI]
        flat: list[str] = []
        for item, facet in zip(items, texts, strict=True):
            facts = facts_text(
                item.dna.work.title, item.genre_words(), item.facts, item.dna.logline
            )
            flat.extend([item.synopsis, facts, *(facet[f] for f in FACETS)])
        vectors = await self.embed(flat)
        sentences = await self.sentences([item.synopsis for item in items])
        n = len(single)
        out: list[dict[str, AnyVector]] = []
        for i in range(len(items)):
            named: dict[str, AnyVector] = {v: vectors[i * n + j] for j, v in enumerate(single)}
            named.update(sentences[i])
            out.append(named)
        return out

    async def points(self, items: Sequence[IndexItem]) -> list[WorkPoint]:
        vectors = await self.all_vectors(items)
        return [
            WorkPoint(
                item.tenant,
                item.dna.work.id,
                named,
                work_payload(item.dna, item.synopsis, genres=item.genres, facts=item.facts),
                sparse={WORDS: word_vector(item.synopsis)},
            )
            for item, named in zip(items, vectors, strict=True)
        ]

    async def index(self, items: Sequence[IndexItem]) -> StepResult[int]:
        if not items:
            return StepResult.success(0)
        return await self._store.upsert(await self.points(items))
