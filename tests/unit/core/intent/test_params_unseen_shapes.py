"""Shapes of request that no tuned-on sentence showed: someone else's wish before the picture,
a purpose phrase before a bare verb, sentences that only ask again or pick how many, seeds said
in words, and titles framed by a question. Probe messages written for this test, none taken from
an evaluation set (benchmarks/data/intent/README.md is the contract)."""

from __future__ import annotations

from typing import Any

import pytest

from core.intent.extract import extract_params
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
    ("intent", "text", "params"),
    [
        # Who wants the picture is no part of it.
        (
            GI,
            "The twins keep asking for a drawing of a giraffe on roller skates.",
            {"prompt": "a giraffe on roller skates"},
        ),
        (
            GI,
            "My aunt wants a painting of a lemon tree by the sea",
            {"prompt": "a lemon tree by the sea"},
        ),
        # Politeness said first, then the request.
        (
            GI,
            "Do me a favor and paint a snail racing a tortoise",
            {"prompt": "a snail racing a tortoise"},
        ),
        (
            GI,
            "if it's no trouble, a sketch of a fox reading a map",
            {"prompt": "a fox reading a map"},
        ),
        # What it is for, said before a bare verb.
        (
            GV,
            "Pour l'anniversaire de Léa, anime un gâteau qui s'envole, cinq secondes",
            {"prompt": "un gâteau qui s'envole", "seconds": 5},
        ),
        # A clip asked for by its length.
        (
            GV,
            "we need a few seconds of rain falling on a tin roof for the intro",
            {"prompt": "rain falling on a tin roof for the intro"},
        ),
        # A sentence that only says how many, or asks again with "that", describes nothing.
        (
            GI,
            "An owl wearing a scarf. Now turn that into real pictures, three of them.",
            {"prompt": "An owl wearing a scarf", "count": 3},
        ),
        (
            GI,
            "Draw a robot gardener. He'd like two of them to choose from.",
            {"prompt": "a robot gardener", "count": 2},
        ),
        (
            GV,
            "Mach ein Video von einem Papierboot im Regen. Drei Sekunden reichen.",
            {"prompt": "einem Papierboot im Regen", "seconds": 3},
        ),
        # Diminutives and the German stem are request words too.
        (GV, "hazme un videito de un gato bailando", {"prompt": "un gato bailando"}),
        (GV, "animier mal einen fliegenden Wal", {"prompt": "einen fliegenden Wal"}),
        # A preposition is no adjective of the picture noun.
        (GI, "draw a poster of a jazz band in the rain", {"prompt": "a jazz band in the rain"}),
        # Seeds said in words, past twenty.
        (
            GI,
            "a lighthouse at dusk, seed three hundred and twelve",
            {"prompt": "a lighthouse at dusk", "seed": 312},
        ),
        (
            GI,
            "a red kite over a hill, seed forty-two",
            {"prompt": "a red kite over a hill", "seed": 42},
        ),
    ],
)
def test_the_parameters_a_member_meant_are_read(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "title"),
    [
        # A question framed around the name: the name alone.
        (TR, "What would Copper Lane look like if it happened in a space station?", "Copper Lane"),
        (TR, "¿Qué pasaría si La Ribera ocurriera en un submarino?", "La Ribera"),
        (TR, "Wie wäre Stadtrand Nord in einem Zirkus?", "Stadtrand Nord"),
        # ... while a name that starts with such a word keeps it.
        (TR, "How I Met Your Mother but on a submarine", "How I Met Your Mother"),
        # A colon followed by lower-case words ends the name.
        (DNA, "the story DNA of Tin Harbour: themes, pacing, all of it", "Tin Harbour"),
        # Words after the name that only stress it.
        (DNA, "I want the narrative breakdown of Marrow Street itself", "Marrow Street"),
        (DNA, "Welche Themen behandelt Graue Stadt eigentlich?", "Graue Stadt"),
        # A show noun before the name, wherever the candidate started.
        (AN, "merci d'ajouter au catalogue la série Les Forges", "Les Forges"),
        # An emoji said first.
        (TR, "🙏 glasshouse on a pirate ship", "glasshouse"),
    ],
)
def test_the_show_named_inside_the_words_around_it_is_read(
    intent: Intent, text: str, title: str
) -> None:
    assert extract_params(intent, text).get("title") == title


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # How many pictures, said as a clause of its own.
        (GI, "A heron at dawn. Only two, please.", {"prompt": "A heron at dawn", "count": 2}),
        (
            GI,
            "Dibuja un faro en la niebla. Que sean tres.",
            {"prompt": "un faro en la niebla", "count": 3},
        ),
        # How many shows, in the words members use.
        (SIM, "shows like Bluey, 4 of em", {"title": "Bluey", "k": 4}),
        (
            SIM,
            "Compare Ozark with the catalog and bring back the seven closest",
            {"title": "Ozark", "k": 7},
        ),
        (SIM, "Serien wie Dark? Gerne fünf.", {"title": "Dark", "k": 5}),
    ],
)
def test_how_many_is_read_when_said_apart(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        # Who or what the picture is for, said last, is no part of what is drawn.
        ("draw a zodiac lion in gold, for her sign", "a zodiac lion in gold"),
        ("dessine un hibou savant pour mon mémoire", "un hibou savant"),
        ("haz un pastel de unicornio para la fiesta de mi hija", "un pastel de unicornio"),
        ("mal einen Leuchtturm für unseren Flur", "einen Leuchtturm"),
        # ... while someone in the picture doing something for another stays.
        ("draw a dog waiting for his owner", "a dog waiting for his owner"),
    ],
)
def test_a_purpose_said_last_is_left_out_of_the_prompt(text: str, prompt: str) -> None:
    assert extract_params(GI, text).get("prompt") == prompt


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # A tone said after the world, however it is joined on.
        (
            "Put Harbour Kids on an oil rig with a grim, funny tone.",
            {"title": "Harbour Kids", "setting": "an oil rig", "tone": "grim, funny"},
        ),
        (
            "Transforma Las Vecinas en un barco pirata, más alegre y con storyboard.",
            {
                "title": "Las Vecinas",
                "setting": "un barco pirata",
                "tone": "más alegre",
                "storyboard": True,
            },
        ),
        (
            "Wie wäre Kleine Helden in einem Zirkus? Lustiger bitte.",
            {"title": "Kleine Helden", "setting": "einem Zirkus", "tone": "lustiger"},
        ),
        # What is left of an option clause is no tone.
        (
            "Transforma Las Vecinas en un barco pirata, con storyboard",
            {"title": "Las Vecinas", "setting": "un barco pirata", "storyboard": True},
        ),
        # Options said first, then the idea.
        (
            "Five scenes, no storyboard, and the idea is Cheers in a submarine.",
            {"title": "Cheers", "setting": "a submarine", "scenes": 5, "storyboard": False},
        ),
        # A labelled world wins over a preposition inside it.
        (
            "Rework Tin Chapel please. Setting: a monastery on Mars.",
            {"title": "Tin Chapel", "setting": "a monastery on Mars"},
        ),
        # A capitalised article starts the name inside a question.
        (
            "¿Qué pasaría si El Gran Hotel ocurriera en la luna?",
            {"title": "El Gran Hotel", "setting": "la luna"},
        ),
    ],
)
def test_the_tone_and_world_of_a_reimagining_are_read_apart(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(TR, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # A first sentence that only names the picture: the description follows the request.
        (
            GI,
            "Game night needs art. Paint the Lord of Kites over a windy harbour.",
            {"prompt": "the Lord of Kites over a windy harbour"},
        ),
        # "it" added to the catalog is the show named before.
        (
            AN,
            "My cousin wrote a pilot, Nettle Lane, and we'd like you to add it to the library so "
            "we can see what you make of it.",
            {"title": "Nettle Lane"},
        ),
        # No show named: nothing to analyse yet, and no synopsis either.
        (AN, "I'd like to add a series to the catalog.", {}),
        # A capitalised article starts a name, it is no pronoun.
        (AN, "¿Podrías analizar La hija del mar?", {"title": "La hija del mar"}),
        # "that" points back to the show described before.
        (
            SIM,
            "I'm after a show about a lighthouse keeper who solves crimes. Is there anything "
            "like that?",
            {"text": "a lighthouse keeper who solves crimes"},
        ),
        # Who the member watches with describes no show.
        (
            SIM,
            "Something to watch with my sister? We both loved Pushing Daisies.",
            {"title": "Pushing Daisies"},
        ),
        # "close to", and the same structure "de" in Portuguese.
        (SIM, "Theme-wise, what's close to Severance?", {"title": "Severance", "facet": "theme"}),
        (
            SIM,
            "Séries com o mesmo enredo de Pedra Branca?",
            {"title": "Pedra Branca", "facet": "plot"},
        ),
    ],
)
def test_the_show_or_picture_is_found_past_the_talk_around_it(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # A show called "Cheers" is a show; "cheers" after a request is a sign-off.
        (SIM, "shows like Cheers please", {"title": "Cheers"}),
        (SIM, "shows like frasier, cheers", {"title": "frasier"}),
        (TR, "reimagine Friends in a bakery. Cheers!", {"title": "Friends", "setting": "a bakery"}),
    ],
)
def test_a_sign_off_and_a_show_of_the_same_name_are_told_apart(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # "un par de" is "a couple of": two pictures, two shows; "a few" names no number.
        (GI, "hazme un par de dibujos de un gato", {"prompt": "un gato", "count": 2}),
        (SIM, "dame un par de series como Dark", {"title": "Dark", "k": 2}),
        (GI, "draw a few pictures of a cat", {"prompt": "a cat"}),
        # "sans fin", "sin fin": endless, nothing left out of the picture.
        (GI, "dessine un couloir sans fin", {"prompt": "un couloir sans fin"}),
        (GI, "dibuja un bosque sin gente", {"prompt": "un bosque", "negative_prompt": "gente"}),
    ],
)
def test_idioms_of_number_and_absence_are_read_as_members_mean_them(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # What the picture is for, said before a colon.
        (
            GI,
            "for the newsletter: a fox mailman in autumn, final quality",
            {"prompt": "a fox mailman in autumn", "quality": "final"},
        ),
        # "only" and an article: one picture.
        (
            GI,
            "queria uma foto de um pinguim surfando, só uma",
            {"prompt": "um pinguim surfando", "count": 1},
        ),
        # The member's own sentence around the name.
        (
            TR,
            "I love Harbor Lights. Could you set it on a space station?",
            {"title": "Harbor Lights", "setting": "a space station"},
        ),
    ],
)
def test_what_is_said_around_the_request_is_left_out(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # German picture nouns in the singular, and a compound that ends in one.
        (GI, "Eine Zeichnung von einem Fuchs im Schnee", {"prompt": "einem Fuchs im Schnee"}),
        (
            GV,
            "Mach ein 3-Sekunden-Video von einem tanzenden Roboter",
            {"prompt": "einem tanzenden Roboter", "seconds": 3},
        ),
        # The quality noun said before its value.
        (GI, "une photo d'un chat, qualité brouillon", {"prompt": "un chat", "quality": "draft"}),
        (GI, "una foto de un gato, calidad borrador", {"prompt": "un gato", "quality": "draft"}),
        # "mach aus X ...": the show is X.
        (
            TR,
            "Mach aus Tatort eine Weltraumserie",
            {"title": "Tatort", "setting": "eine Weltraumserie"},
        ),
    ],
)
def test_word_forms_in_other_languages_are_read(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params
