"""`studio console` offers the votes of a similar-shows answer as typed choices: a dislike there
re-ranks the console's next answer, "more N" searches with that result as a second example."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.console import run_console
from core.config import load_settings
from tests.e2e.harness import share_embedder
from tests.support.small_catalog import use_small_catalog

ASK = '/show similar title:"Breaking Bad" k:3'


def firsts(text: str) -> list[str]:
    return re.findall(r"Shows like Breaking Bad:\n  1\. (.+?) \(\d{4}\)", text)


def test_dislike_and_more_like_under_a_similar_answer_in_the_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    use_small_catalog(monkeypatch, tmp_path / "catalog")
    settings = load_settings(env={"STUDIO_DATA_DIR": str(tmp_path), "STUDIO_HTTP__ENABLED": "off"})
    stdin = io.StringIO(f"{ASK}\ndislike 1\n{ASK}\nmore 2\n/quit\n")
    out = io.StringIO()
    assert run_console(settings, stdin=stdin, stdout=out) == 0
    text = out.getvalue()
    assert "like N / dislike N: is result N alike?" in text
    first, after, more = firsts(text)
    assert f"{first} is not much like Breaking Bad" in text
    assert after != first  # the disliked show no longer leads the console's answer
    second = re.findall(r"Shows like Breaking Bad:\n  1\. .+\n.*\n  2\. (.+?) \(\d{4}\)", text)[1]
    # More like the second result: neither it nor Breaking Bad is listed, nor the disliked show.
    last = text.rsplit("Shows like Breaking Bad:", 1)[1].split("studio>")[0]
    assert second not in last and first not in last and more != second


def test_the_console_takes_votes_on_results_6_to_10_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share_embedder(monkeypatch)
    use_small_catalog(monkeypatch, tmp_path / "catalog")
    settings = load_settings(env={"STUDIO_DATA_DIR": str(tmp_path), "STUDIO_HTTP__ENABLED": "off"})
    ask = '/show similar title:"Breaking Bad" k:7'
    stdin = io.StringIO(f"{ask}\ndislike 7\n/quit\n")
    out = io.StringIO()
    assert run_console(settings, stdin=stdin, stdout=out) == 0
    text = out.getvalue()
    seventh = re.findall(r"\n  7\. (.+?) \(\d{4}\)", text)[0]
    assert f"{seventh} is not much like Breaking Bad" in text
