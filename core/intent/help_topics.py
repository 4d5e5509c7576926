"""What a help question is about, in the member's own words: "what does the seed option do?" is
about "seed", "comment je fais une vidéo ?" about "vidéo", "how do you stop a job" about "stop a
job". The most specific thing named wins: an option ("seed", "facets", "storyboard") over a kind
of request ("images", "video"), a request over the bot as a whole.
"""

from __future__ import annotations

import re

__all__ = ["help_topic"]

_I = re.IGNORECASE

# Things done to jobs and shows, said as a verb phrase: "stop a job", "adding my own show",
# "upload a txt file", "adicionar minha série", "cancelación de trabajos".
_ACTIONS = re.compile(
    r"\b(?:(?:stop|stopping|cancel(?:l?ing)?|kill|abort|check(?:ing)?(?: on)?|track|see|add|adding|"
    r"upload(?:ing)?|attach(?:ing)?|import(?:ing)?|delete|deleting|remove|removing|ajouter|ajoute|"
    r"annuler|annule|añadir|agregar|subir|cancelar|adicionar|carregar|hinzufügen|hochladen|"
    r"abbrechen)\s+(?:a |an |my |the |one |my own |a whole |une |un |ma |mon |mi |una |un |"
    r"minha |meu |uma |um |meine |einen |eine )?(?:own |new |eigene )?"
    r"(?:jobs?|shows?|series|renders?|txt file|text file|files?|synopsis|séries?|serie|"
    r"trabajos?|trabalhos?|tâches?|serien?|dateien?|datei|fichiers?|archivos?|arquivos?))\b"
    r"|\b(?:cancelaci[oó]n|cancelamento|annulation|stornierung|status|estado|état|statut)"
    r"\s+(?:de|des|du|von|do|da|of)\s+(?:los\s+|las\s+|les\s+|os\s+|mi\s+|mis\s+|mon\s+|ma\s+|"
    r"mes\s+|my\s+|meu\s+|minha\s+|meinem\s+|meines\s+|the\s+)?\w+",
    _I,
)
_PAIR = re.compile(
    r"\b(?P<a>draft|final|brouillon|borrador|rascunho|entwurf|theme|plot|structure|characters?|"
    r"portrait|landscape|square|image|video)\s+(?:and|or|vs\.?|versus|et|y|e|und|ou|o|oder)\s+"
    r"(?P<b>draft|final|brouillon|borrador|rascunho|entwurf|theme|plot|structure|characters?|"
    r"portrait|landscape|square|image|video)\b",
    _I,
)
# Most specific first; each pattern's match, as written, is the topic.
_KEYWORDS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        r"\b(?:narrative|story) (?:dna|adn)\b|\badmin (?:stats|commands?|limits?|cache|jobs)\b",
        r"\bnegative(?: prompts?)?\b|\bn[ée]gatif\b|\bnegativo\b",
        r"\bseeds?\b|\bsemillas?\b|\bgraines?\b|\bsementes?\b",
        r"\bfacets?\b|\bfacettes?\b|\bfacetas?\b|\bfacetten\b",
        r"\bstory-?boards?\b",
        r"\bscenes?\b|\bscènes?\b|\bescenas?\b|\bszenen?\b|\bcenas?\b",
        r"\btones?\b",
        r"\baspect(?: ratio)?\b|\bportrait\b|\blandscape\b|\bsquare\b|\bquerformat\b|\bpaysage\b|"
        r"\bhochformat\b|\bvertical\b|\bhorizontal\b",
        r"\bquality\b|\bqualité\b|\bcalidad\b|\bqualidade\b|\bqualität\b|\bdraft\b|\bfinal\b",
        r"\blanguages?\b|\blangues?\b|\bidiomas?\b|\bsprachen?\b|\blínguas?\b",
        r"\blimits?\b|\bquotas?\b|\blímites?\b|\blimites?\b",
        r"\bcommands?\b|\bcommandes?\b|\bcomandos?\b|\bbefehle?\b",
        r"\bk\b(?= (?:option|parameter|value))",
        r"\bdna\b|\badn\b",
        r"\banimations?\b|\banimaciones\b|\banimaç(?:ão|ões)\b|\bvideos?\b|\bvid[ée]os?\b|"
        r"\bvídeos?\b|\bclips?\b|\bgifs?\b",
        r"\bimages?\b|\bpictures?\b|\bpics?\b|\bimágenes\b|\bimagens?\b|\bimagen\b|\bbilder?\b|"
        r"\bdessins?\b|\bphotos?\b|\bfotos?\b|\bdrawings?\b|\bdraw\b",
        r"\btransform(?:ations?|ing|ieren)?\b|\btransformer\b|\btransformar\b|\bre-?imagin\w*\b",
        r"\banaly[sz](?:e|is|er|ieren)\b|\bany?[aá]lis[ie]s?\b|\banalyse\b|\bsynopsis\b",
        r"\bsimilar\b|\brecommendations?\b|\brecommend\b",
        r"\bjobs?\b|\brenders?\b|\bqueue\b|\btâches?\b|\btrabajos?\b|\btrabalhos?\b|\baufträge?\b",
        r"\bmanual\b|\bguide\b|\bdocs\b|\bdocumentation\b|\btutorial\b",
    )
)


_OPTIONS = 13  # the patterns above "dna": options and features more precise than an action


def help_topic(text: str) -> str | None:
    """The topic of a help question as the member wrote it, or None for help in general."""
    if m := _PAIR.search(text):
        return m.group(0)
    candidates = [(i, m) for i, pattern in enumerate(_KEYWORDS) if (m := pattern.search(text))]
    action = _ACTIONS.search(text)
    if action is not None:
        # "how do you stop a job": the action, unless an option is named besides it.
        options = [
            m
            for i, m in candidates
            if i < _OPTIONS and not action.start() <= m.start() < action.end()
        ]
        if not options:
            return action.group(0)
    if candidates:
        return candidates[0][1].group(0)
    return None
