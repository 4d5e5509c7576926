"""Checking a synopsis and fitting it to the model's window without cutting anything off."""

from __future__ import annotations

import pytest

from core.result import ErrorCode
from tests.fakes import shared_embedder
from tools.narrative.text import (
    approx_tokens,
    clip_words,
    decode_attachment,
    pack_windows,
    sentence_chunks,
    split_sentences,
    validate_synopsis,
)


@pytest.mark.parametrize("text", ["", "   \n\t ", "Too short."])
def test_an_empty_synopsis_is_invalid_input(text: str) -> None:
    result = validate_synopsis(text, max_chars=60000)
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert "too short" in result.error.message


def test_a_100k_character_synopsis_is_refused_with_the_limit() -> None:
    result = validate_synopsis("A long story. " * 7200, max_chars=60000)
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert "100,799 characters" in result.error.message and "60,000" in result.error.message


def test_binary_bytes_are_refused_as_an_attachment() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    result = decode_attachment(png, max_bytes=1_000_000, max_chars=60000)
    assert result.error is not None and result.error.code is ErrorCode.INVALID_INPUT
    assert ".txt" in result.error.message
    nul_text = "A story\x00 with\x00 nul\x00 bytes in it, many of them\x00."
    assert validate_synopsis(nul_text, max_chars=60000).error is not None


def test_a_text_attachment_is_decoded_and_cleaned() -> None:
    data = "\ufeffA heist crew plans one last job.\r\n\r\nIt goes wrong.".encode()
    assert decode_attachment(data, max_bytes=1000, max_chars=1000).unwrap() == (
        "A heist crew plans one last job.\n\nIt goes wrong."
    )
    too_big = decode_attachment(b"x" * 2000, max_bytes=1000, max_chars=60000)
    assert too_big.error is not None and "2,000 bytes" in too_big.error.message


def test_sentences_split_on_punctuation_and_paragraphs_not_on_titles() -> None:
    text = 'Dr. Hale meets Mr. Stone in St. Louis. "Run!" she says.\n\nThen night falls'
    assert split_sentences(text) == [
        "Dr. Hale meets Mr. Stone in St. Louis.",
        '"Run!" she says.',
        "Then night falls",
    ]


def test_a_sentence_longer_than_the_window_is_split_and_nothing_is_lost() -> None:
    embedder = shared_embedder()
    words = [f"word{i}" for i in range(700)]
    long_sentence = " ".join(words) + "."
    sentences = ["A short opening.", long_sentence, "A short ending."]
    chunks = sentence_chunks(sentences, count_tokens=embedder.count_tokens, max_tokens=256)
    assert len(chunks) > 3
    assert all(embedder.count_tokens(c.text) <= 256 for c in chunks)
    middle = [c.text for c in chunks if c.sentence == 1]
    assert " ".join(middle) == long_sentence
    assert chunks[0].sentence == 0 and chunks[-1].sentence == 2


def test_long_texts_pack_into_windows_of_whole_sentences() -> None:
    embedder = shared_embedder()
    text = " ".join(f"Sentence number {i} tells a little more of the story." for i in range(80))
    windows = pack_windows(text, count_tokens=embedder.count_tokens, max_tokens=256)
    assert len(windows) > 1
    assert all(embedder.count_tokens(w) <= 256 for w in windows)
    assert " ".join(windows) == text
    assert pack_windows("Short.", count_tokens=embedder.count_tokens, max_tokens=256) == ["Short."]


def test_the_offline_token_estimate_never_undercounts() -> None:
    embedder = shared_embedder()
    samples = [
        "Walter White, a chemistry teacher, learns he has cancer.",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism!",
        "Ünïcödé naïve café — “quotes” and 1990s-era numbers: 3.14159.",
    ]
    for text in samples:
        assert approx_tokens(text) >= embedder.count_tokens(text), text


def test_clipping_for_display_is_visible() -> None:
    assert clip_words("one two three four", 2) == "one two …"
    assert clip_words("one two", 5) == "one two"
