"""The offline DNA extractor: embedding zero-shot of a synopsis against our vocabularies.

Every sentence (a sentence too long for the model is split, never cut) is embedded with the
vocabulary descriptions; themes, tropes and the central conflict come from the sentences that read
most like them (kept as evidence), tone/genre/setting from the whole text, beats are placed on the
sentences in story order (their position is the sentence's position), characters are the names the
text mentions most. It needs no API key and costs one embedding batch per work; it is less
precise than Claude, and says so with a lower confidence.

Era, setting, tone and themes come first from the catalog's curated facts, then from what the
text states outright, and only then from the zero-shot reading (tools.narrative.grounding); each
DNA records which it was per field, so `/show dna` never shows a guess as a fact.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from core.logging import get_logger
from core.ports.embedder import Embedder
from core.result import ErrorCode, StepResult
from tools.narrative.beats import place_beats, sentence_positions
from tools.narrative.characters import build_characters
from tools.narrative.cues import read_tropes
from tools.narrative.grounding import (
    curated_themes,
    curated_tropes,
    ground_era,
    ground_place,
    ground_tone,
)
from tools.narrative.names import find_places
from tools.narrative.schema import (
    Beat,
    Conflict,
    DnaBody,
    Evidence,
    Extraction,
    FieldSource,
    NarrativeDNA,
    Outcome,
    Setting,
    Structure,
    ThemeScore,
    Tone,
    TurningPoint,
)
from tools.narrative.text import (
    TokenCounter,
    approx_tokens,
    clip_words,
    sentence_chunks,
    split_sentences,
    validate_synopsis,
)
from tools.narrative.vocab import FRAMEWORKS, Vocabulary, vocabulary
from tools.narrative.work import WorkText

__all__ = ["HeuristicExtractor", "VocabIndex"]

log = get_logger(__name__)

Matrix = npt.NDArray[np.float32]
VERSION = "h6"

# What a want and a need read like: the sentences nearest to these become a character's.
PROBES = (
    "they want to win, get or achieve something and set out to make it happen",
    "they must learn to change, accept the truth and face who they really are",
)
_DOC_KINDS = (
    "genres",
    "tones",
    "eras",
    "world_types",
    "conflicts",
    "outcomes",
    "arcs",
    "archetypes",
    "themes",
    "tropes",
)


def _unit_rows(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


class VocabIndex:
    """The vocabulary descriptions as unit vectors, one matrix per kind (embedded once)."""

    def __init__(self, vocab: Vocabulary, matrices: dict[str, Matrix]) -> None:
        self.vocab = vocab
        self.matrices = matrices

    @classmethod
    async def build(cls, embedder: Embedder, vocab: Vocabulary) -> VocabIndex:
        texts: list[str] = []
        spans: dict[str, tuple[int, int]] = {}
        for kind in _DOC_KINDS:
            start = len(texts)
            texts.extend(t.description for t in vocab.terms[kind])
            spans[kind] = (start, len(texts))
        for name in FRAMEWORKS:
            start = len(texts)
            texts.extend(b.description for b in vocab.frameworks[name])
            spans[f"beats:{name}"] = (start, len(texts))
        spans["probes"] = (len(texts), len(texts) + len(PROBES))
        texts.extend(PROBES)
        vectors = np.asarray(await embedder.embed(texts), dtype=np.float32)
        return cls(vocab, {k: _unit_rows(vectors[a:b]) for k, (a, b) in spans.items()})


class HeuristicExtractor:
    """`DnaExtractor` without a language model."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        max_chars: int = 60000,
        count_tokens: TokenCounter | None = None,
        zero_shot: bool = False,
    ) -> None:
        """`zero_shot` reads era, tone and tropes from the embedding alone, ignoring catalog facts
        and what the text states (the reader as it was: benchmarks/dna_facts.py's baseline)."""
        self._zero_shot = zero_shot
        self._embedder = embedder
        self._max_chars = max_chars
        self._count = count_tokens or approx_tokens
        self._index: VocabIndex | None = None
        self._lock = asyncio.Lock()

    @property
    def method(self) -> str:
        return "heuristic"

    @property
    def version(self) -> str:
        mode = "-zero-shot" if self._zero_shot else ""
        return f"heuristic-{VERSION}{mode}-vocab{vocabulary().version}-{self._embedder.model_name}"

    async def _vocab(self) -> VocabIndex:
        async with self._lock:
            if self._index is None:
                self._index = await VocabIndex.build(self._embedder, vocabulary())
            return self._index

    async def extract(self, work: WorkText) -> StepResult[NarrativeDNA]:
        return (await self.extract_many([work]))[0]

    async def extract_many(self, works: Sequence[WorkText]) -> list[StepResult[NarrativeDNA]]:
        index = await self._vocab()
        results: list[StepResult[NarrativeDNA] | None] = [None] * len(works)
        texts: list[str] = []
        plans: list[tuple[int, list[str], list[int], int]] = []  # work, sentences, owners, offset
        for i, work in enumerate(works):
            checked = validate_synopsis(work.synopsis, max_chars=self._max_chars)
            if checked.error is not None:
                results[i] = checked.cast_error()
                continue
            sentences = split_sentences(checked.unwrap())
            chunks = sentence_chunks(
                sentences, count_tokens=self._count, max_tokens=self._embedder.max_tokens
            )
            plans.append((i, sentences, [c.sentence for c in chunks], len(texts)))
            texts.extend(c.text for c in chunks)
        # One embedding batch for every sentence of every work.
        vectors = np.asarray(await self._embedder.embed(texts), dtype=np.float32) if texts else None
        for i, sentences, owners, offset in plans:
            assert vectors is not None
            chunk_vectors = vectors[offset : offset + len(owners)]
            sentence_vectors = _pool(chunk_vectors, owners, len(sentences))
            work = replace(works[i], facts={}) if self._zero_shot else works[i]
            curated = curated_themes(work.facts)
            results[i] = _extract(
                work, sentences, sentence_vectors, index, curated, grounded=not self._zero_shot
            )
        return [r for r in results if r is not None]


def _pool(chunks: Matrix, owners: list[int], count: int) -> Matrix:
    """A sentence split into several chunks is the mean of its chunks."""
    out = np.zeros((count, chunks.shape[1]), dtype=np.float32)
    np.add.at(out, np.asarray(owners), chunks)
    return _unit_rows(out)


def _extract(
    work: WorkText,
    sentences: list[str],
    vectors: Matrix,
    index: VocabIndex,
    curated_themes: list[str],
    *,
    grounded: bool,
) -> StepResult[NarrativeDNA]:
    vocab, m = index.vocab, index.matrices
    doc = _unit_rows(vectors.mean(axis=0, keepdims=True))[0]
    sims = {kind: vectors @ m[kind].T for kind in _DOC_KINDS}
    doc_sims = {kind: m[kind] @ doc for kind in _DOC_KINDS}
    positions = sentence_positions(len(sentences))
    sources: dict[str, FieldSource] = {"characters": "text"}
    catalog_tropes = curated_tropes(work.facts)
    stated_tropes = catalog_tropes or (read_tropes(sentences) if grounded else [])
    sources["tropes"] = "catalog" if catalog_tropes else "text" if stated_tropes else "guess"

    themes = _themes(sentences, sims["themes"], doc_sims["themes"], vocab, curated_themes)
    sources["themes"] = "catalog" if curated_themes else "guess"
    stated_tone = ground_tone(work.facts, sentences) if grounded else None
    tone = _tone(doc_sims["tones"], vocab, stated_tone.value if stated_tone else None)
    sources["tone"] = stated_tone.source if stated_tone else "guess"
    era = ground_era(work.facts, sentences, work.year) if grounded else None
    sources["setting.era"] = era.source if era else "guess"
    place = ground_place(work.facts, work.synopsis, _place(sentences))
    sources["setting.place"] = place.source if place else "guess"
    world_type = _best(doc_sims["world_types"], vocab, "world_types")
    genres = _genres(work.genres, doc_sims["genres"], vocab)
    sources["genres"] = "catalog" if any(vocab.genre_for(g) for g in work.genres) else "guess"
    fits = {
        name: place_beats(vocab.frameworks[name], vectors @ m[f"beats:{name}"].T, positions)
        for name in FRAMEWORKS
    }
    framework = max(fits, key=lambda name: fits[name][0])  # the framework the text fits best
    fit, placements = fits[framework]
    beats = [
        Beat(
            id=p.beat.id,
            position=round(p.position, 4),
            summary=clip_words(sentences[p.sentence], 60),
            confidence=round(_scale(p.similarity, 0.1, 0.45), 3),
        )
        for p in placements
    ]
    turning = [
        TurningPoint(beat=b.id, position=b.position, summary=b.summary)
        for b, p in zip(beats, placements, strict=True)
        if p.beat.turning_point
    ]
    tail = max(2, len(sentences) // 3)
    outcome_scores = sims["outcomes"][-tail:].mean(axis=0)
    conflict_id = _best(doc_sims["conflicts"], vocab, "conflicts")
    conflict_row = int(np.argmax(sims["conflicts"][:, vocab.ids("conflicts").index(conflict_id)]))
    characters = build_characters(
        sentences,
        sims["archetypes"],
        sims["arcs"],
        vectors @ m["probes"].T,
        vocab,
        lead=str(work.facts.get("protagonist") or ""),
    )
    try:
        body = DnaBody(
            logline=clip_words(sentences[0], 45),
            genres=genres,
            tone=tone,
            themes=themes,
            structure=Structure(framework=framework, beats=beats, turning_points=turning),
            outcome=Outcome(
                type=_best(outcome_scores, vocab, "outcomes"), summary=clip_words(sentences[-1], 60)
            ),
            characters=characters,
            setting=Setting(
                era=era.value if era else _best(doc_sims["eras"], vocab, "eras"),
                place=place.value if place else vocab.term("world_types", world_type).description,
                world_type=world_type,
            ),
            central_conflict=Conflict(
                type=conflict_id, summary=clip_words(sentences[conflict_row], 60)
            ),
            tropes=stated_tropes or _tropes(sims["tropes"], vocab),
        )
    except ValueError as exc:  # pydantic's ValidationError: text the heuristic cannot shape
        # pydantic's words are for the log; the member is told what to change.
        log.warning("heuristic_dna_rejected", work_id=work.id, error=str(exc)[:500])
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"Could not read a story from {work.title!r}. Give a synopsis of a few full sentences.",
        )
    # How clearly the text reads as its beats and its strongest theme; an offline reading never
    # claims more than 0.6 (Claude's readings are trusted more).
    confidence = round(min(0.6, 0.15 + 0.5 * max(0.0, fit) + 0.15 * themes[0].score), 3)
    dna = NarrativeDNA(
        **body.model_dump(),
        work=work.ref(),
        extraction=Extraction(
            method="heuristic",
            model=f"zero-shot:{VERSION}",
            prompt_version=f"vocab-v{vocab.version}",
            confidence=confidence,
            created_at=datetime.now(UTC),
            sources=sources,
        ),
    )
    return StepResult.success(dna)


def _scale(value: float, low: float, high: float) -> float:
    return float(min(1.0, max(0.0, (value - low) / (high - low))))


def _best(scores: npt.NDArray[Any], vocab: Vocabulary, kind: str) -> str:
    return vocab.ids(kind)[int(np.argmax(scores))]


def _themes(
    sentences: list[str],
    sims: Matrix,
    doc: npt.NDArray[Any],
    vocab: Vocabulary,
    curated: list[str],
) -> list[ThemeScore]:
    raw = 0.6 * sims.max(axis=0) + 0.4 * doc
    ids = vocab.ids("themes")
    if curated:
        # The catalog's themes, in its order, scored above anything the reading found.
        order = np.asarray([ids.index(t) for t in curated])
        raw = raw.copy()
        raw[order] = np.linspace(0.5, 0.5 - 0.02 * (len(order) - 1), len(order))
    else:
        order = np.argsort(-raw)[:5]
    themes = []
    for t in order:
        rows = np.argsort(-sims[:, t])[:2]
        evidence = [
            Evidence(
                text=clip_words(sentences[r], 80),
                sentence=int(r),
                score=round(_scale(float(sims[r, t]), 0.0, 0.6), 3),
            )
            for j, r in enumerate(rows)
            if j == 0 or sims[r, t] >= 0.25
        ]
        themes.append(
            ThemeScore(
                id=vocab.ids("themes")[int(t)],
                score=round(_scale(float(raw[t]), 0.05, 0.5), 3),
                evidence=evidence,
            )
        )
    return themes


def _tone(doc: npt.NDArray[Any], vocab: Vocabulary, stated: list[str] | None) -> Tone:
    if stated:
        # Stated tones, first the strongest; valence and intensity are their mean.
        terms = [vocab.term("tones", t) for t in stated[:4]]
        return Tone(
            labels=[t.id for t in terms],
            valence=round(sum(t.valence for t in terms) / len(terms), 3),
            intensity=round(sum(t.intensity for t in terms) / len(terms), 3),
        )
    order = np.argsort(-doc)[:3]
    weights = np.exp((doc[order] - doc[order].max()) / 0.05)
    weights /= weights.sum()
    terms = [vocab.terms["tones"][int(i)] for i in order]
    labels = [t.id for t, w in zip(terms, weights, strict=True) if w >= 0.2]
    return Tone(
        labels=labels,
        valence=round(float(sum(w * t.valence for t, w in zip(terms, weights, strict=True))), 3),
        intensity=round(
            float(sum(w * t.intensity for t, w in zip(terms, weights, strict=True))), 3
        ),
    )


def _genres(hints: Sequence[str], doc: npt.NDArray[Any], vocab: Vocabulary) -> list[str]:
    mapped = [g for g in (vocab.genre_for(h) for h in hints) if g]
    if mapped:
        return list(dict.fromkeys(mapped))[:6]
    order = np.argsort(-doc)[:2]
    return [vocab.ids("genres")[int(i)] for i in order]


def _tropes(sims: Matrix, vocab: Vocabulary) -> list[str]:
    best = sims.max(axis=0)
    order = [int(i) for i in np.argsort(-best)[:4] if best[i] >= 0.3]
    return [vocab.ids("tropes")[i] for i in (order or [int(np.argmax(best))])]


def _place(sentences: list[str]) -> str | None:
    places = find_places(sentences)
    # Setting.place holds 200 characters; a "name" can be one very long capitalised word.
    return places[0][:200] if places else None
