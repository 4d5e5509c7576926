"""Era and tone as a synopsis states them, or nothing when it states nothing."""

from __future__ import annotations

from tools.narrative.cues import (
    era_for_year,
    read_era,
    read_tones,
    read_tropes,
    tone_ids_of_words,
)
from tools.narrative.text import split_sentences


def era(text: str, made: int | None = None) -> str | None:
    cue = read_era(split_sentences(text), made=made)
    return cue.era if cue else None


def test_a_stated_year_or_decade_dates_the_story() -> None:
    assert era("In the small town of Hawkins, in 1983, a boy disappears.", 2016) == (
        "late_twentieth_century"
    )
    assert era("In the early 1980s, two spies pose as a married couple.", 2013) == (
        "late_twentieth_century"
    )
    assert era("A Kentucky orphan in the 1950s learns chess.", 2020) == "mid_twentieth_century"
    assert era("In 1876, in a lawless gold camp, a sheriff keeps order.") == "nineteenth_century"
    assert era("A present-day detective hunts a killer.", 2010) == "present_day"
    assert era("After the Second World War, a family rebuilds.") == "early_twentieth_century"


def test_the_future_outranks_the_year_a_sleeper_fell_asleep() -> None:
    text = (
        "He falls into a cryogenic pod on New Year's Eve 1999 and wakes up a thousand years later."
    )
    assert era(text, 1999) == "far_future"
    assert era("In 2071, bounty hunters roam the solar system.", 1998) == "near_future"


def test_years_about_the_production_do_not_date_the_story() -> None:
    text = "A time traveller fights monsters. The series was revived in 2005 after a long hiatus."
    assert era(text, 1963) is None


def test_no_cue_is_no_era_not_a_guess() -> None:
    assert era("Six friends navigate work and love in Manhattan.", 1994) is None
    assert era_for_year(1994) == "late_twentieth_century"
    assert era_for_year(2008) == "present_day"


def test_tone_is_read_from_what_the_text_says_about_itself() -> None:
    text = (
        "Six friends share a cozy coffee house. Light, warm and quotable, the series explores "
        "friendship as a chosen family."
    )
    assert read_tones(split_sentences(text)) == ["lighthearted", "warm"]
    # One mood word inside a plot sentence is not the show's mood.
    assert read_tones(split_sentences("They fight a creature from a dark dimension.")) == []


def test_catalog_tone_words_map_onto_tone_ids() -> None:
    assert tone_ids_of_words(["tense", "darkly comic", "slow-burn"]) == [
        "tense",
        "dark",
        "lighthearted",
    ]


def test_tropes_are_read_where_the_text_states_them() -> None:
    text = (
        "A chemistry teacher starts cooking drugs and, under the alias Heisenberg, leads a double "
        "life his family knows nothing of. Each season deepens his moral collapse."
    )
    assert read_tropes(split_sentences(text))[:2] == ["double_life", "fall_from_grace"]
    assert read_tropes(split_sentences("Six friends share an apartment and drink coffee.")) == []
