"""The per-thread context store: bounded, persisted, per thread."""

from __future__ import annotations

from pathlib import Path

from core.clock import FakeClock
from core.context import RequestContext
from core.conversation import ConversationStore, Turn, last_request, pending_turn
from core.intent.schema import Intent


def test_context_is_bounded_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    store = ConversationStore(path, max_turns=3, clock=FakeClock())
    for n in range(5):
        store.record("guild:thread", Turn(Intent.GENERATE_IMAGE, {"prompt": f"fox {n}"}))
    store.close()

    reopened = ConversationStore(path, max_turns=3, clock=FakeClock())
    turns = reopened.recent("guild:thread")
    assert [t.params["prompt"] for t in turns] == ["fox 2", "fox 3", "fox 4"]
    assert reopened.recent("guild:other-thread") == []
    reopened.close()


def test_last_request_skips_chat_and_unanswered_questions() -> None:
    done = Turn(Intent.TRANSFORM_SHOW, {"title": "Friends", "setting": "Mars"})
    asked = Turn(Intent.GENERATE_IMAGE, {}, missing=("prompt",))
    status = Turn(Intent.JOB_STATUS, {})
    assert last_request([done, asked, status]) == done
    assert pending_turn([done, asked]) == asked
    assert pending_turn([done, asked, status]) is None


def test_a_thread_is_shared_but_a_channel_is_per_user() -> None:
    in_thread = [RequestContext(tenant="g", user_id=u, channel_id="c", thread_id="t") for u in "ab"]
    assert in_thread[0].conversation_key == in_thread[1].conversation_key
    in_channel = [RequestContext(tenant="g", user_id=u, channel_id="c") for u in "ab"]
    assert in_channel[0].conversation_key != in_channel[1].conversation_key
