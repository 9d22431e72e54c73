"""The one demonym table: both the geocoder's and the entity stage's views keep every form it lists."""

from __future__ import annotations

import pytest

from services.entities.countries import load_country_table
from services.gazetteer.demonyms import ANY_LANGUAGE, load_demonym_rows, load_demonyms
from services.nlp.folding import normalize_name

pytestmark = pytest.mark.unit


def test_every_language_blind_form_names_its_country_for_the_geocoder() -> None:
    table = load_demonyms()
    pairs = [
        (form, row.country_code)
        for row in load_demonym_rows()
        if row.language == ANY_LANGUAGE
        for form in row.forms
    ]
    assert pairs
    assert [pair for pair in pairs if table.get(normalize_name(pair[0])) != pair[1]] == []


def test_no_language_blind_form_names_two_countries() -> None:
    owners: dict[str, set[str]] = {}
    for row in load_demonym_rows():
        if row.language == ANY_LANGUAGE:
            for form in row.forms:
                owners.setdefault(normalize_name(form), set()).add(row.country_code)
    assert {form: codes for form, codes in owners.items() if len(codes) > 1} == {}


def test_every_row_reaches_the_entity_stage_country_table() -> None:
    countries = load_country_table()
    lost = []
    for row in load_demonym_rows():
        language = row.language
        lost += [
            (f, row.country_code, language)
            for f in row.forms
            if f not in countries.adjectives[row.country_code][language]
        ]
        lost += [
            (n, row.country_code, language)
            for n in row.names
            if n not in countries.names[row.country_code][language]
        ]
    assert lost == []


def test_plurals_and_foreign_forms_are_mentions_of_their_country() -> None:
    table = load_demonyms()
    assert table["afghans"] == "AF"
    assert table["malians"] == "ML"
    assert table["malien"] == "ML"  # French forms are read in any text
    countries = load_country_table()
    assert "maliens" in countries.adjectives["ML"]["fr"]
    assert "Malian" in countries.adjectives["ML"]["en"]
