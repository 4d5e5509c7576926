"""A help question opens the help of the command it is about, whatever language or verb form it
uses: the transform verb in any person, stopping a job said as "call it off"."""

from __future__ import annotations

import pytest

from core.intent.help_topics import help_topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("comment tu transformes une série ?", "transform"),
        ("¿cómo transformo un programa?", "transform"),
        ("wie transformiere ich eine Serie?", "transform"),
        ("como eu transformo uma série?", "transform"),
        ("can I still call it off once a clip is rendering?", "job"),
        ("kann man ein Bild noch stoppen, wenn es läuft?", "job"),
        ("how do I add my own show?", "show"),
        ("what can you do?", None),
    ],
)
def test_the_topic_is_the_command_the_question_is_about(text: str, topic: str | None) -> None:
    assert help_topic(text) == topic
