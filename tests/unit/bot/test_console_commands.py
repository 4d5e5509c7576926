"""The console's command words: slash commands as in Discord, the buttons as commands, Tab
completion of commands, options and choices."""

from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from bot.console import parse_action, parse_slash, render_result
from bot.console.commands import ActionCommand, CommandCompleter
from bot.custom_ids import Action
from core.intent.schema import Intent
from core.jobs.model import Job, JobKind
from core.ports.progress import JobState
from core.replies import JobInfo
from core.result import StepResult


def _complete(text: str) -> list[str]:
    found = CommandCompleter().get_completions(Document(text), CompleteEvent())
    return [c.text for c in found]


def test_full_width_options_are_folded_before_matching() -> None:
    assert parse_slash('/show similar title:"Ｆｌｅａｂａｇ"') == (
        Intent.FIND_SIMILAR,
        {"title": "Fleabag"},
    )


def test_a_long_stray_text_is_not_echoed_back() -> None:
    problem = parse_slash("/job status id:3 " + "z" * 5000)
    assert isinstance(problem, str)
    assert "(5000 characters)" in problem and "z" * 100 not in problem
    assert len(problem) < 200


def test_the_buttons_are_commands_with_an_optional_job_number() -> None:
    assert parse_action("/reroll") == ActionCommand(Action.REROLL, None)
    assert parse_action("/vary id:3") == ActionCommand(Action.VARY, 3)
    assert parse_action("/final 7") == ActionCommand(Action.FINAL, 7)
    assert parse_action("/job info id:2") == ActionCommand(Action.INFO, 2)
    assert parse_action("/vary the fox") == "/vary takes a job number, like id:3."
    assert parse_action("/imagine a fox") is None


def test_tab_completes_commands_options_and_choices() -> None:
    assert "/imagine " in _complete("/im")
    assert {"/show add ", "/show dna ", "/show similar "} <= set(_complete("/sh"))
    assert "count:" in _complete("/imagine a fox co")
    assert _complete("/imagine aspect:por") == ["portrait "]
    assert "facet:" in _complete('/show similar title:"Fargo" fa')
    assert _complete("a sentence") == []


def test_a_cancelled_jobs_status_has_one_full_stop() -> None:
    job = Job(
        id=4,
        kind=JobKind.IMAGE,
        params={"prompt": "a fox"},
        tenant="console",
        user_id="console",
        status=JobState.CANCELLED,
        error_message="Cancelled by its owner.",
    )
    text = render_result(StepResult.success(JobInfo(job)))
    assert text == "Job #4 (image): cancelled, Cancelled by its owner."
