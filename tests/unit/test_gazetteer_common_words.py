"""Ordinary words of the article's language are not places ("Juli" is a month in a German article,
"Pueblo" a noun in a Spanish one), unless the text says they are."""

from __future__ import annotations

import pytest

from services.gazetteer.common_words import load_common_words
from services.gazetteer.matcher import ToponymMatcher


def _texts(matcher: ToponymMatcher, text: str, language: str) -> list[str]:
    return [m["text"] for m in matcher.find(text, language)]


@pytest.mark.unit
def test_common_words_are_per_language() -> None:
    assert "juli" in load_common_words("de")
    assert "juli" not in load_common_words("en")
    assert "pueblo" in load_common_words("es")
    assert "pueblo" not in load_common_words("en")


@pytest.mark.unit
def test_german_months_and_nouns_are_not_places(matcher: ToponymMatcher) -> None:
    text = (
        "Seit dem Staatsstreich Ende Juli nennt die Armee die Lage als einen Grund für den Putsch in Niger."
    )
    assert _texts(matcher, text, "de") == ["Niger"]


@pytest.mark.unit
def test_german_capitals_need_a_place_noun_to_vouch(matcher: ToponymMatcher) -> None:
    # Every German noun is capitalised, so "im" alone cannot make the month a place.
    assert "Juli" not in _texts(matcher, "Die Wahl fand im Juli statt.", "de")
    assert _texts(matcher, "Angriff in Leipzig.", "de") == ["Leipzig"]


@pytest.mark.unit
def test_spanish_nouns_are_not_places(matcher: ToponymMatcher) -> None:
    text = "Según la Defensoría del Pueblo, El gobernador del Cauca habló hacia el Pacífico."
    assert _texts(matcher, text, "es") == ["Cauca"]


@pytest.mark.unit
def test_spanish_names_written_as_names_stay(matcher: ToponymMatcher) -> None:
    assert _texts(matcher, "Protestas en La Paz y en Santa Cruz.", "es") == ["La Paz", "Santa Cruz"]


@pytest.mark.unit
def test_english_common_nouns_are_not_places(matcher: ToponymMatcher) -> None:
    text = "Human rights groups condemned it. Aid agencies say the Red Cross helped in Nairobi."
    assert "Human" not in _texts(matcher, text, "en")
    assert "Aid" not in _texts(matcher, text, "en")
    assert "Nairobi" in _texts(matcher, text, "en")
