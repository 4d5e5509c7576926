"""Parameters as the labelling rules of benchmarks/data/intent/README.md define them, for phrasing
written for these tests (never taken from a labelled set): a style only when marked as one,
settings without their preposition, tones as written, facets said after a title, show questions
that name the show between their words, and catalog phrases around a show's name, in English,
French, Spanish, German and Portuguese."""

from __future__ import annotations

from typing import Any

import pytest

from core.intent.extract import extract_params
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent

GI, GV, SIM, TR, AN, DNA = (
    Intent.GENERATE_IMAGE,
    Intent.GENERATE_VIDEO,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.ANALYZE_SHOW,
    Intent.SHOW_DNA,
)


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "an image of a snowy village in anime style, no people",
            {"prompt": "a snowy village", "style": "anime", "negative_prompt": "people"},
        ),
        (
            "draw a cozy cabin in the style of ukiyo-e",
            {"prompt": "a cozy cabin", "style": "ukiyo-e"},
        ),
        (
            "une illustration d'une forêt enchantée, style aquarelle",
            {"prompt": "une forêt enchantée", "style": "aquarelle"},
        ),
        (
            "genera una imagen de un dragón, estilo acuarela",
            {"prompt": "un dragón", "style": "acuarela"},
        ),
        (
            "ein Bild von einer Stadt unter Wasser im Aquarell-Stil",
            {"prompt": "einer Stadt unter Wasser", "style": "Aquarell"},
        ),
        ("cria uma imagem de um dragão no estilo anime", {"prompt": "um dragão", "style": "anime"}),
        # Style words inside the description are the description.
        (
            "draw a photorealistic tiger in the rain",
            {"prompt": "a photorealistic tiger in the rain"},
        ),
        ("a pixel art knight fighting a slime", {"prompt": "a pixel art knight fighting a slime"}),
        ("draw a woman in a 1920s style dress", {"prompt": "a woman in a 1920s style dress"}),
        ("draw a dog with style", {"prompt": "a dog with style"}),
        (
            "génère trois images d'un loup en origami, qualité finale",
            {"prompt": "un loup en origami", "count": 3, "quality": "final"},
        ),
    ],
)
def test_a_style_is_an_option_only_when_the_message_marks_it(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(GI, text) == params


def test_a_clip_keeps_its_style_words_in_the_description() -> None:
    params = extract_params(GV, "animate a fox running through snow in anime style, 4 seconds")
    assert params["seconds"] == 4
    assert "style" not in params
    assert "anime" in params["prompt"]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "fais-moi deux brouillons d'un chat pirate",
            {"prompt": "un chat pirate", "count": 2, "quality": "draft"},
        ),
        (
            "me faz um rascunho de um barco no rio",
            {"prompt": "um barco no rio", "quality": "draft"},
        ),
        (
            "one still of a diver next to a shipwreck",
            {"prompt": "a diver next to a shipwreck", "count": 1},
        ),
    ],
)
def test_drafts_and_stills_are_counted_in_every_language(text: str, params: dict[str, Any]) -> None:
    assert extract_params(GI, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "réimagine Friends dans une station spatiale, plus sombre",
            {"title": "Friends", "setting": "une station spatiale", "tone": "plus sombre"},
        ),
        (
            "rewrite Dust Choir in 1980s Tokyo with a lighter tone",
            {"title": "Dust Choir", "setting": "1980s Tokyo", "tone": "lighter"},
        ),
        (
            "réimagine Lost dans un train avec un ton plus sombre",
            {"title": "Lost", "setting": "un train", "tone": "plus sombre"},
        ),
        (
            "reimagina Lost en un tren con un tono más oscuro",
            {"title": "Lost", "setting": "un tren", "tone": "más oscuro"},
        ),
        (
            "verlege Lost in einen Zug mit einem düsteren Ton",
            {"title": "Lost", "setting": "einen Zug", "tone": "düsteren"},
        ),
        (
            "verwandle Dark in eine Sitcom auf einem Kreuzfahrtschiff, ohne Storyboard",
            {
                "title": "Dark",
                "setting": "eine Sitcom auf einem Kreuzfahrtschiff",
                "storyboard": False,
            },
        ),
        (
            "reimagina Sintonia no Japão feudal, 4 cenas, sem storyboard",
            {"title": "Sintonia", "setting": "o Japão feudal", "scenes": 4, "storyboard": False},
        ),
        ("reimagine Friends on a ship, more scenes", {"title": "Friends", "setting": "a ship"}),
    ],
)
def test_tones_and_storyboards_are_read_in_every_language(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(TR, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "recommend 4 shows like Salt Roads on everything",
            {"title": "Salt Roads", "k": 4, "facet": "all"},
        ),
        ("séries parecidas com Sintonia nos temas", {"title": "Sintonia", "facet": "theme"}),
        ("algo como Élite pero por temas", {"title": "Élite", "facet": "theme"}),
        (
            "gibt es was Ähnliches wie Babylon Berlin von der Struktur her?",
            {"title": "Babylon Berlin", "facet": "structure"},
        ),
        ("algo parecido a Harbor Lights, 3 por favor", {"title": "Harbor Lights", "k": 3}),
        ("Serien über Astronauten auf dem Mars", {"text": "Astronauten auf dem Mars"}),
        ("shows like Robert'); DROP TABLE shows;--", {"title": "Robert'); DROP TABLE shows;--"}),
    ],
)
def test_the_show_to_compare_with_is_read_without_its_facet(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(SIM, text) == params


def test_a_longer_name_beats_a_known_title_inside_it() -> None:
    titles = TitleIndex(["House", "The Office (US)"])
    assert extract_params(SIM, "shows like House M.D.", titles)["title"].rstrip(".") == "House M.D"
    assert extract_params(TR, "reimagine The Office (UK) on a submarine", titles) == {
        "title": "The Office (UK)",
        "setting": "a submarine",
    }


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("what themes does Salt Roads explore", "Salt Roads"),
        ("how is Dust Choir structured", "Dust Choir"),
        ("archetypes in breaking bad?", "breaking bad"),
        ("what tropes does the Expanse use", "the Expanse"),
        ("quels thèmes explore Dix pour cent ?", "Dix pour cent"),
        ("¿cómo está estructurada La Casa de Papel?", "La Casa de Papel"),
        ("welche Themen behandelt Babylon Berlin?", "Babylon Berlin"),
        ("quais temas Sintonia explora?", "Sintonia"),
    ],
)
def test_a_question_about_a_shows_dna_names_the_show(text: str, title: str) -> None:
    assert extract_params(DNA, text) == {"title": title}


@pytest.mark.parametrize(
    "text", ["now show its dna", "¿y su ADN?", "et son ADN ?", "e o DNA dela?"]
)
def test_a_pronoun_is_no_title_so_the_thread_can_supply_it(text: str) -> None:
    assert extract_params(DNA, text) == {}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("füge Harbor Lights zum Katalog hinzu", "Harbor Lights"),
        ("ajoute Les Revenants au catalogue", "Les Revenants"),
        ("añade Salt Roads al catálogo", "Salt Roads"),
        ("adiciona Salt Roads ao catálogo", "Salt Roads"),
    ],
)
def test_adding_a_show_to_the_catalog_names_only_the_show(text: str, title: str) -> None:
    assert extract_params(AN, text) == {"title": title}
