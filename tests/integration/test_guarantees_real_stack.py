"""The guarantees the README cites, held on the real orchestrator and the real job service
(SQLite in a temp dir), not on doubles that re-implement them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.context import RequestContext
from core.intent.schema import Intent
from core.replies import JobAccepted
from core.result import ErrorCode
from tests.integration.real_stack import real_stack

ALICE = RequestContext(tenant="g1", user_id="alice", channel_id="c1")


async def test_twenty_concurrent_submits_never_exceed_the_servers_per_member_cap(
    tmp_path: Path,
) -> None:
    async with real_stack(tmp_path) as stack:
        stack.runner.gate.clear()  # nothing finishes while the burst arrives
        assert (await stack.limits.update("g1", "jobs_per_user", "3", by_user="admin")).ok
        results = await asyncio.gather(
            *(
                stack.orchestrator.run_command(
                    Intent.GENERATE_IMAGE,
                    {"prompt": f"a fox {i}"},
                    RequestContext(
                        tenant="g1", user_id="alice", channel_id="c1", request_id=f"i{i}"
                    ),
                )
                for i in range(20)
            )
        )
        accepted = [r for r in results if r.ok and isinstance(r.value, JobAccepted)]
        refused = [r.unwrap_error() for r in results if not r.ok]
        assert len(accepted) == 3
        assert len(refused) == 17
        assert all(e.code is ErrorCode.RATE_LIMITED for e in refused)
        assert "This server allows 3 queued or running job(s) per member" in refused[0].message
        assert await stack.store.count_active("g1", "alice") == 3
