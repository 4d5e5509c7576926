"""A really full disk under the data dir, with the real composition root (`build_services`).

A child process mounts a 32 MiB tmpfs in a private mount namespace (`unshare --user
--map-root-user --mount`: no root needed where user namespaces are allowed; skipped where they
are not), puts the whole data dir on it (job store, caches, conversation context, qdrant-edge),
adds a show, then fills the filesystem with a file until write() fails with ENOSPC. Every store
meets the full disk for real. What must hold: plain requests still work (context and cache
writes are skipped, not fatal), a new job is refused with a message saying the disk is full,
every SQLite file passes `PRAGMA integrity_check`, nothing stored before is lost, and once the
file is deleted the same request is accepted and runs.

    python -m tests.integration.test_faults_disk_full --child DIR   (what the test runs)
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZE = "32m"
VAULT = (
    "A retired safecracker named Mara is pulled back for one last job: emptying the vault of a "
    "casino owner who ruined her brother. A crew member betrays them and she escapes through "
    "the sewers, deciding whether revenge was worth the cost to her found family."
)
TUNNELS = (
    "An aging thief assembles a team of experts to rob the vault of a gangster who wronged his "
    "family. A double-cross brings the police, and he escapes through underground tunnels."
)


def _namespaced(command: list[str], mount_at: Path) -> list[str]:
    script = f'mount -t tmpfs -o size={SIZE} tmpfs "$0" && exec "$@"'
    return [
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "sh",
        "-c",
        script,
        str(mount_at),
        *command,
    ]


def _can_mount(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(
        _namespaced(["true"], probe), capture_output=True, timeout=30, check=False
    )
    return done.returncode == 0


def test_a_really_full_disk_refuses_new_jobs_and_corrupts_nothing(tmp_path: Path) -> None:
    if not _can_mount(tmp_path):
        pytest.skip("needs user namespaces (unshare -Urm) to mount a small filesystem")
    data = tmp_path / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIO_", "ANTHROPIC_"))} | {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "STUDIO_LOGGING__LEVEL": "warning",
    }
    command = [sys.executable, "-m", "tests.integration.test_faults_disk_full", "--child"]
    done = subprocess.run(
        [*_namespaced(command, data), str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    assert report["filled_with"] == "ENOSPC"
    assert report["while_full"]["help"] == "ok"
    assert report["while_full"]["job_status"] == "ok"
    assert report["while_full"]["find_similar"] == "ok"
    refused = report["while_full"]["show_add"]
    assert refused["code"] == "unavailable" and "disk is full" in refused["message"]
    assert "nothing was queued" in refused["message"]
    for name, verdict in report["integrity_while_full"].items():
        assert verdict == "ok", name
    assert report["jobs_while_full"] == [[1, "succeeded"]]
    assert report["after"] == "succeeded"
    assert report["jobs_after"] == [[1, "succeeded"], [2, "succeeded"]]
    for name, verdict in report["integrity_after"].items():
        assert verdict == "ok", name


# -- the child, inside the namespace --------------------------------------------------------------
def _fill(folder: Path) -> tuple[Path, str]:
    filler = folder / "filler.bin"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as exc:
            return filler, "ENOSPC" if exc.errno == 28 else str(exc)


def _integrity(folder: Path) -> dict[str, str]:
    verdicts = {}
    for path in sorted(folder.glob("*.sqlite3")):
        with sqlite3.connect(path) as db:
            verdicts[path.name] = str(db.execute("PRAGMA integrity_check").fetchone()[0])
    return verdicts


def _jobs(folder: Path) -> list[list[Any]]:
    with sqlite3.connect(folder / "jobs.sqlite3") as db:
        return [list(r) for r in db.execute("SELECT id, status FROM jobs ORDER BY id")]


async def _child(data: Path) -> dict[str, Any]:
    from bot.wiring import build_services
    from core.config import load_settings
    from core.context import RequestContext
    from core.intent.schema import Intent
    from tests.support.jobs import RecordingSink

    settings = load_settings(
        overrides={
            "data_dir": str(data),
            "catalog": {"load_starter": False},
            "http": {"enabled": "off"},
        }
    )
    sink = RecordingSink()
    services = await build_services(settings, sink)
    commands = services.commands

    def ctx() -> RequestContext:
        return RequestContext(
            tenant="g1", user_id="u1", channel_id="c1", request_id=str(time.monotonic_ns())
        )

    async def analysed(title: str, text: str) -> str:
        added = await commands.run_command(
            Intent.ANALYZE_SHOW, {"title": title, "text": text}, ctx()
        )
        if added.error is not None:
            return f"refused: {added.error.message}"
        job_id = added.unwrap().ticket.job.id
        await sink.wait_final(job_id, timeout=120)
        final = sink.final(job_id)
        return final.state.value if final else "no final state"

    report: dict[str, Any] = {}
    try:
        report["before"] = await analysed("Vault", VAULT)
        filler, report["filled_with"] = _fill(data)
        full: dict[str, Any] = {}
        for name, intent, options in (
            ("help", Intent.HELP, {}),
            ("job_status", Intent.JOB_STATUS, {}),
            ("find_similar", Intent.FIND_SIMILAR, {"text": TUNNELS}),
            ("show_add", Intent.ANALYZE_SHOW, {"title": "Tunnels", "text": TUNNELS}),
        ):
            result = await commands.run_command(intent, options, ctx())
            full[name] = (
                "ok"
                if result.error is None
                else {"code": result.error.code.value, "message": result.error.message}
            )
        report["while_full"] = full
        report["integrity_while_full"] = _integrity(data)
        report["jobs_while_full"] = _jobs(data)
        filler.unlink()
        report["after"] = await analysed("Tunnels", TUNNELS)
    finally:
        await services.aclose()
    report["jobs_after"] = _jobs(data)
    report["integrity_after"] = _integrity(data)
    return report


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    print(json.dumps(asyncio.run(_child(Path(sys.argv[2])))), flush=True)
