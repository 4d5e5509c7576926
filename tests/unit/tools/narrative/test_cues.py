"""Era and tone as a synopsis states them, or nothing when it states nothing."""

from __future__ import annotations

from tools.narrative.cues import read_tones, read_tropes, tone_ids_of_words
from tools.narrative.eras import era_for_year, read_era
from tools.narrative.grounding import ground_era
from tools.narrative.text import split_sentences
from tools.narrative.worlds import invented_world


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
    # Taisho-era Japan is 1912-1926; the Meiji era before it is mostly the nineteenth century.
    assert era("In Taisho-era Japan, a boy hunts demons.", 2019) == "early_twentieth_century"
    assert era("In Meiji-era Japan, a wandering swordsman atones.", 1996) == "nineteenth_century"


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


def test_someones_past_or_a_named_event_does_not_date_the_story() -> None:
    assert (
        era("He moves to Lillehammer, which he loves from the 1994 Winter Olympics.", 2012) is None
    )
    assert (
        era("A washed-up star of a sitcom in the 1990s and now a drunk, he hires a writer.") is None
    )
    assert era("Its boss is a former Cold War spy who despises everyone.", 2022) is None
    assert era("During the Cold War, two spies pose as a couple.", 2013) == "mid_twentieth_century"
    assert era("In the 24th century, a starship explores the galaxy.", 1987) == "far_future"


def test_a_story_in_an_invented_world_is_timeless_whatever_year_it_was_made() -> None:
    def grounded(text: str, made: int) -> tuple[str, str] | None:
        cue = ground_era({}, split_sentences(text), made)
        return (cue.value, cue.source) if cue else None

    fantasy = "In a world where alchemy has a price, two brothers try to bring their mother back."
    # A world of its own dates the story without naming a period: a hint, never a fact.
    assert grounded(fantasy, 2009) == ("timeless", "hint")
    westeros = "Based on a novel, it is set on the continent of Westeros, where houses wage war."
    assert grounded(westeros, 2011) == ("timeless", "hint")
    assert grounded("Set in the Star Wars galaxy, a thief becomes a rebel.", 2022) == (
        "timeless",
        "hint",
    )
    # A real place or our planet puts the story back in ours: the year dates it.
    ours = "In a world where superheroes are real, a team fights them in New York."
    assert grounded(ours, 2019) == ("present_day", "year")
    assert grounded("In a world where everyone on Earth sleeps, a girl stays awake.", 2019) == (
        "present_day",
        "year",
    )
    assert invented_world(split_sentences("A teacher in the kingdom of heaven, a parable.")) is None


def test_only_a_named_period_is_the_texts_own_statement_of_the_era() -> None:
    def grounded(text: str, made: int) -> tuple[str, str] | None:
        cue = ground_era({}, split_sentences(text), made)
        return (cue.value, cue.source) if cue else None

    # A year, a decade, a century or a named period: the text says when.
    assert grounded("In 1983, a boy vanishes in a small town.", 2016) == (
        "late_twentieth_century",
        "text",
    )
    assert grounded("A Victorian detective hunts a killer.", 2012) == ("nineteenth_century", "text")
    assert grounded("A present-day doctor solves odd cases.", 2004) == ("present_day", "text")
    assert grounded("In the 24th century, a starship explores.", 1987) == ("far_future", "text")
    # Things of now or a vague future only hint at it.
    assert grounded("A teenager becomes famous online overnight.", 2019) == ("present_day", "hint")
    assert grounded("In a futuristic city, a cop hunts androids.", 1982) == ("near_future", "hint")
    # Nothing said: the production year, which /show dna shows as a rough reading.
    assert grounded("Six friends share their lives in Manhattan.", 1994) == (
        "late_twentieth_century",
        "year",
    )
