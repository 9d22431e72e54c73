"""Person evidence for gazetteer names, without spaCy: an NER person label alone never removes a
place ("Alexandria", "Gao"); a first name, a title, a speech verb, a possessive kin word or an
earlier full name does ("Florence Parly", "Mr. Lincoln", "Parly said")."""

from __future__ import annotations

from typing import Any

import pytest

from services.entities.person_evidence import PersonEvidence, load_person_cues

CUES = load_person_cues()


def persons(text: str, *names: str) -> list[dict[str, Any]]:
    """PER entities for each (first) occurrence of `names` in text, as the NER model would give them."""
    found = []
    for name in names:
        start = text.index(name)
        found.append({"text": name, "label": "PER", "start": start, "end": start + len(name), "source": "ner"})
    return found


def is_person(text: str, word: str, entities: list[dict[str, Any]], occurrence: int = 0) -> bool:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return PersonEvidence(text, entities, CUES).is_person(start, start + len(word))


@pytest.mark.unit
@pytest.mark.parametrize(("text", "word"), [
    ("Alexandria woman charged in connection with a robbery.", "Alexandria"),
    ("Gunmen attacked a convoy near Gao on Friday.", "Gao"),
    ("The retail chain sold its stores in Nitra and Košice.", "Košice"),
])
def test_an_ner_person_label_alone_keeps_the_place(text: str, word: str) -> None:
    assert not is_person(text, word, persons(text, word))


@pytest.mark.unit
def test_first_name_and_surname_of_a_full_name_are_a_person() -> None:
    text = "French Armed Forces Minister, Florence Parly, visited Gao. Later Parly told commanders to wait."
    entities = persons(text, "Florence Parly")
    assert is_person(text, "Florence", entities)
    assert is_person(text, "Parly", entities)
    assert is_person(text, "Parly", entities, occurrence=1)  # the surname alone after the full name
    assert not is_person(text, "Gao", entities)


@pytest.mark.unit
@pytest.mark.parametrize("text", [
    "Mr. Lincoln spoke for an hour.",
    "President Lincoln spoke for an hour.",
    "Gen. Lincoln spoke for an hour.",
])
def test_a_title_before_a_name_makes_it_a_person(text: str) -> None:
    assert is_person(text, "Lincoln", [])


@pytest.mark.unit
def test_speech_verbs_count_only_next_to_an_ner_person() -> None:
    text = "Lincoln said the vote would wait."
    assert is_person(text, "Lincoln", persons(text, "Lincoln"))
    assert not is_person(text, "Lincoln", [])  # "Washington said": a capital speaking for its government


@pytest.mark.unit
def test_possessive_kin_words_make_a_person_but_other_possessives_do_not() -> None:
    assert is_person("Lincoln's wife arrived.", "Lincoln", [])
    assert not is_person("California's attorney general sued.", "California", [])
    assert not is_person("Alexandria's mayor resigned.", "Alexandria", [])


@pytest.mark.unit
def test_a_tagging_slip_is_not_a_full_name() -> None:
    text = "recounts in two states narrowly won by Mr Trump - Wisconsin and Pennsylvania"
    entities = persons(text, "Trump - Wisconsin")
    assert not is_person(text, "Wisconsin", entities)


@pytest.mark.unit
def test_speech_verbs_in_other_languages() -> None:
    text = "Bazoum a déclaré que la situation restait grave."
    assert is_person(text, "Bazoum", persons(text, "Bazoum"))
    text = "Gao, dijo el portavoz, fue atacada."
    assert not is_person(text, "Gao", persons(text, "Gao"))


@pytest.mark.unit
def test_a_title_is_never_a_place_and_a_lone_first_name_is_weak_evidence() -> None:
    text = "Mrs Lee arrived. Sandra said she flew in from Virginia."
    sandra, virginia = text.index("Sandra"), text.index("Virginia")
    evidence = PersonEvidence(text, persons(text, "Sandra"), CUES)
    assert evidence.is_person(0, 3)  # "Mrs"
    assert evidence.is_lone_first_name(sandra, sandra + 6)
    assert not evidence.is_lone_first_name(virginia, virginia + 8)  # not tagged a person here
