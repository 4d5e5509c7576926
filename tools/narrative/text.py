"""Synopsis text: checking what a user sent, splitting it into sentences, and fitting pieces to the
embedding model's 256-token window without ever cutting text off silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.result import ErrorCode, StepResult

__all__ = [
    "TokenCounter",
    "approx_tokens",
    "clip_words",
    "decode_attachment",
    "pack_windows",
    "sentence_chunks",
    "split_sentences",
    "validate_synopsis",
]

TokenCounter = Callable[[str], int]

MIN_SYNOPSIS_CHARS = 20
# Control characters other than newline/tab/carriage return are a sign of a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Prof.", "Lt.", "Capt.", "vs.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_SPACE = re.compile(r"\s+")
_PLACEHOLDER = "\x1e"


def clip_words(text: str, max_words: int) -> str:
    """A short display form (summaries, evidence) with a visible "…" when shortened. Only for
    text shown to people: what is embedded is never clipped."""
    words = text.split()
    clipped = " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")
    return clipped[:590] + (" …" if len(clipped) > 590 else "")


def looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad > max(2, len(sample) // 100)


def validate_synopsis(text: str, *, max_chars: int) -> StepResult[str]:
    """The text, whitespace-normalised, or INVALID_INPUT saying what to change."""
    if looks_binary(text):
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            "That looks like a binary file, not text. Paste the synopsis or attach a plain .txt "
            "file.",
        )
    cleaned = "\n\n".join(
        _SPACE.sub(" ", p).strip() for p in _PARAGRAPH.split(text.strip()) if p.strip()
    )
    if len(cleaned) < MIN_SYNOPSIS_CHARS:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            "The synopsis is empty or too short: give a few sentences about the story "
            f"(at least {MIN_SYNOPSIS_CHARS} characters).",
        )
    if len(cleaned) > max_chars:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"The synopsis is {len(cleaned):,} characters long; the limit is {max_chars:,}. "
            "Shorten it to the main story.",
        )
    return StepResult.success(cleaned)


def decode_attachment(data: bytes, *, max_bytes: int, max_chars: int) -> StepResult[str]:
    """An attached .txt file as text (UTF-8, with or without a byte-order mark)."""
    if len(data) > max_bytes:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            f"The file is {len(data):,} bytes; the limit is {max_bytes:,}. Attach a shorter "
            ".txt file.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return StepResult.failure(
            ErrorCode.INVALID_INPUT,
            "That file is not UTF-8 text (it may be a binary or a document file). Save the "
            "synopsis as a plain .txt file and attach that.",
        )
    return validate_synopsis(text, max_chars=max_chars)


def split_sentences(text: str) -> list[str]:
    """Sentences in order; paragraphs always end a sentence."""
    sentences: list[str] = []
    for raw_paragraph in _PARAGRAPH.split(text):
        paragraph = _SPACE.sub(" ", raw_paragraph).strip()
        if not paragraph:
            continue
        protected = paragraph
        for abbreviation in _ABBREVIATIONS:
            protected = protected.replace(abbreviation, abbreviation[:-1] + _PLACEHOLDER)
        for raw in _SENTENCE_END.split(protected):
            piece = raw.replace(_PLACEHOLDER, ".").strip()
            if piece:
                sentences.append(piece)
    return sentences


def approx_tokens(text: str) -> int:
    """A safe over-estimate of word-piece tokens when no tokenizer is at hand: long words split
    into several pieces, punctuation counts on its own, plus the two special tokens."""
    pieces = 2
    for word in text.split():
        letters = sum(ch.isalnum() for ch in word)
        pieces += max(1, math.ceil(letters / 3)) + (len(word) - letters)
    return pieces


@dataclass(frozen=True, slots=True)
class Chunk:
    text: str
    sentence: int  # index of the sentence it came from


def _split_to_fit(sentence: str, count: TokenCounter, max_tokens: int) -> list[str]:
    words = sentence.split()
    pieces: list[str] = []
    start = 0
    while start < len(words):
        # Grow the window while it fits; a single over-long "word" still becomes its own piece
        # and is split by characters below.
        end = start + 1
        while end < len(words) and count(" ".join(words[start : end + 1])) <= max_tokens:
            end += 1
        piece = " ".join(words[start:end])
        if count(piece) > max_tokens:
            step = max(1, len(piece) // (count(piece) // max_tokens + 1))
            pieces.extend(piece[i : i + step] for i in range(0, len(piece), step))
        else:
            pieces.append(piece)
        start = end
    return pieces


def sentence_chunks(
    sentences: Sequence[str], *, count_tokens: TokenCounter, max_tokens: int
) -> list[Chunk]:
    """One chunk per sentence, and a sentence too long for the model becomes several chunks,
    each within `max_tokens`, so every word is embedded."""
    chunks: list[Chunk] = []
    for index, sentence in enumerate(sentences):
        if count_tokens(sentence) <= max_tokens:
            chunks.append(Chunk(sentence, index))
        else:
            chunks.extend(
                Chunk(p, index) for p in _split_to_fit(sentence, count_tokens, max_tokens)
            )
    return chunks


def pack_windows(text: str, *, count_tokens: TokenCounter, max_tokens: int) -> list[str]:
    """A long text as consecutive windows of whole sentences, each within `max_tokens` (a text
    that fits is one window). Vectors of the windows are averaged by the caller."""
    if count_tokens(text) <= max_tokens:
        return [text]
    pieces = [
        c.text
        for c in sentence_chunks(
            split_sentences(text), count_tokens=count_tokens, max_tokens=max_tokens
        )
    ]
    windows: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}".strip()
        if current and count_tokens(candidate) > max_tokens:
            windows.append(current)
            current = piece
        else:
            current = candidate
    if current:
        windows.append(current)
    return windows
