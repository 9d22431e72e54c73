"""The toponym matcher: gazetteer names on word boundaries, with cues, without ordinary words."""

from __future__ import annotations

import pytest

from services.gazetteer.matcher import ToponymMatcher


def _texts(matcher: ToponymMatcher, text: str, language: str = "en") -> list[str]:
    return [m["text"] for m in matcher.find(text, language)]


@pytest.mark.unit
def test_offsets_point_into_the_text(matcher: ToponymMatcher) -> None:
    text = "Soldiers were killed near Ménaka and in N'Djamena."
    for mention in matcher.find(text, "en"):
        assert text[mention["start"] : mention["end"]] == mention["text"]
        assert mention["ner_label"] is None
    assert _texts(matcher, text) == ["Ménaka", "N'Djamena"]


@pytest.mark.unit
def test_cues_are_reported(matcher: ToponymMatcher) -> None:
    cues = {m["text"]: m["cue"] for m in matcher.find("An attack near Menaka, in the Gao region.", "en")}
    assert cues["Menaka"] == "near"
    assert _texts(matcher, "Une attaque à Gao.", "fr") == ["Gao"]
    assert matcher.find("Une attaque à Gao.", "fr")[0]["cue"] == "a"  # cues are reported folded
    assert matcher.find("Um ataque em Gao.", "pt")[0]["cue"] == "em"


@pytest.mark.unit
def test_word_boundaries(matcher: ToponymMatcher) -> None:
    assert "Gao" not in _texts(matcher, "Gaopeng and Bogao are not places here.")
    assert "Mali" not in _texts(matcher, "Somalia is not Mali's neighbour.")[:1]


@pytest.mark.unit
def test_longest_name_wins(matcher: ToponymMatcher) -> None:
    assert _texts(matcher, "Troops crossed into Burkina Faso.") == ["Burkina Faso"]


@pytest.mark.unit
def test_ordinary_words_are_not_places(matcher: ToponymMatcher) -> None:
    text = (
        "Police said the President of Mali met Malian soldiers. Of course, Mango juice was served at the Bar."
    )
    assert _texts(matcher, text) == ["Mali", "Malian"]


@pytest.mark.unit
def test_demonyms_are_marked(matcher: ToponymMatcher) -> None:
    cues = {m["text"]: m["cue"] for m in matcher.find("Malian and French soldiers left the EU summit.", "en")}
    assert cues == {"Malian": "demonym", "French": "demonym", "EU": None}


@pytest.mark.unit
def test_lowercase_words_are_not_places(matcher: ToponymMatcher) -> None:
    assert _texts(matcher, "they will gao home and mali it later") == []
