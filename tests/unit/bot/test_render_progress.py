from __future__ import annotations

from pathlib import Path

from bot.render.limits import COLOR_DONE, COLOR_FAILED, COLOR_MUTED, COLOR_WORKING
from bot.render.progress import progress_bar, progress_message, result_files, result_messages
from core.ports.progress import JobState, ProgressUpdate, StageLine
from core.result import ErrorCode, StepError


def update(state: JobState, **fields: object) -> ProgressUpdate:
    return ProgressUpdate(job_id=42, kind="image", state=state, summary="a fox", **fields)  # type: ignore[arg-type]


def test_colours_follow_the_state_and_cancel_goes_away_at_the_end() -> None:
    cases = {
        JobState.QUEUED: COLOR_WORKING,
        JobState.RUNNING: COLOR_WORKING,
        JobState.SUCCEEDED: COLOR_DONE,
        JobState.FAILED: COLOR_FAILED,
        JobState.CANCELLED: COLOR_MUTED,
    }
    for state, color in cases.items():
        message = progress_message(update(state))
        assert message.embeds[0].color is not None and message.embeds[0].color.value == color
        buttons = [b.custom_id for b in message.buttons]
        assert buttons == ([] if state.terminal else ["studio:cancel:42"])


def test_a_running_update_shows_stage_bar_steps_eta_and_queue() -> None:
    message = progress_message(
        update(JobState.RUNNING, stage="denoising", step=6, total=12, eta_s=14)
    )
    fields = {f.name: f.value for f in message.embeds[0].fields}
    assert fields["Stage"] == "denoising" and fields["ETA"] == "~14 s"
    assert fields["Progress"] == "██████░░░░░░ 50% · step 6/12"
    queued = progress_message(update(JobState.QUEUED, queue_position=3))
    assert {f.name: f.value for f in queued.embeds[0].fields}["Queue"] == "#3 in line"


def test_a_preview_is_attached_or_kept() -> None:
    fresh = progress_message(update(JobState.RUNNING, preview_png=b"\x89PNG"))
    assert [f.filename for f in fresh.files] == ["preview.png"]
    assert fresh.embeds[0].image.url == "attachment://preview.png"
    kept = progress_message(update(JobState.RUNNING), keep_preview=True)
    assert kept.files == [] and kept.embeds[0].image.url == "attachment://preview.png"
    done = progress_message(update(JobState.SUCCEEDED), keep_preview=True)
    assert done.embeds[0].image.url is None


def test_a_checklist_and_notes_are_shown() -> None:
    stages = (StageLine("outline", "done"), StageLine("scene 1", "running"))
    message = progress_message(update(JobState.RUNNING, stages=stages, note="lowered size to 384"))
    fields = {f.name: f.value for f in message.embeds[0].fields}
    assert fields["Steps"] == "✅ outline\n🔄 scene 1" and fields["Note"] == "lowered size to 384"


def test_failures_say_why_unless_it_is_an_internal_error() -> None:
    mine = progress_message(
        update(JobState.FAILED, error=StepError(ErrorCode.UNAVAILABLE, "No model set."))
    )
    assert "No model set." in str(mine.embeds[0].fields)
    bug = progress_message(
        update(JobState.FAILED, error=StepError(ErrorCode.INTERNAL, "Traceback...", error_id="e1"))
    )
    text = str(bug.embeds[0].fields)
    assert "e1" in text and "Traceback" not in text


def test_progress_bar_bounds() -> None:
    assert progress_bar(None) == "░" * 12
    assert progress_bar(1.0) == "█" * 12 + " 100%"


def test_results_carry_their_files_and_buttons(tmp_path: Path) -> None:
    png = tmp_path / "job_42.png"
    png.write_bytes(b"\x89PNG")
    result = {
        "files": [str(png), str(tmp_path / "missing.png")],
        "quality": "draft",
        "notes": ["lowered size"],
    }
    (message,) = result_messages(update(JobState.SUCCEEDED, result=result))
    assert [f.filename for f in message.files] == ["job_42.png"]
    assert "lowered size" in (message.content or "")
    assert [b.label for b in message.buttons] == ["Reroll", "Vary", "Final quality", "Info"]
    final = result_messages(update(JobState.SUCCEEDED, result={**result, "quality": "final"}))
    assert "Final quality" not in [b.label for b in final[-1].buttons]
    script = ProgressUpdate(
        job_id=7, kind="transform", state=JobState.SUCCEEDED, result={"text": "INT. MARS"}
    )
    (text,) = result_messages(script)
    assert "INT. MARS" in (text.content or "") and [b.label for b in text.buttons] == ["Info"]
    assert result_files({"image": {"name": "a.png", "data": b"x"}})[0].filename == "a.png"


def test_the_media_workers_result_shape_is_understood(tmp_path: Path) -> None:
    png = tmp_path / "ab12.png"
    png.write_bytes(b"\x89PNG")
    huge = tmp_path / "cd34.png"
    huge.write_bytes(b"\x89PNG")
    result = {
        "files": [
            {"path": str(png), "bytes": 4, "mime": "image/png", "over_limit": False},
            {"path": str(huge), "bytes": 9, "mime": "image/png", "over_limit": True},
        ],
        "seeds": [5, 6],
        "quality": "final",
        "lowered": ["lowered size to 768x768", f"kept at {huge}"],
    }
    (message,) = result_messages(update(JobState.SUCCEEDED, result=result))
    assert [f.filename for f in message.files] == ["ab12.png"]
    assert "lowered size to 768x768" in (message.content or "") and str(huge) in (
        message.content or ""
    )
    assert [b.label for b in message.buttons] == ["Reroll", "Vary", "Info"]
