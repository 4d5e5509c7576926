"""`studio console` end to end through its stdin: slash commands and plain sentences go through
the same orchestrator as Discord; jobs show a progress bar and their files land in the data dir."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.console import ConsoleProgress, ConsoleServices, parse_slash, run_console
from bot.wiring.intent import build_console_services
from core.config import Settings, load_settings
from core.context import RequestContext
from core.intent.schema import Intent
from core.jobs.model import Job, JobKind, JobState, JobTicket
from core.ports.progress import ProgressSink, ProgressUpdate
from core.result import StepResult
from tests.fakes import shared_embedder

ROOT = Path(__file__).resolve().parents[2]


class StepJobs:
    """A job service whose jobs run four steps, publish progress to the sink, and leave a PNG."""

    def __init__(self, sink: ProgressSink, media_dir: Path) -> None:
        self._sink = sink
        self._media = media_dir
        self.jobs: dict[int, Job] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(
        self, kind: JobKind, params: dict[str, Any], ctx: RequestContext, **_: Any
    ) -> StepResult[JobTicket]:
        job = Job(
            id=len(self.jobs) + 1, kind=kind, params=params, tenant=ctx.tenant, user_id=ctx.user_id
        )
        self.jobs[job.id] = job
        task = asyncio.create_task(self._run(job))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return StepResult.success(JobTicket(job=job, position=1, eta_s=4.0))

    async def _run(self, job: Job) -> None:
        for step in range(1, 5):
            await self._sink.publish(
                ProgressUpdate(job.id, job.kind.value, JobState.RUNNING, "denoising", step, 4)
            )
            await asyncio.sleep(0)
        self._media.mkdir(parents=True, exist_ok=True)
        png = self._media / f"{job.id}.png"
        png.write_bytes(b"\x89PNG\r\n\x1a\nfake")
        await self._sink.publish(
            ProgressUpdate(
                job.id,
                job.kind.value,
                JobState.SUCCEEDED,
                "done",
                result={"files": [{"path": str(png), "mime": "image/png"}]},
            )
        )

    async def get(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        return StepResult.success(self.jobs[job_id])

    async def latest(self, ctx: RequestContext) -> StepResult[Job]:
        return StepResult.success(list(self.jobs.values())[-1])

    async def cancel(self, job_id: int, ctx: RequestContext) -> StepResult[Job]:
        return StepResult.success(self.jobs[job_id].evolve(status=JobState.CANCELLED))

    async def active(self, tenant: str) -> list[Job]:
        return []

    async def ticket(self, job_id: int) -> JobTicket | None:
        return None

    async def attach_message(self, job_id: int, **_: Any) -> None:
        return None


def _settings(tmp_path: Path) -> Settings:
    return load_settings(env={"STUDIO_DATA_DIR": str(tmp_path)})


def _builder(settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    async def build(progress: ConsoleProgress) -> ConsoleServices:
        async def jobs_factory(sink: ProgressSink):  # type: ignore[no-untyped-def]
            async def close() -> None:
                return None

            return StepJobs(sink, tmp_path / "media"), close

        return await build_console_services(
            settings, progress, embedder=shared_embedder(), jobs_factory=jobs_factory
        )

    return build


def test_help_and_a_sentence_run_a_job_with_a_progress_bar_and_save_its_file(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    out = io.StringIO()
    stdin = io.StringIO("/help\ndraw a red fox in the snow, 2 of them\n/quit\n")
    code = run_console(settings, stdin=stdin, stdout=out, build=_builder(settings, tmp_path))
    text = out.getvalue()
    assert code == 0
    assert "Commands" in text and "/imagine" in text
    assert "Job #1 (image) is queued, #1 in line, ETA about 4 s." in text
    assert "[" + "#" * 24 + "] 100% denoising" in text
    assert "Job #1 is done." in text
    saved = tmp_path / "console" / "job-1" / "01.png"
    assert f"saved {saved}" in text
    assert saved.read_bytes().startswith(b"\x89PNG")


def test_slash_options_are_checked_and_questions_asked(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    out = io.StringIO()
    stdin = io.StringIO(
        '/imagine prompt:"a fox" count:9\n'
        "make me a picture\n"
        '/show similar title:"Fleabag"\n'
        "/nonsense\n"
    )
    code = run_console(settings, stdin=stdin, stdout=out, build=_builder(settings, tmp_path))
    text = out.getvalue()
    assert code == 0  # end of input exits cleanly
    assert "! count must be between 1 and 4." in text
    assert "To make an image, I need to know what it should show" in text
    assert "Finding similar shows is not available yet" in text
    assert "Unknown command /nonsense" in text


def test_slash_syntax_parses_like_the_discord_commands() -> None:
    assert parse_slash('/imagine prompt:"a fox in the snow" count:2') == (
        Intent.GENERATE_IMAGE,
        {"prompt": "a fox in the snow", "count": "2"},
    )
    assert parse_slash('/show similar title:"Fleabag" k:3') == (
        Intent.FIND_SIMILAR,
        {"title": "Fleabag", "k": "3"},
    )
    assert parse_slash("/job cancel id:4") == (Intent.JOB_CANCEL, {"job_id": "4"})
    assert parse_slash("/animate a paper boat, 3 seconds") == (
        Intent.GENERATE_VIDEO,
        {"prompt": "a paper boat, 3 seconds"},
    )


def test_the_studio_console_command_reads_its_stdin(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "STUDIO_DATA_DIR": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        # the full studio starts, but without the catalog: no show is known yet
        "STUDIO_CATALOG__LOAD_STARTER": "false",
    }
    env.pop("ANTHROPIC_API_KEY", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/help\nthanks for the help!\nshows like Fargo\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Commands" in done.stdout
    assert "You're welcome!" in done.stdout
    assert "I don't know a show called 'Fargo' yet. Add it with /show add" in done.stdout
    assert (tmp_path / "logs" / "console.log").read_text().count("intent_decided") == 2
