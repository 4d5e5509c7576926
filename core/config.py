"""Settings: loaded once into a frozen, validated object; the only module that reads the env.

Layers, later wins: `config/default.toml` (every setting, documented) -> an optional user TOML file
(`--config FILE` or `STUDIO_CONFIG`) -> environment variables. Environment names are
`STUDIO_<SECTION>__<KEY>` (e.g. `STUDIO_LLM__MODEL`), `STUDIO_DATA_DIR`, and the conventional
`DISCORD_TOKEN`, `DISCORD_API_BASE`, `DISCORD_GATEWAY_URL`, `ANTHROPIC_API_KEY` and
`ANTHROPIC_BASE_URL`. A bad value stops start-up with a message naming the setting, where it came
from and what is allowed.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from core.errors import ConfigError

__all__ = ["DEFAULT_TOML", "Settings", "load_settings"]

DEFAULT_TOML = Path(__file__).resolve().parent.parent / "config" / "default.toml"

# Conventional variable names that map onto a setting path.
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "STUDIO_DATA_DIR": ("data_dir",),
    "DISCORD_TOKEN": ("discord", "token"),
    "DISCORD_API_BASE": ("discord", "api_base"),
    "DISCORD_GATEWAY_URL": ("discord", "gateway_url"),
    "ANTHROPIC_API_KEY": ("llm", "api_key"),
    "ANTHROPIC_BASE_URL": ("llm", "base_url"),
}
# Settings that hold secrets: read only from the environment (README), never from a file
# that gets copied, committed or pasted into an issue. A Redis URL counts when it has a password.
_SECRETS: Mapping[tuple[str, ...], str] = {
    ("discord", "token"): "DISCORD_TOKEN",
    ("llm", "api_key"): "ANTHROPIC_API_KEY",
    ("qdrant", "api_key"): "STUDIO_QDRANT__API_KEY",
    ("jobs", "redis_url"): "STUDIO_JOBS__REDIS_URL",
}
_PREFIX = "STUDIO_"
_NOT_SETTINGS = frozenset({"STUDIO_CONFIG", "STUDIO_DATA_DIR"})


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoggingSettings(_Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["auto", "json", "console"] = "auto"


class DiscordSettings(_Section):
    token: SecretStr | None = None
    api_base: str = ""
    gateway_url: str = ""
    sharded: bool = False
    shard_count: int | None = Field(default=None, ge=1)
    admin_user_ids: tuple[int, ...] = ()
    progress_min_interval_s: float = Field(default=1.0, ge=0.05, le=60)
    global_rate_per_s: int = Field(default=45, ge=1, le=10_000)
    sync_commands: Literal["auto", "always", "never"] = "auto"
    dev_guild_ids: tuple[int, ...] = ()
    studio_thread_auto_archive_min: Literal[60, 1440, 4320, 10080] = 1440


class LLMSettings(_Section):
    api_key: SecretStr | None = None
    base_url: str = ""
    model: str = "claude-sonnet-5-5"
    temperature: float = Field(default=0.3, ge=0.0, le=1.0)
    max_tokens: int = Field(default=4096, ge=64, le=64000)
    timeout_s: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=4, ge=0, le=10)
    budget_s: float = Field(default=120.0, gt=0)
    backoff_base_s: float = Field(default=1.0, gt=0, le=60)
    backoff_max_s: float = Field(default=30.0, gt=0, le=600)
    input_usd_per_mtok: float = Field(default=3.0, ge=0)
    output_usd_per_mtok: float = Field(default=15.0, ge=0)

    @property
    def configured(self) -> bool:
        return self.api_key is not None and bool(self.api_key.get_secret_value())


class IntentSettings(_Section):
    confidence_threshold: float = Field(default=0.55, ge=0.0, le=1.0)
    thread_context_turns: int = Field(default=8, ge=1, le=100)
    # The most a thread's context may add to an intent call (long texts are never kept).
    thread_context_tokens: int = Field(default=1000, ge=50, le=20000)


class EmbeddingSettings(_Section):
    model: str = "all-MiniLM-L6-v2"
    batch_size: int = Field(default=32, ge=1, le=1024)
    device: Literal["cpu", "cuda", "auto"] = "cpu"
    precision: Literal["auto", "float32", "bfloat16"] = "auto"


class QdrantSettings(_Section):
    url: str = ""
    api_key: SecretStr | None = None
    collection_prefix: str = Field(default="studio", pattern=r"^[a-z][a-z0-9_]{0,40}$")
    timeout_s: float = Field(default=10.0, gt=0)
    upsert_batch: int = Field(default=256, ge=1, le=10000)
    shard_number: int = Field(default=1, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    write_consistency_factor: int = Field(default=1, ge=1)
    search_candidates: int = Field(default=50, ge=1, le=1000)
    reopen_every_s: float = Field(default=30.0, ge=0)


class CatalogSettings(_Section):
    load_starter: bool = True
    global_tenant: str = "global"
    extractor: Literal["auto", "heuristic", "llm"] = "auto"
    import_batch: int = Field(default=32, ge=1, le=1000)
    llm_concurrency: int = Field(default=4, ge=1, le=32)


class JobSettings(_Section):
    transport: Literal["local", "redis"] = "local"
    redis_url: str = ""
    max_attempts: int = Field(default=3, ge=1, le=20)
    max_queued_per_user: int = Field(default=5, ge=1, le=1000)
    max_queued_per_guild: int = Field(default=50, ge=1, le=100000)
    heartbeat_s: float = Field(default=5.0, gt=0)
    batch_drafts: bool = True
    max_batch: int = Field(default=4, ge=1, le=16)
    redis_queue: str = Field(default="studio-media", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,60}$")
    inline_result_mb: float = Field(default=16.0, ge=0, le=256)
    shared_dir: str = ""


class MediaSettings(_Section):
    image_model_draft: str = ""
    image_model_final: str = ""
    video_model: str = ""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    memory_budget_gb: float = Field(default=20.0, gt=0)
    preview_interval_s: float = Field(default=2.0, ge=0.1)
    compile: bool = False
    max_attachment_mb: float = Field(default=10.0, gt=0, le=500)
    cpu_threads: int = Field(default=0, ge=0, le=256)
    draft_size: int = Field(default=512, ge=16, le=2048)
    final_size: int = Field(default=1024, ge=16, le=2048)
    draft_steps: int = Field(default=4, ge=1, le=200)
    final_steps: int = Field(default=30, ge=1, le=200)
    draft_guidance: float = Field(default=0.0, ge=0.0, le=30.0)
    final_guidance: float = Field(default=6.0, ge=0.0, le=30.0)
    video_size_draft: int = Field(default=384, ge=16, le=2048)
    video_size_final: int = Field(default=512, ge=16, le=2048)
    video_steps_draft: int = Field(default=10, ge=1, le=200)
    video_steps_final: int = Field(default=25, ge=1, le=200)
    video_guidance: float = Field(default=7.5, ge=0.0, le=30.0)
    video_fps: int = Field(default=8, ge=1, le=60)
    video_max_frames: int = Field(default=32, ge=1, le=512)
    worker_start_timeout_s: float = Field(default=180.0, gt=0)


class TransformSettings(_Section):
    concurrency: int = Field(default=4, ge=1, le=32)
    max_scene_retries: int = Field(default=2, ge=0, le=5)
    jobs_at_once: int = Field(default=2, ge=1, le=16)


class LimitSettings(_Section):
    commands_per_minute: int = Field(default=20, ge=1, le=10000)
    max_prompt_chars: int = Field(default=1000, ge=10, le=6000)
    max_text_chars: int = Field(default=60000, ge=100, le=1_000_000)
    max_text_attachment_bytes: int = Field(default=1_048_576, ge=1024)


class CacheSettings(_Section):
    memory_entries: int = Field(default=2048, ge=1)
    memory_ttl_s: float = Field(default=3600.0, gt=0)
    persistent_max_mb: float = Field(default=512.0, gt=0)


class HttpSettings(_Section):
    enabled: Literal["auto", "on", "off"] = "auto"
    host: str = "127.0.0.1"
    port: int = Field(default=9100, ge=0, le=65535)


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Path("./data")
    logging: LoggingSettings = LoggingSettings()
    discord: DiscordSettings = DiscordSettings()
    llm: LLMSettings = LLMSettings()
    intent: IntentSettings = IntentSettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    qdrant: QdrantSettings = QdrantSettings()
    catalog: CatalogSettings = CatalogSettings()
    jobs: JobSettings = JobSettings()
    media: MediaSettings = MediaSettings()
    transform: TransformSettings = TransformSettings()
    limits: LimitSettings = LimitSettings()
    cache: CacheSettings = CacheSettings()
    http: HttpSettings = HttpSettings()


def load_settings(
    *,
    config_file: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the one `Settings` object. `env` defaults to `os.environ`; tests pass their own."""
    env = dict(os.environ if env is None else env)
    merged: dict[str, Any] = {}
    origin: dict[tuple[str, ...], str] = {}

    _merge(merged, _no_secrets(_read_toml(DEFAULT_TOML), DEFAULT_TOML), origin, str(DEFAULT_TOML))
    user_file = config_file or env.get("STUDIO_CONFIG")
    if user_file:
        path = Path(user_file)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist (from --config or STUDIO_CONFIG)")
        _merge(merged, _no_secrets(_read_toml(path), path), origin, str(path))
    for name, value in env.items():
        key = _env_key(name)
        if key is not None:
            _set(merged, key, _parse_env_value(value), origin, f"environment variable {name}")
    if overrides:
        _merge(merged, dict(overrides), origin, "overrides")

    try:
        return Settings.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None


def _env_key(name: str) -> tuple[str, ...] | None:
    if name in _ALIASES:
        return _ALIASES[name]
    if not name.startswith(_PREFIX) or name in _NOT_SETTINGS or "__" not in name:
        return None
    section, _, key = name[len(_PREFIX) :].lower().partition("__")
    return (section, key)


def _parse_env_value(raw: str) -> Any:
    text = raw.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return [part.strip() for part in text[1:-1].split(",") if part.strip()]
    return raw


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def _no_secrets(layer: dict[str, Any], path: Path) -> dict[str, Any]:
    """The file's settings, or ConfigError when it holds a secret (its value is never shown)."""
    for (section, key), variable in _SECRETS.items():
        node = layer.get(section)
        value = node.get(key) if isinstance(node, Mapping) else None
        if not isinstance(value, str) or not value:
            continue
        if key == "redis_url" and "@" not in value:
            continue  # a URL without credentials is not a secret
        raise ConfigError(
            f"{section}.{key} is set in {path}, but secrets are read only from the environment "
            f"(a config file gets copied and shared). Remove it from the file and set "
            f"{variable} in the environment instead (docker/.env with the compose file)."
        )
    return layer


def _merge(
    into: dict[str, Any],
    layer: Mapping[str, Any],
    origin: dict[tuple[str, ...], str],
    source: str,
    prefix: tuple[str, ...] = (),
) -> None:
    for key, value in layer.items():
        path = (*prefix, key)
        if isinstance(value, Mapping):
            node = into.setdefault(key, {})
            if not isinstance(node, dict):
                node = into[key] = {}
            _merge(node, value, origin, source, path)
        else:
            into[key] = value
            origin[path] = source


def _set(
    into: dict[str, Any],
    path: tuple[str, ...],
    value: Any,
    origin: dict[tuple[str, ...], str],
    source: str,
) -> None:
    node = into
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[path[-1]] = value
    origin[path] = source


def _describe(exc: ValidationError, origin: Mapping[tuple[str, ...], str]) -> str:
    lines = ["invalid settings:"]
    for err in exc.errors(include_url=False):
        path = tuple(str(p) for p in err["loc"] if not isinstance(p, int))
        name = ".".join(path)
        where = origin.get(path, "defaults")
        env_name = _ALIAS_BY_PATH.get(path) or (
            f"{_PREFIX}{'__'.join(path).upper()}" if len(path) == 2 else f"{_PREFIX}{name.upper()}"
        )
        if err["type"] == "extra_forbidden":
            lines.append(f"- {name}: unknown setting (from {where}); see config/default.toml")
            continue
        shown = "<secret>" if "token" in name or "key" in name else repr(err.get("input"))
        lines.append(
            f"- {name} = {shown} (from {where}): {err['msg']}. "
            f"Set it in your config file or with {env_name}."
        )
    return "\n".join(lines)


_ALIAS_BY_PATH = {path: name for name, path in _ALIASES.items()}
