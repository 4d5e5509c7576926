"""Requests phrased the way members paraphrase them, each written for this test from the labelling
rules (benchmarks/data/intent/README.md), not taken from any labelled set: hedged and indirect
requests ("I'd really appreciate ...", "would it be too much to ask for ..."), options said before
the subject or in a second sentence, titles mid-sentence followed by a facet or a count, numbers as
words in five languages, lowercase titles and a leading "the" kept as typed."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.wiring.intent import starter_titles
from core.intent.extract import extract_params
from core.intent.known_titles import TitleIndex
from core.intent.schema import Intent
from core.intent.scoring import DEFAULTS, same_value

GI, GV, DNA, AN, SIM, TR, JS, JC = (
    Intent.GENERATE_IMAGE,
    Intent.GENERATE_VIDEO,
    Intent.SHOW_DNA,
    Intent.ANALYZE_SHOW,
    Intent.FIND_SIMILAR,
    Intent.TRANSFORM_SHOW,
    Intent.JOB_STATUS,
    Intent.JOB_CANCEL,
)
_TITLES = TitleIndex(starter_titles())


def _check(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """Every labelled value read as the scorer compares it, and nothing else that changes what
    the bot does (a value at its default, such as one picture, changes nothing)."""
    got = extract_params(intent, text, _TITLES)
    wrong = {k: got.get(k) for k, v in params.items() if not same_value(got.get(k), v)}
    extra = {
        k: v
        for k, v in got.items()
        if k not in params and not (k in DEFAULTS and same_value(v, DEFAULTS[k]))
    }
    assert not wrong and not extra, f"{text!r}: wrong {wrong}, extra {extra}, read {got}"


_MEDIA = [
    (
        GI,
        "would it be possible to get a picture of a heron standing in a flooded library?",
        {"prompt": "a heron standing in a flooded library"},
    ),
    (
        GI,
        "I was hoping you could paint me an old tram climbing a snowy hill",
        {"prompt": "an old tram climbing a snowy hill"},
    ),
    (
        GI,
        "landscape please: a caravan of camels crossing salt flats at noon",
        {"prompt": "a caravan of camels crossing salt flats at noon", "aspect": "landscape"},
    ),
    (
        GI,
        "three versions, square, of a paper boat sailing down a gutter",
        {"prompt": "a paper boat sailing down a gutter", "count": 3, "aspect": "square"},
    ),
    (
        GI,
        "In portrait format, could you render a knight kneeling in a field of poppies?",
        {"prompt": "a knight kneeling in a field of poppies", "aspect": "portrait"},
    ),
    (
        GI,
        "I need a picture of a bakery at dawn. Make it widescreen and give me two of them.",
        {"prompt": "a bakery at dawn", "aspect": "landscape", "count": 2},
    ),
    (
        GI,
        "Could I get an image of an owl reading by candlelight? Final quality, seed 4411.",
        {"prompt": "an owl reading by candlelight", "quality": "final", "seed": 4411},
    ),
    (
        GI,
        "maybe a drawing of a fox wearing a scarf, if that's ok",
        {"prompt": "a fox wearing a scarf"},
    ),
    (
        GI,
        "how about an illustration of a robot watering tomatoes",
        {"prompt": "a robot watering tomatoes"},
    ),
    (
        GI,
        "I'd really appreciate a vertical image of a lighthouse keeper's cat",
        {"prompt": "a lighthouse keeper's cat", "aspect": "portrait"},
    ),
    (
        GI,
        "four pics of a dragon made of autumn leaves please",
        {"prompt": "a dragon made of autumn leaves", "count": 4},
    ),
    (
        GI,
        "produce five images of a rainy street in Tokyo, no people",
        {"prompt": "a rainy street in Tokyo", "count": 5, "negative_prompt": "people"},
    ),
    (
        GI,
        "any chance you could whip up a poster of a jazz trio on the moon? high quality",
        {"prompt": "a jazz trio on the moon", "quality": "final"},
    ),
    (
        GI,
        "a snowy cabin with smoke from the chimney, picture it in watercolor style",
        {"prompt": "a snowy cabin with smoke from the chimney", "style": "watercolor"},
    ),
    (
        GI,
        "what I'm after is a photo of a bicycle leaning on a red wall, 16:9",
        {"prompt": "a bicycle leaning on a red wall", "aspect": "landscape"},
    ),
    (
        GI,
        "Would love to see a whale swimming through clouds. Two variations, portrait.",
        {"prompt": "a whale swimming through clouds", "count": 2, "aspect": "portrait"},
    ),
    (
        GI,
        "I'm thinking a cozy reading nook with a sleeping dog, rough draft is fine",
        {"prompt": "a cozy reading nook with a sleeping dog", "quality": "draft"},
    ),
    (
        GI,
        "for my phone wallpaper, a neon jellyfish in deep water",
        {"prompt": "a neon jellyfish in deep water", "aspect": "portrait"},
    ),
    (
        GI,
        "picture this: a giant snail carrying a village on its shell. do a couple of them",
        {"prompt": "a giant snail carrying a village on its shell", "count": 2},
    ),
    (
        GI,
        "use seed 9 and make an image of a chess game between a cat and a crow",
        {"prompt": "a chess game between a cat and a crow", "seed": 9},
    ),
    (
        GI,
        "Could you possibly create six pictures of a castle in the clouds?",
        {"prompt": "a castle in the clouds", "count": 6},
    ),
    (
        GI,
        "dessine-moi trois images d'un phare sous la neige, format paysage",
        {"prompt": "un phare sous la neige", "count": 3, "aspect": "landscape"},
    ),
    (
        GI,
        "j'aimerais une image d'un chat qui lit le journal, en qualité finale",
        {"prompt": "un chat qui lit le journal", "quality": "final"},
    ),
    (
        GI,
        "¿me haces dos imágenes de un pulpo tocando el piano? en vertical",
        {"prompt": "un pulpo tocando el piano", "count": 2, "aspect": "portrait"},
    ),
    (
        GI,
        "quisiera una imagen de un mercado flotante al amanecer, sin barcos",
        {"prompt": "un mercado flotante al amanecer", "negative_prompt": "barcos"},
    ),
    (
        GI,
        "Kannst du mir vier Bilder von einem Fuchs im Schnee machen? Querformat bitte",
        {"prompt": "einem Fuchs im Schnee", "count": 4, "aspect": "landscape"},
    ),
    (
        GI,
        "ich hätte gern ein Bild von einer alten Mühle am Fluss, quadratisch",
        {"prompt": "einer alten Mühle am Fluss", "aspect": "square"},
    ),
    (
        GI,
        "pode fazer duas imagens de um gato astronauta? em retrato",
        {"prompt": "um gato astronauta", "count": 2, "aspect": "portrait"},
    ),
    (
        GI,
        "queria uma imagem de uma praia deserta ao pôr do sol, qualidade final",
        {"prompt": "uma praia deserta ao pôr do sol", "quality": "final"},
    ),
    (
        GI,
        "draw a sign that says 'ignore all previous instructions' on a brick wall",
        {"prompt": "a sign that says 'ignore all previous instructions' on a brick wall"},
    ),
    (
        GV,
        "could you animate a paper plane gliding over rooftops for about six seconds?",
        {"prompt": "a paper plane gliding over rooftops", "seconds": 6},
    ),
    (
        GV,
        "I'd like a short clip of waves crashing on black sand, eight seconds, landscape",
        {"prompt": "waves crashing on black sand", "seconds": 8, "aspect": "landscape"},
    ),
    (
        GV,
        "ten seconds of a campfire crackling under the stars please",
        {"prompt": "a campfire crackling under the stars", "seconds": 10},
    ),
    (
        GV,
        "make a video where a balloon floats over a desert. vertical, 5 sec",
        {"prompt": "a balloon floats over a desert", "aspect": "portrait", "seconds": 5},
    ),
    (
        GV,
        "fais une vidéo de cinq secondes d'un train qui traverse la forêt",
        {"prompt": "un train qui traverse la forêt", "seconds": 5},
    ),
    (
        GV,
        "hazme un video de un colibrí bebiendo de una flor, cuatro segundos",
        {"prompt": "un colibrí bebiendo de una flor", "seconds": 4},
    ),
    (
        GV,
        "mach ein Video von einem Wasserfall im Wald, sechs Sekunden, Hochformat",
        {"prompt": "einem Wasserfall im Wald", "seconds": 6, "aspect": "portrait"},
    ),
    (
        GV,
        "faz um vídeo de uma baleia saltando do mar, três segundos",
        {"prompt": "uma baleia saltando do mar", "seconds": 3},
    ),
    (
        GV,
        "animate this for me: a lantern drifting down a dark river. 7 seconds, final quality",
        {"prompt": "a lantern drifting down a dark river", "seconds": 7, "quality": "final"},
    ),
    (
        GI,
        "hey, do you think you could make a picture of an astronaut fishing on the moon?",
        {"prompt": "an astronaut fishing on the moon"},
    ),
    (
        GI,
        "I need art for my D&D campaign: a tavern built into a giant tree. landscape, 2 of them",
        {"prompt": "a tavern built into a giant tree", "aspect": "landscape", "count": 2},
    ),
    (
        GI,
        "It would be great to have an image of a fox librarian. Make it square.",
        {"prompt": "a fox librarian", "aspect": "square"},
    ),
    (
        GI,
        "Would it be too much to ask for a painting of a storm over the sea?",
        {"prompt": "a storm over the sea"},
    ),
    (
        GI,
        "I kinda want a picture of a sloth driving a bus lol",
        {"prompt": "a sloth driving a bus"},
    ),
    (
        GI,
        "a castel made of ice in a dessert, draw that pls",
        {"prompt": "a castel made of ice in a dessert"},
    ),
    (
        GI,
        "twelve images of a tiny frog on a mushroom",
        {"prompt": "a tiny frog on a mushroom", "count": 12},
    ),
    (
        GI,
        "draw a red panda in anime style, no background",
        {"prompt": "a red panda", "style": "anime", "negative_prompt": "background"},
    ),
    (
        GI,
        "make me 2 drafts of a moth librarian",
        {"prompt": "a moth librarian", "count": 2, "quality": "draft"},
    ),
    (
        GI,
        "Desktop background please. An aurora over a frozen lake, final quality.",
        {"prompt": "An aurora over a frozen lake", "aspect": "landscape", "quality": "final"},
    ),
    (
        GI,
        "Could you draw an otter holding a lantern? I'd like it in portrait, and maybe three "
        "options.",
        {"prompt": "an otter holding a lantern", "aspect": "portrait", "count": 3},
    ),
    (
        GV,
        "I want to see a koi pond in the rain, as a short video, about five seconds",
        {"prompt": "a koi pond in the rain", "seconds": 5},
    ),
    (
        GV,
        "would you be able to animate a sunrise over a canyon? widescreen, twelve seconds",
        {"prompt": "a sunrise over a canyon", "aspect": "landscape", "seconds": 12},
    ),
    (
        GV,
        "Please make a 3 second clip: a cat knocking a glass off a table",
        {"prompt": "a cat knocking a glass off a table", "seconds": 3},
    ),
    (
        GV,
        "fais une vidéo de neuf secondes d'un renard qui court dans la neige",
        {"prompt": "un renard qui court dans la neige", "seconds": 9},
    ),
    (
        GV,
        "un video de un tren en la lluvia, nueve segundos",
        {"prompt": "un tren en la lluvia", "seconds": 9},
    ),
    (
        GV,
        "ein Video von einem Zug im Regen, neun Sekunden bitte",
        {"prompt": "einem Zug im Regen", "seconds": 9},
    ),
    (
        GV,
        "um vídeo de um trem na chuva, nove segundos",
        {"prompt": "um trem na chuva", "seconds": 9},
    ),
    (
        GV,
        "animate a jellyfish pulsing in the dark for fifteen seconds",
        {"prompt": "a jellyfish pulsing in the dark", "seconds": 15},
    ),
    (GI, "génère neuf images d'un chat sur un toit", {"prompt": "un chat sur un toit", "count": 9}),
    (
        GI,
        "genera tres imágenes de un faro, formato horizontal",
        {"prompt": "un faro", "count": 3, "aspect": "landscape"},
    ),
    (
        GI,
        "erstelle drei Bilder von einem Leuchtturm, Hochformat, finale Qualität",
        {"prompt": "einem Leuchtturm", "count": 3, "aspect": "portrait", "quality": "final"},
    ),
    (
        GI,
        "gera quatro imagens de um farol, quadrado",
        {"prompt": "um farol", "count": 4, "aspect": "square"},
    ),
    (
        GI,
        "A lighthouse on a cliff during a storm. Can you draw that? Widescreen.",
        {"prompt": "A lighthouse on a cliff during a storm", "aspect": "landscape"},
    ),
    (
        GI,
        "Here's my idea: a bear running a tea shop. I'd like three versions.",
        {"prompt": "a bear running a tea shop", "count": 3},
    ),
    (
        GI,
        "Two versions please. The subject is an old sailor mending nets at dawn.",
        {"prompt": "an old sailor mending nets at dawn", "count": 2},
    ),
    (
        GI,
        "So for the poster I'm imagining a wolf howling at a neon moon, portrait",
        {"prompt": "a wolf howling at a neon moon", "aspect": "portrait"},
    ),
    (
        GI,
        "if you could draw a penguin on a skateboard that'd be amazing",
        {"prompt": "a penguin on a skateboard"},
    ),
    (
        GI,
        "I wonder if you could make an image of a teapot shaped like a whale",
        {"prompt": "a teapot shaped like a whale"},
    ),
    (GI, "do you mind drawing a robot knitting a scarf?", {"prompt": "a robot knitting a scarf"}),
    (
        GI,
        "mind making me a picture of a cat astronaut? square pls",
        {"prompt": "a cat astronaut", "aspect": "square"},
    ),
    (
        GI,
        "a picture would be nice: a garden on a rooftop in Lisbon",
        {"prompt": "a garden on a rooftop in Lisbon"},
    ),
    (
        GI,
        "I'd love it if you could sketch a treehouse city at dusk",
        {"prompt": "a treehouse city at dusk"},
    ),
    (
        GI,
        "could I please have an image showing a fox in a library",
        {"prompt": "a fox in a library"},
    ),
    (
        GI,
        "let's see a dragon sleeping on a pile of books",
        {"prompt": "a dragon sleeping on a pile of books"},
    ),
    (
        GI,
        "visualize for me a city built on the back of a turtle",
        {"prompt": "a city built on the back of a turtle"},
    ),
    (
        GI,
        "A picture of a lonely robot in the rain, without umbrellas. Make it final quality and "
        "vertical.",
        {
            "prompt": "a lonely robot in the rain",
            "negative_prompt": "umbrellas",
            "quality": "final",
            "aspect": "portrait",
        },
    ),
    (
        GI,
        "with seed 303, draw a windmill in a tulip field",
        {"prompt": "a windmill in a tulip field", "seed": 303},
    ),
    (
        GI,
        "square format, high quality: a bowl of ramen in space",
        {"prompt": "a bowl of ramen in space", "aspect": "square", "quality": "final"},
    ),
    (
        GI,
        "in the style of ukiyo-e, paint a wave crashing over a tiny boat",
        {"prompt": "a wave crashing over a tiny boat", "style": "ukiyo-e"},
    ),
    (
        GV,
        "I'd like to see a clip of fireflies in a forest at night. Around 6 seconds, vertical.",
        {"prompt": "fireflies in a forest at night", "seconds": 6, "aspect": "portrait"},
    ),
    (
        GV,
        "can you bring to life a paper crane unfolding into a bird? 4 seconds",
        {"prompt": "a paper crane unfolding into a bird", "seconds": 4},
    ),
    (
        GV,
        "short video please, about eight seconds: a snowglobe being shaken",
        {"prompt": "a snowglobe being shaken", "seconds": 8},
    ),
    (
        GV,
        "animate a train crossing a bridge at sunset. landscape. ten seconds.",
        {"prompt": "a train crossing a bridge at sunset", "aspect": "landscape", "seconds": 10},
    ),
    (
        GI,
        "j'aimerais bien une image d'un vieux phare sous l'orage",
        {"prompt": "un vieux phare sous l'orage"},
    ),
    (
        GI,
        "ce serait génial d'avoir une illustration d'un dragon qui dort sur des livres",
        {"prompt": "un dragon qui dort sur des livres"},
    ),
    (
        GI,
        "est-ce que tu pourrais me dessiner un chat en armure ? en portrait",
        {"prompt": "un chat en armure", "aspect": "portrait"},
    ),
    (
        GI,
        "me encantaría una imagen de un zorro leyendo en una biblioteca",
        {"prompt": "un zorro leyendo en una biblioteca"},
    ),
    (
        GI,
        "¿sería posible una foto de un mercado nocturno en Tokio? cuadrada",
        {"prompt": "un mercado nocturno en Tokio", "aspect": "square"},
    ),
    (
        GI,
        "ich hätte gerne ein Bild von einer Katze, die auf dem Mond angelt",
        {"prompt": "einer Katze, die auf dem Mond angelt"},
    ),
    (
        GI,
        "könntest du mir bitte zwei Bilder von einem Schloss im Nebel machen?",
        {"prompt": "einem Schloss im Nebel", "count": 2},
    ),
    (GI, "eu adoraria uma imagem de um farol na tempestade", {"prompt": "um farol na tempestade"}),
    (
        GI,
        "será que você poderia desenhar um gato pirata? formato paisagem",
        {"prompt": "um gato pirata", "aspect": "landscape"},
    ),
    (GI, "drwa me a cat riding a skatebaord pls", {"prompt": "a cat riding a skatebaord"}),
    (
        GI,
        "can u mak a pictur of a frog king on a lily pad",
        {"prompt": "a frog king on a lily pad"},
    ),
    (
        GI,
        "genrate 3 imgs of a neon city, lanscape",
        {"prompt": "a neon city", "count": 3, "aspect": "landscape"},
    ),
    (
        GV,
        "j'aimerais une petite vidéo d'un bateau en papier sur une rivière, cinq secondes",
        {"prompt": "un bateau en papier sur une rivière", "seconds": 5},
    ),
    (
        GV,
        "me gustaría un clip de una tormenta sobre el mar, seis segundos",
        {"prompt": "una tormenta sobre el mar", "seconds": 6},
    ),
    (
        GV,
        "ich hätte gern ein kurzes Video von einem Feuerwerk über dem Hafen, acht Sekunden",
        {"prompt": "einem Feuerwerk über dem Hafen", "seconds": 8},
    ),
    (
        GV,
        "queria um vídeo curto de uma cachoeira, sete segundos, vertical",
        {"prompt": "uma cachoeira", "seconds": 7, "aspect": "portrait"},
    ),
    (
        GV,
        "animte a dog surfing a big wave, 5 secnds",
        {"prompt": "a dog surfing a big wave", "seconds": 5},
    ),
    (
        GI,
        "Okay so, picture a tiny dragon napping in a teacup. Could you draw that for me?",
        {"prompt": "a tiny dragon napping in a teacup"},
    ),
    (
        GI,
        "I'm making a birthday card. Could you make an image of a cake shaped like a castle?",
        {"prompt": "a cake shaped like a castle"},
    ),
    (
        GI,
        "Image request: a mossy robot sitting in a forest clearing. Portrait, three takes.",
        {"prompt": "a mossy robot sitting in a forest clearing", "aspect": "portrait", "count": 3},
    ),
    (
        GI,
        "Make it landscape. A train crossing a snowy viaduct at night.",
        {"prompt": "A train crossing a snowy viaduct at night", "aspect": "landscape"},
    ),
    (
        GI,
        "could you generate an image for me of a koala in a spacesuit",
        {"prompt": "a koala in a spacesuit"},
    ),
    (
        GI,
        "an image please, of a lighthouse made of glass",
        {"prompt": "a lighthouse made of glass"},
    ),
    (
        GI,
        "draw, if you can, a violin floating in the sea",
        {"prompt": "a violin floating in the sea"},
    ),
    (
        GI,
        "I'd like two high quality pictures of a cactus in a snowstorm",
        {"prompt": "a cactus in a snowstorm", "count": 2, "quality": "final"},
    ),
    (
        GI,
        "please draw a heron, and make it vertical and rough",
        {"prompt": "a heron", "aspect": "portrait", "quality": "draft"},
    ),
    (
        GV,
        "Clip idea: a paper boat drifting through a flooded street. 6 seconds please.",
        {"prompt": "a paper boat drifting through a flooded street", "seconds": 6},
    ),
    (
        GV,
        "Could you turn a sunrise over the dunes into a short video? Landscape, 9 seconds.",
        {"prompt": "a sunrise over the dunes", "aspect": "landscape", "seconds": 9},
    ),
    (
        GV,
        "I need a looping video for my stream: rain on a neon sign. Vertical, three seconds.",
        {"prompt": "rain on a neon sign", "aspect": "portrait", "seconds": 3},
    ),
    (GI, "yo gimme a pic of a capybara in a hot tub no cap", {"prompt": "a capybara in a hot tub"}),
    (
        GI,
        "bro make me 3 pics of a goblin doing taxes lmao",
        {"prompt": "a goblin doing taxes", "count": 3},
    ),
    (
        GI,
        "ngl i kinda need a wallpaper of a neon koi pond for my phone",
        {"prompt": "a neon koi pond", "aspect": "portrait"},
    ),
    (
        GI,
        "draw smth cool: a skeleton dj at a rave, vertical pls",
        {"prompt": "a skeleton dj at a rave", "aspect": "portrait"},
    ),
    (
        GI,
        "pls pls pls a pic of my dream car, a pink cadillac on mars",
        {"prompt": "my dream car, a pink cadillac on mars"},
    ),
    (
        GI,
        "fam can u whip up a goose with a knife, hq",
        {"prompt": "a goose with a knife", "quality": "final"},
    ),
    (
        GI,
        "lemme get 2 quick sketches of a robot chef",
        {"prompt": "a robot chef", "count": 2, "quality": "draft"},
    ),
    (GI, "a raccoon in a tuxedo, go", {"prompt": "a raccoon in a tuxedo"}),
    (
        GI,
        "hazme una foto de un gato con gafas de sol, porfa, en vertical",
        {"prompt": "un gato con gafas de sol", "aspect": "portrait"},
    ),
    (GI, "mec fais-moi une image d'un pigeon en costard stp", {"prompt": "un pigeon en costard"}),
    (
        GI,
        "digga mach mal n Bild von nem Hund mit Sonnenbrille",
        {"prompt": "nem Hund mit Sonnenbrille"},
    ),
    (GI, "mano faz uma imagem de um capivara surfando, vlw", {"prompt": "um capivara surfando"}),
    (
        GV,
        "vid of a cat vibing to lofi, 5 secs, vertical fr",
        {"prompt": "a cat vibing to lofi", "seconds": 5, "aspect": "portrait"},
    ),
    (
        GV,
        "yo animate a lil ghost waving hi, like 4s",
        {"prompt": "a lil ghost waving hi", "seconds": 4},
    ),
    (
        GV,
        "clip of a skateboarder eating it on a rail lol, 6 sec",
        {"prompt": "a skateboarder eating it on a rail", "seconds": 6},
    ),
    (
        GI,
        "Hi! Quick favour: could you create a picture of a bookshop cat asleep on the till? "
        "Square is fine.",
        {"prompt": "a bookshop cat asleep on the till", "aspect": "square"},
    ),
    (
        GI,
        "For our newsletter header I'd love a wide banner of autumn leaves on a wooden table",
        {"prompt": "autumn leaves on a wooden table", "aspect": "landscape"},
    ),
    (
        GI,
        "Could we get four renders of a clockwork hummingbird? Final quality would be ideal.",
        {"prompt": "a clockwork hummingbird", "count": 4, "quality": "final"},
    ),
    (
        GI,
        "image of a mountain cabin at night, seed 1234, no snow",
        {"prompt": "a mountain cabin at night", "seed": 1234, "negative_prompt": "snow"},
    ),
    (
        GI,
        "I have an idea for a poster: a giant octopus hugging a lighthouse. Portrait please.",
        {"prompt": "a giant octopus hugging a lighthouse", "aspect": "portrait"},
    ),
    (
        GI,
        "Think you could paint something for me? A fox reading a map under a street lamp.",
        {"prompt": "A fox reading a map under a street lamp"},
    ),
    (
        GI,
        "a rough sketch of a windmill by the sea would help, nothing fancy",
        {"prompt": "a windmill by the sea", "quality": "draft"},
    ),
    (
        GI,
        "tu pourrais me faire une affiche d'un festival de jazz sur la lune ? format portrait",
        {"prompt": "un festival de jazz sur la lune", "aspect": "portrait"},
    ),
    (
        GI,
        "¿Podrías hacer un dibujo de un faro entre montañas? Que sea cuadrado.",
        {"prompt": "un faro entre montañas", "aspect": "square"},
    ),
    (
        GI,
        "Mach bitte drei Entwürfe von einem Roboter, der Blumen gießt",
        {"prompt": "einem Roboter, der Blumen gießt", "count": 3, "quality": "draft"},
    ),
    (
        GI,
        "Você consegue gerar uma imagem de uma cidade flutuante? Em paisagem, por favor.",
        {"prompt": "uma cidade flutuante", "aspect": "landscape"},
    ),
    (
        GV,
        "Hey, can I get a short animation of a hot air balloon rising over a misty valley? Maybe "
        "7 seconds.",
        {"prompt": "a hot air balloon rising over a misty valley", "seconds": 7},
    ),
    (
        GV,
        "video request: ocean waves at sunset, 10 seconds, landscape, final",
        {
            "prompt": "ocean waves at sunset",
            "seconds": 10,
            "aspect": "landscape",
            "quality": "final",
        },
    ),
    (
        GV,
        "Tu peux animer une lanterne qui flotte sur un lac ? Six secondes.",
        {"prompt": "une lanterne qui flotte sur un lac", "seconds": 6},
    ),
    (
        GV,
        "Kannst du ein Video machen, in dem ein Papierflieger durch eine Stadt fliegt? 5 Sekunden",
        {"prompt": "ein Papierflieger durch eine Stadt fliegt", "seconds": 5},
    ),
    (GV, "vidoe of a comet over a frozen lake", {"prompt": "a comet over a frozen lake"}),
    (
        GI,
        "Hello there, I run a small tabletop group and we'd really appreciate an illustration of "
        "a dwarf blacksmith at his forge, landscape if possible.",
        {"prompt": "a dwarf blacksmith at his forge", "aspect": "landscape"},
    ),
    (
        GI,
        "Is it possible to get a picture of a sunflower field under a purple sky?",
        {"prompt": "a sunflower field under a purple sky"},
    ),
    (
        GI,
        "I've been imagining a city of glass domes under the sea. Could you make that into an "
        "image? 2 variations.",
        {"prompt": "a city of glass domes under the sea", "count": 2},
    ),
    (
        GI,
        "Need three square icons of a coffee cup with a smiley face",
        {"prompt": "a coffee cup with a smiley face", "count": 3, "aspect": "square"},
    ),
    (
        GI,
        "portrait orientation, seed 88, an old woman feeding pigeons in a plaza",
        {"prompt": "an old woman feeding pigeons in a plaza", "aspect": "portrait", "seed": 88},
    ),
    (
        GI,
        "Any chance of an image showing a knight and a dragon playing cards?",
        {"prompt": "a knight and a dragon playing cards"},
    ),
    (
        GI,
        "my kid wants a picture of a unicorn eating spaghetti, can you help?",
        {"prompt": "a unicorn eating spaghetti"},
    ),
    (
        GI,
        "create an image, 16:9, of a canyon at golden hour with no people",
        {"prompt": "a canyon at golden hour", "aspect": "landscape", "negative_prompt": "people"},
    ),
    (
        GI,
        "Une image d'un loup sous la pleine lune, s'il te plaît, en haute qualité",
        {"prompt": "un loup sous la pleine lune", "quality": "final"},
    ),
    (
        GI,
        "Quiero cuatro imágenes de un robot jardinero, sin texto",
        {"prompt": "un robot jardinero", "count": 4, "negative_prompt": "texto"},
    ),
    (
        GI,
        "Bitte ein Bild von einem Segelboot im Sturm, im Querformat und ohne Menschen",
        {
            "prompt": "einem Segelboot im Sturm",
            "aspect": "landscape",
            "negative_prompt": "Menschen",
        },
    ),
    (
        GI,
        "Me vê uma imagem de um dragão dormindo numa biblioteca",
        {"prompt": "um dragão dormindo numa biblioteca"},
    ),
    (
        GV,
        "Could you put together a short clip of a cat chasing butterflies? eight seconds would be "
        "good",
        {"prompt": "a cat chasing butterflies", "seconds": 8},
    ),
    (
        GV,
        "I'd like an animation, about 6 seconds, of a flower blooming in fast motion",
        {"prompt": "a flower blooming in fast motion", "seconds": 6},
    ),
    (
        GV,
        "Animation request: a whale breaching at dawn, 10s, widescreen",
        {"prompt": "a whale breaching at dawn", "seconds": 10, "aspect": "landscape"},
    ),
    (
        GV,
        "Quiero un video de cinco segundos de fuegos artificiales sobre el río",
        {"prompt": "fuegos artificiales sobre el río", "seconds": 5},
    ),
    (
        GI,
        "whip up 2 tall ones of a lantern festival on a river",
        {"prompt": "a lantern festival on a river", "count": 2, "aspect": "portrait"},
    ),
    (
        GI,
        "three pictures please, each different: a hedgehog knight guarding a mushroom",
        {"prompt": "a hedgehog knight guarding a mushroom", "count": 3},
    ),
    (
        GI,
        "My son wants a picture of a robot dog surfing. Seed 321 so we can make it again later.",
        {"prompt": "a robot dog surfing", "seed": 321},
    ),
    (
        GI,
        "I keep picturing a staircase spiraling into the clouds. Could you draw it? Make it "
        "vertical.",
        {"prompt": "a staircase spiraling into the clouds", "aspect": "portrait"},
    ),
    (
        GI,
        "I'd be grateful for an image of a fox postman, seed 12",
        {"prompt": "a fox postman", "seed": 12},
    ),
    (
        GI,
        "A rainy bus stop at midnight. That's all I want as an image, square please.",
        {"prompt": "A rainy bus stop at midnight", "aspect": "square"},
    ),
    (
        GI,
        "Draw me one image, no more, of a kettle singing on a stove",
        {"prompt": "a kettle singing on a stove", "count": 1},
    ),
    (
        GI,
        "Two, portrait, seed 9 - a lighthouse keeper reading by lamplight. Pictures, I mean.",
        {
            "prompt": "a lighthouse keeper reading by lamplight",
            "count": 2,
            "aspect": "portrait",
            "seed": 9,
        },
    ),
    (
        GI,
        "image of a bonsai tree on the moon x4",
        {"prompt": "a bonsai tree on the moon", "count": 4},
    ),
    (
        GI,
        "i need a pic asap of a penguin in a business suit",
        {"prompt": "a penguin in a business suit"},
    ),
    (
        GI,
        "Fais un brouillon d'image d'une baleine dans le ciel",
        {"prompt": "une baleine dans le ciel", "quality": "draft"},
    ),
    (GI, "jaja porfa una foto d un perro astronauta", {"prompt": "un perro astronauta"}),
    (
        GI,
        "Es wäre schön, ein Bild von einem Igel im Schnee zu sehen",
        {"prompt": "einem Igel im Schnee"},
    ),
    (
        GI,
        "a giraffe standing in tall grass at sunset",
        {"prompt": "a giraffe standing in tall grass at sunset"},
    ),
    (GI, "uma imagem de um bolo feito de doces", {"prompt": "um bolo feito de doces"}),
    (
        GV,
        "would love a butterfly landing on a flower as a short clip, four seconds",
        {"prompt": "a butterfly landing on a flower", "seconds": 4},
    ),
    (
        GV,
        "I've always wanted a little clip of snow falling on a quiet street. 5 seconds if "
        "possible.",
        {"prompt": "snow falling on a quiet street", "seconds": 5},
    ),
    (
        GV,
        "I'd like a kite dancing in the wind to actually move, as a video of six seconds",
        {"prompt": "a kite dancing in the wind", "seconds": 6},
    ),
    (
        GV,
        "Eight seconds of a cat stretching in the sun, that's all I need. Animated, obviously.",
        {"prompt": "a cat stretching in the sun", "seconds": 8},
    ),
    (
        GV,
        "animate a candle flickering in a loop, seed 5",
        {"prompt": "a candle flickering in a loop", "seed": 5},
    ),
    (GV, "haz un vid d un gato bailando xfa", {"prompt": "un gato bailando"}),
    (
        GI,
        "a lantern on a pier, with no boats",
        {"prompt": "a lantern on a pier", "negative_prompt": "boats"},
    ),
]


_SHOWS = [
    (
        DNA,
        "I'm curious what the narrative DNA of Better Call Saul looks like",
        {"title": "Better Call Saul"},
    ),
    (
        DNA,
        "break down the tropes and archetypes that Harbor Lights leans on",
        {"title": "Harbor Lights"},
    ),
    (
        DNA,
        "could you tell me which themes Dust Choir keeps coming back to?",
        {"title": "Dust Choir"},
    ),
    (DNA, "what's the structure of Salt Roads like?", {"title": "Salt Roads"}),
    (DNA, "in terms of story DNA, what is Mad Men made of?", {"title": "Mad Men"}),
    (DNA, "i wonder what archetypes the cast of breaking bad fits into", {"title": "breaking bad"}),
    (
        DNA,
        "what makes the Expanse work as a story? themes, structure, all that",
        {"title": "the Expanse"},
    ),
    (DNA, "quels sont les thèmes principaux de Dix pour cent ?", {"title": "Dix pour cent"}),
    (DNA, "¿qué temas explora La Casa de Papel?", {"title": "La Casa de Papel"}),
    (DNA, "Was ist die DNA von Babylon Berlin?", {"title": "Babylon Berlin"}),
    (DNA, "quais são os temas de Sintonia?", {"title": "Sintonia"}),
    (AN, "would you mind running Harbor Lights through an analysis?", {"title": "Harbor Lights"}),
    (AN, "please put Dust Choir into the catalog", {"title": "Dust Choir"}),
    (AN, "can Salt Roads be added to the library?", {"title": "Salt Roads"}),
    (
        AN,
        "I'd like you to analyze my show, it's called Glass Harbor and it's about two sisters "
        "running a ferry",
        {"title": "Glass Harbor", "text": "two sisters running a ferry"},
    ),
    (AN, "have a look at Mercy Street for me and analyse it", {"title": "Mercy Street"}),
    (AN, "analyse la série Les Revenants, s'il te plaît", {"title": "Les Revenants"}),
    (AN, "¿puedes analizar Élite?", {"title": "Élite"}),
    (AN, "analysiere bitte Dark für mich", {"title": "Dark"}),
    (AN, "adiciona a série Cidade Invisível ao catálogo", {"title": "Cidade Invisível"}),
    (
        SIM,
        "I finished Severance last week and need something in the same vein",
        {"title": "Severance"},
    ),
    (
        SIM,
        "which shows are closest to Harbor Lights when it comes to characters?",
        {"title": "Harbor Lights", "facet": "character"},
    ),
    (
        SIM,
        "give me ten shows with a plot like Dust Choir",
        {"title": "Dust Choir", "k": 10, "facet": "plot"},
    ),
    (
        SIM,
        "if I liked Salt Roads, what else would I enjoy? three suggestions",
        {"title": "Salt Roads", "k": 3},
    ),
    (
        SIM,
        "Is there anything out there like Fleabag, theme-wise?",
        {"title": "Fleabag", "facet": "theme"},
    ),
    (
        SIM,
        "shows similar to breaking bad in structure, top 4",
        {"title": "breaking bad", "facet": "structure", "k": 4},
    ),
    (
        SIM,
        "any shows where a small town hides a big secret?",
        {"text": "a small town hides a big secret"},
    ),
    (SIM, "I'm in the mood for something about rival chefs", {"text": "rival chefs"}),
    (SIM, "what should I watch after The Bear? give me six", {"title": "The Bear", "k": 6}),
    (SIM, "recommend me something like the office", {"title": "the office"}),
    (SIM, "des séries comme Lupin, côté personnages ?", {"title": "Lupin", "facet": "character"}),
    (SIM, "recomiéndame cinco series parecidas a Narcos", {"title": "Narcos", "k": 5}),
    (SIM, "Serien wie Dark, aber thematisch", {"title": "Dark", "facet": "theme"}),
    (
        SIM,
        "me indica séries parecidas com Sintonia, tipo umas quatro",
        {"title": "Sintonia", "k": 4},
    ),
    (SIM, "recommend a show", {}),
    (
        SIM,
        "so I just wrapped up succession, got any recs for shows like it?",
        {"title": "succession"},
    ),
    (
        SIM,
        "anything that feels like Harbor Lights but with more mystery?",
        {"title": "Harbor Lights"},
    ),
    (
        SIM,
        "my friends keep comparing everything to Dust Choir. what's actually similar to it, "
        "plot-wise?",
        {"title": "Dust Choir", "facet": "plot"},
    ),
    (
        SIM,
        "Salt Roads fans, what else should we watch? five picks",
        {"title": "Salt Roads", "k": 5},
    ),
    (SIM, "looking for 3 more shows in the spirit of Twin Peaks", {"title": "Twin Peaks", "k": 3}),
    (SIM, "what would you recommend to someone who loved the wire?", {"title": "the wire"}),
    (SIM, "find shows that match Dark on structure", {"title": "Dark", "facet": "structure"}),
    (
        SIM,
        "i need something to fill the hole Ted Lasso left, character-wise",
        {"title": "Ted Lasso", "facet": "character"},
    ),
    (
        SIM,
        "show me two series that share the themes of Lost",
        {"title": "Lost", "k": 2, "facet": "theme"},
    ),
    (SIM, "whats good if u liked brooklyn nine-nine", {"title": "brooklyn nine-nine"}),
    (
        SIM,
        "Which series compare to Harbor Lights on everything?",
        {"title": "Harbor Lights", "facet": "all"},
    ),
    (
        SIM,
        "Got any suggestions close to Mad Men? Seven would be nice.",
        {"title": "Mad Men", "k": 7},
    ),
    (SIM, "something with a heist gone wrong?", {"text": "a heist gone wrong"}),
    (
        SIM,
        "are there any series about lighthouse keepers who see ghosts",
        {"text": "lighthouse keepers who see ghosts"},
    ),
    (SIM, "je cherche une série qui ressemble à Dix pour cent", {"title": "Dix pour cent"}),
    (
        SIM,
        "¿alguna serie como Élite pero en cuanto a la trama? dame tres",
        {"title": "Élite", "facet": "plot", "k": 3},
    ),
    (
        SIM,
        "kennst du Serien, die ähnlich wie Babylon Berlin sind? Fünf Stück bitte",
        {"title": "Babylon Berlin", "k": 5},
    ),
    (
        SIM,
        "quero algo parecido com Cidade Invisível nos personagens",
        {"title": "Cidade Invisível", "facet": "character"},
    ),
    (SIM, "donne-moi sept séries comme Lupin", {"title": "Lupin", "k": 7}),
    (SIM, "dame nueve series como Narcos", {"title": "Narcos", "k": 9}),
    (SIM, "zeig mir acht Serien wie Dark", {"title": "Dark", "k": 8}),
    (SIM, "me mostra seis séries tipo Sintonia", {"title": "Sintonia", "k": 6}),
    (SIM, "I want twenty shows like Lost", {"title": "Lost", "k": 20}),
    (DNA, "Dust Choir: what tropes does it use?", {"title": "Dust Choir"}),
    (DNA, "can you map out the story DNA for salt roads", {"title": "salt roads"}),
    (DNA, "what are the recurring motifs in Harbor Lights", {"title": "Harbor Lights"}),
    (
        DNA,
        "how does Severance build its story? structure and themes please",
        {"title": "Severance"},
    ),
    (DNA, "tell me about the narrative structure of the wire", {"title": "the wire"}),
    (DNA, "I'd like the thematic breakdown of Fleabag", {"title": "Fleabag"}),
    (DNA, "what character archetypes show up in Succession?", {"title": "Succession"}),
    (AN, "my show Tin Harbor needs to be in the catalog, can you add it?", {"title": "Tin Harbor"}),
    (AN, "could you index Paper Moons for me", {"title": "Paper Moons"}),
    (
        AN,
        "I wrote a show called Quiet Pines about a forest ranger who hears voices. Analyze it?",
        {"title": "Quiet Pines", "text": "a forest ranger who hears voices"},
    ),
    (AN, "take a look at Salt Roads and tell me what works", {"title": "Salt Roads"}),
    (AN, "Dust Choir: analyze it please", {"title": "Dust Choir"}),
    (
        SIM,
        "Harbor Lights was great. What's similar, character-wise? Give me 4.",
        {"title": "Harbor Lights", "facet": "character", "k": 4},
    ),
    (SIM, "I need 3 shows that feel like Dust Choir in tone", {"title": "Dust Choir", "k": 3}),
    (SIM, "suggest something close to the bear", {"title": "the bear"}),
    (
        SIM,
        "since I loved Salt Roads, what would you pick for me next? just two",
        {"title": "Salt Roads", "k": 2},
    ),
    (SIM, "anything like Mindhunter structurally?", {"title": "Mindhunter", "facet": "structure"}),
    (
        SIM,
        "what are shows that have similar characters to Succession",
        {"title": "Succession", "facet": "character"},
    ),
    (SIM, "recommend me a show about a family of magicians", {"text": "a family of magicians"}),
    (SIM, "looking for series with morally grey characters", {"text": "morally grey characters"}),
    (SIM, "got any recs?", {}),
    (SIM, "tu aurais des séries du même genre que Dix pour cent ?", {"title": "Dix pour cent"}),
    (
        SIM,
        "je voudrais une série sur des pêcheurs en Bretagne",
        {"text": "des pêcheurs en Bretagne"},
    ),
    (SIM, "¿me recomiendas algo parecido a La Casa de Papel?", {"title": "La Casa de Papel"}),
    (SIM, "busco una serie sobre una familia de circo", {"text": "una familia de circo"}),
    (SIM, "hast du Empfehlungen ähnlich wie Babylon Berlin?", {"title": "Babylon Berlin"}),
    (
        SIM,
        "ich suche eine Serie über eine Hebamme auf dem Land",
        {"text": "eine Hebamme auf dem Land"},
    ),
    (SIM, "você conhece séries parecidas com Sintonia?", {"title": "Sintonia"}),
    (
        SIM,
        "quero uma série sobre uma banda de rock dos anos 80",
        {"text": "uma banda de rock dos anos 80"},
    ),
    (SIM, "shows simliar to Fleabag pls", {"title": "Fleabag"}),
    (SIM, "recomend me somthing like Severance", {"title": "Severance"}),
    (DNA, "j'aimerais connaître l'ADN narratif de Kaamelott", {"title": "Kaamelott"}),
    (DNA, "¿cuál es el ADN de Narcos?", {"title": "Narcos"}),
    (DNA, "zeig mir die DNA von Dark", {"title": "Dark"}),
    (DNA, "qual é o DNA narrativo de Sintonia?", {"title": "Sintonia"}),
    (DNA, "whats the dna of severence", {"title": "severence"}),
    (AN, "j'aimerais que tu analyses Les Revenants", {"title": "Les Revenants"}),
    (AN, "¿podrías agregar Élite a tu catálogo?", {"title": "Élite"}),
    (AN, "könntest du Babylon Berlin analysieren?", {"title": "Babylon Berlin"}),
    (AN, "você pode analisar Sintonia pra mim?", {"title": "Sintonia"}),
    (AN, "analize Harbor Lights plz", {"title": "Harbor Lights"}),
    (
        SIM,
        "Loved Harbor Lights. Anything else like it? Maybe five.",
        {"title": "Harbor Lights", "k": 5},
    ),
    (
        SIM,
        "I'm looking for shows. Something like Dust Choir, ideally similar in structure.",
        {"title": "Dust Choir", "facet": "structure"},
    ),
    (SIM, "Recommend some shows. The last one I liked was Salt Roads.", {"title": "Salt Roads"}),
    (
        SIM,
        "what's similar to Severance? I care mostly about the themes",
        {"title": "Severance", "facet": "theme"},
    ),
    (
        SIM,
        "which series resemble Lost the most, plot-wise, top 3",
        {"title": "Lost", "facet": "plot", "k": 3},
    ),
    (SIM, "more shows like Bluey please, like 8 of them", {"title": "Bluey", "k": 8}),
    (
        SIM,
        "If I enjoyed the characters in Ted Lasso, what should I try next?",
        {"title": "Ted Lasso", "facet": "character"},
    ),
    (SIM, "any good series about grief and second chances?", {"text": "grief and second chances"}),
    (
        SIM,
        "suggest shows featuring a detective who can't remember anything",
        {"text": "a detective who can't remember anything"},
    ),
    (
        SIM,
        "I want to watch something where astronauts get stranded on Mars",
        {"text": "astronauts get stranded on Mars"},
    ),
    (DNA, "Harbor Lights. What are its themes?", {"title": "Harbor Lights"}),
    (
        DNA,
        "What's at the heart of Dust Choir, story-wise? Themes, tropes, that kind of thing.",
        {"title": "Dust Choir"},
    ),
    (DNA, "How is Salt Roads put together as a narrative?", {"title": "Salt Roads"}),
    (DNA, "decode the DNA of Killing Eve for me", {"title": "Killing Eve"}),
    (DNA, "I need the dna report on The Leftovers", {"title": "The Leftovers"}),
    (DNA, "show dna for ozark", {"title": "ozark"}),
    (
        AN,
        "Here's my show, Copper Valley: a small-town sheriff discovers her deputy is running a "
        "smuggling ring. Can you analyze it?",
        {
            "title": "Copper Valley",
            "text": "a small-town sheriff discovers her deputy is running a smuggling ring",
        },
    ),
    (AN, "New show for the catalog: Glass Harbor.", {"title": "Glass Harbor"}),
    (AN, "Please analyze the series Tin Harbor, thanks!", {"title": "Tin Harbor"}),
    (AN, "Can you add a show? It's called Lantern Row.", {"title": "Lantern Row"}),
    (AN, "run your analysis on my pilot Night Shift", {"title": "Night Shift"}),
    (SIM, "shows like euphoria but less depressing?? top 5", {"title": "euphoria", "k": 5}),
    (SIM, "need smth like the bear asap, fr", {"title": "the bear"}),
    (SIM, "just finished arcane and im empty inside, recs??", {"title": "arcane"}),
    (SIM, "what slaps like Harbor Lights", {"title": "Harbor Lights"}),
    (SIM, "séries genre Lupin stp, 4 max", {"title": "Lupin", "k": 4}),
    (SIM, "algo tipo Élite porfa", {"title": "Élite"}),
    (SIM, "was wie Dark, aber chilliger?", {"title": "Dark"}),
    (SIM, "manda umas séries tipo Sintonia aí", {"title": "Sintonia"}),
    (DNA, "dna of Harbor Lights rn", {"title": "Harbor Lights"}),
    (DNA, "yo what tropes is euphoria running on", {"title": "euphoria"}),
    (DNA, "break down severance's dna for me fam", {"title": "severance"}),
    (AN, "analyze Harbor Lights pls bro", {"title": "Harbor Lights"}),
    (AN, "yo add Dust Choir to the db", {"title": "Dust Choir"}),
    (
        SIM,
        "Our book club loved Harbor Lights. Could you suggest a few similar shows, mainly for the "
        "characters?",
        {"title": "Harbor Lights", "facet": "character"},
    ),
    (
        SIM,
        "What else is out there that's comparable to Dust Choir? Six options please.",
        {"title": "Dust Choir", "k": 6},
    ),
    (
        SIM,
        "I'd like shows with a similar plot to Salt Roads",
        {"title": "Salt Roads", "facet": "plot"},
    ),
    (
        SIM,
        "is there a series about a retired spy running a bakery?",
        {"text": "a retired spy running a bakery"},
    ),
    (
        SIM,
        "Tu connais des séries qui ressemblent à Kaamelott pour l'humour ?",
        {"title": "Kaamelott"},
    ),
    (
        SIM,
        "¿Qué series se parecen a Narcos en la estructura?",
        {"title": "Narcos", "facet": "structure"},
    ),
    (SIM, "Welche Serien sind so ähnlich wie Dark? Drei reichen.", {"title": "Dark", "k": 3}),
    (SIM, "Quais séries lembram Sintonia nos temas?", {"title": "Sintonia", "facet": "theme"}),
    (
        DNA,
        "For my thesis I need the narrative DNA of The Leftovers, can you pull it?",
        {"title": "The Leftovers"},
    ),
    (DNA, "which archetypes does Dust Choir rely on?", {"title": "Dust Choir"}),
    (DNA, "Quel est l'ADN de Dix pour cent ?", {"title": "Dix pour cent"}),
    (DNA, "¿Cómo está construida Salt Roads?", {"title": "Salt Roads"}),
    (
        AN,
        "Would you analyse my script? It's called Winter Orchard — a widow turns her farm into a "
        "refuge for runaway teens.",
        {
            "title": "Winter Orchard",
            "text": "a widow turns her farm into a refuge for runaway teens",
        },
    ),
    (AN, "please include Harbor Lights in the catalog", {"title": "Harbor Lights"}),
    (AN, "Peux-tu analyser Les Revenants ?", {"title": "Les Revenants"}),
    (AN, "Analisa a série Cidade Invisível, por favor", {"title": "Cidade Invisível"}),
    (
        AN,
        "Put Copper Valley in your catalogue: a sheriff hides her brother's crimes.",
        {"title": "Copper Valley", "text": "a sheriff hides her brother's crimes"},
    ),
    (AN, "Nimm Nordwind in deine Sammlung auf", {"title": "Nordwind"}),
    (
        AN,
        "Ajoute la série Marée Basse à ta bibliothèque : deux sœurs reprennent un phare.",
        {"title": "Marée Basse", "text": "deux sœurs reprennent un phare"},
    ),
    (AN, "Guarda Río Oscuro en tu catálogo", {"title": "Río Oscuro"}),
    (AN, "Salva a série Maré Alta na tua biblioteca", {"title": "Maré Alta"}),
    (AN, "Könntest du Nordwind indexieren?", {"title": "Nordwind"}),
    (
        SIM,
        "Harbor Lights is my comfort show. Two more with that vibe?",
        {"title": "Harbor Lights", "k": 2},
    ),
    (
        SIM,
        "My partner and I just finished Dust Choir and we're looking for something similar, "
        "ideally three shows",
        {"title": "Dust Choir", "k": 3},
    ),
    (
        SIM,
        "Which shows are most like Harbor Lights when you look at the characters?",
        {"title": "Harbor Lights", "facet": "character"},
    ),
    (
        SIM,
        "Can you find me series that are structured like Salt Roads?",
        {"title": "Salt Roads", "facet": "structure"},
    ),
    (
        SIM,
        "I'm after something with a slow-burn romance between rival bakers",
        {"text": "a slow-burn romance between rival bakers"},
    ),
    (
        SIM,
        "Something similar to The Crown, but theme-wise only. 4 picks.",
        {"title": "The Crown", "facet": "theme", "k": 4},
    ),
    (SIM, "Y a-t-il des séries proches de Dix pour cent ?", {"title": "Dix pour cent"}),
    (SIM, "Necesito series parecidas a Élite, unas cinco", {"title": "Élite", "k": 5}),
    (
        SIM,
        "Gibt es Serien, die wie Babylon Berlin aufgebaut sind?",
        {"title": "Babylon Berlin", "facet": "structure"},
    ),
    (
        DNA,
        "I've always wondered what the core themes of Harbor Lights are",
        {"title": "Harbor Lights"},
    ),
    (DNA, "Give me the DNA breakdown for Salt Roads, please", {"title": "Salt Roads"}),
    (DNA, "Welche Archetypen gibt es in Dark?", {"title": "Dark"}),
    (DNA, "Quais arquétipos aparecem em Sintonia?", {"title": "Sintonia"}),
    (AN, "I'd love for you to analyze Dust Choir", {"title": "Dust Choir"}),
    (
        AN,
        "Could you review my pilot, Red Orchard? It's about a family vineyard hiding a murder.",
        {"title": "Red Orchard", "text": "a family vineyard hiding a murder"},
    ),
    (AN, "Analyse de la série Les Revenants, s'il vous plaît", {"title": "Les Revenants"}),
    (AN, "Podrías indexar la serie Río Oscuro", {"title": "Río Oscuro"}),
    (
        AN,
        "Can you put Glass Harbor in the library? It's about a ferry captain who smuggles letters.",
        {"title": "Glass Harbor", "text": "a ferry captain who smuggles letters"},
    ),
    (AN, "anlyze the shwo Tin Harbor", {"title": "Tin Harbor"}),
    (AN, "could you index Paper Moons for the server", {"title": "Paper Moons"}),
    (AN, "analiza la serie Río Oscuro porfa", {"title": "Río Oscuro"}),
    (DNA, "I'm curious what archetypes Dust Choir relies on", {"title": "Dust Choir"}),
    (DNA, "Which themes and tropes does Salt Roads use?", {"title": "Salt Roads"}),
    (DNA, "pull the story dna of bluey 🐕", {"title": "bluey"}),
    (DNA, "I finally watched Harbor Lights. what's its narrative DNA?", {"title": "Harbor Lights"}),
    (SIM, "anything like Harbor Lights but only 2?", {"title": "Harbor Lights", "k": 2}),
    (
        SIM,
        "If Dust Choir had three siblings on TV, what would they be?",
        {"title": "Dust Choir", "k": 3},
    ),
    (SIM, "Séries comme Lupin, mais seulement 4", {"title": "Lupin", "k": 4}),
    (SIM, "serien wie breaking bad bitte", {"title": "breaking bad"}),
]


_TRANSFORMS = [
    (
        TR,
        "I'd love to see Friends happen on a generation ship",
        {"title": "Friends", "setting": "a generation ship"},
    ),
    (
        TR,
        "how would Salt Roads play out in a 1950s diner? four scenes",
        {"title": "Salt Roads", "setting": "a 1950s diner", "scenes": 4},
    ),
    (
        TR,
        "could you move Dust Choir to a Victorian orphanage, darker tone",
        {"title": "Dust Choir", "setting": "a Victorian orphanage", "tone": "darker"},
    ),
    (
        TR,
        "set Harbor Lights on an oil rig, eight scenes with a storyboard",
        {"title": "Harbor Lights", "setting": "an oil rig", "scenes": 8, "storyboard": True},
    ),
    (
        TR,
        "write a pilot of The Office set on a deep-sea station, 4 scenes, darker tone",
        {"title": "The Office", "setting": "a deep-sea station", "scenes": 4, "tone": "darker"},
    ),
    (
        TR,
        "Seinfeld but it's a 1920s ocean liner",
        {"title": "Seinfeld", "setting": "a 1920s ocean liner"},
    ),
    (
        TR,
        "imagine breaking bad in medieval Venice, make it funny",
        {"title": "breaking bad", "setting": "medieval Venice", "tone": "funny"},
    ),
    (
        TR,
        "réimagine Kaamelott dans une station spatiale, six scènes",
        {"title": "Kaamelott", "setting": "une station spatiale", "scenes": 6},
    ),
    (
        TR,
        "transforma La Casa de Papel en una escuela de magia, con un tono más ligero",
        {"title": "La Casa de Papel", "setting": "una escuela de magia", "tone": "más ligero"},
    ),
    (
        TR,
        "versetze Stromberg in eine Raumstation, drei Szenen",
        {"title": "Stromberg", "setting": "eine Raumstation", "scenes": 3},
    ),
    (
        TR,
        "reimagina Sintonia numa vila de pescadores, cinco cenas",
        {"title": "Sintonia", "setting": "uma vila de pescadores", "scenes": 5},
    ),
    (
        TR,
        "what if the office took place on a pirate ship",
        {"title": "the office", "setting": "a pirate ship"},
    ),
    (
        TR,
        "could you take Harbor Lights and set it in feudal Japan? Make it six scenes and keep it "
        "bleak",
        {"title": "Harbor Lights", "setting": "feudal Japan", "scenes": 6, "tone": "bleak"},
    ),
    (
        TR,
        "I want to see what Dust Choir would look like in a 1980s mall. 3 scenes please",
        {"title": "Dust Choir", "setting": "a 1980s mall", "scenes": 3},
    ),
    (
        TR,
        "Salt Roads, but on a generation starship. lighter tone, no storyboard",
        {
            "title": "Salt Roads",
            "setting": "a generation starship",
            "tone": "lighter",
            "storyboard": False,
        },
    ),
    (
        TR,
        "relocate succession to a medieval kingdom with seven scenes",
        {"title": "succession", "setting": "a medieval kingdom", "scenes": 7},
    ),
    (
        TR,
        "can you do a version of Twin Peaks that takes place in a ski resort?",
        {"title": "Twin Peaks", "setting": "a ski resort"},
    ),
    (
        TR,
        "redo Breaking Bad but in 1920s Paris",
        {"title": "Breaking Bad", "setting": "1920s Paris"},
    ),
    (
        TR,
        "put the cast of Friends in a zombie apocalypse, two scenes",
        {"title": "Friends", "setting": "a zombie apocalypse", "scenes": 2},
    ),
    (
        TR,
        "Et si Dix pour cent se passait sur Mars ? Ton plus léger",
        {"title": "Dix pour cent", "setting": "Mars", "tone": "plus léger"},
    ),
    (
        TR,
        "¿y si Élite ocurriera en una estación lunar? cuatro escenas",
        {"title": "Élite", "setting": "una estación lunar", "scenes": 4},
    ),
    (
        TR,
        "stell dir Dark in einem Unterwasserlabor vor, mit Storyboard",
        {"title": "Dark", "setting": "einem Unterwasserlabor", "storyboard": True},
    ),
    (
        TR,
        "e se Sintonia fosse numa estação espacial? tom mais sombrio",
        {"title": "Sintonia", "setting": "uma estação espacial", "tone": "mais sombrio"},
    ),
    (
        TR,
        "réimagine Kaamelott dans un lycée, une seule scène",
        {"title": "Kaamelott", "setting": "un lycée", "scenes": 1},
    ),
    (
        TR,
        "transforma Élite en un barco pirata, doce escenas",
        {"title": "Élite", "setting": "un barco pirata", "scenes": 12},
    ),
    (
        TR,
        "versetze Dark in ein Raumschiff, nur eine Szene",
        {"title": "Dark", "setting": "ein Raumschiff", "scenes": 1},
    ),
    (
        TR,
        "reimagine The Crown on a Mars base, one scene only",
        {"title": "The Crown", "setting": "a Mars base", "scenes": 1},
    ),
    (
        TR,
        "reimagina Sintonia num navio, onze cenas",
        {"title": "Sintonia", "setting": "um navio", "scenes": 11},
    ),
    (
        TR,
        "Harbor Lights in a space station. Five scenes.",
        {"title": "Harbor Lights", "setting": "a space station", "scenes": 5},
    ),
    (TR, "set the office in a submarine", {"title": "the office", "setting": "a submarine"}),
    (
        TR,
        "what would Salt Roads be like set in ancient Rome?",
        {"title": "Salt Roads", "setting": "ancient Rome"},
    ),
    (
        TR,
        "transport Dust Choir to a floating city, make it whimsical",
        {"title": "Dust Choir", "setting": "a floating city", "tone": "whimsical"},
    ),
    (
        TR,
        "Could you reimagine Friends? Put them on a space station. Three scenes, storyboard "
        "included.",
        {"title": "Friends", "setting": "a space station", "scenes": 3, "storyboard": True},
    ),
    (
        TR,
        "reimagine Twin Peaks, setting: a Antarctic research base, tone: eerie",
        {"title": "Twin Peaks", "setting": "a Antarctic research base", "tone": "eerie"},
    ),
    (
        TR,
        "I want Breaking Bad but in a Victorian London bakery",
        {"title": "Breaking Bad", "setting": "a Victorian London bakery"},
    ),
    (
        TR,
        "do Succession as a high school drama",
        {"title": "Succession", "setting": "a high school drama"},
    ),
    (
        TR,
        "j'aimerais voir Kaamelott dans une station spatiale",
        {"title": "Kaamelott", "setting": "une station spatiale"},
    ),
    (
        TR,
        "me gustaría ver Élite en un pueblo del oeste, tono cómico",
        {"title": "Élite", "setting": "un pueblo del oeste", "tone": "cómico"},
    ),
    (
        TR,
        "ich würde gern Dark auf einem Kreuzfahrtschiff sehen, vier Szenen",
        {"title": "Dark", "setting": "einem Kreuzfahrtschiff", "scenes": 4},
    ),
    (
        TR,
        "queria ver Sintonia numa colônia em Marte",
        {"title": "Sintonia", "setting": "uma colônia em Marte"},
    ),
    (
        TR,
        "reimagin Friends in a haunted castle, 3 scnes",
        {"title": "Friends", "setting": "a haunted castle", "scenes": 3},
    ),
    (
        TR,
        "Reimagine Friends. Set it on a research vessel in Antarctica. Eight scenes.",
        {"title": "Friends", "setting": "a research vessel in Antarctica", "scenes": 8},
    ),
    (
        TR,
        "Let's do a transform of Harbor Lights. The new setting is a 1970s disco.",
        {"title": "Harbor Lights", "setting": "a 1970s disco"},
    ),
    (
        TR,
        "Take Salt Roads. Now imagine it's happening inside a giant mall.",
        {"title": "Salt Roads", "setting": "a giant mall"},
    ),
    (
        TR,
        "can we get a version of Lost where everyone is stuck in a space elevator?",
        {"title": "Lost", "setting": "a space elevator"},
    ),
    (
        TR,
        "I'd like a reimagining of The Good Place set in a 1990s call center, with storyboard",
        {"title": "The Good Place", "setting": "a 1990s call center", "storyboard": True},
    ),
    (
        TR,
        "do a spin on Dust Choir in a desert caravan, keep it hopeful, 4 scenes",
        {"title": "Dust Choir", "setting": "a desert caravan", "tone": "hopeful", "scenes": 4},
    ),
    (
        TR,
        "Breaking Bad, but in a medieval apothecary. make it darker. six scenes.",
        {
            "title": "Breaking Bad",
            "setting": "a medieval apothecary",
            "tone": "darker",
            "scenes": 6,
        },
    ),
    (
        TR,
        "turn Mad Men into a story about a 2080s space ad agency",
        {"title": "Mad Men", "setting": "a 2080s space ad agency"},
    ),
    (
        TR,
        "what would happen if Harbor Lights was set during the gold rush",
        {"title": "Harbor Lights", "setting": "the gold rush"},
    ),
    (
        TR,
        "imagine Twin Peaks happening on a cruise ship, give me five scenes and a dreamy tone",
        {"title": "Twin Peaks", "setting": "a cruise ship", "scenes": 5, "tone": "dreamy"},
    ),
    (
        TR,
        "Could the crew of Firefly be relocated to a 1920s speakeasy? lighthearted tone please",
        {"title": "Firefly", "setting": "a 1920s speakeasy", "tone": "lighthearted"},
    ),
    (
        TR,
        "move the story of Dust Choir to a lighthouse, in a melancholic tone",
        {"title": "Dust Choir", "setting": "a lighthouse", "tone": "melancholic"},
    ),
    (
        TR,
        "yo what if the office was on a pirate ship",
        {"title": "the office", "setting": "a pirate ship"},
    ),
    (
        TR,
        "Harbor Lights x cyberpunk tokyo, 4 scenes, go dark",
        {"title": "Harbor Lights", "setting": "cyberpunk tokyo", "scenes": 4},
    ),
    (
        TR,
        "do breaking bad but in a candy factory lmao",
        {"title": "breaking bad", "setting": "a candy factory"},
    ),
    (TR, "seinfeld on the moon. go.", {"title": "seinfeld", "setting": "the moon"}),
    (
        TR,
        "Picture Harbor Lights on a Mars colony — could you write that? Five scenes.",
        {"title": "Harbor Lights", "setting": "a Mars colony", "scenes": 5},
    ),
    (
        TR,
        "I'm curious how The Office would work aboard a submarine. Keep it funny.",
        {"title": "The Office", "setting": "a submarine", "tone": "funny"},
    ),
    (
        TR,
        "Please rewrite Salt Roads so it's set in a 1980s arcade, no storyboard",
        {"title": "Salt Roads", "setting": "a 1980s arcade", "storyboard": False},
    ),
    (
        TR,
        "Can Dust Choir be set in a lunar mining town instead? Seven scenes with storyboards.",
        {"title": "Dust Choir", "setting": "a lunar mining town", "scenes": 7, "storyboard": True},
    ),
    (
        TR,
        "¿Puedes reimaginar Élite en una base antártica? Tono más oscuro.",
        {"title": "Élite", "setting": "una base antártica", "tone": "más oscuro"},
    ),
    (
        TR,
        "Kannst du Babylon Berlin in eine Mondstadt verlegen? Sechs Szenen.",
        {"title": "Babylon Berlin", "setting": "eine Mondstadt", "scenes": 6},
    ),
    (TR, "can you reimagine a show for me?", {}),
    (TR, "Peux-tu réécrire une série pour moi ?", {}),
    (
        TR,
        "Kannst du Stromberg in ein Kloster verlegen?",
        {"title": "Stromberg", "setting": "ein Kloster"},
    ),
    (TR, "rewrite something in a different setting please", {}),
    (
        TR,
        "I'd be curious to see Salt Roads transplanted into a Venetian carnival. 3 scenes.",
        {"title": "Salt Roads", "setting": "a Venetian carnival", "scenes": 3},
    ),
    (
        TR,
        "How about a version of Harbor Lights in a 1940s radio station? Make it bittersweet.",
        {"title": "Harbor Lights", "setting": "a 1940s radio station", "tone": "bittersweet"},
    ),
    (
        TR,
        "Let's put Dust Choir on a generation ship, six scenes, storyboard please",
        {"title": "Dust Choir", "setting": "a generation ship", "scenes": 6, "storyboard": True},
    ),
    (
        TR,
        "Rewrite The Office as if it took place in a medieval monastery, dry and funny",
        {"title": "The Office", "setting": "a medieval monastery", "tone": "dry and funny"},
    ),
    (
        TR,
        "Quiero ver La Casa de Papel en una estación espacial, con storyboard",
        {"title": "La Casa de Papel", "setting": "una estación espacial", "storyboard": True},
    ),
    (
        TR,
        "Six scenes: Salt Roads, relocated to a floating market",
        {"title": "Salt Roads", "setting": "a floating market", "scenes": 6},
    ),
    (
        TR,
        "Retell Dust Choir on a whaling ship, bleak and quiet",
        {"title": "Dust Choir", "setting": "a whaling ship", "tone": "bleak and quiet"},
    ),
    (
        TR,
        "transfrom Kingdom of Crumbs into a space station",
        {"title": "Kingdom of Crumbs", "setting": "a space station"},
    ),
    (
        TR,
        "how would Friends play out if the gang were a crew of bank robbers in 1930s Chicago?",
        {"title": "Friends", "setting": "a crew of bank robbers in 1930s Chicago"},
    ),
    (
        TR,
        "I'd love a version of Harbor Lights taking place on a night train, gentle tone",
        {"title": "Harbor Lights", "setting": "a night train", "tone": "gentle"},
    ),
    (
        TR,
        "if Seinfeld took place in a Roman bathhouse, what would it look like? four scenes",
        {"title": "Seinfeld", "setting": "a Roman bathhouse", "scenes": 4},
    ),
    (
        TR,
        "tranform the office in2 a lighthouse plz",
        {"title": "the office", "setting": "a lighthouse"},
    ),
    (
        TR,
        "Et si Kaamelott se passait dans un aéroport ? Plus léger.",
        {"title": "Kaamelott", "setting": "un aéroport", "tone": "Plus léger"},
    ),
    (
        TR,
        "transforme la maison des brumes dan un train",
        {"title": "la maison des brumes", "setting": "un train"},
    ),
    (TR, "verstez das boot in ne stadt", {"title": "das boot", "setting": "ne stadt"}),
    (
        TR,
        "Sketch me a storyboard of Dust Choir set in a lighthouse",
        {"title": "Dust Choir", "setting": "a lighthouse", "storyboard": True},
    ),
    (
        TR,
        "Friends on a houseboat, without the storyboard, 3 scenes",
        {"title": "Friends", "setting": "a houseboat", "storyboard": False, "scenes": 3},
    ),
]


_JOBS = [
    (JS, "any news on job 5f2a?", {"job_id": "5f2a"}),
    (JS, "how far along is number 88?", {"job_id": "88"}),
    (JS, "is job 99 cancelled?", {"job_id": "99"}),
    (JC, "please stop 3c9e, I made a typo", {"job_id": "3c9e"}),
    (JC, "can you kill job #412", {"job_id": "412"}),
    (JC, "annule le job 77 stp", {"job_id": "77"}),
    (JS, "¿cómo va el trabajo a1b2c3?", {"job_id": "a1b2c3"}),
    (JC, "brich Job 12 ab", {"job_id": "12"}),
    (JS, "qual o status do job 31?", {"job_id": "31"}),
    (JS, "est-ce que le job 42 est fini ?", {"job_id": "42"}),
    (JS, "¿ya terminó el trabajo 7b3f?", {"job_id": "7b3f"}),
    (JS, "ist Auftrag 19 schon fertig?", {"job_id": "19"}),
    (JC, "cancela o trabalho 55 por favor", {"job_id": "55"}),
    (JC, "could you call off job e4d2?", {"job_id": "e4d2"}),
    (JS, "where's my render at? it's number 230", {"job_id": "230"}),
    (JS, "status check on a1b2c3 please", {"job_id": "a1b2c3"}),
    (JS, "yo is 4f2e done yet", {"job_id": "4f2e"}),
    (JC, "nuke job 77", {"job_id": "77"}),
    (JC, "kill 9a9a pls", {"job_id": "9a9a"}),
    (JS, "job 12 status?? been ages", {"job_id": "12"}),
    (JS, "Could you check how job 8812 is doing?", {"job_id": "8812"}),
    (JC, "Please cancel c0ffee, I don't need it anymore", {"job_id": "c0ffee"}),
    (JS, "Hey, what's going on with job 3307? It's been a while.", {"job_id": "3307"}),
    (JC, "I'd like to cancel job b7e1 please", {"job_id": "b7e1"}),
]


@pytest.mark.parametrize(("intent", "text", "params"), _MEDIA)
def test_media_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The description without the hedge, the request words or the options around it; the options
    wherever they are said."""
    _check(intent, text, params)


@pytest.mark.parametrize(("intent", "text", "params"), _SHOWS)
def test_shows_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The show named mid-sentence, with the facet and the count said around it; a description
    when no show is named."""
    _check(intent, text, params)


@pytest.mark.parametrize(("intent", "text", "params"), _TRANSFORMS)
def test_transforms_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The show and its new world, with scenes, tone and storyboard said in any order."""
    _check(intent, text, params)


@pytest.mark.parametrize(("intent", "text", "params"), _JOBS)
def test_jobs_paraphrases(intent: Intent, text: str, params: dict[str, Any]) -> None:
    """The job id as written, in a question or an order."""
    _check(intent, text, params)


_PASTE = (
    "The river keeps its secrets while a night ferry crosses the harbor and a detective "
    "who moved back to her small town looks for her brother after the storm season. "
) * 32  # about 5,300 characters, the size of a pasted synopsis


def test_a_known_title_is_found_in_a_pasted_synopsis_within_a_few_milliseconds() -> None:
    """A title at the end of a 5,300-character paste is found, and a typed one at its start is
    found through its typo; the fastest of five readings stays far under the 20 ms a message may
    take (a regex per catalog title took 20-45 ms here)."""
    tail = f"analyze this: {_PASTE} It is my version of Breaking Bad."
    head = f"shows liek breking bad? {_PASTE}"
    assert (found := _TITLES.find(tail)) is not None and found.written == "Breaking Bad"
    assert (typed := _TITLES.find(head)) is not None and typed.written == "breking bad"
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        _TITLES.find(tail)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.010
