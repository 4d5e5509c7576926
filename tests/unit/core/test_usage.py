"""Claude spend is counted for the server whose request or job made the call, and only there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.clock import FakeClock
from core.config import JobSettings
from core.jobs.model import Job, JobKind
from core.jobs.service import JobQueue
from core.jobs.store import JobStore
from core.metrics import Metrics
from core.ports.jobs import JobReporter
from core.result import StepResult
from core.usage import TenantUsage, record_llm_usage, usage_scope
from tests.support.jobs import RecordingSink, StepRunner, ctx


class ClaudeCallingRunner(StepRunner):
    """A job whose work includes one Claude call (as DNA extraction or /transform do)."""

    async def run(self, job: Job, reporter: JobReporter) -> StepResult[dict[str, Any]]:
        record_llm_usage(1200, 300, 0.0081)
        return await super().run(job, reporter)


async def test_a_jobs_claude_calls_are_counted_for_its_server(tmp_path: Path) -> None:
    usage = TenantUsage()
    store = await JobStore.open(tmp_path / "jobs.sqlite3")
    sink = RecordingSink()
    queue = JobQueue(
        store,
        settings=JobSettings(),
        sink=sink,
        metrics=Metrics(),
        clock=FakeClock(),
        runners=[ClaudeCallingRunner(FakeClock(), kinds=frozenset({JobKind.SHOW_ANALYSIS}))],
        usage=usage,
    )
    await queue.start()
    ticket = await queue.submit(JobKind.SHOW_ANALYSIS, {"title": "X"}, ctx("u1", tenant="g7"))
    await sink.wait_final(ticket.unwrap().job.id)
    await queue.close()
    await store.close()
    spent = usage.get("g7")
    assert (spent.llm_calls, spent.input_tokens, spent.output_tokens) == (1, 1200, 300)
    assert usage.get("g1") == usage.get("nobody")  # nothing for other servers


def test_a_request_scope_counts_for_its_server_and_nothing_leaks_outside() -> None:
    usage = TenantUsage(max_servers=2)
    with usage_scope(usage, "g1"):
        record_llm_usage(10, 5, 0.001)
    record_llm_usage(99, 99, 1.0)  # outside any request: bot-wide only
    assert usage.get("g1").input_tokens == 10 and usage.get("g1").cost_usd == 0.001
    for tenant in ("g2", "g3"):
        usage.add_command(tenant)
    assert usage.get("g1").input_tokens == 0  # the least recently active server went first
