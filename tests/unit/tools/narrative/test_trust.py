"""What /show dna states as fact: only what agreed with hand-written facts on the dev split."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.unit.tools.narrative.samples import make_dna
from tools.narrative.grounding import curated_themes, ground_era, ground_tone
from tools.narrative.schema import NarrativeDNA
from tools.narrative.trust import (
    TRUST_FILE,
    agreement_lower_bound,
    field_trust,
    trust_figures,
)

FIGURES: dict[str, Any] = {
    "threshold": 0.8,
    "hide_below": 0.5,
    "agreement": {
        "tone": {
            "catalog": {"agreement": 1.0, "shows": 30},
            "text": {"agreement": 0.6, "shows": 9},
        },
        "setting.era": {
            "text": {"agreement": 1.0, "shows": 40},
            "guess": {"agreement": 0.2, "shows": 8},
        },
        "setting.place": {"text": {"agreement": 0.85, "shows": 3}},
        "characters": {"text": {"agreement": 0.97, "shows": 60}},
        "roles": {"text": {"agreement": 0.97, "shows": 60}},
        "tropes": {"guess": {"agreement": 0.3, "shows": 30}},
    },
}


def offline(**sources: str) -> NarrativeDNA:
    extraction = {
        "method": "heuristic",
        "model": "zero-shot:h2",
        "prompt_version": "v",
        "confidence": 0.4,
        "sources": {k.replace("__", "."): v for k, v in sources.items()},
    }
    return make_dna(extraction=extraction)


def test_only_fields_measured_at_080_or_more_are_facts() -> None:
    dna = offline(
        tone="text", setting__era="text", setting__place="text", characters="text", tropes="guess"
    )
    trust = field_trust(dna, FIGURES)
    assert trust["setting.era"] == "fact" and trust["characters"] == "fact"
    assert trust["tone"] == "rough"  # stated in the text, but agreed 0.6 of the time
    assert trust["setting.place"] == "rough"  # too few dev shows to decide
    assert trust["tropes"] == "hidden"  # a guess that agreed 0.3 of the time
    assert trust["structure"] == trust["outcome"] == "rough"  # never measured


def test_a_thin_margin_on_few_shows_is_a_rough_reading_not_a_fact() -> None:
    # Characters agreed 0.83 on 26 dev shows and 0.72 on the held-out ones: 26 shows cannot
    # tell 0.83 from 0.72, so the field is a rough reading; the same figure over 2,000 shows,
    # or a field right about all 26 shows, is a fact.
    def characters(agreement: float, shows: int) -> str:
        figures = {
            **FIGURES,
            "agreement": {"characters": {"text": {"agreement": agreement, "shows": shows}}},
        }
        return field_trust(offline(characters="text"), figures)["characters"]

    assert characters(0.827, 26) == "rough"
    assert characters(0.827, 2000) == "fact"
    assert characters(1.0, 26) == "fact"
    assert characters(24 / 26, 26) == "rough"  # two shows wrong in 26: 90% bound 0.79
    assert 0.66 < agreement_lower_bound(0.827, 26) < 0.69
    assert agreement_lower_bound(1.0, 0) == 0.0


def test_the_same_field_from_the_catalog_or_from_a_guess_is_judged_by_its_own_figure() -> None:
    assert field_trust(offline(tone="catalog"), FIGURES)["tone"] == "fact"
    assert field_trust(offline(setting__era="guess"), FIGURES)["setting.era"] == "hidden"
    assert field_trust(offline(themes="catalog", genres="catalog"), FIGURES)["themes"] == "fact"
    assert field_trust(offline(), FIGURES)["themes"] == "rough"


def test_claude_is_shown_as_claude_wrote_it() -> None:
    extraction = {"method": "llm", "model": "m", "prompt_version": "dna-v1", "confidence": 0.9}
    assert set(field_trust(make_dna(extraction=extraction), FIGURES).values()) == {"fact"}


def test_the_shipped_figures_name_their_measurement() -> None:
    if not TRUST_FILE.exists():
        return
    data = json.loads(TRUST_FILE.read_text(encoding="utf-8"))
    assert data["split"] == "dev" and data["threshold"] == 0.8
    assert trust_figures()["agreement"] == data["agreement"]


def test_catalog_facts_become_dna_ids() -> None:
    facts = {
        "setting_era": "contemporary",
        "tone": ["witty", "warm"],
        "themes": ["family", "pride"],
    }
    era = ground_era(facts, [], 1994)
    assert era is not None and (era.value, era.source) == ("late_twentieth_century", "catalog")
    tone = ground_tone(facts, [])
    assert tone is not None and tone.value == ["lighthearted", "warm"]
    assert curated_themes(facts) == ["family_bonds", "ambition"]
    assert ground_era({"setting_era": "1980s"}, [], 2016).value == "late_twentieth_century"  # type: ignore[union-attr]


def test_every_catalog_word_maps_to_real_ids() -> None:
    # Loading the table checks every id against the DNA vocabulary.
    assert curated_themes({"themes": ["moral decay"]}) == [
        "moral_ambiguity",
        "power_and_corruption",
    ]
    assert Path(TRUST_FILE).parent.is_dir()


def test_a_place_the_catalog_only_describes_is_judged_apart_from_a_named_one() -> None:
    figures = {
        **FIGURES,
        "agreement": {
            "setting.place": {
                "catalog": {"agreement": 1.0, "shows": 30},
                "catalog_described": {"agreement": 0.25, "shows": 8},
            }
        },
    }
    named = offline(setting__place="catalog")
    described = named.model_copy(
        update={"setting": named.setting.model_copy(update={"place": "an unnamed English city"})}
    )
    assert field_trust(named, figures)["setting.place"] == "fact"  # "Lagos"
    assert field_trust(described, figures)["setting.place"] == "rough"


def test_an_era_is_a_fact_only_from_the_catalog_or_a_period_the_text_names() -> None:
    # Every source agreed on all 40 dev shows; the production year still scored 0.75 on the
    # held-out shows, so an era from the year (or from hints) is never stated as fact.
    perfect = {"agreement": 1.0, "shows": 40}
    figures = {
        **FIGURES,
        "agreement": {"setting.era": dict.fromkeys(("catalog", "text", "hint", "year"), perfect)},
    }

    def era(source: str) -> str:
        return field_trust(offline(setting__era=source), figures)["setting.era"]

    assert era("catalog") == era("text") == "fact"
    assert era("year") == era("hint") == "rough"
