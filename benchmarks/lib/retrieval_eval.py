"""Helpers of benchmarks/retrieval_quality.py: the evaluation sets, metrics, and rankings
computed from vectors in numpy (the baselines and each signal alone)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from core.ports.vectors import SparseVector
from tools.narrative.facts import TAG_FIELD_WEIGHTS, ShowFacts, tag_similarity, tag_terms
from tools.narrative.words import query_words, word_vector
from tools.narrative.work import slugify

DATA = Path(__file__).resolve().parents[1] / "data" / "retrieval"
PAIRS = Path(__file__).resolve().parents[2] / "tests" / "data" / "retrieval_pairs.jsonl"

Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class FanQuery:
    query: str
    alike: frozenset[str]
    split: str
    surface: frozenset[str] = frozenset()  # alike only on the surface (same genre word)


@dataclass(frozen=True, slots=True)
class Described:
    text: str
    show: str
    split: str


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    text: str
    source: str
    split: str


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def fan_queries() -> list[FanQuery]:
    return [
        FanQuery(
            str(r["query"]),
            frozenset(map(str, r["alike"])),
            str(r.get("split", "all")),
            frozenset(map(str, r.get("surface_only") or ())),
        )
        for r in read_jsonl(DATA / "fan_judgement.jsonl")
    ]


def described() -> list[Described]:
    return [
        Described(str(r["text"]), str(r["show"]), str(r.get("split", "all")))
        for r in read_jsonl(DATA / "described_stories.jsonl")
    ]


def stories() -> tuple[list[Story], str]:
    """The retellings corpus, and where it came from (H1's set, or the in-sample pairs)."""
    rows = read_jsonl(DATA / "retellings.jsonl")
    if rows:
        found = []
        for n, row in enumerate(rows):
            for side in ("a", "b"):
                text = {**row[side], "source": row["source"], "split": row.get("split", "all")}
                found.append(_story(text, n, f"{row.get('pair', n)}-{side}"))
        return found, "benchmarks/data/retrieval"
    out = []
    for pair in read_jsonl(PAIRS):
        for side in ("a", "b"):
            s = pair[side]
            out.append(
                Story(f"{pair['pair']}{side}", s["title"], s["synopsis"], pair["pair"], "all")
            )
    return out, "tests/data/retrieval_pairs.jsonl (in-sample)"


def _story(row: Mapping[str, Any], index: int, work_id: str) -> Story:
    text = str(row.get("text") or row.get("synopsis") or row.get("plot") or "")
    return Story(
        id=slugify(work_id),
        title=str(row.get("title") or f"story {index}"),
        text=text,
        source=str(row["source"]),
        split=str(row.get("split", "all")),
    )


# -- metrics ---------------------------------------------------------------------------------
def metrics(
    ranked: Sequence[Sequence[str]], relevant: Sequence[frozenset[str]]
) -> dict[str, float]:
    """hit@1, precision@5 and MRR@10 over queries (ranked ids, best first; a first relevant
    result below rank 10 counts 0, as `/show similar` lists at most 10)."""
    if not ranked:
        return {"n": 0}
    hit1 = p5 = rr = 0.0
    for ids, good in zip(ranked, relevant, strict=True):
        hit1 += 1.0 if ids and ids[0] in good else 0.0
        p5 += sum(1 for i in ids[:5] if i in good) / 5
        rank = next((n for n, i in enumerate(ids[:10], start=1) if i in good), None)
        rr += 1.0 / rank if rank else 0.0
    n = len(ranked)
    return {
        "n": n,
        "hit@1": round(hit1 / n, 3),
        "p@5": round(p5 / n, 3),
        "mrr@10": round(rr / n, 3),
    }


def without_p5(found: Mapping[str, float]) -> dict[str, float]:
    """The figures of a set where each query has one right answer (a described show, the other
    telling of a story): precision@5 says nothing there."""
    return {k: v for k, v in found.items() if k != "p@5"}


def fan_objective(found: Mapping[str, float]) -> float:
    """What fan-judgement weights are chosen by: hit@1 first, then p@5, then MRR@10."""
    return found["hit@1"] + found["p@5"] / 2 + found["mrr@10"] / 10


def query_figures(order: Sequence[str], good: frozenset[str]) -> tuple[float, float, float]:
    """One query's hit@1, precision@5 and reciprocal rank (0 below rank 10), as `metrics`
    counts them, for benchmarks that keep figures per query (paired bootstraps)."""
    hits = [i in good for i in order[:10]]
    first = next((1 / (k + 1) for k, h in enumerate(hits) if h), 0.0)
    return float(hits[0]), sum(hits[:5]) / 5, first


def one_answer_objective(found: Mapping[str, float]) -> float:
    """What weights are chosen by on such a set: hit@1, ties broken by MRR@10."""
    return found["hit@1"] + found["mrr@10"] / 10


def stories_ranked(
    scores: Matrix, ids: Sequence[str], rows: Sequence[int], relevant: Sequence[frozenset[str]]
) -> dict[str, float]:
    """hit@1 and MRR@10 of texts ranked against each other by `scores` (a text never finds
    itself)."""
    return without_p5(metrics(rank_rows(scores, ids, rows, self_out=True), relevant))


# -- rankings from similarity matrices -------------------------------------------------------
def cosine(queries: Matrix, corpus: Matrix) -> Matrix:
    q = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-12)
    c = corpus / np.maximum(np.linalg.norm(corpus, axis=1, keepdims=True), 1e-12)
    return (q @ c.T).astype(np.float32)


def maxsim(works: Sequence[Matrix]) -> Matrix:
    """MaxSim of every work against every other, as the store scores it, divided by the query's
    vector count: the mean over work i's vectors of the best cosine among work j's."""
    flat = np.concatenate(works)
    flat /= np.maximum(np.linalg.norm(flat, axis=1, keepdims=True), 1e-12)
    owners = np.repeat(np.arange(len(works)), [len(w) for w in works])
    sims = flat @ flat.T
    out = np.zeros((len(works), len(works)), dtype=np.float32)
    for j in range(len(works)):
        best = sims[:, owners == j].max(axis=1)
        out[:, j] = np.bincount(owners, weights=best) / np.bincount(owners)
    return out


def word_matrix(texts: Sequence[str]) -> Matrix:
    """The sparse "words" score of every text against every other, as the store computes it
    for a query (its heaviest words) against a stored work (all its words)."""
    stored = [word_vector(t) for t in texts]
    queries = [query_words(t) for t in texts]
    vocab = {i: n for n, i in enumerate(sorted({i for v in stored for i in v.indices}))}

    def dense(vectors: Sequence[SparseVector]) -> Matrix:
        out = np.zeros((len(vectors), len(vocab)), dtype=np.float32)
        for row, v in enumerate(vectors):
            for i, x in zip(v.indices, v.values, strict=True):
                if i in vocab:
                    out[row, vocab[i]] = x
        return out

    return dense(queries) @ dense(stored).T


def jaccard_matrix(sets: Sequence[set[str]]) -> Matrix:
    n = len(sets)
    out = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(n):
            union = sets[i] | sets[j]
            out[i, j] = len(sets[i] & sets[j]) / len(union) if union else 0.0
    return out


def tag_matrix(
    genres: Sequence[Sequence[str]],
    facts: Sequence[ShowFacts],
    weights: Mapping[str, float] = TAG_FIELD_WEIGHTS,
) -> Matrix:
    return tag_similarity_matrix(
        [tag_terms(g, f, weights) for g, f in zip(genres, facts, strict=True)]
    )


def tag_similarity_matrix(tags: Sequence[Mapping[str, float]]) -> Matrix:
    """The shared-facts score of every tag map against every other (`tag_similarity`)."""
    n = len(tags)
    out = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(n):
            out[i, j] = tag_similarity(tags[i], tags[j])
    return out


def rank_rows(
    scores: Matrix, ids: Sequence[str], rows: Iterable[int], *, self_out: bool
) -> list[list[str]]:
    """Per query row, corpus ids best first (the query itself left out when `self_out`)."""
    out = []
    for r in rows:
        s = scores[r].astype(np.float64).copy()
        if self_out:
            s[r] = -np.inf
        order = np.argsort(-s, kind="stable")
        out.append([ids[i] for i in order if not (self_out and i == r)])
    return out


def fused(parts: Mapping[str, Matrix], weights: Mapping[str, float]) -> Matrix:
    total = sum(w for k, w in weights.items() if k in parts and w > 0)
    out = np.zeros_like(next(iter(parts.values())))
    for key, w in weights.items():
        if key in parts and w > 0:
            out += (w / total) * parts[key]
    return out


def grid(step: float, keys: Sequence[str]) -> Iterable[dict[str, float]]:
    """Every weighting of `keys` on a simplex grid of `step`."""
    n = round(1 / step)

    def rec(left: int, i: int) -> Iterable[list[int]]:
        if i == len(keys) - 1:
            yield [left]
            return
        for k in range(left + 1):
            for rest in rec(left - k, i + 1):
                yield [k, *rest]

    for combo in rec(n, 0):
        yield {k: c / n for k, c in zip(keys, combo, strict=True) if c}


def best(
    candidates: Iterable[dict[str, float]], score: Callable[[dict[str, float]], float]
) -> tuple[dict[str, float], float]:
    top: tuple[dict[str, float], float] = ({}, -1.0)
    for weights in candidates:
        value = score(weights)
        if value > top[1]:
            top = (weights, value)
    return top


def fused_prefetch(
    parts: Mapping[str, Matrix], weights: Mapping[str, float], candidates: int
) -> Matrix:
    """The store's fusion as the production query computes it: each dense signal counts only for
    works within its `candidates` nearest (a prefetch), the tag score only for works some
    prefetch found, and works no prefetch found are not ranked at all (-inf)."""
    total = sum(w for k, w in weights.items() if k in parts and w > 0)
    dense = [k for k, w in weights.items() if k in parts and w > 0 and k != "tags"]
    shape = next(iter(parts.values())).shape
    out = np.zeros(shape, dtype=np.float32)
    found = np.zeros(shape, dtype=bool)
    n = min(candidates + 1, shape[1])  # +1: the query itself is in its own prefetch
    for key in dense:
        top = np.argpartition(-parts[key], n - 1, axis=1)[:, :n]
        mask = np.zeros(shape, dtype=bool)
        np.put_along_axis(mask, top, True, axis=1)
        out += (weights[key] / total) * parts[key] * mask
        found |= mask
    if weights.get("tags", 0) > 0 and "tags" in parts:
        out += (weights["tags"] / total) * parts["tags"]
    out[~found] = -np.inf
    return out
