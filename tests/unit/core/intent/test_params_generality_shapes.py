"""More request shapes from the labelling contract (benchmarks/data/intent/README.md): talk around
a request, longer analyse and re-imagine requests, counts and help topics said apart. Probe
messages written for this test, none taken from an evaluation set."""

from __future__ import annotations

from typing import Any

import pytest

from core.intent.extract import extract_params
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
        # Talk about the member, before or after the request, is no part of the picture.
        (
            "My nephew wants a picture of a tiger made of clouds. I said I'd ask you.",
            {"prompt": "a tiger made of clouds"},
        ),
        (
            "Our book club meets tonight. Could you make an image of a teapot full of stars?",
            {"prompt": "a teapot full of stars"},
        ),
        (
            "Could I trouble you for a drawing? A heron fishing at dawn.",
            {"prompt": "A heron fishing at dawn"},
        ),
        (
            "Mon fils adore les trains et je voudrais lui offrir une image d'un train dans la "
            "neige. Tu peux la faire en paysage ?",
            {"prompt": "un train dans la neige", "aspect": "landscape"},
        ),
        (
            "Ich bräuchte für mein Referat ein Bild von einer Burg im Nebel. Querformat wäre gut.",
            {"prompt": "einer Burg im Nebel", "aspect": "landscape"},
        ),
        (
            "Eu queria uma imagem de um farol na chuva, se não for incômodo, em retrato",
            {"prompt": "um farol na chuva", "aspect": "portrait"},
        ),
        # A screenplay heading is no sentence of talk.
        (
            "For my pitch I need a key frame: INT. KITCHEN - NIGHT. A cat stares at the fridge.",
            {"prompt": "INT. KITCHEN - NIGHT. A cat stares at the fridge"},
        ),
        # A description said first, then a request that points back to it.
        ("A red fox in the snow. Make a picture of it.", {"prompt": "A red fox in the snow"}),
    ],
)
def test_talk_around_the_request_is_no_part_of_the_picture(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(GI, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("makeapicture of a cactus in a tuxedo", {"prompt": "a cactus in a tuxedo"}),
        ("drawww a moooody forest at 3am pls", {"prompt": "a moooody forest at 3am"}),
        # A profile picture is square.
        (
            "need a pfp of a raccoon w/ sunglasses",
            {"prompt": "a raccoon w/ sunglasses", "aspect": "square"},
        ),
        # What follows "without" is left out as written, "any" included.
        (
            "a lighthouse on a cliff, without any boats",
            {"prompt": "a lighthouse on a cliff", "negative_prompt": "any boats"},
        ),
        (
            "make a picture of a dragon over a city without any people",
            {"prompt": "a dragon over a city", "negative_prompt": "any people"},
        ),
        # A seed said in words, and a hedge in the past tense.
        (
            "It would mean a lot if you drew an old mill in winter, using seed twelve",
            {"prompt": "an old mill in winter", "seed": 12},
        ),
        # A purpose said first, in several words, before the one who asks.
        (
            "For the zine we print every month I'd love a map of a floating city",
            {"prompt": "a map of a floating city"},
        ),
        (
            "Pour l'anniversaire de ma fille, tu pourrais faire une image d'une licorne qui fait "
            "du skate ?",
            {"prompt": "une licorne qui fait du skate"},
        ),
        # An option given before the verb.
        (
            "could you use seed 31 and draw a kite over a beach?",
            {"prompt": "a kite over a beach", "seed": 31},
        ),
        # A picture of nothing said: the bot asks what to draw.
        ("Kannst du mir ein Bild machen?", {}),
        ("I'd love a drawing, surprise me", {}),
    ],
)
def test_request_shapes_from_the_labelling_contract(text: str, params: dict[str, Any]) -> None:
    assert extract_params(GI, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "Could you add a show called The Quiet Pier to the catalog?",
            {"title": "The Quiet Pier"},
        ),
        (
            "add this one pls: Copper Bells. its about a bell founder who hears the dead",
            {"title": "Copper Bells", "text": "a bell founder who hears the dead"},
        ),
        # Talk about the file is no synopsis.
        ("Please index Salt Mesa, I'm attaching the synopsis as a pdf.", {"title": "Salt Mesa"}),
        (
            "a show my aunt loved, Keeping Up Appearances, could you analyse it properly?",
            {"title": "Keeping Up Appearances"},
        ),
        (
            "new show for the catalog: Paper Moons. synopsis - two puppeteers share a van",
            {"title": "Paper Moons", "text": "two puppeteers share a van"},
        ),
        (
            "Tu pourrais ajouter Les Voisins au catalogue ? C'est l'histoire de deux familles "
            "qui partagent un jardin.",
            {"title": "Les Voisins", "text": "deux familles qui partagent un jardin"},
        ),
        (
            "füg mal Kleine Kreise hinzu, geht um eine Hebamme an der Ostsee",
            {"title": "Kleine Kreise", "text": "eine Hebamme an der Ostsee"},
        ),
    ],
)
def test_a_show_to_analyse_in_longer_requests(text: str, params: dict[str, Any]) -> None:
    assert extract_params(AN, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "recommend me shows with the same kind of characters as The Office (UK)",
            {"title": "The Office (UK)", "facet": "character"},
        ),
        (
            "séries avec la même structure que Les Revenants",
            {"title": "Les Revenants", "facet": "structure"},
        ),
        (
            "Ich hab gestern Die Wolkenfabrik zu Ende geschaut, was ist ähnlich?",
            {"title": "Die Wolkenfabrik"},
        ),
        ("Terminei Irmandade e fiquei com saudade. Tem algo parecido?", {"title": "Irmandade"}),
    ],
)
def test_the_show_to_compare_with_ends_where_its_name_ends(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(SIM, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "Lighter tone and a storyboard, please. The show is Parks and Recreation and the new "
            "setting is a 1980s shopping mall.",
            {
                "title": "Parks and Recreation",
                "setting": "a 1980s shopping mall",
                "tone": "lighter",
                "storyboard": True,
            },
        ),
        (
            "transform Glass Meridian into a colony on Europa, a single scene, dry humour",
            {
                "title": "Glass Meridian",
                "setting": "a colony on Europa",
                "scenes": 1,
                "tone": "dry humour",
            },
        ),
        # Why the member asks is no part of the new world.
        (
            "Could you set Naruto in a Wild West frontier town so I can follow it?",
            {"title": "Naruto", "setting": "a Wild West frontier town"},
        ),
        (
            "¿Podrías poner Vis a Vis en una estación lunar? Cuatro escenas y más oscuro.",
            {
                "title": "Vis a Vis",
                "setting": "una estación lunar",
                "scenes": 4,
                "tone": "más oscuro",
            },
        ),
        (
            "Was wäre, wenn Dark in einem Zirkus im 19. Jahrhundert spielen würde? Bitte sieben "
            "Szenen.",
            {"title": "Dark", "setting": "einem Zirkus im 19. Jahrhundert", "scenes": 7},
        ),
    ],
)
def test_a_reimagining_said_over_several_sentences(text: str, params: dict[str, Any]) -> None:
    assert extract_params(TR, text) == params


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("à quoi sert le paramètre k ?", "show"),
        ("Como eu mudo o formato da imagem pra paisagem?", "imagine"),
    ],
)
def test_a_help_question_in_another_language_names_its_command(text: str, topic: str) -> None:
    assert extract_params(Intent.HELP, text) == {"topic": topic}


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "Six, if you can, and compared on structure only: which shows are built like Cowboy "
            "Bebop?",
            {"title": "Cowboy Bebop", "k": 6, "facet": "structure"},
        ),
        (
            "J'ai adoré Lupin... Tu me conseilles quoi dans le même genre ? Cinq idées.",
            {"title": "Lupin", "k": 5},
        ),
    ],
)
def test_how_many_shows_said_apart_from_the_request(text: str, params: dict[str, Any]) -> None:
    assert extract_params(SIM, text) == params


def test_talk_then_options_then_the_description() -> None:
    text = (
        "So the raid starts in ten minutes and I still don't have a banner. Widescreen, final "
        "quality, and it should be a dragon asleep on a pile of dice."
    )
    assert extract_params(GI, text) == {
        "prompt": "a dragon asleep on a pile of dice",
        "aspect": "landscape",
        "quality": "final",
    }
