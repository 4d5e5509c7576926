"""Text hygiene shared by Discord and the console: what a member types is folded (NFKC) and
cleaned, and a reply never echoes a long text back, only its length."""

from __future__ import annotations

from core.text_input import clean, clean_options, length_problem, quote


def test_full_width_and_compatibility_forms_fold_to_plain_text() -> None:
    assert clean("Ｂｒｅａｋｉｎｇ Ｂａｄ") == "Breaking Bad"
    assert clean("ﬁre ① ") == "fire 1 "


def test_control_characters_go_but_lines_tabs_and_emoji_joiners_stay() -> None:
    assert clean("a\x1b[31mred\x07 fox\u200b") == "a[31mred fox"
    assert clean("line one\nline\ttwo") == "line one\nline\ttwo"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean(family) == family


def test_only_text_options_are_cleaned() -> None:
    assert clean_options({"title": "Ｆａｒｇｏ", "count": 2, "storyboard": True}) == {
        "title": "Fargo",
        "count": 2,
        "storyboard": True,
    }


def test_a_long_text_is_quoted_by_its_start_and_its_length() -> None:
    assert quote("a fox") == "“a fox”"
    shown = quote("x" * 5000)
    assert shown.endswith("(5000 characters)")
    assert len(shown) < 100


def test_length_problem_names_the_length_not_the_text() -> None:
    assert length_problem("prompt", "short", 10) is None
    problem = length_problem("prompt", "y" * 7000, 6000)
    assert problem is not None
    assert "7000 characters" in problem and "6000" in problem and "yyyy" not in problem
