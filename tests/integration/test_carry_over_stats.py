"""What a server's admins read in `/admin stats` while, after and when their shows are carried
over to a new vector layout: the real carry-over on qdrant-edge in a temp folder, read through
the composition root's `CurrentCarryOver` and rendered by the real `/admin stats` renderer. A
server sees its own count and its own titles that could not be carried, never another's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.render.admin import server_stats_reply
from bot.render.carry_over import CARRY_OVER_FIELD
from bot.wiring.retrieval import CurrentCarryOver, build_retrieval, collection_spec
from core.cache import CacheRegistry
from core.carry_over import CarryOverPhase
from core.metrics import Metrics
from core.ports.vectors import StoredWork
from core.result import ErrorCode, StepResult
from core.usage import ServerUsage
from tests.fakes import shared_embedder
from tests.integration.test_layout_migration import (
    GUILD_A_SHOW,
    edge_settings,
    old_spec,
    write_old_collection,
)
from tools.retrieval.edge import EdgeVectorStore


class _PausesAfterFirstPage(EdgeVectorStore):
    """The real store, handing out the earlier collection two works a page; before the second
    page it waits for the test, then fails (as if the disk had gone away there)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.paused = asyncio.Event()
        self.resume = asyncio.Event()

    async def earlier_works(
        self, skip_tenants: Any, *, offset: str | None = None, limit: int = 64
    ) -> StepResult[tuple[list[StoredWork], str | None]]:
        if offset is None:
            return await super().earlier_works(skip_tenants, offset=offset, limit=2)
        self.paused.set()
        await self.resume.wait()
        return StepResult.failure(ErrorCode.UNAVAILABLE, "the disk went away")


def _carry_over_field(tenant: str, progress: CurrentCarryOver) -> str | None:
    """The carry-over field of `/admin stats` as `tenant`'s admins see it (None: not shown)."""
    reply = server_stats_reply(ServerUsage(), [], None, progress.for_server(tenant))
    (embed,) = reply.messages[0].embeds
    shown = {f.name: f.value for f in embed.fields}
    return shown.get(CARRY_OVER_FIELD)


async def _open(settings: Any, store: EdgeVectorStore | None = None) -> Any:
    built = await build_retrieval(
        settings,
        metrics=Metrics(),
        caches=CacheRegistry(),
        embedder=shared_embedder(),
        store=store,
        load_starter=False,
    )
    return built.unwrap()


async def test_admins_see_their_shows_coming_back_then_what_could_not_be_carried(
    tmp_path: Path,
) -> None:
    settings = edge_settings(tmp_path)
    root = settings.data_dir / "qdrant"
    spec = collection_spec(settings, shared_embedder())
    old = EdgeVectorStore(root, old_spec(spec))
    await write_old_collection(old, settings.catalog.global_tenant)
    await old.close()

    # During: the first page is carried, the second is not read yet.
    store = _PausesAfterFirstPage(root, spec)
    parts = await _open(settings, store)
    progress = CurrentCarryOver(lambda: parts)
    try:
        await asyncio.wait_for(store.paused.wait(), timeout=120)
        during = {t: progress.for_server(t) for t in ("guild-a", "guild-b")}
        assert all(c is not None and c.phase is CarryOverPhase.RUNNING for c in during.values())
        first_page = sum(c.carried + len(c.not_carried) for c in during.values() if c)
        assert first_page == 2  # one page of two works, whoever's they were
        shown = _carry_over_field("guild-a", progress)
        assert shown is not None and shown.startswith("⏳ Being carried over")
        assert "back so far" in shown

        # Stopped part way: the admin is told why and that it resumes at the next start.
        store.resume.set()
        report = await parts.migration
        assert report.error == "the disk went away"
        stopped = _carry_over_field("guild-b", progress)
        assert stopped is not None and stopped.startswith("⚠️ Stopped part way")
        assert "the disk went away" in stopped and "resumes at the next start" in stopped
    finally:
        await parts.close()

    # After: the next start carries the rest; each server sees only its own count and titles.
    parts = await _open(settings)
    try:
        report = await parts.migration
        assert report.settled
        ours, theirs = progress.for_server("guild-a"), progress.for_server("guild-b")
        assert ours is not None and ours.phase is CarryOverPhase.DONE
        assert (ours.carried, ours.not_carried) == (1, ("Lost Tape",))
        assert theirs is not None and (theirs.carried, theirs.not_carried) == (2, ())
        shown_a = _carry_over_field("guild-a", progress)
        assert shown_a is not None and shown_a.startswith(
            "✅ Carried over to the new vector layout: **1 show**."
        )
        assert "“Lost Tape”" in shown_a and "`/show add`" in shown_a
        shown_b = _carry_over_field("guild-b", progress)
        assert shown_b == "✅ Carried over to the new vector layout: **2 shows**."
        assert GUILD_A_SHOW.title not in (shown_b or "")
        # A server that had no shows before the upgrade is told nothing once it is done.
        assert _carry_over_field("guild-new", progress) is None
    finally:
        await parts.close()

    # Nothing left to carry: the field is not shown at all.
    parts = await _open(settings)
    try:
        assert (await parts.migration).source is None
        assert progress.for_server("guild-a") is None
        assert _carry_over_field("guild-a", progress) is None
    finally:
        await parts.close()
