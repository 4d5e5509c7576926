"""/show dna through the real renderer: rough readings are marked, guesses that failed the
dev measurement are not shown, and an offline reading says so."""

from __future__ import annotations

from bot.render.replies import render_result
from core.replies import ToolOutput
from core.result import StepResult
from tests.unit.tools.narrative.samples import dna_data
from tests.unit.tools.narrative.test_trust import FIGURES, offline
from tools.narrative.trust import field_trust


def test_the_real_renderer_marks_rough_readings_hides_guesses_and_says_it_was_offline() -> None:
    dna = offline(
        tone="text", setting__era="guess", setting__place="text", characters="text", tropes="guess"
    )
    data = {
        "id": "the-quiet-merger",
        "title": "The Quiet Merger",
        "logline": dna.logline,
        "method": "heuristic",
        "provisional": False,
        "trust": field_trust(dna, FIGURES),
        "dna": dna.model_dump(mode="json"),
    }
    embed = render_result(StepResult.success(ToolOutput("show_dna", data))).messages[0].embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Characters"] == "Daniel Okafor: protagonist\nFemi: antagonist"
    assert fields["Tone (rough reading)"] == "dark, tense"
    assert "Era" not in fields and "Tropes" not in fields and "Era (rough reading)" not in fields
    assert fields["About this reading"].startswith("Read offline, without Claude")
    claude = {**data, "method": "llm", "trust": {}}
    claude["dna"] = dna_data(
        extraction={"method": "llm", "model": "m", "prompt_version": "p", "confidence": 0.9}
    )
    embed = render_result(StepResult.success(ToolOutput("show_dna", claude))).messages[0].embeds[0]
    names = [f.name for f in embed.fields]
    assert "About this reading" not in names and "Era" in names
    assert "Daniel Okafor: hero" in {f.name: f.value for f in embed.fields}["Characters"]


def _offline_fields(**agreement: dict[str, dict[str, float]]) -> dict[str, str]:
    """The /show dna embed's fields for an offline reading whose characters came from the text,
    judged with FIGURES where `agreement` replaces the figures of the fields it names."""
    dna = offline(characters="text")
    figures = {**FIGURES, "agreement": {**FIGURES["agreement"], **agreement}}
    data = {
        "title": "The Quiet Merger",
        "method": "heuristic",
        "trust": field_trust(dna, figures),
        "dna": dna.model_dump(mode="json"),
    }
    embed = render_result(StepResult.success(ToolOutput("show_dna", data))).messages[0].embeds[0]
    return {f.name: f.value for f in embed.fields}


def test_roles_below_the_bar_leave_the_names_as_fact_and_the_roles_marked_rough() -> None:
    fields = _offline_fields(roles={"text": {"agreement": 0.56, "shows": 26}})
    assert fields["Characters"] == "Daniel Okafor\nFemi"
    assert fields["Roles (rough reading)"] == "Daniel Okafor: protagonist\nFemi: antagonist"


def test_names_and_roles_both_rough_are_one_list_not_the_same_names_twice() -> None:
    fields = _offline_fields(
        characters={"text": {"agreement": 0.8, "shows": 26}},
        roles={"text": {"agreement": 0.64, "shows": 26}},
    )
    assert fields["Characters (rough reading)"] == "Daniel Okafor: protagonist\nFemi: antagonist"
    assert not any(name.startswith("Roles") for name in fields)


def test_an_era_read_from_the_production_year_is_marked_rough_and_a_named_one_is_not() -> None:
    perfect = {"agreement": 1.0, "shows": 40}
    era_figures = {"setting.era": {"year": perfect, "text": perfect}}

    def era_field(source: str) -> tuple[str, str]:
        dna = offline(characters="text", setting__era=source)
        figures = {**FIGURES, "agreement": {**FIGURES["agreement"], **era_figures}}
        data = {
            "title": "The Quiet Merger",
            "method": "heuristic",
            "trust": field_trust(dna, figures),
            "dna": dna.model_dump(mode="json"),
        }
        reply = render_result(StepResult.success(ToolOutput("show_dna", data)))
        fields = reply.messages[0].embeds[0].fields
        return next((f.name, f.value) for f in fields if f.name.startswith("Era"))

    from_year = era_field("year")
    assert from_year[0] == "Era (rough reading)"
    assert era_field("text") == ("Era", from_year[1])
