"""The dependency locks: complete, CPU-safe, and refused loudly when pyproject.toml moved on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCKS = ("requirements.lock", "requirements-dev.lock")


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text()
    return {
        m.group(1).lower().replace("_", "-"): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M)
    }


def _copy_for_make(tmp_path: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", *LOCKS):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _check_lock(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "check-lock", f"PY={sys.executable}"],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_committed_locks_match_pyproject(tmp_path: Path) -> None:
    done = _check_lock(_copy_for_make(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_new_dependency_without_a_new_lock_names_the_command_to_run(tmp_path: Path) -> None:
    where = _copy_for_make(tmp_path)
    pyproject = where / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(text.replace("dependencies = [\n", 'dependencies = [\n  "six>=1",\n', 1))
    done = _check_lock(where)
    assert done.returncode != 0
    assert "make lock" in done.stdout + done.stderr
    assert "requirements.lock is stale" in done.stdout + done.stderr


def test_the_dev_lock_holds_the_runtime_lock_at_the_same_versions() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert runtime, "the runtime lock pins nothing"
    assert {name: dev.get(name) for name in runtime} == runtime
    assert {"pytest", "mypy", "ruff"} <= set(dev) and "pytest" not in runtime


def test_the_locks_never_pull_cuda_builds_on_a_cpu_machine() -> None:
    for name in LOCKS:
        pins = _pins(name)
        assert not [p for p in pins if p.startswith("nvidia-") or p == "triton"], name
        # No local label: the CPU build here and the CUDA build in the worker image both satisfy it.
        assert re.fullmatch(r"[0-9.]+", pins["torch"]), pins["torch"]


def test_every_installed_distribution_is_pinned_at_its_locked_version() -> None:
    from importlib import metadata

    dev = _pins("requirements-dev.lock")
    drift = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"].lower().replace("_", "-")
        if name in dev and dist.version.split("+")[0] != dev[name]:
            drift[name] = (dist.version, dev[name])
    assert not drift, f"installed versions differ from the lock: {drift}; run `make clean test`"
