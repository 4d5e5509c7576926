"""Secrets come only from the environment, as the README says: a token or key written into a
config file stops start-up with a message saying where it is and which variable to use."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import load_settings
from core.errors import ConfigError

TOKEN = "MTIz.not-a-real-token.abcdef"


@pytest.mark.parametrize(
    ("toml", "variable"),
    [
        (f'[discord]\ntoken = "{TOKEN}"\n', "DISCORD_TOKEN"),
        (f'[llm]\napi_key = "{TOKEN}"\n', "ANTHROPIC_API_KEY"),
        (f'[qdrant]\napi_key = "{TOKEN}"\n', "STUDIO_QDRANT__API_KEY"),
        (f'[jobs]\nredis_url = "redis://:{TOKEN}@10.0.0.5:6379/0"\n', "STUDIO_JOBS__REDIS_URL"),
    ],
)
def test_a_secret_in_a_config_file_is_refused_and_not_echoed(
    tmp_path: Path, toml: str, variable: str
) -> None:
    user = tmp_path / "studio.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as refused:
        load_settings(config_file=user, env={})
    message = str(refused.value)
    assert str(user) in message and variable in message and "environment" in message
    assert TOKEN not in message


def test_the_same_secrets_from_the_environment_are_taken(tmp_path: Path) -> None:
    settings = load_settings(
        env={
            "DISCORD_TOKEN": TOKEN,
            "ANTHROPIC_API_KEY": TOKEN,
            "STUDIO_JOBS__REDIS_URL": f"redis://:{TOKEN}@10.0.0.5:6379/0",
        }
    )
    assert settings.discord.token is not None
    assert settings.discord.token.get_secret_value() == TOKEN
    assert settings.llm.configured


def test_an_empty_secret_in_a_file_is_not_a_secret(tmp_path: Path) -> None:
    user = tmp_path / "studio.toml"
    user.write_text('[discord]\ntoken = ""\n[jobs]\nredis_url = "redis://10.0.0.5:6379/0"\n')
    assert load_settings(config_file=user, env={}).jobs.redis_url == "redis://10.0.0.5:6379/0"
