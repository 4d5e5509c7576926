from __future__ import annotations

import io
import json
from pathlib import Path

from screenplain.parsers import fountain as fountain_parser
from screenplain.types import Action, Dialog, Slug, Transition

from tests.unit.tools.transform import canned
from tools.transform.export import fountain_text, write_exports
from tools.transform.models import SceneDraft
from tools.transform.script import Script, WrittenScene


def _script(scenes: int = 2, *, incomplete: str | None = None) -> Script:
    story = canned.story(scenes).numbered()
    written = tuple(
        WrittenScene(plan=p, draft=canned.scene_for(p), attempts=1, cached=False)
        for p in story.outline.scenes
    )
    return Script(
        source_title="Friends",
        setting="a Mars colony in 2300",
        tone=None,
        rules=canned.rules(),
        story=story,
        scenes=written,
        incomplete_reason=incomplete,
    )


def _parse(text: str):  # type: ignore[no-untyped-def]
    return fountain_parser.parse(io.StringIO(text))


def test_fountain_parses_into_the_expected_headings_and_dialogue_blocks() -> None:
    script = _script(2)
    play = _parse(fountain_text(script))

    assert play.title_page["Title"] == ["Red Friends: The One With the Airlock"]
    assert play.title_page["Draft"] == ["complete, 2 scenes"]
    slugs = [p for p in play.paragraphs if isinstance(p, Slug)]
    assert [str(s.line) for s in slugs] == [
        "INT. DOME 1 GALLEY - NIGHT",
        "EXT. DOME 2 GALLEY - NIGHT",
    ]
    assert [str(s.scene_number) for s in slugs] == ["1", "2"]

    dialogs = [p for p in play.paragraphs if isinstance(p, Dialog)]
    expected = [e for s in script.scenes for e in s.draft.elements if e.kind == "dialogue"]
    assert len(dialogs) == len(expected)
    assert [str(d.character) for d in dialogs] == [e.character.upper() for e in expected]  # type: ignore[union-attr]
    first = dialogs[0].blocks
    assert first[0] == (True, first[0][1]) and str(first[0][1]) == "(quietly)"
    assert str(first[1][1]) == expected[0].text and first[1][0] is False
    assert sum(isinstance(p, Transition) for p in play.paragraphs) == 2


def test_text_that_looks_like_fountain_markup_stays_action() -> None:
    script = _script(1)
    plan = script.story.outline.scenes[0]
    tricky = SceneDraft.model_validate(
        {
            "elements": [
                {"kind": "action", "text": "INT. THE AIRLOCK opens by itself.", "beat": 1},
                {"kind": "action", "text": "SILENCE.", "beat": 1},
                {
                    "kind": "action",
                    "text": "# not a section [[nor a note]] /* nor boneyard",
                    "beat": 1,
                },
                {
                    "kind": "dialogue",
                    "character": "Mira",
                    "text": "Line one\n\nline two",
                    "beat": 2,
                },
                {
                    "kind": "dialogue",
                    "character": "Rook (V.O.)",
                    "parenthetical": "(whispering)",
                    "text": "Hi.",
                    "beat": 2,
                },
                {"kind": "transition", "text": "smash cut", "beat": 2},
            ],
            "key_frame": "An airlock.",
        }
    )
    script = Script(
        source_title="Friends",
        setting="Mars",
        tone=None,
        rules=script.rules,
        story=script.story,
        scenes=(WrittenScene(plan=plan, draft=tricky, attempts=1, cached=False),),
    )
    play = _parse(fountain_text(script))
    body = [p for p in play.paragraphs if not isinstance(p, Slug)]
    actions = [p for p in body if isinstance(p, Action) and not p.centered]
    assert [str(a.lines[0]) for a in actions] == [
        "INT. THE AIRLOCK opens by itself.",
        "SILENCE.",
        "# not a section nor a note  nor boneyard",
    ]
    assert sum(isinstance(p, Slug) for p in play.paragraphs) == 1
    dialogs = [p for p in body if isinstance(p, Dialog)]
    assert (
        str(dialogs[0].character) == "MIRA" and str(dialogs[0].blocks[0][1]) == "Line one line two"
    )
    assert str(dialogs[1].character) == "ROOK" and str(dialogs[1].blocks[0][1]) == "(whispering)"
    assert [str(p.line) for p in body if isinstance(p, Transition)] == ["SMASH CUT"]


def test_partial_script_is_marked_incomplete_in_every_export(tmp_path: Path) -> None:
    script = _script(2, incomplete="cancelled after 2 of 5 scenes")
    files = write_exports(script, tmp_path, "friends-mars-7")
    by_ext = {f.name.rsplit(".", 1)[1]: f.path for f in files}
    assert set(by_ext) == {"fountain", "md", "json"}
    play = _parse(by_ext["fountain"].read_text())
    assert play.title_page["Draft"] == ["INCOMPLETE, 2 of 2 scenes (cancelled after 2 of 5 scenes)"]
    assert "**Incomplete draft:** cancelled after 2 of 5 scenes" in by_ext["md"].read_text()
    data = json.loads(by_ext["json"].read_text())
    assert (
        data["complete"] is False and data["incomplete_reason"] == "cancelled after 2 of 5 scenes"
    )
    assert [s["heading"] for s in data["scenes"]] == [
        "INT. DOME 1 GALLEY - NIGHT",
        "EXT. DOME 2 GALLEY - NIGHT",
    ]
    assert not list(tmp_path.glob("*.tmp"))


def test_markdown_has_bible_rules_outline_and_the_script() -> None:
    from tools.transform.export import markdown_text

    text = markdown_text(_script(2))
    assert text.startswith("# Red Friends: The One With the Airlock\n")
    for heading in ("## Show bible", "## Transformation rules", "## Outline", "## Script"):
        assert heading in text
    assert "| Friend 1 | Rook | the neurotic host | hydroponics tech | loyalty |" in text
    assert "### 2. EXT. DOME 2 GALLEY - NIGHT" in text
    assert "**ROOK** *(quietly)*:" in text
