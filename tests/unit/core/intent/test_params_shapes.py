"""Request shapes whose parameters used to come out wrong, each in words written for this test: a
request said before a colon, a greeting or a reason around the description, later sentences that
hold options or what to leave out, typos in the request words, slang lead-ins, shows added to the
catalog with a synopsis, titles that look like code, and re-imaginings in German, Spanish and
French word order."""

from __future__ import annotations

from typing import Any

import pytest

from core.intent.extract import extract_params
from core.intent.schema import Intent

GI, GV, SIM, TR, AN = (
    Intent.GENERATE_IMAGE,
    Intent.GENERATE_VIDEO,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.ANALYZE_SHOW,
)


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        (
            GI,
            "need an avatar real quick: an owl in a space helmet",
            {"prompt": "an owl in a space helmet", "aspect": "square"},
        ),
        (
            GI,
            "We run a podcast, and I need a cover for it: two microphones on a beach at dawn",
            {"prompt": "two microphones on a beach at dawn"},
        ),
        (
            GV,
            "For the trailer I need a key shot: EXT. HARBOR - DAWN. A ferry leaves the fog. "
            "5 seconds.",
            {"prompt": "EXT. HARBOR - DAWN. A ferry leaves the fog", "seconds": 5},
        ),
        (
            GI,
            "draw a shop sign that says: fresh bread",
            {"prompt": "a shop sign that says: fresh bread"},
        ),
        (
            GI,
            "Hello there! Could you kindly draw a heron fishing at dusk? Landscape would be great.",
            {"prompt": "a heron fishing at dusk", "aspect": "landscape"},
        ),
        (
            GI,
            "a lantern on a wet jetty at night. No boats on it please, and make it final, "
            "since it goes on our wall.",
            {
                "prompt": "a lantern on a wet jetty at night",
                "negative_prompt": "boats",
                "quality": "final",
            },
        ),
        (
            GI,
            "make a picture of a mill by a river. avoid: people. style: ink wash. 3 of them",
            {
                "prompt": "a mill by a river",
                "negative_prompt": "people",
                "style": "ink wash",
                "count": 3,
            },
        ),
        (
            GI,
            "paint a fox asleep in the ferns, rough is fine",
            {"prompt": "a fox asleep in the ferns", "quality": "draft"},
        ),
        (
            GI,
            "paint me a watercolor of a quiet harbour",
            {"prompt": "a watercolor of a quiet harbour"},
        ),
        (GI, "seed 90 and landscape pls", {"seed": 90, "aspect": "landscape"}),
        (GI, "a dog who could draw a map", {"prompt": "a dog who could draw a map"}),
        (
            GI,
            "draw a placard that reads 'we want more cake'",
            {"prompt": "a placard that reads 'we want more cake'"},
        ),
        (
            GI,
            "generate a banner of a zeppelin over hills",
            {"prompt": "a zeppelin over hills", "aspect": "landscape"},
        ),
    ],
)
def test_the_description_is_found_around_requests_greetings_and_reasons(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        (GI, "dra me a tent on a glacier", {"prompt": "a tent on a glacier"}),
        (GI, "drew a lemon tree in a pot pls", {"prompt": "a lemon tree in a pot"}),
        (
            GI,
            "can yuo paint two owls on a wire, 2 of tehm",
            {"prompt": "two owls on a wire", "count": 2},
        ),
        (GI, "wanna see a pic of a llama in a library lol", {"prompt": "a llama in a library"}),
        (GI, "ok random, draw a penguin on a bus", {"prompt": "a penguin on a bus"}),
        (GI, "alter mach ma n bild von nem igel im laub", {"prompt": "nem igel im laub"}),
        (
            GI,
            "Generier mir schnell einen Entwurf von einem Zelt im Schnee",
            {"prompt": "einem Zelt im Schnee", "quality": "draft"},
        ),
        (
            GV,
            "animate a kite over a beach for like 6 secs",
            {"prompt": "a kite over a beach", "seconds": 6},
        ),
        (
            GV,
            "I want video where a whale jumps at sunset, 5 second",
            {"prompt": "a whale jumps at sunset", "seconds": 5},
        ),
        (
            GV,
            "animate a candle burning in a loop, seed 4",
            {"prompt": "a candle burning in a loop", "seed": 4},
        ),
        (GV, "nice, can u turn that into a 4 sec clip", {"seconds": 4}),
    ],
)
def test_typos_and_slang_in_the_request_words_are_not_the_description(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "add Tidewatchers: two sisters keep a lighthouse that only shines for ghosts",
            {
                "title": "Tidewatchers",
                "text": "two sisters keep a lighthouse that only shines for ghosts",
            },
        ),
        (
            "indexa la serie Noches de Sal: un pescador encuentra un mapa en una botella",
            {"title": "Noches de Sal", "text": "un pescador encuentra un mapa en una botella"},
        ),
        (
            "Kannst du die Serie Nebelhof analysieren? Ein Bauer findet einen Brief aus der "
            "Zukunft.",
            {"title": "Nebelhof", "text": "Ein Bauer findet einen Brief aus der Zukunft"},
        ),
        ("agrega El Faro Negro al catálogo", {"title": "El Faro Negro"}),
        ("analyze the show <b>Bold</b> please", {"title": "<b>Bold</b>"}),
        (
            "ok add it: a night nurse hears the ward radio predict deaths",
            {"text": "a night nurse hears the ward radio predict deaths"},
        ),
    ],
)
def test_a_show_added_to_the_catalog_keeps_its_name_and_synopsis(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(AN, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "I adored the characters in Copper Vale, anything with characters like that?",
            {"title": "Copper Vale", "facet": "character"},
        ),
        (
            "a few of us want shows like Paw Rangers for the kids channel. Could you list 4?",
            {"title": "Paw Rangers", "k": 4},
        ),
        (
            "any show about a baker rebuilding her shop after a flood",
            {"text": "a baker rebuilding her shop after a flood"},
        ),
        ("séries com vilões parecidos com os de Cidade Cinza", {"title": "Cidade Cinza"}),
        ("manda umas séries tipo Ilha Perdida aí mano", {"title": "Ilha Perdida"}),
        ("give me 6 recommendations", {"k": 6}),
    ],
)
def test_the_show_to_compare_with_is_read_from_longer_messages(
    text: str, params: dict[str, Any]
) -> None:
    assert extract_params(SIM, text) == params


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "yo do Paper Kings but in a ski lodge lol",
            {"title": "Paper Kings", "setting": "a ski lodge"},
        ),
        (
            "pon Los Vecinos en una base lunar, con storyboard",
            {"title": "Los Vecinos", "setting": "una base lunar", "storyboard": True},
        ),
        (
            "Mach aus Tatort eine Geschichte auf einem Leuchtturm",
            {"title": "Tatort", "setting": "einem Leuchtturm"},
        ),
        (
            "fais de Lupin une histoire dans un sous-marin",
            {"title": "Lupin", "setting": "un sous-marin"},
        ),
        (
            "Transformiere Dark in eine Wüstenstadt, 6 Szenen",
            {"title": "Dark", "setting": "eine Wüstenstadt", "scenes": 6},
        ),
        (
            "I'd love to see Mad Men reimagined on a Mars base. 3 scenes, bleak and funny in tone.",
            {"title": "Mad Men", "setting": "a Mars base", "scenes": 3, "tone": "bleak and funny"},
        ),
    ],
)
def test_re_imaginings_are_read_in_other_word_orders(text: str, params: dict[str, Any]) -> None:
    assert extract_params(TR, text) == params


@pytest.mark.parametrize(
    ("intent", "text", "params"),
    [
        # A change to the last picture says options only: the thread keeps its description.
        (GI, "nochmal, aber im Querformat mit Seed 12", {"aspect": "landscape", "seed": 12}),
        (GI, "without the clouds", {"negative_prompt": "the clouds"}),
        (
            GI,
            "Generate one picture, seed 8, quality final: a heron on a frozen pond",
            {"prompt": "a heron on a frozen pond", "count": 1, "seed": 8, "quality": "final"},
        ),
        (
            GV,
            "Hi! I'd like a short animation of leaves swirling in a courtyard. Maybe 4 seconds, "
            "in widescreen, and a high quality render if possible.",
            {
                "prompt": "leaves swirling in a courtyard",
                "seconds": 4,
                "aspect": "landscape",
                "quality": "final",
            },
        ),
        (
            GI,
            "make me a wallpaper for my phone with a field of paper lanterns",
            {"prompt": "a field of paper lanterns", "aspect": "portrait"},
        ),
        (SIM, "more, like 7", {"k": 7}),
        (Intent.SHOW_DNA, "what's the DNA of the original?", {}),
        (
            TR,
            "reimagina Narcos en una base lunar con 4 escenas",
            {"title": "Narcos", "setting": "una base lunar", "scenes": 4},
        ),
        (
            TR,
            "can you do Stranger Things in the 1950s? make it funny",
            {"title": "Stranger Things", "setting": "the 1950s", "tone": "funny"},
        ),
        (AN, 'add my series "Tin & Salt" to the server', {"title": "Tin & Salt"}),
        (Intent.JOB_STATUS, "what happened to job deadbeef", {"job_id": "deadbeef"}),
    ],
)
def test_follow_up_words_options_and_ids_are_read_alone(
    intent: Intent, text: str, params: dict[str, Any]
) -> None:
    assert extract_params(intent, text) == params
