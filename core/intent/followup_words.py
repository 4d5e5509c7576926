"""The words follow-ups are made of, in the five languages members write in: switching a picture
to a clip and back, length changes of a clip, bare counts of results, pronouns that point at the
thread's last request or job, questions about the job just started, and dismissing the bot's
question. Patterns only; core/intent/followup.py decides what they mean in a thread."""

from __future__ import annotations

import re
from typing import Final

from core.intent.text import NUMBER

__all__ = [
    "ABOUT_THE_JOB",
    "BARE_COUNT",
    "DESCRIBED",
    "DISMISS",
    "LENGTH_CHANGE",
    "MORE_LIKE_IT",
    "NEW_SETTING",
    "OPTION_ECHO",
    "OTHER_SETTING",
    "REFERENCE",
    "RESULT_PICKED",
    "SIMILAR_ALONE",
    "TO_IMAGE",
    "TO_VIDEO",
    "TRAILING_TONE",
]

_I = re.IGNORECASE
_X = re.VERBOSE

# A clip's length said before the word for it: "a 4s clip", "a six-second video".
_LENGTH: Final = rf"(?:{NUMBER}\s*-?\s*(?:s|secs?|seconds?)\s+)?"
# "animate it", "make it move", "anime-le", "anímalo", "animier das", "anima isso".
TO_VIDEO: Final = re.compile(
    rf"""\b(?:animate\s+(?:it|that|this|them|the\s+(?:image|picture|pic|one))
    | animate\s+the\s+(?:first|second|third|fourth|last|other|same)\s+one
    | (?:can|could|will)\s+(?:it|they|that|this|he|she)\s+(?:also\s+)?move
    | (?:see|watch)\s+(?:it|them|that|him|her)\s+mov(?:e|ing)
    | le\s+voir\s+bouger | verl[oa]\s+moverse | (?:es|ihn|sie)\s+(?:sich\s+)?bewegen\s+sehen
    | ver\s+(?:ele|ela|isso)\s+(?:se\s+)?mex(?:endo|er)
    | (?:make|turn)\s+(?:it|that|this)\s+(?:into\s+)?(?:an?\s+)?{_LENGTH}
      (?:video|clip|animation|gif|moving)
    | make\s+(?:it|that|this)\s+(?:move|animated) | get\s+(?:it|that)\s+moving
    | set\s+(?:it|that)\s+in\s+motion | bring\s+(?:it|that|this)\s+to\s+life
    | en\s+mouvement | en\s+movimiento | em\s+movimento | in\s+bewegung
    | (?:as|in)\s+(?:an?\s+)?{_LENGTH}(?:video|clip|gif|animation|mp4)\b
    | (?:video|clip|gif|animated)\s+version
    | anime[\s-]+(?:le|la|les|ça|ca|cela)\b | fais[\s-]+(?:le|la)\s+bouger
    | l'anim(?:er|es?|ez)\b | animer\s+(?:ça|ca|cela|l'image) | animarl[oa]s?\b
    | (?:es|das|sie|ihn)\s+animieren | anim[aá](?:-l[oa]|r\s+(?:isso|isto|ela|ele))
    | (?:fais|fait)[\s-]+en\s+une\s+vid[ée]o | en\s+vid[ée]o
    | an[ií]ma(?:lo|la|los|las)\b | anima\s+(?:eso|esto|isso|isto|ela|ele)\b
    | haz(?:lo|la)?\s+(?:un\s+)?v[ií]deo | en\s+v[ií]deo | em\s+v[ií]deo
    | faz(?:\s+|-)(?:um\s+)?v[ií]deo | anime\s+(?:isso|isto)
    | animier(?:e|st)?\s+(?:das|es|sie|ihn|dies)
    | mach\s+(?:ein\s+)?(?:video|clip)\s+(?:daraus|davon)
    | faz(?:\s+|-)(?:ele|ela|isso|isto)\s+(?:se\s+)?mex(?:er|a)
    | (?:que|pra)\s+(?:ele|ela)\s+se\s+mexa
    | haz(?:lo|la)?\s+(?:que\s+se\s+)?mueva | haz(?:lo|la)\s+moverse
    | lass\s+(?:es|ihn|sie|das)\s+(?:sich\s+)?bewegen | bring\s+(?:es|das)\s+in\s+bewegung
    | als\s+(?:video|clip))""",
    _I | _X,
)
# "just a still image of that", "a picture of it instead", "une image fixe", "nur ein Standbild".
TO_IMAGE: Final = re.compile(
    r"""\b(?:(?:make|turn)\s+(?:it|that|this)\s+(?:into\s+)?(?:an?\s+)?(?:image|picture|still|
        poster|wallpaper) | draw\s+(?:it|that|this)
    | (?:still|static)\s+(?:image|picture|frame|version|shot) | a\s+still\b
    | (?:image|picture|pic|photo|still)\s+(?:of|from)\s+(?:it|that|this|the\s+(?:video|clip))
    | (?:as|into)\s+an?\s+(?:image|picture|photo|still) | (?:picture|image|photo|still)\s+version
    | image\s+fixe | juste\s+une\s+image | une\s+image\s+de\s+(?:ça|cela)
    | imagen\s+(?:fija|est[aá]tica) | solo\s+una\s+imagen | una\s+imagen\s+de\s+(?:eso|esto)
    | standbild | nur\s+ein\s+bild | ein\s+bild\s+davon
    | imagem\s+(?:fixa|est[aá]tica) | s[oó]\s+uma\s+imagem | uma\s+imagem\s+disso)""",
    _I | _X,
)
# "longer", "shorter", "plus court": a clip's length, said by its seconds.
LENGTH_CHANGE: Final = re.compile(
    r"""^\W*(?:(?:please|pls|bitte|stp|porfa|por\s+favor|pfv|ok|okay|now|jetzt|maintenant|ahora|
       agora)\W+)*
    (?:a\s+(?:bit|little)\s+|much\s+|even\s+|un\s+peu\s+|un\s+poco\s+|etwas\s+|um\s+pouco\s+)?
    (?:longer|shorter|plus\s+(?:long|court)e?|m[aá]s\s+(?:largo|corto)|länger|kürzer|
       mais\s+(?:longo|curto))\W*$""",
    _I | _X,
)
# "give me 7", "just the top 4", "solo 3", "só 2", "nur 5": how many results, and nothing else.
BARE_COUNT: Final = re.compile(
    rf"""^\W*(?:(?:ok|okay|now|and|but|actually|hmm+|so|please|pls|maintenant|ahora|jetzt|agora)
    \W*\s+)*(?:(?:give\s+me|gimme|show\s+me|just|only|make\s+it|top|solo|s[oó]lo|s[oó]|seulement|
       juste|nur|apenas|dame|donne[\s-]moi|mostra|zeig\s+mir|the|los|las|os|as|les|die)\s+)*
    (?:top\s+)?({NUMBER})
    (?:\s+(?:please|pls|shows?|results?|series|séries|serien|of\s+them|instead|then|max|
       por\s+favor|stp|bitte|pfv))*\W*$""",
    _I | _X,
)
# Pronouns that point at the thread's last request: "its DNA", "son ADN", "su ADN", "seine DNA".
REFERENCE: Final = re.compile(
    r"""\b(?:it|its|it's|that|this|them|same|that\s+one|this\s+one|that\s+show|this\s+show|ones|
        the\s+show|the\s+same\s+one|son|sa|ses|cette\s+s[ée]rie|[çc]a|cela|su|sus|esa\s+serie|
        eso|esto|seu|sua|dele|dela|essa\s+s[ée]rie|isso|isto|sein|seine|seiner|ihr|ihre|ihrer|
        davon|dazu|die\s+serie|sie|elle|ella|ela|ele|él)\b""",
    _I | _X,
)
# "anything similar?", "similar ones": other shows like the last one, said without a pronoun.
SIMILAR_ALONE: Final = re.compile(
    r"""^\W*(?:(?:ok|okay|and|so|now|cool|nice|hmm+|et|y|und|e)\W+)*(?:(?:anything|something|any|more|find|
    show\s+me|got\s+any(?:thing)?|des|algo|etwas|algumas?|quelque\s+chose\s+de)\s+)?
    (?:similar|alike|related|like\s+(?:it|that|this)|similaires?|parecid[oa]s?|semelhantes?|
       ähnliche?s?|[ée]quivalent)(?:\s+(?:ones?|shows?|series|s[ée]ries|serien|stuff|things?))?
    \W*$""",
    _I | _X,
)
# "how long will it take?", "is it ready yet?": the job the last request started.
ABOUT_THE_JOB: Final = re.compile(
    r"""^\W*(?:(?:ok|okay|so|and|hmm+|cool|nice|thanks|great|wait)\W+)*
    (?:how\s+(?:long|much\s+longer)\s+(?:will|does|is|would)\s+(?:it|that|this)
    | how\s+long\s+(?:till|until|before)\b | when\s+will\s+(?:it|that|this)\s+be
    | is\s+(?:it|that|this)\s+(?:done|ready|finished|still\s+(?:running|going|rendering))
    | (?:eta|status)\W*$ | how'?s\s+(?:it|that)\s+(?:going|coming)
    | c'est\s+(?:bient[ôo]t\s+)?pr[êe]t | [çc]a\s+(?:prend|va\s+prendre)\s+combien
    | (?:ya\s+)?est[aá]\s+(?:listo|lista) | cu[aá]nto\s+(?:tarda|falta)
    | (?:ist\s+es|schon)\s+fertig | wie\s+lange\s+dauert
    | j[aá]\s+(?:est[aá]\s+)?pronto | quanto\s+tempo\s+(?:demora|falta|leva))""",
    _I | _X,
)
# Dropping the bot's question: "forget it", "never mind", "laisse tomber", "olvídalo".
DISMISS: Final = re.compile(
    r"""^\W*(?:(?:ok|okay|ah|oh|meh|nah|no|actually|hmm+|eh|well|lol|ach|naja|na\s+ja|tja|bah|bof|
    pff+|ah\s+bon|bueno|pues|bah|ué|enfim|ai)\W+)*
    (?:forget\s+(?:it|that|about\s+it)|never\s*mind|nvm|nevermind|no\s+thanks|not\s+anymore|
       skip\s+it|doesn'?t\s+matter|whatever|laisse\s+tomber|oublie(?:\s+[çc]a)?|tant\s+pis|
       olv[ií]d(?:alo|ate)|d[ée]jalo|da\s+igual|no\s+importa|vergiss\s+es|egal|schon\s+gut|
       lass\s+(?:es|mal)|esquece(?:\s+isso)?|deixa\s+(?:pra\s+l[aá]|quieto)|deixa|
       not\s+(?:important|needed)(?:\s+any\s*more)?|(?:i\s+)?don'?t\s+need\s+it(?:\s+any\s*more)?|
       plus\s+besoin|ya\s+no\s+(?:hace\s+falta|lo\s+necesito)|nicht\s+mehr\s+n[öo]tig|
       n[ãa]o\s+precisa\s+mais)
    # "forget it, gotta go": a goodbye after it changes nothing
    (?:\W+(?:gotta\s+go|got\s+to\s+go|gtg|bye|later|thanks|anyway|je\s+dois\s+y\s+aller|
       me\s+tengo\s+que\s+ir|muss\s+los|tenho\s+que\s+ir))*\W*$""",
    _I | _X,
)
# What a change says besides its options: option words, fillers, small words of each language.
OPTION_ECHO: Final = re.compile(
    rf"^(?:in\s+|as\s+|at\s+)?(?:(?:{NUMBER}|no|sans|sin|ohne|sem|als|portrait|landscape|square|widescreen|vertical|horizontal|final|"
    r"draft|hq|quality|mode|format|seconds?|secs?|s|scenes?|storyboards?|tone|version|one|\d+|"
    r"of them|please|pls|and|with|images?|pictures?|pics?|versions?|more|top|only|just|"
    r"instead|by|on|in|add|a|an|again|now|but|this time|"
    r"en|em|au|par|por|nach|im|com|con|avec|mit|encore|mais|agora|ahora|pero|jetzt|aber|"
    r"nochmal|formato|et|y|und|e|un|une|uma|um|ein|eine|una|de|nuevo|novo|querformat|hochformat|"
    r"quadratisch|paysage|carr[ée]|paisaje|paisagem|retrato|cuadrado|quadrado|"
    r"s'il te pla[iî]t|stp|por favor|porfa|bitte|pfv|"
    # facets and counts of results ("only 3, and by theme", "solo 3 por trama")
    r"plot|themes?|structure|characters?|everything|overall|th[èe]mes?|intrigue|personnages|"
    r"trama|temas?|estructura|estrutura|personajes|personagens|handlung|struktur|figuren|"
    r"give me|show me|only|for|solo|sólo|só|seulement|juste|nur|apenas|results?|shows?)\b\W*)+$",
    _I,
)
# "same show but on a whaling ship instead": the transformation moves to another setting.
NEW_SETTING: Final = re.compile(
    r"^(?:same\s+)?(?:(?:show|thing|one)\s+)?(?:but\s+)?(?:set\s+)?(?:in|on|at|aboard|into|inside|under)\s+"
    r"(?P<setting>.+?)(?:\s+(?:instead|this\s+time))?\W*$",
    _I,
)
# "what about in feudal Japan?", "how about a pirate ship", "et sur un bateau pirate ?", "¿y en un
# barco pirata?", "und auf einem Piratenschiff?", "e num navio pirata?": after a transformation,
# the same show in another world. A bare name ("what about Severance?") is another show instead.
OTHER_SETTING: Final = re.compile(
    r"""^\W*(?:(?:ok|okay|hmm+|so|now|cool|nice|or|maybe|ou|o|oder)\W+)*
    (?:what\s+about|how\s+about|and|or|maybe|et|ou|y|o|und|oder|e|y\s+qu[eé]\s+tal|
       e\s+que\s+tal|et\s+pourquoi\s+pas|und\s+was\s+ist\s+mit)\s+
    (?:(?P<where>(?:in|on|at|aboard|into|inside|under|dans|sur|à|au|aux|en|sous|auf|im|am|an|
        unter|em|no|na|num|numa|nos|nas)\s+.+?)
     | (?P<bare>an?\s+[a-z].*?))
    (?:\s+(?:instead|then|this\s+time|à\s+la\s+place|en\s+su\s+lugar|stattdessen|
        em\s+vez\s+disso))?\W*$""",
    _I | _X,
)
# "ton plus léger", "and darker", "y más oscuro": a tone at the end of a change, said as a
# comparative ("darker", "düsterer", "funnier") or with "more" ("plus sombre", "mais sombrio").
TRAILING_TONE: Final = re.compile(
    r"""(?:^|,\s*|\s+(?:and|et|y|und|e)\s+)(?:(?:the\s+)?(?:tone|ton|tono|tom)\s+)?
    (?P<tone>(?:(?:a\s+bit|a\s+little|way|much|even|un\s+peu|un\s+poco|um\s+pouco|etwas|viel|
       noch)\s+)?(?:(?:more|less|plus|moins|m[aá]s|menos|mais)\s+[^\W\d_]+|
       [^\W\d_]{3,}(?:er|ier)))\W*$""",
    _I | _X,
)
# "something about astronauts on a station": an answer that describes instead of naming.
DESCRIBED: Final = re.compile(
    r"^\W*(?:(?:something|anything|one|a\s+show|shows?|series)\s+)?(?:about|with|where|featuring)\s+",
    _I,
)
# "the first one", "number 2", "le deuxième", "la segunda", "die dritte", "o último": one of the
# results the bot listed (shows like X), not the show the thread asked about.
RESULT_PICKED: Final = re.compile(
    r"""(?:\b(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+
        (?:one|show|series|result|pick|title)\b
    | \bnumber\s+[1-9]\b | (?<!\w)\#[1-9]\b
    | \b(?:le|la)\s+(?:premi[eè]re?|deuxi[eè]me|seconde?|troisi[eè]me|quatri[eè]me|
        cinqui[eè]me|derni[eè]re?)
    | \b(?:el|la)\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|[úu]ltim[oa])
    | \b(?:der|die|das)\s+(?:erste|zweite|dritte|vierte|f[üu]nfte|letzte)
    | \b(?:o|a)\s+(?:primeir[oa]|segund[oa]|terceir[oa]|quart[oa]|quint[oa]|[úu]ltim[oa]))
    (?!\s+(?:season|episode|saison|[ée]pisode|temporada|episodio|episódio|staffel|folge)\b)""",
    _I | _X,
)
# "more like that", "d'autres comme ça", "más como esa", "mehr davon", "mais desse tipo".
MORE_LIKE_IT: Final = re.compile(
    r"\b(?:(?:more|others?|something|anything)\s+like\s+(?:that|this|it)|comme\s+[çc]a|"
    r"como\s+(?:es[ae]|est[ae]|ess[ae])|mehr\s+(?:davon|so\s+was)|(?:tipo|como)\s+ess[ae])\b",
    _I,
)
