from __future__ import annotations

from pathlib import Path

import pytest

from core.config import DEFAULT_TOML, Settings, load_settings
from core.errors import ConfigError


def test_defaults_load_and_are_frozen() -> None:
    settings = load_settings(env={})
    assert settings.data_dir == Path("./data")
    assert settings.discord.progress_min_interval_s == 1.0
    assert settings.llm.configured is False
    with pytest.raises(Exception, match="frozen"):
        settings.llm.model = "other"  # type: ignore[misc]


def test_every_setting_is_documented_in_default_toml() -> None:
    text = DEFAULT_TOML.read_text()

    def fields(model: type, prefix: str = "") -> list[str]:
        out = []
        for name, info in model.model_fields.items():  # type: ignore[attr-defined]
            ann = info.annotation
            if isinstance(ann, type) and hasattr(ann, "model_fields"):
                out += fields(ann, f"{name}.")
            else:
                out.append(f"{prefix}{name}")
        return out

    secrets = {"discord.token", "llm.api_key", "qdrant.api_key"}
    for dotted in fields(Settings):
        key = dotted.split(".")[-1]
        if dotted in secrets:
            assert dotted.split(".")[0] in text
            continue
        assert f"\n{key} =" in text or f"\n# {key} =" in text, f"{dotted} is not in default.toml"


def test_environment_overrides_file_and_conventional_names_work(tmp_path: Path) -> None:
    user = tmp_path / "me.toml"
    user.write_text('[llm]\nmodel = "from-file"\ntemperature = 0.9\n')
    settings = load_settings(
        config_file=user,
        env={
            "STUDIO_LLM__MODEL": "from-env",
            "ANTHROPIC_API_KEY": "sk-ant-test-1234567890",
            "DISCORD_API_BASE": "http://127.0.0.1:5000/api/v10",
            "STUDIO_DATA_DIR": str(tmp_path / "state"),
            "STUDIO_DISCORD__ADMIN_USER_IDS": "[1, 2]",
        },
    )
    assert settings.llm.model == "from-env"
    assert settings.llm.temperature == 0.9
    assert settings.llm.configured
    assert settings.discord.api_base.endswith("/api/v10")
    assert settings.data_dir == tmp_path / "state"
    assert settings.discord.admin_user_ids == (1, 2)


def test_bad_choice_names_setting_source_and_allowed_values() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(env={"STUDIO_LOGGING__FORMAT": "xml"})
    message = str(info.value)
    assert "logging.format" in message
    assert "STUDIO_LOGGING__FORMAT" in message
    assert "'json'" in message and "'console'" in message


def test_out_of_range_number_is_refused_with_its_bound() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(env={"STUDIO_TRANSFORM__CONCURRENCY": "0"})
    assert "transform.concurrency" in str(info.value)
    assert "greater than or equal to 1" in str(info.value)


def test_unknown_setting_in_file_is_refused(tmp_path: Path) -> None:
    user = tmp_path / "typo.toml"
    user.write_text("[llm]\nmodle = 'x'\n")
    with pytest.raises(ConfigError, match=r"llm.modle: unknown setting"):
        load_settings(config_file=user, env={})


def test_secret_values_are_never_echoed_in_errors() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(env={"DISCORD_TOKEN": "x" * 30, "STUDIO_DISCORD__SHARD_COUNT": "0"})
    assert "x" * 30 not in str(info.value)


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_file=tmp_path / "nope.toml", env={})
