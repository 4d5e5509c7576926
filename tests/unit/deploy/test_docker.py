"""The Docker files are validated, not run (no Docker engine in CI): `docker compose config` when
the CLI has compose, and always a structural check of what the README promises."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.config import load_settings

ROOT = Path(__file__).resolve().parents[3]
DOCKER = ROOT / "docker"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_compose_has_the_four_services_each_with_a_health_check(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"bot", "worker", "qdrant", "redis"}
    for name, service in services.items():
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
        assert service.get("restart") == "unless-stopped", name


def test_bot_waits_for_healthy_dependencies_and_checks_readiness(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["depends_on"] == {
        "qdrant": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert "/readyz" in " ".join(bot["healthcheck"]["test"])
    assert "/healthz" in " ".join(compose["services"]["worker"]["healthcheck"]["test"])


def test_worker_reserves_a_gpu_and_shares_data_and_model_volumes(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    (device,) = worker["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]
    assert "studio-data:/data" in worker["volumes"] and "model-cache:/models" in worker["volumes"]
    assert "studio-data:/data" in compose["services"]["bot"]["volumes"]
    assert worker["command"] == ["worker"]  # its Redis URL (with the password) is in the env
    for volume in ("studio-data", "model-cache", "qdrant-data", "redis-data"):
        assert volume in compose["volumes"]


def test_redis_keeps_queued_jobs_across_restarts(compose: dict[str, Any]) -> None:
    assert "--appendonly" in compose["services"]["redis"]["command"]


def test_redis_requires_a_password_that_compose_refuses_to_start_without(
    compose: dict[str, Any],
) -> None:
    """Whoever can write to the job queue can forge results: no Redis without a password, and
    the password comes from docker/.env (compose's `:?` stops with a message when it is unset)."""
    services = compose["services"]
    redis = services["redis"]
    command = redis["command"]
    password = command[command.index("--requirepass") + 1]
    assert password.startswith("${REDIS_PASSWORD:?")
    assert redis["environment"]["REDISCLI_AUTH"] == password  # the health check authenticates
    assert "ports" not in redis  # not published on the host by default
    for name in ("bot", "worker"):
        url = services[name]["environment"]["STUDIO_JOBS__REDIS_URL"]
        assert url.startswith("redis://:${REDIS_PASSWORD:?") and url.endswith("@redis:6379/0")
    assert "REDIS_PASSWORD=" in (DOCKER / ".env.example").read_text()


def test_compose_environment_is_valid_studio_settings(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    example = (DOCKER / ".env.example").read_text()
    env_file = {
        k: v
        for k, _, v in (line.partition("=") for line in example.splitlines())
        if k and not k.startswith("#") and v
    }
    for name in ("bot", "worker"):
        env = {
            **env_file,
            **{k: str(v) for k, v in compose["services"][name]["environment"].items()},
        }
        env["STUDIO_DATA_DIR"] = str(tmp_path)
        settings = load_settings(env=env)  # raises ConfigError naming any bad variable
        assert settings.http.enabled == "on" and settings.http.host == "0.0.0.0"
    bot = load_settings(
        env={k: str(v) for k, v in compose["services"]["bot"]["environment"].items()}
    )
    assert bot.jobs.transport == "redis" and bot.qdrant.url == "http://qdrant:6333"


def test_env_example_names_every_secret_and_only_settings_variables() -> None:
    names = [
        line.split("=", 1)[0]
        for line in (DOCKER / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert {"DISCORD_TOKEN", "ANTHROPIC_API_KEY", "STUDIO_QDRANT__API_KEY"} <= set(names)
    for name in names:
        env = {name: "[]" if name.endswith("_IDS") else "x"}
        load_settings(env=env)


@pytest.mark.parametrize("dockerfile", ["Dockerfile.bot", "Dockerfile.worker"])
def test_dockerfiles_install_the_lock_on_the_locked_python_after_torch(dockerfile: str) -> None:
    text = (DOCKER / dockerfile).read_text()
    for line in re.findall(r"^COPY (.+)$", text, flags=re.M):
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), f"{dockerfile} copies missing {source}"
    torch_at = text.index("pip install torch==")
    lock_at = text.index("pip install --no-deps -r requirements.lock")
    project_at = text.index("pip install --no-deps --no-build-isolation .")
    assert torch_at < lock_at < project_at, "torch, then the lock, then the project"
    assert "pip check" in text[project_at:]
    # The lock is compiled for one Python: an image on another one could miss wheels or markers.
    assert "FROM python:3.11-" in text
    locked_torch = re.search(r"^torch==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M)
    assert locked_torch is not None and f"torch=={locked_torch.group(1)} " in text
    assert "HEALTHCHECK" in text and "USER studio" in text


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode
    != 0,
    reason="the docker CLI with the compose plugin is not installed here",
)
def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    env = DOCKER / ".env"
    created = not env.exists()
    if created:
        env.write_text((DOCKER / ".env.example").read_text())
    try:
        done = subprocess.run(
            ["docker", "compose", "-f", str(DOCKER / "compose.yaml"), "config", "--quiet"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        if created:
            env.unlink()
    assert done.returncode == 0, done.stderr
