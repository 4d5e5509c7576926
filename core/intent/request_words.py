"""The words around a description that only ask for it, in English, French, Spanish, German and
Portuguese: politeness and lead-ins ("can you", "tu peux", "¿me puedes", "kannst du mir",
"você pode"), request verbs in their common forms ("draw", "dessine-moi", "hazme", "zeichne",
"desenha"), object pronouns, and the media nouns with the words that sit around them
("a tall poster of", "une illustration verticale d'", "ein Bild von").

They are regular-expression alternations, used by `core/intent/prompts.py` to take a request's
wrapper off its description; the description itself is never matched against them.
"""

from __future__ import annotations

__all__ = [
    "CONNECT",
    "LEADIN",
    "MEDIA",
    "MEDIA_AFTER",
    "OBJECT",
    "VERB",
]


def _alternation(words: str) -> str:
    """One regex alternation from a whitespace list where "_" stands for a space; longest first
    so "i want to" wins over "i want"."""
    items = sorted({w.replace("_", r"\s+") for w in words.split()}, key=len, reverse=True)
    return "(?:" + "|".join(items) + ")"


# Hedged and indirect requests, as a grammar rather than a list of sentences: a subject or a
# modal, softeners, a verb of wanting, then "to see/get/have" ("I'd really appreciate", "would love
# to see", "I'm thinking", "what I'm after is", "would it be too much to ask for", "be able to").
# The subject is required before the verb, so a description that starts with "love birds" keeps it.
_SUBJECT = (
    r"(?:i|we|i'?d|id|i'?m|im|we'?d|we'?re|i'?ll|i\s+would|we\s+would|would|i\s+was|we\s+were|"
    r"i'?ve|we'?ve|i\s+have|we\s+have)"
)
_SOFTENER = (
    r"(?:really|kinda|kind\s+of|sort\s+of|just|actually|totally|honestly|also|still|definitely|"
    r"keep|always|ever|often|constantly|"
    r"so|rather|quite|be|was|am|were|been|sooo*|lowkey|genuinely)"
)
_WANTING = (
    r"(?:love|like|want|need|appreciate|fancy|enjoy|prefer|thinking(?:\s+(?:of|about))?|after|"
    r"wanted|needed|grateful\s+for|thankful\s+for|"
    r"hoping(?:\s+for)?|wishing\s+for|looking\s+for|in\s+the\s+mood\s+for|dreaming\s+of|"
    r"picturing|imagining|craving|up\s+for|keen\s+on|interested\s+in)"
)
_HEDGE = (
    rf"(?:{_SUBJECT}\s+(?:{_SOFTENER}\s+)*{_WANTING}"
    r"(?:\s+(?:to\s+)?(?:see|get|have|ask\s+for|request|order|grab|look\s+at))?(?:\s+for)?"
    r"(?:\s+it)?(?:\s+if)?"
    # "The subject is ...", "my idea is ...", "it should show ..."
    r"|(?:the|my|our)\s+(?:subject|idea|prompt|scene|concept|description|brief|request)\s+"
    r"(?:is|would\s+be|should\s+be|will\s+be)|it\s+should\s+(?:show|depict|be)"
    # "do you mind drawing ...": the verb as a gerund, only after "mind"
    r"|(?:(?:do|would)\s+(?:you|u)\s+)?mind\s+(?:drawing|painting|sketching|making|creating|"
    r"generating|rendering|producing|illustrating|designing|animating|doing|whipping\s+up|"
    r"putting\s+together)(?:\s+(?:me|us))?"
    r"|what\s+(?:i|we)(?:'?m|\s+am|'?re|\s+are|'?d|\s+would)?\s+(?:really\s+)?(?:after|want|need|"
    r"like|love|have\s+in\s+mind|picturing|imagining)\s+is"
    r"|(?:would|will|is)\s+it\s+be\s+(?:too\s+much|possible|okay|ok|alright|cool|fine)\s+"
    r"(?:to\s+(?:ask\s+for|get|have|see|request)|for\s+you\s+to)"
    r"|(?:be\s+)?(?:able|happy|willing|glad)\s+to"
    # "it would mean a lot if you drew ...", "it'd be great if you could paint ..."
    r"|(?:it|that)(?:'?d|\s+would)\s+(?:be\s+(?:\w+\s+)?\w+|mean\s+(?:a\s+lot|the\s+world)|"
    r"help(?:\s+a\s+lot)?)\s+(?:to\s+me\s+)?if\s+(?:you|u)(?:\s+(?:could|would|can))?"
    r"(?:\s+(?:drew|painted|sketched|rendered|generated|created|made|animated|illustrated|did))?"
    # "ce serait génial d'avoir", "sería genial tener", "seria legal ter", "j'adorerais"
    r"|(?:ce|ça|ca)\s+serait\s+(?:\w+\s+)?(?:d'avoir|de\s+voir|d'obtenir)"
    r"|(?:sería|seria)\s+(?:\w+\s+)?(?:tener|ver|ter)"
    r"|j'adorerais|j'aimerais\s+bien|je\s+voudrais\s+bien|me\s+encantar[ií]a|eu\s+adoraria"
    r"|será\s+que\s+(?:você|voce|vc|tu)\s+(?:poderia|pode|podes|consegue)"
    r"|est-ce\s+que\s+tu\s+(?:pourrais|peux)|(?:ich\s+)?(?:würde|möchte)\s+gerne?)"
)

# Lead-ins: greetings, politeness, "can you", "i want", in any order before the verb.
# The listed phrases first: "i'd like you to" is one lead-in, not "i'd like" then "you to".
LEADIN = (
    "(?:"
    + _alternation(
        r"""
    hey hi hello yo oi ok okay so umm+ uh+ hmm+ alright bot studio pls please plz plez kindly
    now then
    quick quickly another also and just maybe lowkey bruh bro ngl fr

    can_you could_you can_u could_u would_you will_you would_u are_you_able_to possibly perhaps
    it_if
    could_ya can_ya u_think_you_can do_you_think_you_could is_it_possible_to try_to
    go_ahead_and how_about i_want_you_to i_want_to i_want i'd_like_you_to i'd_like_to i'd_like
    i_would_like_to i_would_like i'd_love_to i'd_love i_would_love i_need_you_to i_need need
    want i_wanna wanna we_need let's lets gimme give_me get_me can_i_get can_i_have
    could_i_get may_i_have i'm_looking_for looking_for lemme_get let_me_get let_me_see
    i'?m_after let'?s_see i_want_to_see i'?d_like_to_see i'?d_love_to_see to_see drop
    i'd_appreciate i'm_hoping_for wanna_see want_to_see i_wanna_see
    would_you_be_so_kind_as_to be_so_kind_as_to would_you_kindly could_you_kindly if_you_could
    you_could you_can u_could u_can you_might you'd you_would if_you_can
    any_chance_of is_it_possible_to_get is_it_possible_to_have get grab xd lol lmao jaja kkk
    haha wäre_schön wäre_toll wäre_super es_wäre_schön es_wäre_toll
    i_was_wondering_if_you_could any_chance_you_could any_chance_u_could unrelated btw random
    real_quick do_me_a_favou?r_and do_me_a_favou?r if_you_don't_mind if_u_don't_mind
    if_it's_not_(?:too_much_)?(?:a_)?(?:bother|trouble|hassle) if_it's_no_(?:bother|trouble)

    tu_peux tu_pourrais peux-tu pourrais-tu est-ce_que_tu_peux est-ce_que_tu_pourrais
    vous_pouvez pouvez-vous pourriez-vous je_veux je_voudrais j'aimerais j'veux il_me_faut
    s'il_te_plaît s'il_te_plait s'il_vous_plaît stp svp merci_de salut coucou allez vite
    maintenant

    puedes podrías podrias me_puedes me_podrías me_podrias puedes_por_favor quiero quisiera
    me_gustaría me_gustaria necesito por_favor porfa porfis oye hola venga ahora rápido

    kannst_du könntest_du kannst_du_mir könntest_du_mir ich_will ich_möchte ich_möchte_gern
    ich_hätte_gern ich_hätte_gerne ich_brauche bitte hallo hey_du mal_eben schnell kurz mal ma
    alter digga ey jetzt n 'n nen

    pode podes você_pode voce_pode vc_pode você_poderia voce_poderia vc_poderia poderia
    consegue consegues quero queria gostaria_de aí
    gostaria preciso_de preciso olá ola por_favor agora rapidinho
    """
    )
    + "|"
    + _HEDGE
    + ")"
)

# Request verbs, with the forms a message uses (imperative, infinitive, with a clitic pronoun).
VERB = _alternation(
    r"""
    sketch_out whip_up draw drow darw paint sketch make create generate render produce illustrate
    design do animate film shoot photograph doodle imagine craft show_me show visuali[sz]e
    come_up_with put_together cook_up knock_up bring_to_life bring_alive

    dessine-moi dessine dessiner dessines fais-moi fais faire fait génère générer genere generer
    crée créer cree creer crée-moi montre-moi montre peins peindre peins-moi illustre illustrer
    anime animer réalise réaliser imagine imaginer produis

    dibújame dibujame dibuja dibujar dibujes hazme haz hacer hagas genera generar genérame
    generame generes crea crear créame creame crees pinta pintar píntame pintame muéstrame
    muestrame muestra ilustra ilustrar diseña diseñar anima animar renderiza

    zeichne zeichnen zeichnest mal male malen malst mach mache machen machst erstelle erstell
    animier generier erstellen erstellst erzeuge erzeugen generiere generieren animiere animieren
    zeig zeige zeigen rendere rendern gestalte

    desenha desenhe desenhar desenha-me faz faça faca fazer faz-me cria crie criar cria-me gera
    gere gerar pinta pinte pintar anima anime animar mostra mostre mostrar ilustra ilustre
    disegna 描いて
    """
)

# Who the picture is for: "draw me", "dessine-nous", "mach mir", "me faz".
OBJECT = _alternation("me us moi nous mir uns nos for_me for_us pour_moi para_mí para_mi für_mich")

MEDIA = _alternation(
    r"""
    images? imgs? imgae pictures? pictrue pics? photos? drawings? paintings? portraits?
    sketch(?:es)? illustrations? drafts? art(?:work)? wallpapers? posters? banners? icons?
    pfps? avatars? profile_pic(?:ture)?s? thumbnails?
    renders? videos? vids? vidoes? viedos? clips? animations? loops? gifs? footage films?
    movies? moving_pictures? mp4 shots? visuals?
    slow-?mo doodles? stills? scenes? versions? variations?

    dessins? photos? vidéos? vidéo illustrations? affiches? fonds?_d'écran peintures?
    croquis esquisses? animations? brouillons?

    imagen imágenes imagenes ilustraci[oó]n ilustraciones dibujos? fotos? fotograf[ií]as?
    vídeos? carteles? fondos?_de_pantalla pinturas? animaci[oó]n animaciones bocetos?
    borrador(?:es)? videitos? fotitos? dibujitos?

    bild bilder bildchen fotos? zeichnung(?:en)? illustration(?:en)? videos? clips? animation(?:en)?
    poster hintergrundbild(?:er)? gemälde skizzen? grafik(?:en)? entwurf entwürfe

    imagem imagens ilustraç(?:ão|ões) desenhos? fotos? vídeos? cartaz(?:es)? pinturas?
    animaç(?:ão|ões) esboços? rascunhos? videozinhos? fotinhos? desenhinhos?
    """
)

# Words that may follow the media noun before its connector: "une illustration verticale d'",
# "una foto horizontal de", "a picture pls of".
MEDIA_AFTER = _alternation(
    r"""
    pls please plz verticale? horizontale? carrée? carré cuadrad[oa] quadrad[oa] panoramique
    rn asap now today tonight real_quick
    curt[oa] cort[oa] courte? kurze[sn]? breve pequen[oa] pequeñ[oa] petite? rapidinho
    curtinh[oa] pequenin[oa] cortit[oa] pequeñit[oa] kleine[sn]?
    for_me for_us pour_moi para_mí para_mi für_mich
    panor[aá]mic[oa] r[aá]pid[oa] rapide réaliste realista quick hd
    """
)

# "a wallpaper for my phone with a forest": what the picture is for, then its connector.
_FOR_A_SCREEN = (
    r"for\s+(?:my|the|a|our)\s+(?:phone|desktop|laptop|screen|lock\s*screen|wall|room|server|"
    r"channel|stream|profile)\s+(?:with|of|showing|featuring)"
)
# Between the media noun and the description.
CONNECT = (
    "(?:"
    + _FOR_A_SCREEN
    + "|"
    + _alternation(
        r"""
    of von vom de d' d du des del di do da dos das showing depicting featuring
    with w/ about for where : wo où donde onde
    """
    )
    + ")"
)
