"""Quantities in five languages, with the ACLED policy for vague ones."""

from __future__ import annotations

import pytest

from services.nlp.numbers import find_numbers

pytestmark = pytest.mark.unit


def only(text: str, language: str) -> dict[str, object]:
    found = find_numbers(text, language)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("the 13,000 strong UN mission", "en", 13000),
        ("les 13.000 casques bleus", "fr", 13000),
        ("les 13 000 casques bleus", "fr", 13000),
        ("a 4,500-strong force", "en", 4500),
        ("forty-nine soldiers", "en", 49),
        ("one hundred and five people", "en", 105),
        ("quarante-neuf soldats", "fr", 49),
        ("vingt et un morts", "fr", 21),
        ("quatre-vingt-dix-sept morts", "fr", 97),
        ("cuarenta y nueve soldados", "es", 49),
        ("doscientos cincuenta muertos", "es", 250),
        ("vinte e três mortos", "pt", 23),
        ("neunundvierzig Soldaten", "de", 49),
        ("zweihundertdreiundvierzig Tote", "de", 243),
        ("1,5 million de déplacés", "fr", 1_500_000),
    ],
)
def test_numerals_and_number_words(text: str, language: str, value: int) -> None:
    assert only(text, language)["value"] == value


def test_offsets_point_at_the_quantity() -> None:
    text = "Army sources said that 49 of the soldiers were killed"
    number = only(text, "en")
    start, end = number["start"], number["end"]
    assert isinstance(start, int) and isinstance(end, int)
    assert text[start:end] == "49"


@pytest.mark.parametrize(
    ("text", "language", "value", "low", "high"),
    [
        ("killed more than 50 soldiers", "en", 50, 50, 50),
        ("At least 40 troops were killed", "en", 40, 40, 40),
        ("plus de 50 soldats", "fr", 50, 50, 50),
        ("al menos 40 soldados", "es", 40, 40, 40),
        ("pelo menos 40 soldados", "pt", 40, 40, 40),
        ("mindestens 40 Soldaten", "de", 40, 40, 40),
        ("a dozen people", "en", 12, 12, 12),
        ("dozens of people", "en", 12, 12, 99),
        ("des dizaines de morts", "fr", 12, 12, 99),
        ("hundreds of people", "en", 100, 100, 999),
        ("scores of villagers", "en", 20, 20, 99),
        ("several people", "en", 10, 3, 10),
        ("10-15 people", "en", 10, 10, 15),
        ("about 100 people", "en", 100, 90, 110),
    ],
)
def test_vague_quantities_follow_acled(text: str, language: str, value: int, low: int, high: int) -> None:
    number = only(text, language)
    assert (number["value"], number["low"], number["high"]) == (value, low, high)
    assert number["approximate"] is (text not in ("a dozen people",))


def test_articles_are_not_the_number_one() -> None:
    assert find_numbers("un soldat français a été tué", "fr") == []
    assert find_numbers("ein Soldat wurde getötet", "de") == []


def test_dates_and_times_are_not_quantities() -> None:
    assert find_numbers("published 04/11/2019 at 14:30", "en") == []


@pytest.mark.parametrize("text", ["999999999999999999999 killed", "1" * 5000 + " killed",
                                  "1,000,000,000,000,000,000,000,000 injured"])
def test_a_figure_beyond_64_bits_is_no_count(text: str) -> None:
    # it would not encode (orjson: integer beyond 64 bits; inf as null) and dead-letter the article
    assert find_numbers(text, "en") == []


def test_a_figure_beside_an_absurd_one_is_kept() -> None:
    assert [n["value"] for n in find_numbers("999999999999999999999 or 12 killed", "en")] == [12]


@pytest.mark.parametrize("text", ["¹", "² killed", "x¹²³ killed"])
def test_a_superscript_digit_is_no_figure(text: str) -> None:
    # str.isdigit() says yes, float() says no: the entities stage raised ValueError on "¹"
    assert find_numbers(text, "en") == []


def test_codes_glued_to_letters_are_not_quantities() -> None:
    found = find_numbers("Bei einem Unfall auf der A7 starben drei Menschen; M23 rebels killed 12.", "de")
    assert [n["value"] for n in found] == [3, 12]
