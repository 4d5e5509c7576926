"""How a remote worker's result files reach the bot: inline through Redis up to the size limit,
through the shared folder above it, or left on the worker with a note saying where; the bot checks
what arrives and its notes name the bot's own copy."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tools.media.gpu.outputs import save_png
from tools.media.protocol import TaskOutcome
from tools.media.transport.remote.wire import (
    CorruptResult,
    RemoteResult,
    pack_outcome,
    unpack_outcome,
)

WORKER = "gpu-box-7"


def rendered(tmp_path: Path, *, over_limit: bool = False) -> TaskOutcome:
    """A worker's outcome with one real PNG in the worker's media folder."""
    ref = save_png(
        Image.new("RGB", (32, 32), (200, 30, 30)),
        {"prompt": "a red square"},
        tmp_path / "worker" / "media",
        limit_bytes=10 if over_limit else 10**7,
    )
    notes = [
        f"The file is too large to attach here; it is kept on the bot's machine at {ref['path']}."
    ]
    result: dict[str, Any] = {
        "kind": "image",
        "files": [ref],
        "lowered": notes if over_limit else [],
    }
    return TaskOutcome("task-1", ok=True, results={7: result})


def through_redis(outcome: TaskOutcome) -> TaskOutcome:
    """What the bot reads back: the JSON saq stored."""
    return RemoteResult.from_json(RemoteResult(outcome, worker_id=WORKER).to_json()).outcome


def test_a_small_file_comes_back_inline_and_lands_in_the_bots_media_folder(tmp_path: Path) -> None:
    outcome = rendered(tmp_path, over_limit=True)
    original = Path(outcome.results[7]["files"][0]["path"])
    packed = pack_outcome(outcome, inline_limit_bytes=2**20, shared_dir=None, worker_id=WORKER)
    assert "path" not in packed.results[7]["files"][0]  # nothing on the bot refers to the worker
    bot_media = tmp_path / "bot" / "media"
    local = unpack_outcome(through_redis(packed), media_dir=bot_media, shared_dir=None)
    (ref,) = local.results[7]["files"]
    path = Path(ref["path"])
    assert path.is_relative_to(bot_media) and path.read_bytes() == original.read_bytes()
    assert local.results[7]["worker_id"] == WORKER
    # The engine's note named the worker's copy; the user is told where the bot's copy is.
    assert local.results[7]["lowered"] == [
        f"The file is too large to attach here; it is kept on the bot's machine at {path}."
    ]


def test_a_large_file_goes_through_the_shared_folder(tmp_path: Path) -> None:
    outcome = rendered(tmp_path)
    shared = tmp_path / "nfs"
    packed = pack_outcome(outcome, inline_limit_bytes=0, shared_dir=shared, worker_id=WORKER)
    sha = outcome.results[7]["files"][0]["sha256"]
    assert packed.results[7]["files"][0]["shared"] == f"{sha}.png"  # a name, never a path
    local = unpack_outcome(through_redis(packed), media_dir=tmp_path / "bot", shared_dir=shared)
    (ref,) = local.results[7]["files"]
    assert Path(ref["path"]).is_relative_to(shared / "media")
    with Image.open(ref["path"]) as png:
        assert png.text["prompt"] == "a red square"
    # A bot that does not see the shared folder says so instead of attaching nothing silently.
    blind = unpack_outcome(through_redis(packed), media_dir=tmp_path / "bot", shared_dir=None)
    (ref,) = blind.results[7]["files"]
    assert ref["over_limit"] and "jobs.shared_dir" in blind.results[7]["lowered"][-1]


def test_without_a_shared_folder_a_large_file_stays_on_the_worker_and_the_note_says_where(
    tmp_path: Path,
) -> None:
    outcome = rendered(tmp_path)
    where = outcome.results[7]["files"][0]["path"]
    packed = pack_outcome(outcome, inline_limit_bytes=0, shared_dir=None, worker_id=WORKER)
    local = unpack_outcome(through_redis(packed), media_dir=tmp_path / "bot", shared_dir=None)
    (ref,) = local.results[7]["files"]
    assert ref["over_limit"] and "path" not in ref
    (note,) = local.results[7]["lowered"]
    assert WORKER in note and where in note and "jobs.inline_result_mb" in note


def test_a_file_damaged_on_the_way_is_refused(tmp_path: Path) -> None:
    packed = pack_outcome(
        rendered(tmp_path), inline_limit_bytes=2**20, shared_dir=None, worker_id=WORKER
    )
    ref = packed.results[7]["files"][0]
    data = bytearray(base64.b64decode(ref["inline"]))
    data[-1] ^= 0xFF
    ref["inline"] = base64.b64encode(bytes(data)).decode()
    with pytest.raises(CorruptResult):
        unpack_outcome(packed, media_dir=tmp_path / "bot", shared_dir=None)
