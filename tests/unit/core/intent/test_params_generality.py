"""Broad rules rather than sentences: probe messages written for this test in shapes the labelling
contract allows (benchmarks/data/intent/README.md), none taken from an evaluation set. Each case
is a behaviour a member would notice: the wrong show looked up, the tone lost, words of the
request drawn into the picture."""

from __future__ import annotations

from typing import Any

import pytest

from bot.wiring.intent import starter_titles
from core.intent.extract import extract_params
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent

GI, SIM, TR, AN = (
    Intent.GENERATE_IMAGE,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.ANALYZE_SHOW,
)


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # The name ends where its capitalised words end: small words after it are the sentence's.
        (
            "Could you do Gossip Girl, only in a Mars colony?",
            {"title": "Gossip Girl", "setting": "a Mars colony"},
        ),
        (
            "rewrite the plot of Bridgerton so it happens in a modern tech startup",
            {"title": "Bridgerton", "setting": "a modern tech startup"},
        ),
        # A contraction at the start of a name is part of it.
        (
            "Drop the gang from It's Always Sunny into medieval England",
            {"title": "It's Always Sunny", "setting": "medieval England"},
        ),
        # "except" and "only" introduce the new world as "but" does.
        (
            "Succession, except everyone is a medieval lord",
            {"title": "Succession", "setting": "a medieval lord"},
        ),
        # A tone joined on after the world is the tone, not part of the world.
        (
            "put Brooklyn Nine-Nine in a fantasy tavern and make it darker",
            {"title": "Brooklyn Nine-Nine", "setting": "a fantasy tavern", "tone": "darker"},
        ),
        ("New setting for Bluey: a lunar base", {"title": "Bluey", "setting": "a lunar base"}),
        (
            "Adapt Glass Meridian for a 1970s disco",
            {"title": "Glass Meridian", "setting": "a 1970s disco"},
        ),
        (
            "réimagine The Office au Moyen Âge, plus sombre",
            {"title": "The Office", "setting": "le Moyen Âge", "tone": "plus sombre"},
        ),
    ],
)
def test_a_reimagining_finds_the_show_the_world_and_the_tone(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(TR, text) == params


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        # A later clause that only asks again says nothing about the picture.
        (
            "I've been imagining a whale swimming through clouds, could you bring that to life "
            "as a picture?",
            "a whale swimming through clouds",
        ),
        (
            "I'm curious what a mechanical butterfly would look like, can you show me?",
            "a mechanical butterfly",
        ),
        ("Make something that shows a girl flying a kite on Mars", "a girl flying a kite on Mars"),
        (
            "could you possibly produce an image showing a crowded night market in the rain",
            "a crowded night market in the rain",
        ),
        (
            "would you mind generating a picture of a retro rocket launch",
            "a retro rocket launch",
        ),
        # "I need a ..." asks; the article belongs to the description.
        (
            "For my D&D campaign, I need a tavern keeper with a glass eye",
            "a tavern keeper with a glass eye",
        ),
    ],
)
def test_only_what_is_to_be_drawn_is_the_prompt(text: str, prompt: str) -> None:
    assert extract_params(GI, text) == {"prompt": prompt}


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "Please index Ember Falls, a drama about firefighters in a mountain town",
            {"title": "Ember Falls", "text": "a drama about firefighters in a mountain town"},
        ),
        (
            "I want to add my show Tin Crown. Synopsis: a disgraced knight opens a bakery.",
            {"title": "Tin Crown", "text": "a disgraced knight opens a bakery"},
        ),
        ("Process Golden Hour for the catalog", {"title": "Golden Hour"}),
        # "catalog" is where the show goes, not the verb: the title is still the show.
        (
            "Yellowjackets deserves a spot in your catalog, could you analyse it?",
            {"title": "Yellowjackets"},
        ),
    ],
)
def test_a_show_to_analyse_keeps_its_name_apart_from_its_synopsis(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(AN, text) == params


def test_a_quantity_before_a_known_show_is_no_description() -> None:
    titles = TitleIndex(starter_titles())
    assert extract_params(SIM, "Name a few series whose themes echo The Leftovers", titles) == {
        "title": "The Leftovers",
        "facet": "theme",
    }


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # A sentence that only asks, or only gives options, is no part of the picture.
        (
            "a capybara in a hot tub. thats it thats the request",
            {"prompt": "a capybara in a hot tub"},
        ),
        (
            "draw a lighthouse. oh and make it portrait",
            {"prompt": "a lighthouse", "aspect": "portrait"},
        ),
        # What to leave out, said with a verb.
        (
            "draw a cat on a fence, and leave out the birds",
            {"prompt": "a cat on a fence", "negative_prompt": "the birds"},
        ),
        (
            "paint a quiet harbour, don't include any boats",
            {"prompt": "a quiet harbour", "negative_prompt": "any boats"},
        ),
        # Typos in option words and slang connectors.
        (
            "2 images of a misty harbour, lanscape, hig quality",
            {"prompt": "a misty harbour", "count": 2, "aspect": "landscape", "quality": "final"},
        ),
        (
            "gimme a vertical wallpaper w/ a moody forest",
            {"prompt": "a moody forest", "aspect": "portrait"},
        ),
        ("drawme a bunny with a sword", {"prompt": "a bunny with a sword"}),
    ],
)
def test_slang_typos_and_asides_stay_out_of_the_picture(text: str, params: dict[str, Any]) -> None:
    assert extract_params(GI, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "lowkey wanna see friends but theyre vampires",
            {"title": "friends", "setting": "vampires"},
        ),
        # A show whose name starts with a word that also leads requests keeps it.
        ("get shorty on mars", {"title": "get shorty", "setting": "mars"}),
    ],
)
def test_a_lower_case_lead_in_is_no_part_of_the_show(text: str, params: dict[str, Any]) -> None:
    assert extract_params(TR, text) == params


def test_words_after_a_show_to_keep_are_no_part_of_its_name() -> None:
    assert extract_params(AN, "please study the show Orchard Street and keep it") == {
        "title": "Orchard Street"
    }


def test_options_said_first_and_a_subject_label_leave_only_the_subject() -> None:
    assert extract_params(
        GI, "Seed 12, portrait, final quality. Subject: a heron in the mist."
    ) == {
        "prompt": "a heron in the mist",
        "seed": 12,
        "aspect": "portrait",
        "quality": "final",
    }


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "añade la serie Marea Negra, trata de pescadores que encuentran un submarino",
            {"title": "Marea Negra", "text": "pescadores que encuentran un submarino"},
        ),
        (
            "ajoute Les Sentinelles : une brigade surveille une ville fantôme",
            {"title": "Les Sentinelles", "text": "une brigade surveille une ville fantôme"},
        ),
    ],
)
def test_a_synopsis_starts_after_the_words_that_introduce_it(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(AN, text) == params


def test_the_whole_cast_of_a_show_is_the_show() -> None:
    assert extract_params(TR, "move the whole cast of Frasier to a lunar mining base") == {
        "title": "Frasier",
        "setting": "a lunar mining base",
    }


@pytest.mark.parametrize(
    ("text", "topic"),
    [("what can you paint?", "imagine"), ("was kannst du alles malen?", "imagine")],
)
def test_a_question_about_painting_is_about_imagine(text: str, topic: str) -> None:
    assert extract_params(Intent.HELP, text) == {"topic": topic}


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # Titles typed in lower case, bounded by the words of the question around them.
        (Intent.SHOW_DNA, "tell me about the structure of salt roads", {"title": "salt roads"}),
        (Intent.SHOW_DNA, "what's the storytelling in Dust Choir like", {"title": "Dust Choir"}),
        (SIM, "what should i watch after harbor lights", {"title": "harbor lights"}),
        (
            SIM,
            "anything with the same characters vibe as harbor lights",
            {"title": "harbor lights", "facet": "character"},
        ),
    ],
)
def test_a_show_typed_in_lower_case_is_found_between_the_question_words(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # Options said between the picture noun and what it shows, in five languages.
        (
            "deux images en haute qualité d'un chat noir",
            {"prompt": "un chat noir", "count": 2, "quality": "final"},
        ),
        ("una imagen en alta calidad de un tigre", {"prompt": "un tigre", "quality": "final"}),
        (
            "ein Bild in hoher Qualität von einem Tiger",
            {"prompt": "einem Tiger", "quality": "final"},
        ),
        ("uma imagem em alta qualidade de um tigre", {"prompt": "um tigre", "quality": "final"}),
        # A dozen is twelve.
        ("a dozen images of a teacup", {"prompt": "a teacup", "count": 12}),
    ],
)
def test_options_inside_the_request_words_are_read_and_left_out(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(GI, text) == params


def test_a_clip_rendered_keeps_what_it_shows() -> None:
    assert extract_params(Intent.GENERATE_VIDEO, "render a clip of rain on a tin roof, seed 7") == {
        "prompt": "rain on a tin roof",
        "seed": 7,
    }


def test_a_dozen_scenes_is_twelve() -> None:
    assert extract_params(TR, "reimagine Lost on a space station, a dozen scenes") == {
        "title": "Lost",
        "setting": "a space station",
        "scenes": 12,
    }
