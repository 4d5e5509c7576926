"""What a member gets from a request phrased their own way, in five languages: the description
without the request words around it, and the options said in words (docs/intents.md)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from core.intent.extract import extract_params
from core.intent.schema import Intent

GI, GV = Intent.GENERATE_IMAGE, Intent.GENERATE_VIDEO


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        (
            GI,
            "<@123456> draw a tiny astronaut on a mushroom 🍄",
            {"prompt": "a tiny astronaut on a mushroom"},
        ),
        (
            GI,
            "mal mir bitte eine Katze mit Hut, hochformat",
            {"prompt": "eine Katze mit Hut", "aspect": "portrait"},
        ),
        (GI, "¿me puedes crear una imagen de un búho?", {"prompt": "un búho"}),
        (
            GI,
            "tu peux générer deux images d'un renard dans la neige ?",
            {"prompt": "un renard dans la neige", "count": 2},
        ),
        (
            GI,
            "je voudrais une illustration verticale d'un marché de Noël",
            {"prompt": "un marché de Noël", "aspect": "portrait"},
        ),
        (
            GI,
            "a couple of images of a desert caravan at sunset",
            {"prompt": "a desert caravan at sunset", "count": 2},
        ),
        (
            GI,
            "draw a squirrel knight with seed 4242",
            {"prompt": "a squirrel knight", "seed": 4242},
        ),
        (
            GI,
            "cria uma imagem de um dragão azul em alta qualidade",
            {"prompt": "um dragão azul", "quality": "final"},
        ),
        (
            GI,
            "i want a vertical picture of a city street in the rain for tiktok",
            {"prompt": "a city street in the rain", "aspect": "portrait"},
        ),
        (
            GI,
            "gimme a pixel art castle on a floating island",
            {"prompt": "a pixel art castle on a floating island"},
        ),
        (GI, "dwar a cat in a box", {"prompt": "a cat in a box"}),
        (GV, "anime une feuille qui tombe", {"prompt": "une feuille qui tombe"}),
        (
            GI,
            "draw an anime girl on a train",
            {"prompt": "an anime girl on a train"},
        ),
    ],
)
def test_the_description_is_read_without_its_request_words(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("text", "negative"),
    [
        ("fais une image d'une forêt enchantée sans personnages", "personnages"),
        ("genera una foto de una playa tropical sin gente", "gente"),
        ("erstelle ein Bild von einem Leuchtturm ohne Menschen", "Menschen"),
        ("quero três imagens de um farol sem barcos", "barcos"),
        # What follows "without", as written (benchmarks/data/intent/README.md).
        ("a quiet harbour at dawn without any boats", "any boats"),
        ("draw a mountain village, no people", "people"),
    ],
)
def test_what_to_leave_out_becomes_the_negative_prompt(text: str, negative: str) -> None:
    params = extract_params(GI, text)
    assert params["negative_prompt"] == negative
    assert negative not in params["prompt"]


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("a lake at dusk, widescreen", "landscape"),
        ("une forêt la nuit, format paysage", "landscape"),
        ("un gato en la luna, horizontal", "landscape"),
        ("ein Schloss im Nebel, Querformat", "landscape"),
        ("uma cidade futurista, na vertical", "portrait"),
        ("a fox for my phone wallpaper", "portrait"),
        ("draw a wide river under the moon", None),
        ("generate a portrait of an old sailor", None),
    ],
)
def test_the_shape_of_the_picture_is_read_in_any_language(text: str, aspect: str | None) -> None:
    params = extract_params(GI, text)
    assert params.get("aspect") == aspect
    assert params["prompt"]


SIM, TR, AN, DNA, HELP = (
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.ANALYZE_SHOW,
    Intent.SHOW_DNA,
    Intent.HELP,
)


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        (SIM, "séries parecidas com A Casa do Lago?", {"title": "A Casa do Lago"}),
        (SIM, "algo como La Casa de las Flores", {"title": "La Casa de las Flores"}),
        (SIM, "what's similar to Signal Fire", {"title": "Signal Fire"}),
        (SIM, "Marble Coast fans would like what else?", {"title": "Marble Coast"}),
        (SIM, "ich mochte Tiefe Wasser, was noch?", {"title": "Tiefe Wasser"}),
        (SIM, "shows like Ozark, maybe 4", {"title": "Ozark", "k": 4}),
        (
            SIM,
            "trouve 3 séries proches de Lupin par les personnages",
            {"title": "Lupin", "k": 3, "facet": "character"},
        ),
        (SIM, "anything w a cursed lighthouse?? 👻", {"text": "a cursed lighthouse"}),
        (
            TR,
            "Copper Hill but everyone is a pirate on a sinking galleon",
            {"title": "Copper Hill", "setting": "a pirate on a sinking galleon"},
        ),
        (
            TR,
            "take Bluey and drop them in a cyberpunk city. Bleak, 3 scenes.",
            {"title": "Bluey", "setting": "a cyberpunk city", "tone": "bleak", "scenes": 3},
        ),
        (
            TR,
            "give Seinfeld a haunted castle setting",
            {"title": "Seinfeld", "setting": "a haunted castle"},
        ),
        (
            TR,
            "reimagina Élite pero en una estación lunar? tono oscuro",
            {"title": "Élite", "setting": "una estación lunar", "tone": "oscuro"},
        ),
        (
            TR,
            "transforme Dix pour cent en comédie musicale",
            {"title": "Dix pour cent", "setting": "comédie musicale"},
        ),
        (
            AN,
            "Title: GLASS HARBOR. Logline: a ferry pilot smuggles letters between two islands "
            "at war. Analyze it please.",
            {
                "title": "GLASS HARBOR",
                "text": "a ferry pilot smuggles letters between two islands at war",
            },
        ),
        (
            AN,
            "analyse my pilot called Lamp Street, it's about a cook who runs a diner for ghosts",
            {"title": "Lamp Street", "text": "a cook who runs a diner for ghosts"},
        ),
        (DNA, "l'ADN narratif d'Engrenages", {"title": "Engrenages"}),
        (HELP, "what does the seed option do", {"topic": "imagine"}),
        (HELP, "is there a seed for clips?", {"topic": "animate"}),
        (HELP, "/admin cache clear", {"topic": "admin"}),
        (HELP, "how do I add my own show?", {"topic": "show"}),
        (HELP, "comment on fait une vidéo ?", {"topic": "animate"}),
        (HELP, "how do I stop a job?", {"topic": "job"}),
        (HELP, "what can you do?", {}),
    ],
)
def test_shows_and_options_are_read_however_the_member_phrases_them(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize("text", ["A " * 3000, "a picture of " * 450, "of " * 2000, "A" * 6000])
def test_a_long_pasted_message_is_read_in_linear_time(text: str) -> None:
    """Option words are looked for near the end and lead-ins near the start: a 6000-character
    paste never stalls the reading (it took 45 s before the trailing search was bounded)."""
    start = time.perf_counter()
    for intent in Intent:
        extract_params(intent, text)
    assert time.perf_counter() - start < 2.0
