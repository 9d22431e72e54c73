"""Sentences never cross a paragraph: one paragraph per line in the articles we ingest."""

from __future__ import annotations

import pytest

from services.nlp.sentences import paragraph_sentences


def split(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s["start"]:s["end"]] for s in paragraph_sentences(text, spans)]


@pytest.mark.unit
def test_a_model_sentence_spanning_two_paragraphs_is_cut_at_the_line_break() -> None:
    text = "Mali mourns its soldiers\nForty-nine were killed on Friday. The army said so."
    second = text.index("The army")
    assert split(text, [(0, second - 1), (second, len(text))]) == [
        "Mali mourns its soldiers", "Forty-nine were killed on Friday.", "The army said so."]


@pytest.mark.unit
def test_blank_lines_and_surrounding_whitespace_are_trimmed() -> None:
    text = "  First paragraph.\n\n  Second paragraph.  \n"
    assert split(text, [(0, len(text))]) == ["First paragraph.", "Second paragraph."]


@pytest.mark.unit
def test_a_hard_wrapped_line_inside_a_sentence_stays_one_sentence() -> None:
    text = "The recount covers two states narrowly won by\n   the president-elect."
    assert split(text, [(0, len(text))]) == [text]


def test_a_long_run_of_blanks_without_a_line_break_is_one_sentence() -> None:
    # the break pattern once retried the run at every blank: 100 KB of spaces took about 30 s
    text = "Mali " + " " * 100_000 + " killed 5"
    assert paragraph_sentences(text, [(0, len(text))]) == [{"start": 0, "end": len(text)}]


def test_blanks_before_a_line_break_still_end_the_sentence() -> None:
    text = "Gunmen attacked.   \nThey fled."
    assert paragraph_sentences(text, [(0, len(text))]) == [{"start": 0, "end": 16}, {"start": 20, "end": 30}]
