"""`studio catalog import` and `studio similar --json`, end to end through the real CLI entry
point, the offline extractor, MiniLM and qdrant-edge under a temp data dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import bot.wiring.retrieval as retrieval_wiring
from bot.cli import main
from tests.fakes import shared_embedder
from tests.unit.tools.narrative.samples import pair_stories


class _Borrowed:
    """The shared test embedder, which a CLI run must not shut down when it exits."""

    def __init__(self) -> None:
        self._inner = shared_embedder()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def close(self) -> None:
        return None


@pytest.fixture
def studio_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STUDIO_CATALOG__LOAD_STARTER", "false")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("STUDIO_QDRANT__URL", raising=False)
    monkeypatch.setattr(retrieval_wiring, "build_embedder", lambda *a, **k: _Borrowed())
    stories = [s for pair in pair_stories()[:3] for s in pair]
    lines = [
        json.dumps({"id": s.id, "title": s.title, "year": 2001, "synopsis": s.synopsis})
        for s in stories
    ]
    lines.insert(1, '{"title": "Broken", ')
    path = tmp_path / "shows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_then_similar_prints_json_without_the_query_show(
    studio_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "import", str(studio_env), "--tenant", "g1"]) == 0
    out, err = capsys.readouterr()
    assert "imported 6 works into tenant 'g1' (1 bad lines skipped" in out
    assert "line 2: not valid JSON" in err
    assert "] 7/7 lines, 6 imported, 1 bad" in err

    assert main(["similar", "--tenant", "g1", "--title", "two kitchens", "--k", "3", "--json"]) == 0
    out, _ = capsys.readouterr()
    rows = json.loads(out)
    assert len(rows) == 3
    assert all(set(r) == {"id", "title", "score", "why"} for r in rows)
    assert "p02a" not in {r["id"] for r in rows}
    # Imported shows without curated facts rank on their sentences and facts text.
    assert all(isinstance(r["why"], str) and "sentences" in r["why"] for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)

    assert main(["similar", "--tenant", "g1", "--id", "p01b", "--k", "2", "--json"]) == 0
    by_id = json.loads(capsys.readouterr().out)
    assert len(by_id) == 2 and "p01b" not in {r["id"] for r in by_id}

    # Another server does not see g1's imports; the import is resumable (nothing redone).
    assert main(["similar", "--tenant", "g2", "--title", "Two Kitchens", "--json"]) == 1
    assert "I don't know a show called 'Two Kitchens'" in capsys.readouterr().err
    assert main(["catalog", "import", str(studio_env), "--tenant", "g1"]) == 0
    assert "imported 0 works" in capsys.readouterr().out


def test_an_unknown_title_exits_1_with_close_titles(
    studio_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "import", str(studio_env), "--tenant", "g1"]) == 0
    capsys.readouterr()
    assert main(["similar", "--tenant", "g1", "--title", "Signal Crosing", "--json"]) == 1
    err = capsys.readouterr().err
    assert "Did you mean 'Signal Crossing'?" in err
    assert main(["similar", "--tenant", "g1", "--text", "x", "--json"]) == 1
    assert "too short" in capsys.readouterr().err
    assert main(["similar", "--tenant", "g1", "--title", "Signal Crossing", "--k", "11"]) == 1
    assert "--k must be between 1 and 10" in capsys.readouterr().err


def test_a_missing_file_is_a_clear_error(
    studio_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "import", str(studio_env.parent / "nope.jsonl"), "--tenant", "g"]) == 1
    assert "does not exist" in capsys.readouterr().err
