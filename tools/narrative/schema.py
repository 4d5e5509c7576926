"""The narrative DNA of a work: a versioned, validated description of what a story is made of.

Labels (genres, themes, tones, archetypes, tropes, beats, ...) must come from the project's
vocabularies (tools/narrative/data/vocabulary.json); the JSON schema lists them as enums, so Claude
sees the allowed values and a wrong one fails validation with a message naming the allowed set.
Bump SCHEMA_VERSION when a stored DNA would no longer validate: the vector collection name carries
it, so old and new DNAs never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from tools.narrative.vocab import Framework, vocabulary

__all__ = [
    "SCHEMA_VERSION",
    "SOURCED_FIELDS",
    "Beat",
    "Character",
    "Conflict",
    "DnaBody",
    "Evidence",
    "Extraction",
    "FieldSource",
    "NarrativeDNA",
    "Outcome",
    "Setting",
    "Structure",
    "ThemeScore",
    "Tone",
    "TurningPoint",
    "WorkRef",
]

SCHEMA_VERSION: Literal[1] = 1

Medium = Literal["tv_series", "film", "novel", "play", "game", "other"]


def _normalise(value: Any) -> Any:
    # Models and people write "Save the Cat" or "coming-of-age"; ids are snake_case.
    if isinstance(value, str):
        return value.strip().lower().replace("-", "_").replace(" ", "_")
    return value


def _member(kind: str) -> Callable[[str], str]:
    allowed = vocabulary().ids(kind)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of the {kind}: {', '.join(allowed)}")
        return value

    return check


def _enum(kind: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(vocabulary().ids(kind))})


GenreId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("genres")), _enum("genres")
]
ThemeId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("themes")), _enum("themes")
]
ToneId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("tones")), _enum("tones")
]
ArchetypeId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("archetypes")), _enum("archetypes")
]
TropeId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("tropes")), _enum("tropes")
]
RoleId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("roles")), _enum("roles")
]
ArcId = Annotated[str, BeforeValidator(_normalise), AfterValidator(_member("arcs")), _enum("arcs")]
EraId = Annotated[str, BeforeValidator(_normalise), AfterValidator(_member("eras")), _enum("eras")]
WorldTypeId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("world_types")), _enum("world_types")
]
OutcomeId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("outcomes")), _enum("outcomes")
]
ConflictId = Annotated[
    str, BeforeValidator(_normalise), AfterValidator(_member("conflicts")), _enum("conflicts")
]
FrameworkId = Annotated[Framework, BeforeValidator(_normalise)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
ShortText = Annotated[str, Field(min_length=1, max_length=600)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class WorkRef(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,119}$")
    title: str = Field(min_length=1, max_length=200)
    medium: Medium = "tv_series"
    year: int | None = Field(default=None, ge=1800, le=2100)
    source: str | None = Field(default=None, max_length=300)  # "starter catalog", "a member"...
    licence: str | None = Field(default=None, max_length=120)


class Evidence(_Model):
    """A sentence of the synopsis that supports a label (its index when known)."""

    text: ShortText
    sentence: int | None = Field(default=None, ge=0)
    score: Unit | None = None


class ThemeScore(_Model):
    id: ThemeId
    score: Unit
    evidence: list[Evidence] = Field(default_factory=list, max_length=3)


class Tone(_Model):
    labels: list[ToneId] = Field(min_length=1, max_length=4)
    valence: float = Field(ge=-1.0, le=1.0)  # bleak -1 .. uplifting +1
    intensity: Unit  # calm 0 .. relentless 1

    _dedupe = field_validator("labels")(_unique)


class Beat(_Model):
    id: str = Field(min_length=1, max_length=60)
    position: Unit  # where in the story it happens
    summary: ShortText
    # How clearly the text shows this beat (1 = stated outright). Beats a framework expects but
    # the text barely supports stay, with a low confidence, so the timeline is complete.
    confidence: Unit = 1.0

    _norm = field_validator("id", mode="before")(_normalise)


class TurningPoint(_Model):
    beat: str = Field(min_length=1, max_length=60)
    position: Unit
    summary: ShortText

    _norm = field_validator("beat", mode="before")(_normalise)


class Structure(_Model):
    framework: FrameworkId
    beats: list[Beat] = Field(min_length=1, max_length=20)
    turning_points: list[TurningPoint] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _beats_of_framework(self) -> Structure:
        allowed = vocabulary().beat_ids(self.framework)
        names = [b.id for b in self.beats] + [t.beat for t in self.turning_points]
        wrong = sorted({n for n in names if n not in allowed})
        if wrong:
            raise ValueError(
                f"beats {', '.join(wrong)} are not beats of {self.framework}; "
                f"use: {', '.join(allowed)}"
            )
        return self

    @field_validator("beats")
    @classmethod
    def _in_order(cls, beats: list[Beat]) -> list[Beat]:
        return sorted(beats, key=lambda b: b.position)


class Outcome(_Model):
    type: OutcomeId
    summary: ShortText


class Character(_Model):
    # None when the text never names them ("a chemistry teacher").
    name: str | None = Field(default=None, max_length=100)
    role: RoleId
    archetype: ArchetypeId
    arc: ArcId
    want: str = Field(default="", max_length=400)  # the outer goal
    need: str = Field(default="", max_length=400)  # the inner lesson


class Setting(_Model):
    era: EraId
    place: str = Field(min_length=1, max_length=200)
    world_type: WorldTypeId


class Conflict(_Model):
    type: ConflictId
    summary: ShortText


# Where one field of a DNA came from: the catalog's curated facts, words the text states outright
# ("in 1983", "Light, warm and quotable"), words that only hint at the era ("online", "in a world
# where..."), the production year ("set when it was made"), or the offline reader's zero-shot
# guess (a field a guess filled in is not shown as a fact).
FieldSource = Literal["catalog", "text", "hint", "year", "guess"]
# The DNA fields whose source is recorded.
SOURCED_FIELDS = (
    "characters",
    "genres",
    "setting.place",
    "setting.era",
    "tone",
    "themes",
    "tropes",
)


class Extraction(_Model):
    method: Literal["heuristic", "llm"]
    model: str = Field(min_length=1, max_length=100)
    prompt_version: str = Field(min_length=1, max_length=40)
    confidence: Unit
    created_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))
    # An offline reading standing in for Claude, which failed (busy, down, unrepairable output):
    # shown and searchable, never cached as final; the next request for the show asks Claude
    # again.
    provisional: bool = False
    # Per field (SOURCED_FIELDS) where the offline reader took it from; empty for Claude's DNAs
    # and for DNAs stored before sources were recorded.
    sources: dict[str, FieldSource] = Field(default_factory=dict)

    @field_validator("sources")
    @classmethod
    def _known_fields(cls, sources: dict[str, FieldSource]) -> dict[str, FieldSource]:
        unknown = sorted(set(sources) - set(SOURCED_FIELDS))
        if unknown:
            raise ValueError(f"sources for {', '.join(unknown)}: use {', '.join(SOURCED_FIELDS)}")
        return sources


class DnaBody(_Model):
    """What an extractor fills in; `NarrativeDNA` adds the work and how it was extracted."""

    logline: ShortText
    genres: list[GenreId] = Field(min_length=1, max_length=6)
    tone: Tone
    themes: list[ThemeScore] = Field(min_length=1, max_length=8)
    structure: Structure
    outcome: Outcome
    characters: list[Character] = Field(default_factory=list, max_length=12)
    setting: Setting
    central_conflict: Conflict
    tropes: list[TropeId] = Field(default_factory=list, max_length=8)

    _dedupe = field_validator("genres", "tropes")(_unique)

    @field_validator("themes")
    @classmethod
    def _themes_once(cls, themes: list[ThemeScore]) -> list[ThemeScore]:
        seen: set[str] = set()
        kept = []
        for theme in sorted(themes, key=lambda t: -t.score):
            if theme.id not in seen:
                seen.add(theme.id)
                kept.append(theme)
        return kept


class NarrativeDNA(DnaBody):
    schema_version: Literal[1] = SCHEMA_VERSION
    work: WorkRef
    extraction: Extraction

    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def archetypes(self) -> list[str]:
        return _unique([c.archetype for c in self.characters])

    def beat_functions(self, min_confidence: float = 0.5) -> list[str]:
        """What the clearly present beats do (inciting, midpoint, climax...): comparable across
        frameworks."""
        vocab = vocabulary()
        return _unique(
            [
                vocab.beat(self.structure.framework, b.id).function
                for b in self.structure.beats
                if b.confidence >= min_confidence
            ]
        )
