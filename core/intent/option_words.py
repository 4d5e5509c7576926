"""The words that state a request's options, in English, French, Spanish, German and Portuguese:
how many, how long, which seed, which shape, which quality; how many shows and on which facet
(docs/intents.md).
`core/intent/options.py` reads them and takes them out of the description."""

from __future__ import annotations

import re

from core.intent.text import BIG_NUMBER, NUMBER

__all__ = [
    "COUNT",
    "COUNT_ALONE",
    "DRAFT",
    "FACETS",
    "FINAL",
    "K_ALONE",
    "LANDSCAPE",
    "PORTRAIT",
    "SECONDS_SHORT",
    "SECONDS_WORD",
    "SEED",
    "SQUARE",
    "K",
]

_I = re.IGNORECASE

COUNT = re.compile(
    # "2x" said alone, "x3" after the description: two, three of them.
    r"(?:^|(?<=[,;:]\s)|(?<=[,;:]))\s*([1-9]|1[0-2])\s?x\b(?=\s*(?:[,;.!?]|$))|"
    r"\bx\s?([1-9]|1[0-2])\b|"
    rf"\b({NUMBER}|single)\s+(?:of\s+)?(?:(?:more|quick|rough|different|portrait|landscape|square|"
    r"final|draft|small|big|hq|other|new|tall|wide|vertical|horizontal|final-quality|high|low|"
    r"full|best|top|max|detailed|nice|good|cool|cute|hd|4k|separate|distinct|"
    r"high-quality|hq|hd|[\w-]+-quality|quality)\s+){0,3}(?:of (?:them|tehm|thme|htem|em|those)|"
    r"versions?|variations?|variants?|takes?|copies|options|ones|different ones|images?|imgs?|"
    r"pics?|pictures?|photos?|drawings?|renders?|results?|illustrations?|wallpapers?|icons?|"
    r"shots?|paintings?|drafts?|sketch(?:es)?|posters?|stills?|brouillons?|borradores?|rascunhos?|"
    r"bilder|imágenes|imagenes|imagens|dessins|"
    r"desenhos|dibujos|fotos|illustrations|ilustraciones|ilustrações|versiones|versões|"
    r"varianten|variantes|zeichnungen|entwürfe|propositions|opciones|opções)\b",
    _I,
)
# "Just one, a rough one is fine.", "Que sean dos.", "nur zwei bitte", "só uma": how many
# pictures, said as a clause of its own (an article after "only" is the number one).
COUNT_ALONE = re.compile(
    r"^\W*(?:(?:just|only|make it|que sean|que sea|seulement|juste|nur|bitte nur|só|apenas|solo|"
    rf"sólo|fais-en|faites-en|mach|davon)\s+)+({NUMBER}|(?P<one>um|uma|un|une|una|uno|eins|eine))"
    r"(?:\s+(?:please|pls|plz|por favor|bitte|stp|svp|of them|is enough|is fine|will do|"
    r"suffit|basta|reicht|chega|stück|please))?\W*$",
    _I,
)
SECONDS_WORD = re.compile(
    rf"\b({NUMBER})\s*(?:-\s*)?(?:secs?|seconds?|sek|sekunden|segundos?|secondes?)\b", _I
)
SECONDS_SHORT = re.compile(r"\b(\d{1,2})\s?s\b", _I)
SEED = re.compile(
    r"\b(?:seed|semente|semilla|graine|samen|seed number)\s*(?:[:=#]|of|is|de|number)?\s*"
    rf"(\d{{1,10}}|{BIG_NUMBER}|{NUMBER})\b",
    _I,
)
PORTRAIT = re.compile(
    r"\b(?:portrait(?!\s+(?:of|de|d'|von|do|da)\b)(?!\s*d')|vertical(?:es|ly)?|verticale?s?|"
    r"verticais|phone wallpaper|phone background|"
    r"for (?:my )?phone|tiktok|reels?|story format|9:16|2:3|3:4|4:5|hochformat|"
    # "tall" and "upright" only of the picture: "3 tall ones", not "tall grass"
    r"phone-?sized?|phone size|"
    r"(?:upright|tall)(?=(?:,?\s+[\w-]+){0,2}?,?\s+(?:ones?|images?|pics?|pictures?|posters?|versions?|format|"
    r"wallpapers?|renders?|shots?|photos?|prints?|banners?|drawings?|paintings?)\b)|"
    r"hochkant|"
    r"retrato|formato vertical|en hauteur|(?:für|fürs) (?:das )?handy|para (?:el |o )?(?:móvil|"
    r"movil|celular|telemóvel)|pour (?:mon |le )?(?:téléphone|portable|mobile))\b",
    _I,
)
LANDSCAPE = re.compile(
    r"\b(?:landscape|widescreen|wide ?screen|wide format|horizontal(?:es|ly)?|horizontale?s?|"
    r"horizontais|16:9|21:9|3:2|4:3|cinematic format|banner (?:format|size|shape)|"
    r"banner(?=\s+(?:of|for|showing|depicting)\b|\s*:)|"
    r"desktop wallpaper|desktop background|"
    r"for (?:my )?(?:desktop|laptop|monitor)|panorama|panoramic|"
    r"panoramique|panorámic[oa]|panorâmic[oa]|paysage|querformat|breitbild|apaisad[oa]|"
    r"paisagem|en largeur|format paysage|formato paisaje)\b",
    _I,
)
SQUARE = re.compile(
    r"\b(?:square|1:1|icon|avatar|pfp|profile pic(?:ture)?|carrée?s?|cuadrad[oa]s?|quadrad[oa]s?|"
    r"quadratisch(?:e[srnm]?)?)\b",
    _I,
)
FINAL = re.compile(
    r"\b(?:final(?: quality| version| render)?|hq|high[- ]quality|high[- ]res|hi[- ]res|"
    r"best quality|full quality|top quality|4k|8k|max quality|polished|haute (?:qualité|"
    r"résolution|definition|définition)|qualité (?:finale|maximale|max)|version finale|"
    r"alta (?:calidad|qualidade|resolución|resolução|definición|definição)|calidad (?:final|"
    r"máxima|alta)|qualidade (?:final|máxima|alta)|versión final|versão final|"
    r"hohe[rnm]? (?:qualität|auflösung)|hochauflösend\w*|beste[rn]? qualität|endversion|"
    r"finale[rn]? (?:qualität|version)|in hd|full hd)\b",
    _I,
)
DRAFT = re.compile(
    # "qualité brouillon", "calidad borrador", "quality: draft": the noun said first
    r"\b(?:(?:qualité|calidad|qualidade|qualität|quality)\s*:?\s*(?:brouillon|borrador|rascunho|"
    r"entwurf|draft)|drafts?|(?<!real )quick|rough|fast|low[- ]quality|low[- ]res|sketchy|"
    r"preview|test|brouillons?|"
    r"borrador(?:es)?|rascunhos?|entwurf|entwürfe|basse qualité|baja calidad|baixa qualidade|"
    r"niedrige[rn]? qualität|"
    r"rapide|rápid[oa]|schnell(?:e[rns]?)?)\b",
    _I,
)

# -- find_similar --------------------------------------------------------------------------------
K = re.compile(
    rf"\b(?:top|best|les|los|die|os)\s+({NUMBER})\b|\b({NUMBER})\s+(?:more\s+)?(?:other\s+)?"
    r"(?:[\w-]+\s+)?(?:shows?|series|séries|serien|picks?|recommendations?|recs?|suggestions?|"
    r"results?|titles?|titres|títulos|titel|options?|comedies|dramas|anime|others?|ideas?|"
    r"similar ones?|matches|of them|programas|programmes|sendungen|recomendaciones|"
    r"recomendações|empfehlungen|sugerencias|sugestões|vorschläge|trucs|cosas|coisas|"
    r"idées|ideias|ideen|opções|opciones|titres|títulos|"
    r"ones|cousins|siblings|twins|alternatives|equivalents|counterparts|companions|of em|"
    # "bring back the nine closest"
    r"closest|nearest|most similar)\b"
    r"|\bk\s*[:=]\s*(\d+)"
    # "but only 3", "pero solo 2", "bitte nur drei"
    rf"|\b(?:only|just|max|at most|up to|no more than|solo|sólo|nur|seulement|juste|apenas|"
    rf"máximo|maximum|höchstens)\s+({NUMBER})\b(?!\s*(?:seconds?|secs?|scenes?|minutes?|s\b))"
    # "Three more with that feeling?": a count of shows before "more"
    rf"|\b({NUMBER})\s+more\b(?!\s+(?:seconds?|secs?|scenes?|minutes?|times?|days?|hours?)\b)",
    _I,
)
# "..., three is enough", "Ideally six.", "uns 3", "genre 4": a count said on its own.
K_ALONE = re.compile(
    rf"^(?:(?:ideally|maybe|say|just|like|about|around|only|uns|unos|unas|umas|genre|environ|"
    rf"etwa|so|give me|gimme|max|at most|up to|could you|can you|please|list|name|show me|"
    rf"suggest|recommend|maybe list|tipo|dame|dime|danos|donne-moi|donne-m'en|donnez-moi|"
    rf"gib mir|nenn mir|zeig mir|me dá|me da|me manda|manda|me passa|me diz|quiero|je veux|"
    rf"ich will|quero|i want|i'd like|i'd take|make it|limit it to|cap it at|keep it to|gern|"
    rf"gerne|am besten|idealerweise|idéalement|idealmente)\s+)*"
    rf"({NUMBER})"
    r"(?:\s+(?:stück|stuck|piezas|pièces|peças|of them|titles|picks))?"
    r"(?:\s+(?:is enough|will do|would do|is fine|would be (?:nice|great|good|perfect|ideal|fine)|"
    r"works|is good|is plenty|should do|please|pls|max|tops|or so|por favor|porfa|bitte|"
    r"s.il (?:te|vous) pla[iî]t|stp|svp|pf|pfv|de preferencia|de préférence|vielleicht|"
    r"serait bien|estaría bien|wäre gut|wäre super|seria bom|seria ótimo|ça suffit|basta|"
    r"reicht|reichen|genügen|genügt|suffisent|suffit|bastan|bastam|chegam|are enough|"
    r"will be enough|is plenty|should be enough))*\W*$",
    _I,
)
FACETS = (
    (
        "all",
        re.compile(
            r"\b(?:all facets|every facet|each facet|overall|across the board|compare everything|"
            r"on everything|in every way|all aspects|every aspect|all of them)\b",
            _I,
        ),
    ),
    (
        "theme",
        re.compile(
            r"\b(?:themes?|thematic(?:ally)?|themed|explor(?:e|es|ed|ing)|thèmes?|thématiques?|temas?|temáticas?|"
            r"themen|thema|thematisch)\b",
            _I,
        ),
    ),
    (
        "structure",
        re.compile(
            r"\b(?:structure[ds]?|structurally|format|non-?linear(?:ly)?|narrative structure|"
            r"built|construct(?:ed|ion)|timelines?|estructuras?|estruturas?|struktur|aufbau|"
            r"aufgebaut|construites?|construid[ao]s?)\b",
            _I,
        ),
    ),
    (
        "character",
        re.compile(
            r"\b(?:characters?|character-driven|cast|personnages?|personajes?|personagens?|"
            r"figuren|charaktere)\b",
            _I,
        ),
    ),
    (
        "plot",
        re.compile(
            r"\b(?:plots?|premise|storyline|story ?lines?|intrigues?|tramas?|enredos?|"
            r"handlung|histoire|historia|história)\b",
            _I,
        ),
    ),
)
