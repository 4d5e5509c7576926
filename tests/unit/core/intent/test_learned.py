"""Stage 2: the learned classifier is reproducible, cached by its training data, and calibrated
on messages it was not trained on."""

from __future__ import annotations

from pathlib import Path

from core.intent.learned import LearnedClassifier
from core.intent.scoring import calibration_error, load_labelled
from core.intent.training import DEV_PATH, training_texts
from core.ports.embedder import Vector
from tests.fakes import shared_embedder


def test_the_model_is_built_once_then_loaded_from_its_cache(tmp_path: Path) -> None:
    texts = training_texts()
    first = LearnedClassifier(shared_embedder(), texts, cache_dir=tmp_path, shipped_dir=None)
    first.warm_up_sync()
    (cached,) = tmp_path.glob("intent-*.pkl")
    assert first.key in cached.name
    again = LearnedClassifier(shared_embedder(), texts, cache_dir=tmp_path, shipped_dir=None)
    again.warm_up_sync()
    for text in ("draw a heron in the reeds", "how do i cancel a job?", "is job 4 done"):
        assert again.classify_sync(text) == first.classify_sync(text)
    changed = LearnedClassifier(shared_embedder(), texts[:-1], cache_dir=tmp_path)
    assert changed.key != first.key  # other training data: another model file


class _NoEncoding:
    """An embedder that refuses to encode: a start with the shipped model needs none."""

    model_name = shared_embedder().model_name

    def embed_sync(self, texts: list[str]) -> list[Vector]:
        raise AssertionError(f"encoded {len(texts)} texts at start-up")

    async def embed(self, texts: list[str]) -> list[Vector]:
        raise AssertionError(f"encoded {len(texts)} texts at start-up")


def test_a_first_start_loads_the_shipped_model_and_fits_nothing(tmp_path: Path) -> None:
    classifier = LearnedClassifier(_NoEncoding(), training_texts(), cache_dir=tmp_path)  # type: ignore[arg-type]
    shipped = classifier.shipped_path()
    assert shipped is not None
    assert shipped.exists(), "the shipped intent model is stale: run `make intent-model`"
    classifier.warm_up_sync()
    assert classifier.ready
    assert not list(tmp_path.iterdir())  # nothing written under the data dir either


def test_confidence_is_calibrated_on_the_dev_split(tmp_path: Path) -> None:
    classifier = LearnedClassifier(shared_embedder(), training_texts(), cache_dir=tmp_path)
    rows = [row for row in load_labelled(DEV_PATH) if not row.context]
    votes = [classifier.classify_sync(row.text) for row in rows]
    right = [vote.intent is row.intent for vote, row in zip(votes, rows, strict=True)]
    assert sum(right) / len(rows) >= 0.88
    assert calibration_error([v.confidence for v in votes], right) <= 0.1
