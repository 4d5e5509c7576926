"""What Discord's buttons do, in the console: numbered choices after a reply (Run / Edit / Cancel
under a confirmation; Reroll / Vary / Final quality / Info under a finished image), the same as
`/reroll`, `/vary`, `/final` and `/job info`; and the report of a job that ends (its outcome, the
files saved under <data_dir>/console/job-<id>/, and its buttons).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot import custom_ids
from bot.console.choices import Choice, ConsoleScreen
from bot.console.commands import ActionCommand
from bot.console.progress import save_results
from bot.console.votes import AnswerVotes, similar_answer
from bot.console.words import CONFIRM_CHOICES, choices_line, render_result
from bot.custom_ids import Action
from bot.render.progress import result_buttons
from bot.rerun import RERUN_INTENT, rerun_options
from bot.services import ConsoleServices
from core.intent.schema import Intent
from core.jobs.model import Job
from core.ports.progress import JobState, ProgressUpdate
from core.replies import Confirmation, JobAccepted, JobCancelled, JobInfo
from core.result import StepResult
from core.text_input import clean

__all__ = ["Actions"]


class Actions:
    def __init__(self, console: ConsoleScreen) -> None:
        self._console = console
        self._choices: list[Choice] = []
        self._latest_done: int | None = None
        self._cancelled_here: set[int] = set()

    # -- choices -----------------------------------------------------------------------------
    def offer(self, choices: Sequence[Choice], *, line: str | None = None) -> None:
        """Offer `choices` for the next line, said as `line` (default: each one numbered)."""
        self._choices = list(choices)
        if choices:
            self._console.say(line or "  " + choices_line([c.label for c in choices]))

    def pick(self, text: str) -> Choice | None:
        """The choice a line names (its number, or its label's first word); the offer ends with
        the next line either way."""
        choices, self._choices = self._choices, []
        word = text.strip().lower()
        for number, choice in enumerate(choices, start=1):
            if choice.exact:
                if word == choice.label.lower():
                    return choice
            elif word in (str(number), choice.label.lower(), choice.label.split()[0].lower()):
                return choice
        return None

    # -- replies -----------------------------------------------------------------------------
    async def after_reply(
        self, result: StepResult[Any], services: ConsoleServices, *, source_text: str
    ) -> None:
        value = result.value
        if isinstance(value, Confirmation):
            self._confirm(value, services, source_text)
        elif isinstance(value, JobAccepted):
            # The Cancel button under a job's progress message in Discord.
            job_id = value.ticket.job.id
            self.offer([self._button_choice("Cancel", Action.CANCEL, job_id)])
        elif isinstance(value, JobCancelled):
            self._cancelled_here.add(value.job.id)
        elif isinstance(value, JobInfo):
            self._files_of(value.job)
        elif (answer := similar_answer(result)) is not None:
            # 👍 / 👎 / 🔎 under a similar-shows answer in Discord.
            AnswerVotes(self, self._console, services, answer).offer()

    def _confirm(self, value: Confirmation, services: ConsoleServices, source_text: str) -> None:
        console = self._console
        reading = value.reading

        async def run() -> None:
            result = await services.commands.run_command(
                reading.intent, reading.params, console.ctx()
            )
            console.say(render_result(result))
            await self.after_reply(result, services, source_text=source_text)

        async def edit() -> None:
            console.say("Say it the way you mean it (the line below is yours to change).")
            console.prefill(source_text)

        async def cancel() -> None:
            console.say("Okay, I won't do that.")

        acts = (run, edit, cancel)
        self.offer([Choice(label, act) for label, act in zip(CONFIRM_CHOICES, acts, strict=True)])

    def _files_of(self, job: Job) -> None:
        if job.status is not JobState.SUCCEEDED:
            return
        for path in save_results(job.id, job.result, self._console.data_dir):
            self._console.say(f"  file {path}")

    # -- the buttons -------------------------------------------------------------------------
    async def button(self, command: ActionCommand, services: ConsoleServices) -> None:
        console = self._console
        if services.jobs is None:
            console.say("! Jobs are not running in this console.")
            return
        job_id = command.job_id or self._latest_done
        ctx = console.ctx()
        found = (
            await services.jobs.get(job_id, ctx)
            if job_id is not None
            else await services.jobs.latest(ctx)
        )
        if found.error is not None:
            console.say(render_result(found))
            return
        job = found.unwrap()
        if command.action is Action.CANCEL:
            result = await services.commands.run_command(Intent.JOB_CANCEL, {"job_id": job.id}, ctx)
            console.say(render_result(result))
            await self.after_reply(result, services, source_text="")
            return
        if command.action is Action.INFO:
            console.say(render_result(StepResult.success(JobInfo(job))))
            for key, value in job.params.items():
                if value not in (None, ""):
                    console.say(f"  {key.replace('_', ' ')}: {clean(str(value))[:300]}")
            self._files_of(job)
            return
        intent = RERUN_INTENT.get(job.kind)
        if intent is None:
            console.say(
                f"! Job #{job.id} is a {job.kind.value} job; only images and videos have it."
            )
            return
        result = await services.commands.run_command(
            intent, rerun_options(job, command.action), ctx
        )
        console.say(render_result(result))
        await self.after_reply(result, services, source_text="")

    # -- a job ends --------------------------------------------------------------------------
    async def job_finished(self, update: ProgressUpdate) -> None:
        console = self._console
        if update.state is JobState.CANCELLED and update.job_id in self._cancelled_here:
            return  # the /job cancel reply said so already
        console.say(render_result(StepResult.success(update)))
        if update.state is not JobState.SUCCEEDED:
            return
        self._latest_done = update.job_id
        result = update.result if isinstance(update.result, dict) else {}
        for key in ("summary", "text"):
            if isinstance(result.get(key), str) and result[key].strip():
                console.say("  " + result[key].strip()[:500])
                break
        for path in save_results(update.job_id, update.result, console.data_dir):
            console.say(f"  saved {path}")
        choices = []
        for spec in result_buttons(update.kind, update.job_id, result):
            ref = custom_ids.parse(spec.custom_id)
            if ref is not None:
                choices.append(self._button_choice(spec.label, ref.action, update.job_id))
        self.offer(choices)

    def _button_choice(self, label: str, action: Action, job_id: int) -> Choice:
        async def press() -> None:
            services = await self._console.services()
            if services is not None:
                await self.button(ActionCommand(action, job_id), services)

        return Choice(label, press)
