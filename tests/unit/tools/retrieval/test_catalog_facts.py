"""The curated facts on every starter-catalog show: complete, from the controlled vocabularies of
tools/retrieval/data/catalog_vocabulary.json, and about that show alone.

These facts feed "shows like X" ranking and the `/show dna` card, so a missing field, a typo in a
tag (which would silently never match another show) or a premise that names another catalog
show (which would leak an answer into the ranking) is something users would notice.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.unit.tools.retrieval.side_facts import DATA, read_json, read_lines

pytestmark = pytest.mark.catalog

VOCABULARY = read_json("catalog_vocabulary.json")
SHOWS = read_lines(sorted(DATA.glob("catalog_part*.jsonl")))

SINGLE_CHOICE = ("format", "setting_era", "language", "audience")
MULTI_CHOICE = ("subgenres", "tone", "themes")
FREE_TEXT = ("setting_place", "logline", "protagonist")
ANIMATED_FORMATS = {"anime", "animated sitcom", "animated series"}
# Countries whose starter shows are all in their national language (Germany, Italy and the
# co-productions are left out on purpose: they hold English- and Yiddish-language shows).
NATIONAL_LANGUAGE = {
    "Japan": "Japanese",
    "South Korea": "Korean",
    "Spain": "Spanish",
    "France": "French",
    "Brazil": "Portuguese",
    "Israel": "Hebrew",
    "India": "Hindi",
    "Norway": "Norwegian",
    "Denmark": "Danish",
}
# Proper names that contain a catalog title without being that show.
INNOCENT_PHRASES = ("White House", "United Kingdom")


def _ids(shows: list[dict[str, Any]]) -> list[str]:
    return [str(show["id"]) for show in shows]


def _title_forms(title: str) -> set[str]:
    """A title as prose would name it: without a "(US)" qualifier, its alternative title in
    parentheses, and its short form before a colon ("Avatar: The Last Airbender")."""
    forms = {re.sub(r"\s*\(.*\)", "", title)}
    forms |= {alias for alias in re.findall(r"\(([^)]*)\)", title) if len(alias) > 3}
    if ":" in title:
        forms.add(title.split(":", maxsplit=1)[0])
    return forms


def _mentions(text: str, form: str) -> bool:
    for phrase in INNOCENT_PHRASES:
        text = text.replace(phrase, "")
    return re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text) is not None


def test_the_catalog_holds_the_156_starter_shows_the_facts_were_curated_for() -> None:
    assert len(SHOWS) == 156
    assert len(set(_ids(SHOWS))) == 156


@pytest.mark.parametrize("show", SHOWS, ids=_ids(SHOWS))
def test_every_show_has_every_curated_fact(show: dict[str, Any]) -> None:
    missing = [field for field in VOCABULARY["fields"] if field not in show]
    assert not missing, f"{show['id']}: add {missing}"
    for field in (*SINGLE_CHOICE, *FREE_TEXT):
        assert isinstance(show[field], str) and show[field].strip(), f"{show['id']}.{field}"
    assert isinstance(show["animation"], bool), f"{show['id']}.animation must be true or false"


@pytest.mark.parametrize("show", SHOWS, ids=_ids(SHOWS))
def test_facts_use_the_controlled_vocabularies(show: dict[str, Any]) -> None:
    for field in SINGLE_CHOICE:
        assert show[field] in VOCABULARY[field], (
            f"{show['id']}.{field} = {show[field]!r}: use one of {VOCABULARY[field]}"
        )
    for field in MULTI_CHOICE:
        values = show[field]
        low, high = VOCABULARY["counts"][field]
        assert low <= len(values) <= high, f"{show['id']}.{field}: give {low}-{high} values"
        assert len(set(values)) == len(values), f"{show['id']}.{field} repeats a value"
        unknown = [value for value in values if value not in VOCABULARY[field]]
        assert not unknown, f"{show['id']}.{field}: {unknown} not in catalog_vocabulary.json"


@pytest.mark.parametrize("show", SHOWS, ids=_ids(SHOWS))
def test_logline_is_one_plain_sentence_of_sane_length(show: dict[str, Any]) -> None:
    logline = show["logline"]
    low, high = VOCABULARY["counts"]["logline_words"]
    assert low <= len(logline.split()) <= high, f"{show['id']}: logline of {low}-{high} words"
    assert logline.endswith("."), f"{show['id']}: the logline is one sentence ending in '.'"
    assert not re.search(r"[.!?]\s+[A-Z][a-z]+\s", logline[:-1].replace("D.C.", "DC")), (
        f"{show['id']}: the logline holds more than one sentence"
    )
    assert logline != show["synopsis"][: len(logline)], f"{show['id']}: write, not copy"


@pytest.mark.parametrize("show", SHOWS, ids=_ids(SHOWS))
def test_no_fact_names_another_catalog_show(show: dict[str, Any]) -> None:
    text = " | ".join(show[field] for field in FREE_TEXT)
    named = [
        other["title"]
        for other in SHOWS
        if other["id"] != show["id"]
        and any(_mentions(text, form) for form in _title_forms(other["title"]))
    ]
    assert not named, f"{show['id']} names other catalog shows {named}: describe this show only"


def test_title_check_catches_a_named_show_and_spares_ordinary_words() -> None:
    assert _mentions("a chemistry teacher, like in Breaking Bad, cooks", "Breaking Bad")
    assert _mentions("a case for The Killing team", "The Killing")
    assert not _mentions("the staff of the White House", "House")
    assert not _mentions("a dark and lost town", "Dark")
    assert _title_forms("The Killing (Forbrydelsen)") == {"The Killing", "Forbrydelsen"}
    assert _title_forms("The Office (US)") == {"The Office"}
    assert "Avatar" in _title_forms("Avatar: The Last Airbender")


@pytest.mark.parametrize("show", SHOWS, ids=_ids(SHOWS))
def test_animation_flag_agrees_with_format(show: dict[str, Any]) -> None:
    assert show["animation"] == (show["format"] in ANIMATED_FORMATS), (
        f"{show['id']}: animation={show['animation']} but format={show['format']!r}"
    )
    if show["format"] == "anime":
        assert show["language"] == "Japanese", f"{show['id']}: anime here means Japanese"


@pytest.mark.parametrize("show", SHOWS, ids=_ids(SHOWS))
def test_language_matches_a_single_language_country(show: dict[str, Any]) -> None:
    expected = NATIONAL_LANGUAGE.get(show["country"])
    if expected is not None:
        assert show["language"] == expected, f"{show['id']} from {show['country']}"


def test_vocabularies_have_no_duplicates_and_cover_the_core_formats() -> None:
    for field in (*SINGLE_CHOICE, *MULTI_CHOICE):
        values = VOCABULARY[field]
        assert values and len(set(values)) == len(values), f"{field} list is empty or repeats"
        assert all(value == value.strip().lower() or field == "language" for value in values)
    used_formats = {show["format"] for show in SHOWS}
    assert {"sitcom", "anime", "serialized drama", "anthology", "limited series"} <= used_formats


def test_facts_tell_well_known_shows_apart() -> None:
    by_id = {show["id"]: show for show in SHOWS}
    bad, friends = by_id["breaking-bad"], by_id["friends"]
    assert bad["setting_place"] == "Albuquerque, New Mexico"
    assert bad["setting_era"] == "contemporary" and friends["setting_era"] == "contemporary"
    assert "dark" in bad["tone"] and "dark" not in friends["tone"]
    assert friends["format"] == "sitcom" and bad["format"] == "serialized drama"
    assert by_id["stranger-things"]["setting_era"] == "1980s"
    assert "drug trade" in bad["subgenres"] and "detective" not in bad["protagonist"]
    assert friends["setting_place"].startswith("Manhattan")
