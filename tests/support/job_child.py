"""A throwaway bot process for crash tests: `python -m tests.support.job_child DATA_DIR N`.

It builds the real job system (store + worker subprocess) from STUDIO_* settings in its
environment, submits N image jobs (the first a long "final", the rest drafts), prints
`{"ids": [...], "worker_pid": P}`, then `{"running": ID}` once the first job is past step 2, and
then waits to be killed (kill -9 is the point).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bot.wiring.jobs import build_job_system
from core.config import load_settings
from core.jobs.model import JobKind
from core.logging import configure_logging
from core.metrics import Metrics
from tests.support.jobs import RecordingSink, ctx


async def _main(data_dir: Path, count: int) -> None:
    settings = load_settings(overrides={"data_dir": str(data_dir)})
    configure_logging(level=settings.logging.level, stream=sys.stderr)  # stdout is for the test
    sink = RecordingSink()
    system = await build_job_system(settings, sink=sink, metrics=Metrics())
    ids = []
    for i in range(count):
        params = {"prompt": f"job {i}", **({"quality": "final"} if i == 0 else {})}
        ticket = await system.service.submit(JobKind.IMAGE, params, ctx(f"user{i % 3}"))
        ids.append(ticket.unwrap().job.id)
    await system.worker.wait_ready()
    print(json.dumps({"ids": ids, "worker_pid": system.worker.pid}), flush=True)
    while not any((u.step or 0) >= 2 for u in sink.of(ids[0])):
        await sink.wait_any(timeout=120)
    print(json.dumps({"running": ids[0]}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(_main(Path(sys.argv[1]), int(sys.argv[2])))
