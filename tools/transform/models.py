"""What Claude fills at each stage (pydantic-validated structured output) and what a run produces.

The schemas double as the forced tool's input schema, so field descriptions are instructions the
model reads. Cross-field rules that pydantic can check (dialogue has a speaker, the outline only
uses characters of the bible) live here, so the port's one repair retry sees them as validation
errors; rules that need the outline (beats covered, length for the runtime) live in validate.py.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

__all__ = [
    "BibleAndOutline",
    "BibleCharacter",
    "CharacterMapping",
    "EpisodeOutline",
    "OutlineScene",
    "SceneDraft",
    "SceneElement",
    "SettingMapping",
    "ShowBible",
    "TransformRules",
    "bible_and_outline_schema",
    "cue_name",
]


_SCHEMAS: dict[tuple[type[BaseModel], str], dict[str, Any]] = {}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Generated once per class: the LLM adapter asks for the tool schema on every call, and
        building it takes milliseconds, on the critical path of every scene."""
        key = (cls, repr((args, sorted(kwargs.items()))))
        schema = _SCHEMAS.get(key)
        if schema is None:
            schema = _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(schema)


# -- stage 1: transformation rules ---------------------------------------------------------------
class SettingMapping(_Model):
    era: str = Field(min_length=1, max_length=200, description="When the new version takes place.")
    place: str = Field(min_length=1, max_length=300, description="Where it takes place.")
    visual_changes: list[str] = Field(
        min_length=1, max_length=10, description="What looks different: sets, costume, props."
    )
    cultural_changes: list[str] = Field(
        min_length=1, max_length=10, description="Customs, technology, social rules that change."
    )


class CharacterMapping(_Model):
    source_character: str = Field(min_length=1, max_length=120)
    new_name: str = Field(min_length=1, max_length=60, description="Name in the new setting.")
    archetype: str = Field(min_length=1, max_length=120, description="Kept from the source.")
    role: str = Field(min_length=1, max_length=200, description="Kept from the source.")
    occupation: str = Field(min_length=1, max_length=200, description="Updated for the setting.")
    motivation: str = Field(min_length=1, max_length=300, description="Updated for the setting.")
    must_not_change: list[str] = Field(
        min_length=1, max_length=6, description="Traits that make the character who they are."
    )


class TransformRules(_Model):
    """The rules for moving the show into the new setting: what changes and what must not."""

    setting: SettingMapping
    characters: list[CharacterMapping] = Field(min_length=1, max_length=12)
    tone_mapping: str = Field(
        min_length=1, max_length=600, description="How the humour and tone translate."
    )
    conflict_modernisation: str = Field(
        min_length=1, max_length=600, description="How the core conflicts become this world's."
    )
    new_possibilities: list[str] = Field(
        min_length=1, max_length=8, description="Stories the new setting makes possible."
    )
    avoid: list[str] = Field(
        default_factory=list,
        max_length=8,
        description="Elements of the influence shows this version must not copy.",
    )


# -- stage 2: show bible and episode outline -----------------------------------------------------
class BibleCharacter(_Model):
    name: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1, max_length=400)
    voice: str = Field(min_length=1, max_length=200, description="How they talk.")


class ShowBible(_Model):
    title: str = Field(min_length=1, max_length=120, description="The new version's title.")
    premise: str = Field(min_length=1, max_length=800)
    world: str = Field(min_length=1, max_length=800)
    tone: str = Field(min_length=1, max_length=300)
    characters: list[BibleCharacter] = Field(min_length=1, max_length=16)


class OutlineScene(_Model):
    number: int = Field(ge=1, le=12)
    int_ext: Literal["INT", "EXT", "INT/EXT"]
    location: str = Field(min_length=1, max_length=80)
    time_of_day: str = Field(min_length=1, max_length=30, description="DAY, NIGHT, MORNING...")
    plot: Literal["A", "B"] = "A"
    source_beat: str = Field(
        min_length=1, max_length=200, description="The source show's DNA beat this scene plays."
    )
    characters: list[str] = Field(min_length=1, max_length=10, description="Bible names only.")
    purpose: str = Field(min_length=1, max_length=400)
    beats: list[str] = Field(min_length=1, max_length=6, description="What happens, in order.")
    runtime_min: float = Field(ge=0.5, le=10, description="Estimated screen time in minutes.")

    @property
    def heading(self) -> str:
        place = self.int_ext.replace("INT/EXT", "INT./EXT")
        return f"{place}. {self.location.upper()} - {self.time_of_day.upper()}"


class EpisodeOutline(_Model):
    episode_title: str = Field(min_length=1, max_length=120)
    logline: str = Field(min_length=1, max_length=400)
    a_plot: str = Field(min_length=1, max_length=600)
    b_plot: str = Field(min_length=1, max_length=600)
    scenes: list[OutlineScene] = Field(min_length=1, max_length=12)


class BibleAndOutline(_Model):
    """The new version's show bible and the outline of one episode, scene by scene."""

    bible: ShowBible
    outline: EpisodeOutline

    @model_validator(mode="after")
    def _cast_is_known(self) -> BibleAndOutline:
        known = {cue_name(c.name) for c in self.bible.characters}
        for scene in self.outline.scenes:
            strangers = [n for n in scene.characters if cue_name(n) not in known]
            if strangers:
                raise ValueError(
                    f"scene {scene.number} uses {', '.join(strangers)}, who are not in the bible:"
                    " add them to bible.characters or use bible names"
                )
        return self

    def numbered(self) -> BibleAndOutline:
        """Scenes numbered 1..N in order, whatever numbers the model wrote."""
        scenes = [s.model_copy(update={"number": i}) for i, s in enumerate(self.outline.scenes, 1)]
        return self.model_copy(
            update={"outline": self.outline.model_copy(update={"scenes": scenes})}
        )


@lru_cache(maxsize=12)
def bible_and_outline_schema(scenes: int) -> type[BibleAndOutline]:
    """The outline schema with exactly `scenes` scenes, so a wrong count is a validation error the
    structured-output repair retry can fix, rather than something to patch afterwards."""
    outline = create_model(
        "EpisodeOutline",
        __base__=EpisodeOutline,
        __doc__=EpisodeOutline.__doc__,
        scenes=(list[OutlineScene], Field(min_length=scenes, max_length=scenes)),
    )
    return create_model(
        "BibleAndOutline",
        __base__=BibleAndOutline,
        __doc__=BibleAndOutline.__doc__,
        outline=(outline, ...),
    )


# -- stage 3: one scene --------------------------------------------------------------------------
class SceneElement(_Model):
    kind: Literal["action", "dialogue", "transition"]
    text: str = Field(min_length=1, max_length=1500)
    character: str | None = Field(
        default=None, max_length=60, description="Speaker (bible name); dialogue only."
    )
    parenthetical: str | None = Field(
        default=None, max_length=80, description="A short delivery note; dialogue only."
    )
    beat: int = Field(ge=1, le=6, description="Which of the scene's beats (1-based) this serves.")

    @model_validator(mode="after")
    def _speaker(self) -> SceneElement:
        if self.kind == "dialogue" and not (self.character and self.character.strip()):
            raise ValueError("a dialogue element needs its speaker in `character`")
        if self.kind != "dialogue" and (self.character or self.parenthetical):
            raise ValueError("only dialogue elements have a `character` or `parenthetical`")
        return self


class SceneDraft(_Model):
    """One scene of the episode as screenplay elements (action, dialogue, transition)."""

    elements: list[SceneElement] = Field(min_length=2, max_length=160)
    key_frame: str = Field(
        min_length=1,
        max_length=400,
        description="One sentence describing the scene's key image, for a storyboard frame.",
    )

    @property
    def words(self) -> int:
        return sum(len(e.text.split()) for e in self.elements)

    @property
    def speakers(self) -> list[str]:
        return [e.character for e in self.elements if e.kind == "dialogue" and e.character]


def cue_name(name: str) -> str:
    """A speaker as a character cue compares: upper case, without an extension like (V.O.)."""
    return name.split("(", 1)[0].strip().upper()
