"""Shows alike: the store fuses several signals in one query, the query show is left out, one
entry per work, each hit with its "why".

A title query reuses the stored vectors of that show: a catalog show (curated facts) ranks on
its facts vector, shared-fact tags and synopsis; a server's own show (no curated facts) on its
sentences (MaxSim) and shared rare words (weights: tools.narrative.ranking). A text query is
read by the offline extractor and compared with every show's facts and synopsis. The "why" is
data (facet scores, shared facts, shared DNA labels) plus `summary`, the shared facts as one line:
"both: serialized drama, crime drama; tone: dark, tense; themes: moral decay, family".
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from core.context import RequestContext
from core.intent.schema import Facet, FindSimilarParams
from core.logging import get_logger
from core.ports.tools import FIND_SIMILAR_TOOL
from core.ports.vectors import (
    TAGS_KEY,
    AnyVector,
    Examples,
    FacetQuery,
    SearchHit,
    SparseVector,
    StoredWork,
)
from core.replies import SIMILAR_SHOWS_KIND, ToolOutput
from core.result import ErrorCode, StepResult
from tools.narrative.facets import FACETS
from tools.narrative.facts import query_tag_terms
from tools.narrative.feedback import FeedbackStore
from tools.narrative.indexing import MULTI, SIGNALS, WorkIndexer, work_payload
from tools.narrative.learning import (
    CANDIDATES,
    NEAR_WEIGHT,
    carried_tags,
    more_like,
    vote_examples,
    with_votes,
)
from tools.narrative.library import Library, payload_lists
from tools.narrative.ranking import PREFETCH, TEXT_WEIGHTS, weights_for
from tools.narrative.why import shared_facts, why_summary
from tools.narrative.words import WORDS, query_words
from tools.narrative.work import DnaExtractor, WorkText

__all__ = ["FindSimilarTool", "SimilarFinder", "SimilarShow", "explain"]

log = get_logger(__name__)

CURATED_FIELDS = ("format", "subgenres", "tone", "themes")
# Payload fields a hit needs (the stored DNA and synopsis stay in the store).
_HIT_FIELDS = (
    "title",
    "year",
    "themes",
    "archetypes",
    "beat_functions",
    "tropes",
    "genres",
    "catalog_genres",
    "facts",
    "tone",
)


@dataclass(frozen=True, slots=True)
class SimilarShow:
    id: str
    title: str
    year: int | None
    tenant: str
    score: float
    why: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def explain(query: Mapping[str, Any], hit: SearchHit) -> dict[str, Any]:
    """Why a hit is alike, as data: facet scores, the curated facts both shows share, the DNA
    labels both share, and `summary`, those shared facts as one line for people."""
    mine, theirs = payload_lists(query), payload_lists(hit.payload)
    why: dict[str, Any] = {"facets": {f: round(s, 3) for f, s in hit.facet_scores.items()}}
    for key, name in (
        ("themes", "shared_themes"),
        ("archetypes", "shared_archetypes"),
        ("beat_functions", "shared_beats"),
        ("tropes", "shared_tropes"),
        ("genres", "shared_genres"),
    ):
        other = set(theirs[key])
        why[name] = [v for v in mine[key] if v in other]
    why["shared_facts"] = shared_facts(query, hit.payload)
    dna_shared = {"tropes": why["shared_tropes"], "themes": why["shared_themes"]}
    why["summary"] = why_summary(why["shared_facts"], dna_shared)
    return why


class SimilarFinder:
    def __init__(
        self,
        library: Library,
        indexer: WorkIndexer,
        text_extractor: DnaExtractor,
        *,
        weights: Mapping[str, float] | None = None,
        text_weights: Mapping[str, float] = TEXT_WEIGHTS,
        candidates: int = 50,
    ) -> None:
        self._library = library
        self._indexer = indexer
        self._extractor = text_extractor
        self._weights = dict(weights) if weights is not None else None
        self._text_weights = dict(text_weights)
        self._candidates = candidates

    @property
    def library(self) -> Library:
        return self._library

    async def like_work(
        self,
        tenant: str,
        work: StoredWork,
        *,
        k: int,
        facet: Facet = "all",
        examples: tuple[Examples, ...] = (),
        leave_out: tuple[str, ...] = (),
    ) -> StepResult[list[SimilarShow]]:
        """`examples` (a server's votes, tools.narrative.learning) re-rank in the same search;
        the works of `leave_out` (ids) are not listed."""
        if not work.vectors:
            found = await self._library.get(work.tenant, work.work_id, with_vectors=True)
            if found.error is not None:
                return found.cast_error()
            work = found.unwrap()
        # The query show in every tenant this server sees (its copy of a catalog show too).
        exclude = tuple(
            (t, w) for w in (work.work_id, *leave_out) for t in self._library.scope(tenant)
        )
        return await self._search(
            tenant,
            vectors=work.vectors or {},
            payload=work.payload,
            sparse={WORDS: query_words(str(work.payload.get("synopsis") or ""))},
            weights=self._work_weights(work.payload) if facet == "all" else {facet: 1.0},
            k=k,
            exclude=tuple(dict.fromkeys(((work.tenant, work.work_id), *exclude))),
            exclude_titles=(),
            examples=examples,
        )

    def _work_weights(self, payload: Mapping[str, Any]) -> Mapping[str, float]:
        if self._weights is not None:
            return self._weights
        facts = payload.get("facts")
        # Curated: what the catalog curates about a show (a country alone is not enough).
        curated = isinstance(facts, Mapping) and any(facts.get(f) for f in CURATED_FIELDS)
        return weights_for(curated=curated)

    async def like_text(
        self, tenant: str, text: str, *, k: int, facet: Facet = "all"
    ) -> StepResult[list[SimilarShow]]:
        extracted = await self._extractor.extract(
            WorkText(id="query", title="your description", synopsis=text)
        )
        if extracted.error is not None:
            return extracted.cast_error()
        dna = extracted.unwrap()
        weights: Mapping[str, float] = self._text_weights if facet == "all" else {facet: 1.0}
        # Only the vectors these weights read are embedded: a description's sentences (raw and
        # masked) or its DNA facets cost an embedding batch each on every search otherwise.
        used = {name for name, weight in weights.items() if weight > 0.0}
        named: dict[str, AnyVector] = {}
        if used.intersection(FACETS):
            named.update((await self._indexer.vectors([dna]))[0])
        if used.intersection(SIGNALS):
            # A description reads like a synopsis and like a logline: one vector for both.
            described = (await self._indexer.embed([text.strip()]))[0]
            named.update({signal: described for signal in SIGNALS})
        if used.intersection(MULTI):
            named.update((await self._indexer.sentences([text.strip()]))[0])
        return await self._search(
            tenant,
            vectors=named,
            payload={**work_payload(dna, ""), "catalog_genres": [], "tags": []},
            sparse={WORDS: query_words(text)},
            weights=weights,
            k=k,
            exclude=(),
            exclude_titles=(),
        )

    async def _search(
        self,
        tenant: str,
        *,
        vectors: Mapping[str, AnyVector],
        payload: Mapping[str, Any],
        weights: Mapping[str, float],
        k: int,
        exclude: tuple[tuple[str, str], ...],
        exclude_titles: tuple[str, ...],
        sparse: Mapping[str, SparseVector] | None = None,
        examples: tuple[Examples, ...] = (),
    ) -> StepResult[list[SimilarShow]]:
        query = FacetQuery(
            tenants=self._library.scope(tenant),
            vectors=vectors,
            weights=weights,
            limit=k,
            exclude=exclude,
            exclude_title_keys=exclude_titles,
            candidates=max(self._candidates, PREFETCH, k),
            payload_keys=_HIT_FIELDS,
            sparse=dict(sparse or {}),
            tag_terms=query_tag_terms(payload.get(TAGS_KEY) or ()),
            # Sentences (MaxSim) score the works nearest by the whole synopsis, not every work.
            multi_gate="synopsis",
            examples=examples,
        )
        found = await self._library.store.search(query)
        if found.error is not None:
            return found.cast_error()
        return StepResult.success(
            [
                SimilarShow(
                    id=hit.work_id,
                    title=str(hit.payload.get("title", hit.work_id)),
                    year=_year(hit.payload.get("year")),
                    tenant=hit.tenant,
                    score=round(hit.score, 4),
                    why=explain(payload, hit),
                )
                for hit in found.unwrap()
            ]
        )


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) else None


class FindSimilarTool:
    """The "find_similar" tool: ToolOutput(kind="similar_shows", data={"query": <the title, or
    the start of the description>, "query_id": id | None, "query_tenant": tenant | None,
    "facet": ..., "results": [SimilarShow.as_dict(), ...]})."""

    def __init__(self, finder: SimilarFinder, feedback: FeedbackStore | None = None) -> None:
        self._finder = finder
        # The server's votes re-rank its answers; each answer is remembered for its buttons.
        self._feedback = feedback

    @property
    def name(self) -> str:
        return FIND_SIMILAR_TOOL

    async def run(self, params: BaseModel, ctx: RequestContext) -> StepResult[Any]:
        p = (
            params
            if isinstance(params, FindSimilarParams)
            else FindSimilarParams.model_validate(params.model_dump())
        )
        started = time.perf_counter()
        query: dict[str, Any]
        result: StepResult[list[SimilarShow]]
        work: StoredWork | None = None
        if p.title:
            found = await self._finder.library.find(ctx.tenant, p.title, with_vectors=True)
            if found.error is None:
                work = found.unwrap()
            elif not (p.text and found.error.code is ErrorCode.NOT_FOUND):
                # With a description as well, an unknown title just means "search by the text".
                return found.cast_error()
        if work is not None:
            query = {
                "query": str(work.payload.get("title", work.work_id)),
                "query_id": work.work_id,
                "query_tenant": work.tenant,
            }
            result = await self._like_work(ctx.tenant, work, p, query)
        else:
            text = p.text or ""
            query = {"query": text[:200], "query_id": None, "query_tenant": None}
            result = await self._finder.like_text(ctx.tenant, text, k=p.k, facet=p.facet)
        if result.error is not None:
            return result.cast_error()
        shows = result.unwrap()
        log.info(
            "find_similar",
            tenant=ctx.tenant,
            by="title" if query["query_id"] else "text",
            facet=p.facet,
            k=p.k,
            found=len(shows),
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
        if self._feedback is not None and shows:
            kept = self._feedback.try_remember(
                ctx.tenant, query["query_id"], query["query"], [(s.id, s.title) for s in shows]
            )
            if kept is not None:  # not kept (a full disk): the answer comes without vote buttons
                query["answer_key"] = kept
        return StepResult.success(
            ToolOutput(
                kind=SIMILAR_SHOWS_KIND,
                data={
                    **query,
                    "facet": p.facet,
                    "results": [s.as_dict() for s in shows],
                },
            )
        )

    async def _like_work(
        self, tenant: str, work: StoredWork, p: FindSimilarParams, query: dict[str, Any]
    ) -> StepResult[list[SimilarShow]]:
        """Shows like `work` (and like `p.like`, "more like this"), re-ranked by this server's
        votes under that show (tools.narrative.learning)."""
        seed: StoredWork | None = None
        if p.like:
            found = await self._finder.library.find(tenant, p.like, with_vectors=True)
            if found.error is not None:
                return found.cast_error()
            if found.unwrap().work_id != work.work_id:
                seed = found.unwrap()
                query["also_like"] = str(seed.payload.get("title", seed.work_id))
        votes = self._feedback.votes(tenant) if self._feedback is not None else []
        # Votes under close shows count only at a weight (0 as shipped): no store reads then.
        carrying = self._feedback is not None and NEAR_WEIGHT > 0.0
        near = self._feedback.near(tenant) if carrying and self._feedback is not None else {}
        tags = await carried_tags(self._finder.library, tenant, work, votes, near)
        plan = vote_examples(work.work_id, votes, near, tags=tags)
        deep = max(p.k, CANDIDATES) if seed is not None else p.k
        searched = await self._finder.like_work(
            tenant, work, k=deep, facet=p.facet, examples=plan.examples, leave_out=plan.leave_out
        )
        if searched.error is not None:
            return searched
        shows = searched.unwrap()
        if seed is not None:
            of_seed = await self._finder.like_work(
                tenant, seed, k=deep, facet=p.facet, leave_out=plan.leave_out
            )
            if of_seed.error is not None:
                return of_seed
            shows = more_like(shows, of_seed.unwrap(), leave_out={work.work_id, seed.work_id})
        return StepResult.success(with_votes(work.work_id, shows[: p.k], votes))
