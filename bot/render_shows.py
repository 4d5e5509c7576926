"""How shows look in Discord: the similar-shows list with a one-line "why" per match, and a
show's narrative DNA as an embed with its chart attached.

The tools return structured data (labels are vocabulary ids such as `loyalty_and_betrayal`);
the words a member reads are made here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord

from bot.render import COLOR_INFO, truncate
from bot.render_types import FileSpec, OutMessage
from bot.show_text import FACET_WORDS, dna_fields, dna_note, label, part, why_line

__all__ = ["show_dna", "similar_shows"]


def similar_shows(data: Any) -> OutMessage:
    data = data if isinstance(data, Mapping) else {"results": data}
    query = str(data.get("query") or "")
    results = data.get("results") or data.get("matches") or []
    facet = data.get("facet")
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
        why = why_line(item.get("why"))
        lines.append(f"{heading}\n{truncate(why, 300)}" if why else heading)
    embed = discord.Embed(
        title=title, description=truncate("\n".join(lines), 4000), color=COLOR_INFO
    )
    if facet and facet != "all":
        embed.set_footer(text=f"compared on {FACET_WORDS.get(str(facet), label(facet))}")
    return OutMessage(embeds=[embed])


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
