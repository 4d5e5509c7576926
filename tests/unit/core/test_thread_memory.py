"""What a thread remembers of a message the bot asked about before acting: a cancellation read
from free text waits for a click, yet the next message reads on from it, as the replay of a
thread (core/intent/replay.py, which the intent benchmarks use) assumes."""

from __future__ import annotations

from pathlib import Path

from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import Intent
from core.replies import Confirmation, JobInfo
from tests.unit.core.test_orchestrator import ALICE, MemoryJobs, _orchestrator, analyzer

__all__ = ["analyzer"]  # the module's fixture, shared


async def test_a_cancellation_waiting_for_its_click_is_what_the_next_message_reads_on_from(
    analyzer: IntentAnalyzer, tmp_path: Path
) -> None:
    jobs = MemoryJobs()
    orchestrator = _orchestrator(analyzer, tmp_path, jobs=jobs)
    for prompt in ("a fox", "a heron", "an owl"):
        await orchestrator.handle_message(f"draw {prompt}", ALICE)
    asked = (await orchestrator.handle_message("cancel job 1", ALICE)).unwrap()
    assert isinstance(asked, Confirmation) and asked.reading.params == {"job_id": 1}
    # "what about 3?" asks the same thing of job 3: another click, nothing cancelled yet
    again = (await orchestrator.handle_message("what about 3?", ALICE)).unwrap()
    assert isinstance(again, Confirmation)
    assert again.reading.intent is Intent.JOB_CANCEL and again.reading.params == {"job_id": 3}
    assert not any(job.status.terminal for job in jobs.jobs.values())


async def test_a_status_question_then_kill_it_asks_about_the_job_the_member_named(
    analyzer: IntentAnalyzer, tmp_path: Path
) -> None:
    jobs = MemoryJobs()
    orchestrator = _orchestrator(analyzer, tmp_path, jobs=jobs)
    for prompt in ("a fox", "a heron"):
        await orchestrator.handle_message(f"draw {prompt}", ALICE)
    info = (await orchestrator.handle_message("status of job 1", ALICE)).unwrap()
    assert isinstance(info, JobInfo) and info.job.id == 1
    asked = (await orchestrator.handle_message("ok kill it", ALICE)).unwrap()
    # job 1, not the member's latest (job 2)
    assert isinstance(asked, Confirmation) and asked.reading.params == {"job_id": 1}
