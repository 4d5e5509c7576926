"""Shows, in Discord and in words: the similar-shows list with a one-line "why" per match, and
a show's narrative DNA as an embed with its chart attached; the same pieces (vocabulary ids as
words, the "why" of a match, the DNA's fields) make the plain-text forms the console prints.

The tools return structured data (labels are vocabulary ids such as `loyalty_and_betrayal`);
the words a member reads are made here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot.render.limits import COLOR_INFO, truncate
from bot.render.model import FileSpec, OutMessage
from bot.render.votes import vote_buttons, vote_hint, voted_mark

__all__ = [
    "FACET_WORDS",
    "dna_fields",
    "dna_note",
    "label",
    "labels",
    "part",
    "show_dna",
    "show_dna_text",
    "similar_shows",
    "similar_shows_text",
    "why_line",
]

_WHY_PARTS = (
    ("shared_themes", "themes"),
    ("shared_tropes", "tropes"),
    ("shared_archetypes", "archetypes"),
    ("shared_beats", "beats"),
    ("shared_genres", "genres"),
)
FACET_WORDS = {
    "plot": "plot",
    "theme": "themes",
    "structure": "structure",
    "character": "characters",
}


def label(value: Any) -> str:
    """A vocabulary id as words: `loyalty_and_betrayal` -> `loyalty and betrayal`."""
    return str(value).replace("_", " ").strip()


def labels(values: Any, limit: int = 3) -> str:
    if not isinstance(values, Sequence) or isinstance(values, str):
        return ""
    return ", ".join(label(v) for v in list(values)[:limit])


def why_line(why: Any) -> str:
    """One line saying why two shows are alike: what they share, and the closest facet."""
    if isinstance(why, str):
        return why
    if not isinstance(why, Mapping):
        return ""
    summary = why.get("summary")
    if isinstance(summary, str) and summary:
        return summary  # the facts both shows share, phrased by the tool
    parts = []
    for key, name in _WHY_PARTS:
        shared = labels(why.get(key))
        if shared:
            parts.append(f"{name}: {shared}")
    facets = why.get("facets")
    if isinstance(facets, Mapping) and facets:
        best = max(facets.items(), key=lambda item: float(item[1]))
        parts.append(f"closest in {FACET_WORDS.get(str(best[0]), label(best[0]))}")
    return "; ".join(parts)


def part(dna: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = dna.get(key)
    return value if isinstance(value, Mapping) else {}


def dna_fields(
    dna: Mapping[str, Any], trust: Mapping[str, Any] | None = None
) -> list[tuple[str, str]]:
    """The DNA's fields as (name, words), in display order. With `trust` (the show_dna tool's
    per-field verdict), a field that is not shown is left out and a rough reading says so in its
    name; without it every field is shown as it is."""
    rows = []
    # Roles go beside the names when they are trusted as much (both facts, or both rough
    # readings: one list, not the same names twice); otherwise in a field of their own.
    roles_level = str((trust or {}).get("roles", "fact"))
    roles_stated = roles_level in ("fact", str((trust or {}).get("characters", "fact")))
    for key, name, value in _dna_rows(dna, with_roles=roles_stated):
        if key == "roles" and roles_stated:
            continue  # already beside each name
        level = str((trust or {}).get(key, "fact"))
        if level == "hidden":
            continue
        rows.append((f"{name} ({ROUGH})" if level == "rough" else name, value))
    return rows


ROUGH = "rough reading"


def dna_note(data: Mapping[str, Any]) -> str:
    """What a member should know about where this DNA came from (empty for Claude's)."""
    method = data.get("method") or part(part(data, "dna"), "extraction").get("method")
    if method != "heuristic":
        return ""
    rough = f'fields marked "{ROUGH}" are its guess, not checked facts.'
    if data.get("provisional"):
        return (
            "Claude could not be reached, so this is the offline reading (Claude is asked again "
            f"the next time this show is requested); {rough}"
        )
    return f"Read offline, without Claude: {rough}"


def _dna_rows(dna: Mapping[str, Any], *, with_roles: bool) -> list[tuple[str, str, str]]:
    tone = part(dna, "tone")
    themes = [t.get("id") for t in dna.get("themes") or [] if isinstance(t, Mapping)]
    structure = part(dna, "structure")
    beats = [
        b.get("id")
        for b in sorted(
            (b for b in structure.get("beats") or [] if isinstance(b, Mapping)),
            key=lambda b: float(b.get("position", 0)),
        )
    ]
    offline = part(dna, "extraction").get("method") == "heuristic"
    people = [c for c in dna.get("characters") or [] if isinstance(c, Mapping)]
    # The offline reader's archetypes are not measured against anything: roles are.
    with_role = [f"{c.get('name') or label(c.get('role'))}: {label(c.get('role'))}" for c in people]
    if not offline:
        characters = [
            f"{c.get('name') or label(c.get('role'))}: {label(c.get('archetype'))}" for c in people
        ]
    elif with_roles:
        characters = with_role
    else:
        characters = [str(c.get("name") or label(c.get("role"))) for c in people]
    setting = part(dna, "setting")
    conflict = dna.get("central_conflict")
    outcome = dna.get("outcome")
    return [
        ("genres", "Genres", labels(dna.get("genres"), 6)),
        ("tone", "Tone", labels(tone.get("labels"), 4)),
        ("themes", "Themes", labels(themes, 6)),
        (
            "structure",
            "Structure",
            f"{label(structure.get('framework', ''))}: {labels(beats, 8)}".strip(": "),
        ),
        ("characters", "Characters", "\n".join(characters[:6])),
        ("roles", "Roles", "\n".join(with_role[:6]) if offline else ""),
        ("setting.place", "Setting", str(setting.get("place") or "")),
        ("setting.era", "Era", label(setting.get("era") or "")),
        (
            "conflict",
            "Conflict",
            str(conflict.get("summary", "")) if isinstance(conflict, Mapping) else "",
        ),
        (
            "outcome",
            "Outcome",
            label(outcome.get("type", "")) if isinstance(outcome, Mapping) else "",
        ),
        ("tropes", "Tropes", labels(dna.get("tropes"), 6)),
    ]


def similar_shows_text(data: Any) -> str:
    """The same list for a terminal (the console)."""
    data = data if isinstance(data, Mapping) else {"results": data}
    query = str(data.get("query") or "")
    lines = [f"Shows like {query}:" if query else "Shows alike:"]
    results = data.get("results") or data.get("matches") or []
    if not results:
        return f"{lines[0]} none found yet."
    for rank, match in enumerate(results, start=1):
        item = match if isinstance(match, Mapping) else {"title": str(match)}
        year = f" ({item['year']})" if item.get("year") else ""
        score = item.get("score")
        shown = f"  {score:.2f}" if isinstance(score, int | float) else ""
        lines.append(f"  {rank}. {item.get('title', '?')}{year}{shown}")
        why = why_line(item.get("why"))
        if why:
            lines.append(f"     {why}")
    return "\n".join(lines)


def show_dna_text(data: Any) -> str:
    data = data if isinstance(data, Mapping) else {}
    dna = part(data, "dna")
    lines = [f"Narrative DNA of {data.get('title') or 'this show'}:"]
    logline = data.get("logline") or dna.get("logline")
    if logline:
        lines.append(f"  {logline}")
    trust = data.get("trust")
    for name, value in dna_fields(dna, trust if isinstance(trust, Mapping) else None):
        if value:
            lines.append(f"  {name}: {value.replace(chr(10), '; ')}")
    note = dna_note(data)
    if note:
        lines.append(f"  ({note})")
    return "\n".join(lines)


# -- in Discord --------------------------------------------------------------------------------


def similar_shows(data: Any) -> OutMessage:
    data = data if isinstance(data, Mapping) else {"results": data}
    query = str(data.get("query") or "")
    results = data.get("results") or data.get("matches") or []
    facet = data.get("facet")
    if query and data.get("also_like"):  # "more like this" under one of its results
        query = f"{query}, more like {data['also_like']}"
    title = truncate(f"Shows like {query}" if query else "Shows alike", 256)
    if not results:
        embed = discord.Embed(
            title=title, description="No similar shows found yet.", color=COLOR_INFO
        )
        return OutMessage(embeds=[embed])
    lines = []
    for rank, match in enumerate(results, start=1):
        item = match if isinstance(match, Mapping) else {"title": str(match)}
        heading = f"**{rank}. {item.get('title', '?')}**"
        if item.get("year"):
            heading += f" ({item['year']})"
        score = item.get("score")
        if isinstance(score, int | float):
            heading += f" · {score:.2f}"
        heading += voted_mark(item.get("why"))
        why = why_line(item.get("why"))
        lines.append(f"{heading}\n{truncate(why, 300)}" if why else heading)
    embed = discord.Embed(
        title=title, description=truncate("\n".join(lines), 4000), color=COLOR_INFO
    )
    footer = [vote_hint(data)]
    if facet and facet != "all":
        footer.insert(0, f"compared on {FACET_WORDS.get(str(facet), label(facet))}")
    if any(footer):
        embed.set_footer(text="\n".join(f for f in footer if f))
    return OutMessage(embeds=[embed], buttons=vote_buttons(data, results))


def show_dna(data: Any) -> OutMessage:
    data = data if isinstance(data, Mapping) else {}
    dna = part(data, "dna")
    title = str(data.get("title") or "this show")
    embed = discord.Embed(
        title=truncate(f"Narrative DNA: {title}", 256),
        description=truncate(str(data.get("logline") or dna.get("logline") or ""), 1000) or None,
        color=COLOR_INFO,
    )
    trust = data.get("trust")
    for name, value in dna_fields(dna, trust if isinstance(trust, Mapping) else None):
        if value:
            embed.add_field(name=name, value=truncate(value, 1024), inline=len(value) < 40)
    note = dna_note(data)
    if note:
        embed.add_field(name="About this reading", value=truncate(note, 1024), inline=False)
    extraction = part(dna, "extraction")
    method = data.get("method") or extraction.get("method")
    if method:
        confidence = extraction.get("confidence")
        how = "Claude" if method == "llm" else "offline analysis"
        footer = f"extracted by {how}"
        if isinstance(confidence, int | float):
            footer += f" · confidence {confidence:.2f}"
        embed.set_footer(text=footer)
    files = []
    chart = data.get("chart_png")
    if isinstance(chart, bytes | bytearray) and chart:
        filename = f"{data.get('id') or 'show'}-dna.png"
        files.append(FileSpec(filename=filename, data=bytes(chart)))
        embed.set_image(url=f"attachment://{filename}")
    return OutMessage(embeds=[embed], files=files)
