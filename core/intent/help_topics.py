"""What a help question is about: the slash command it concerns, from a closed list (`imagine`,
`animate`, `show`, `transform`, `job`, `admin`), so the reply can open that command's help.
"what does the seed option do?" is about `imagine`, "comment je fais une vidéo ?" about
`animate`, "how do you stop a job" about `job`, "/admin cache clear" typed as a message about
`admin`. A question about the bot as a whole ("what can you do?") has no topic.

The most specific thing named wins: an admin operation (what only /admin offers, as
core/intent/hostile.py reads it), then an option ("seed", "facets",
"storyboard") or an action on jobs and shows, then a kind of request ("images", "video").
Options shared by images and clips (seed, aspect, quality, negative) belong to `animate` when the
question names a video, else to `imagine`.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from core.intent.hostile import is_admin_topic

__all__ = ["HELP_TOPICS", "HelpTopic", "help_topic"]

HelpTopic = Literal["imagine", "animate", "show", "transform", "job", "admin"]
HELP_TOPICS: Final[tuple[HelpTopic, ...]] = (
    "imagine",
    "animate",
    "show",
    "transform",
    "job",
    "admin",
)

_I = re.IGNORECASE
_MEDIA = "media"  # an option of both /imagine and /animate: decided by the words around it

# Things done to jobs and shows, said as a verb phrase: "stop a job", "adding my own show".
_JOB_ACTION = re.compile(
    r"\b(?:stop|stopping|cancel(?:l?ing)?|kill|abort|check(?:ing)?(?: on)?|track|annuler|annule|"
    r"cancelar|abbrechen|stornieren|stoppen|arr[êe]ter|parar|interromper)\b"
    r"|\bcall(?:ing)?\s+(?:it\s+|that\s+|them\s+)?off\b"
    r"|\b(?:cancelaci[oó]n|cancelamento|annulation|stornierung|status|estado|état|statut)\b",
    _I,
)
_SHOW_ACTION = re.compile(
    r"\b(?:add|adding|upload(?:ing)?|attach(?:ing)?|import(?:ing)?|index(?:ing)?|ajouter|ajoute|"
    r"añadir|agregar|subir|adicionar|carregar|hinzufügen|hochladen)\s+(?:a |an |my |the |one |"
    r"my own |une |un |ma |mon |mi |una |minha |meu |uma |um |meine |einen |eine )?"
    r"(?:own |new |eigene )?(?:shows?|series|txt file|text file|files?|synopsis|séries?|serie|"
    r"serien?|dateien?|datei|fichiers?|archivos?|arquivos?)\b",
    _I,
)
_VIDEO_WORDS = (
    r"\banimat\w*\b|\banimaciones\b|\banimaç(?:ão|ões)\b|\bvideos?\b|\bvid[ée]os?\b|"
    r"\bvídeos?\b|\bclips?\b|\bgifs?\b|\bseconds?\b|\bsegundos?\b|\bsekunden\b"
)
_VIDEO = re.compile(_VIDEO_WORDS, _I)
# Most specific first; each with the command it is about.
_KEYWORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, _I), topic)
    for p, topic in (
        (r"\b(?:narrative|story) (?:dna|adn)\b", "show"),
        (r"\bnegative(?: prompts?)?\b|\bn[ée]gatif\b|\bnegativo\b", _MEDIA),
        (r"\bseeds?\b|\bsemillas?\b|\bgraines?\b|\bsementes?\b", _MEDIA),
        (r"\bfacets?\b|\bfacettes?\b|\bfacetas?\b|\bfacetten\b", "show"),
        (r"\bstory-?boards?\b", "transform"),
        (r"\bscenes?\b|\bscènes?\b|\bescenas?\b|\bszenen?\b|\bcenas?\b|\bscripts?\b", "transform"),
        (r"\btones?\b", "transform"),
        (
            r"\baspect(?: ratio)?\b|\bportrait\b|\blandscape\b|\bsquare\b|\bquerformat\b|"
            r"\bpaysage\b|\bhochformat\b|\bvertical\b|\bhorizontal\b|\bpaisagem\b|\bpaisaje\b|"
            r"\bretrato\b|\bformato\b|\bformat\b",
            _MEDIA,
        ),
        (
            r"\bquality\b|\bqualité\b|\bcalidad\b|\bqualidade\b|\bqualität\b|\bdraft\b|\bfinal\b",
            _MEDIA,
        ),
        (
            r"\bk\b(?= (?:option|parameter|value))|\b(?:param\w*|paramètre|parámetro|parâmetro|"
            r"option|opción|opção)\s+k\b",
            "show",
        ),
        (r"\bdna\b|\badn\b", "show"),
        (_VIDEO_WORDS, "animate"),
        (
            r"(?<!-)\bimagine\b|\bimages?\b|\bpictures?\b|\bpics?\b|\bimágenes\b|\bimagens?\b|"
            r"\bimagen\b|\bimagem\b|\bbilder?\b|\bdessins?\b|\bphotos?\b|\bfotos?\b|\bdrawings?\b|\bdraw\b|"
            r"\bdessiner\b|\bdibujar\b|\bzeichnen\b|\bdesenhar\b|\bpaint(?:s|ing)?\b|"
            r"\bsketch(?:es|ing)?\b|\billustrat\w*\b|\bmalen\b|\bpeindre\b|\bpintar\b|"
            r"\bdessine[sz]?\b|\bdibuja[ns]?\b|\bdesenha[sm]?\b",
            "imagine",
        ),
        (
            # "transforme", "transforma", "transformiere": the verb in any language and person
            r"\btransform\w*|"
            r"\bre-?imagin\w*\b|\bre-?write\b|\bsetting\b",
            "transform",
        ),
        (
            r"\banaly[sz](?:e|is|er|ieren)\b|\bany?[aá]lis[ie]s?\b|\banalyse\b|\bsynopsis\b|"
            r"\bsimilar\b|\brecommend(?:ations?)?\b|\bshows?\b|\bs[ée]ries?\b|\bserien?\b",
            "show",
        ),
        (
            r"\bjobs?\b|\brenders?\b|\bqueue\b|\btâches?\b|\btrabajos?\b|\btrabalhos?\b|"
            r"\baufträge?\b|\bauftrag\b|\bcancel\w*\b",
            "job",
        ),
    )
)


def help_topic(text: str) -> HelpTopic | None:
    """The command a help question is about, or None for help in general."""
    if is_admin_topic(text):
        return "admin"
    if _SHOW_ACTION.search(text):
        return "show"
    found = next((topic for pattern, topic in _KEYWORDS if pattern.search(text)), None)
    # Cancelling or checking on a video is about jobs, not about making videos.
    if _JOB_ACTION.search(text) and found in (None, "imagine", "animate", "job"):
        return "job"
    if found == _MEDIA:
        return "animate" if _VIDEO.search(text) else "imagine"
    return found  # type: ignore[return-value]  # every other value is a HelpTopic
