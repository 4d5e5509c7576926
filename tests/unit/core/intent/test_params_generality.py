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
