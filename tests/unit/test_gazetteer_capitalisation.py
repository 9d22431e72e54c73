"""Capitalised ordinary words ("Snow", "Farmers") are no places where only their position capitalises
them; real towns keep their mentions."""

from __future__ import annotations

from typing import Any

import pytest

from services.gazetteer.capitalisation import (
    capitalised_by_position,
    in_capitalised_run,
    in_title_case_line,
    starts_sentence,
    written_as_name_elsewhere,
)

pytestmark = pytest.mark.unit
ORDINARY = frozenset({"the", "in", "county", "river"})


def _found(matcher: Any, text: str) -> list[str]:
    return [mention["text"] for mention in matcher.find(text, "en")]


def test_a_sentence_start_is_a_position() -> None:
    text = 'It was cold. "Snow fell." Rain\nfollowed'
    assert starts_sentence(text, 0)
    assert starts_sentence(text, text.index("Snow"))
    assert starts_sentence(text, text.index("Rain"))
    assert not starts_sentence(text, text.index("cold"))


def test_a_word_of_a_longer_name_is_in_a_run_but_not_beside_a_function_word_or_an_acronym() -> None:
    text = "the Clean Air Act; in Superior County; the NY Plum lab"
    air = text.index("Air")
    assert in_capitalised_run(text, air, air + 3, ORDINARY)
    superior = text.index("Superior")
    assert not in_capitalised_run(text, superior, superior + 8, ORDINARY)
    plum = text.index("Plum")
    assert not in_capitalised_run(text, plum, plum + 4, ORDINARY)


def test_a_title_case_headline_is_a_position() -> None:
    text = "Heavy Snow Closes Mountain Roads Across Region\nSnow closed the roads on Monday."
    assert in_title_case_line(text, text.index("Snow"))
    assert not in_title_case_line(text, text.rindex("closed"))
    assert capitalised_by_position(text, 6, 10, ORDINARY)


def test_a_word_written_as_a_name_mid_sentence_elsewhere_counts_as_a_name() -> None:
    text = "Mill workers marched. The march ended in Mill on Friday."
    assert written_as_name_elsewhere(text, 0, 4, ORDINARY)
    assert not written_as_name_elsewhere("Mill workers marched. More mills closed.", 0, 4, ORDINARY)


def test_weather_and_people_at_a_sentence_start_are_no_places(matcher: Any) -> None:
    text = "Snow fell overnight across the valley. Farmers said the harvest was lost. Rain is expected."
    assert _found(matcher, text) == []


def test_common_words_inside_longer_names_are_no_places(matcher: Any) -> None:
    text = "Lawmakers debated the Clean Air Act and the Superior Court ruling on Tuesday."
    assert "Air" not in _found(matcher, text)
    assert "Superior" not in _found(matcher, text)


def test_a_town_named_like_a_word_stays_where_it_is_written_as_a_name(matcher: Any) -> None:
    assert "Superior" in _found(matcher, "Police in Superior said the road was closed.")
    text = "Snow closed schools in Superior on Monday. Superior officials said classes resume Wednesday."
    assert _found(matcher, text).count("Superior") == 2


def test_a_dateline_in_capitals_is_a_place(matcher: Any) -> None:
    assert "HURRICANE" in _found(matcher, "Teens found unharmed. HURRICANE, W.Va. - Police said on Friday.")


def test_a_capitalised_cue_after_an_ordinary_word_names_an_organisation(matcher: Any) -> None:
    assert _found(matcher, "Officers of the Beverly Hills Police Department said on Monday.") == [
        "Beverly Hills"
    ]
    assert _found(matcher, "The Health Department said.") == []


def test_a_phrase_led_by_a_function_word_and_ending_in_lower_case_is_no_name(matcher: Any) -> None:
    assert _found(matcher, "The range of prices grew. The gap widened.") == []
    assert _found(matcher, "Talks in The Hague ended.") == ["The Hague"]


@pytest.mark.parametrize(
    "text, place",
    [
        ("Timbuktu was attacked by jihadists on Friday, officials said.", "Timbuktu"),  # a town of 84,000
        ("Chechnya has seen renewed fighting this week.", "Chechnya"),  # a region WordNet lists as a word
    ],
)
def test_news_places_that_wordnet_also_lists_keep_a_sentence_start(matcher: Any, text: str, place: str) -> None:
    assert place in _found(matcher, text)
