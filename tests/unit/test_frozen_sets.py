"""The held-out evaluation sets the README quotes never change after they were frozen.

Each folder under benchmarks/data/ that holds a FROZEN.sha256 lists the sha256 of its files as
written before any tuning; a changed byte would make every figure quoted from them meaningless.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
MANIFESTS = sorted(DATA.glob("*/FROZEN.sha256"))


def test_the_intent_and_retrieval_evaluation_sets_are_frozen() -> None:
    assert DATA / "intent" / "FROZEN.sha256" in MANIFESTS
    assert DATA / "retrieval" / "FROZEN.sha256" in MANIFESTS


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.parent.name)
def test_every_frozen_file_still_has_its_recorded_hash(manifest: Path) -> None:
    lines = [line.split() for line in manifest.read_text().splitlines() if line.strip()]
    assert lines, f"{manifest} lists no file"
    for digest, name in lines:
        path = manifest.parent / name.lstrip("*")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        assert actual == digest, f"{path} changed after it was frozen"
