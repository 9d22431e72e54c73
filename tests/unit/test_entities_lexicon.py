"""Actor lexicon and country table without spaCy: aliases across languages, demonym-generated state
forces, bare forces resolved to the article's country, acronyms that must match their case."""

from __future__ import annotations

import pytest

from services.entities.actors import ActorLexicon, load_actor_lexicon
from services.entities.countries import dominant_country, load_country_table
from services.entities.place_cues import load_place_cues


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return load_actor_lexicon(load_country_table())


def ids(lexicon: ActorLexicon, text: str, country: str | None = "ML") -> list[str]:
    return [a["actor_id"] for a in lexicon.find(text, country)]


@pytest.mark.unit
@pytest.mark.parametrize("text", [
    "ISGS fighters", "l'EIGS a revendiqué", "el Estado Islámico del Gran Sáhara", "Etat islamique au Grand Sahara",
])
def test_isgs_aliases(lexicon: ActorLexicon, text: str) -> None:
    assert ids(lexicon, text) == ["islamic_state_sahel"]


@pytest.mark.unit
@pytest.mark.parametrize(("text", "expected"), [
    ("Nigerian troops repelled ISWAP", ["military_forces_of_nigeria", "iswap"]),
    ("les soldats maliens et les FAMa", ["military_forces_of_mali", "military_forces_of_mali"]),
    ("JNIM and al-Shabaab", ["jnim", "al_shabaab"]),
    ("Houthi rebels fired at Israeli forces", ["houthis", "military_forces_of_israel"]),
    ("RSF fighters clashed with Sudanese army", ["rsf", "military_forces_of_sudan"]),
])
def test_named_and_generated_actors(lexicon: ActorLexicon, text: str, expected: list[str]) -> None:
    assert ids(lexicon, text, None) == expected


@pytest.mark.unit
def test_bare_forces_take_the_article_country_and_foreign_forces_are_external(lexicon: ActorLexicon) -> None:
    [army] = lexicon.find("the army said", "BF")
    assert army["name"] == "Military Forces of Burkina Faso" and army["inter"] == 1
    assert lexicon.find("the army said", None) == []
    [french] = lexicon.find("French troops left", "ML")
    assert (french["inter"], french["kind"], french["country_code"]) == (8, "foreign_state_forces", "FR")
    [home] = lexicon.find("French troops left", "FR")
    assert (home["inter"], home["kind"]) == (1, "state_forces")


@pytest.mark.unit
def test_acronyms_match_their_case_only(lexicon: ActorLexicon) -> None:
    assert ids(lexicon, "the adf fund and isgs", None) == []
    assert ids(lexicon, "ADF rebels", None) == ["adf"]


@pytest.mark.unit
def test_dominant_country_counts_names_over_demonyms() -> None:
    table = load_country_table()
    mentions = table.country_mentions("French soldiers in Mali; Malian army; France said; Mali mourns")
    assert dominant_country(mentions) == "ML"
    assert dominant_country([]) is None


@pytest.mark.unit
def test_cues_propose_unknown_villages() -> None:
    cues = load_place_cues()
    found = cues.propose("attack on the Indelimane military base, near Menaka", "en")
    assert {"Indelimane", "Menaka"} == {f["text"] for f in found}
    assert [f["text"] for f in cues.propose("attaque contre la base militaire de Tessit", "fr")] == ["Tessit"]
