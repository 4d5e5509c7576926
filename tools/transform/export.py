"""Script exports: Fountain (the plain-text screenplay format), Markdown and JSON files.

Fountain reference: https://fountain.io/syntax. Text written by the model is escaped where the
format would misread it: an action paragraph in capitals would become a character cue, a line
starting with `INT.` a scene heading, so such paragraphs are forced to action with `!`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tools.transform.models import SceneElement, cue_name
from tools.transform.script import Script, WrittenScene

__all__ = ["ExportedFile", "fountain_text", "markdown_text", "slug", "write_exports"]

_SLUG_RE = re.compile(r"[^a-z0-9]+")
_HEADING_LIKE = re.compile(r"^\s*(INT|EXT|EST|INT\.?/EXT|I/E)[ .]", re.IGNORECASE)
# Fountain markup at the start of a paragraph: forced heading, transition, centered text,
# section, synopsis, lyric, forced character, forced action, page break.
_MARKUP_START = re.compile(r"^\s*(\.(?!\.)|>|=|#|~|@|!)")
_NOTE_OR_BONEYARD = re.compile(r"\[\[|\]\]|/\*|\*/")
_MIME = {"fountain": "text/plain", "md": "text/markdown", "json": "application/json"}


@dataclass(frozen=True, slots=True)
class ExportedFile:
    name: str
    path: Path
    mime: str
    size: int

    def ref(self) -> dict[str, object]:
        return {"name": self.name, "path": str(self.path), "mime": self.mime, "bytes": self.size}


def slug(text: str, limit: int = 40) -> str:
    return _SLUG_RE.sub("-", text.casefold()).strip("-")[:limit].strip("-") or "script"


def write_exports(script: Script, directory: Path, stem: str) -> list[ExportedFile]:
    """Write the three files; blocking file I/O, so callers run it off the event loop."""
    directory.mkdir(parents=True, exist_ok=True)
    texts = {
        "fountain": fountain_text(script),
        "md": markdown_text(script),
        "json": json.dumps(script.to_json(), ensure_ascii=False, indent=2) + "\n",
    }
    files: list[ExportedFile] = []
    for ext, text in texts.items():
        path = directory / f"{stem}.{ext}"
        data = text.encode("utf-8")
        tmp = path.with_suffix(f".{ext}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # readers never see half a file
        files.append(ExportedFile(path.name, path, _MIME[ext], len(data)))
    return files


# -- Fountain ------------------------------------------------------------------------------------
def fountain_text(script: Script) -> str:
    parts = [_title_page(script)]
    for scene in script.scenes:
        parts.append(_fountain_scene(scene))
    if not script.complete:
        parts.append(f"> END OF PARTIAL SCRIPT: {_clean(script.incomplete_reason or '')} <")
    else:
        parts.append("> THE END <")
    return "\n\n".join(parts) + "\n"


def _title_page(script: Script) -> str:
    bible, outline = script.story.bible, script.story.outline
    lines = [
        f"Title: {_one_line(bible.title)}: {_one_line(outline.episode_title)}",
        f"Credit: re-imagined from {_one_line(script.source_title)}",
        f"Source: {_one_line(script.source_title)}, moved to {_one_line(script.setting)}",
        f"Logline: {_one_line(outline.logline)}",
    ]
    if script.complete:
        lines.append(f"Draft: complete, {len(script.scenes)} scenes")
    else:
        lines.append(
            f"Draft: INCOMPLETE, {len(script.scenes)} of {script.planned} scenes"
            f" ({_one_line(script.incomplete_reason or '')})"
        )
    failed = script.failed_validation
    if failed:
        numbers = ", ".join(str(s.number) for s in failed)
        lines.append(f"Notes: scene(s) {numbers} did not pass validation; see the notes in them")
    return "\n".join(lines)


def _fountain_scene(scene: WrittenScene) -> str:
    blocks = [f"{scene.plan.heading} #{scene.number}#"]
    if scene.problems:
        blocks.append(f"[[validation: {_clean('; '.join(scene.problems))}]]")
    for element in scene.draft.elements:
        blocks.append(_fountain_element(element))
    return "\n\n".join(b for b in blocks if b)


def _fountain_element(element: SceneElement) -> str:
    if element.kind == "dialogue":
        return _dialogue(element)
    if element.kind == "transition":
        text = _one_line(element.text).upper().rstrip()
        return text if text.endswith("TO:") else f"> {text}"
    return _action(element.text)


def _dialogue(element: SceneElement) -> str:
    name = cue_name(element.character or "")
    cue = name if name.isupper() else f"@{name}"
    lines = [cue]
    if element.parenthetical:
        note = _one_line(element.parenthetical).strip("() ")
        if note:
            lines.append(f"({note})")
    # Dialogue is one block: a blank line would end it, so line breaks become spaces.
    lines.append(_one_line(element.text) or "...")
    return "\n".join(lines)


def _action(text: str) -> str:
    lines = [line.rstrip() for line in _clean(text).splitlines() if line.strip()]
    if not lines:
        return ""
    first = lines[0]
    letters = [ch for ch in " ".join(lines) if ch.isalpha()]
    shouting = bool(letters) and all(ch.isupper() for ch in letters)
    if shouting or _HEADING_LIKE.match(first) or _MARKUP_START.match(first):
        lines[0] = "!" + first.lstrip("!")
    return "\n".join(lines)


def _clean(text: str) -> str:
    return _NOTE_OR_BONEYARD.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


# -- Markdown ------------------------------------------------------------------------------------
def markdown_text(script: Script) -> str:
    bible, outline, rules = script.story.bible, script.story.outline, script.rules
    out = [f"# {bible.title}: {outline.episode_title}", ""]
    out.append(f"*{script.source_title}, re-imagined as {script.setting}.*")
    if not script.complete:
        out += [
            "",
            f"> **Incomplete draft:** {script.incomplete_reason}. {len(script.scenes)} of"
            f" {script.planned} scenes written.",
        ]
    out += ["", f"**Logline:** {outline.logline}", "", "## Show bible", "", bible.premise, ""]
    out += [f"**World:** {bible.world}", "", f"**Tone:** {bible.tone}", "", "### Characters", ""]
    out += [f"- **{c.name}**: {c.description} *Voice:* {c.voice}" for c in bible.characters]
    out += ["", "## Transformation rules", ""]
    out += [f"- **Era:** {rules.setting.era}", f"- **Place:** {rules.setting.place}"]
    out += [f"- **Tone:** {rules.tone_mapping}", f"- **Conflict:** {rules.conflict_modernisation}"]
    out += [f"- **Possible now:** {'; '.join(rules.new_possibilities)}", ""]
    out += [
        "| Source | New | Archetype | Occupation | Never changes |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [
        f"| {_cell(c.source_character)} | {_cell(c.new_name)} | {_cell(c.archetype)} |"
        f" {_cell(c.occupation)} | {_cell(', '.join(c.must_not_change))} |"
        for c in rules.characters
    ]
    out += [
        "",
        "## Outline",
        "",
        f"**A plot:** {outline.a_plot}",
        "",
        f"**B plot:** {outline.b_plot}",
    ]
    out.append("")
    for plan in outline.scenes:
        out.append(
            f"{plan.number}. **{plan.heading}** ({plan.plot} plot, ~{plan.runtime_min:g} min)"
        )
        out.append(f"   {plan.purpose} *Source beat:* {plan.source_beat}")
    out += ["", "## Script", ""]
    for scene in script.scenes:
        out += _markdown_scene(scene)
    return "\n".join(out).rstrip() + "\n"


def _markdown_scene(scene: WrittenScene) -> list[str]:
    out = [f"### {scene.number}. {scene.plan.heading}", ""]
    if scene.problems:
        out += [f"> Did not pass validation: {'; '.join(scene.problems)}", ""]
    for e in scene.draft.elements:
        if e.kind == "dialogue":
            paren = f" *({e.parenthetical.strip('() ')})*" if e.parenthetical else ""
            out.append(f"**{cue_name(e.character or '')}**{paren}: {_one_line(e.text)}")
        elif e.kind == "transition":
            out.append(f"*{_one_line(e.text).upper()}*")
        else:
            out.append(f"_{_one_line(e.text)}_")
        out.append("")
    return out


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "/")
