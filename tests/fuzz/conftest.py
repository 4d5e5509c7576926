from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.intent.schema import Intent
from tests.e2e.harness import share_embedder
from tests.fuzz.strategies import SEEDED_TITLES
from tests.fuzz.support import Stack

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

SEEDED_TENANT = "fuzz-seeded"
_SYNOPSES = {
    "Vault": "A retired safecracker is pulled back for one last job: emptying the vault of a "
    "casino owner who ruined her brother. The plan goes wrong when a crew member betrays them.",
    "Crumbs": "Two rival bakers in a seaside village compete at the summer fair. Their rivalry "
    "turns into friendship and then love, until a job offer in the city nearly parts them.",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The deep (`slow`) fuzz variants run only when asked for (`pytest -m slow`, as `make bench`
    does); a plain run, as in CI, keeps to the modest profile."""
    wanted = config.option.markexpr or ""
    if "slow" in wanted and "not slow" not in wanted:
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="deep fuzz profile: run with -m slow")
    for item in items:
        if item.get_closest_marker("slow") and item.path.is_relative_to(here):
            item.add_marker(skip)


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real stack, built once for the fuzz suite (and stopped when it ends, so no job of
    it runs on behind later tests), on the process's shared MiniLM, with two shows stored in
    one server so fuzzed titles and descriptions sometimes find something."""
    with pytest.MonkeyPatch.context() as patch:
        share_embedder(patch)
        built = Stack(tmp_path_factory.mktemp("fuzz-stack"))
    try:
        for title in SEEDED_TITLES:
            ctx = built.ctx(tenant=SEEDED_TENANT)
            accepted = built.run_command(
                Intent.ANALYZE_SHOW, {"title": title, "text": _SYNOPSES[title]}, ctx
            )
            done = built.final_update(accepted.unwrap().ticket.job.id)
            assert done.error is None, done.error
        yield built
    finally:
        built.close()
