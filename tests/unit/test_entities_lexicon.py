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


def actors_in_context(lexicon: ActorLexicon, text: str, headline: str = "") -> list[tuple[str, str, int]]:
    """(surface, actor_id, inter) as the stage finds them: article country from text and headline,
    bare forms resolved by their sentence (sentences split at '. ' here)."""
    table = load_country_table()
    mentions = table.country_mentions(text)
    country = dominant_country(mentions, table.country_mentions(headline) if headline else None)
    sentences, start = [], 0
    for part in text.split(". "):
        sentences.append((start, start + len(part)))
        start += len(part) + 2
    return [(a["text"], a["actor_id"], a["inter"]) for a in lexicon.find(text, country, mentions, sentences)]


@pytest.mark.unit
def test_bare_soldiers_take_the_country_named_in_their_sentence(lexicon: ActorLexicon) -> None:
    found = actors_in_context(
        lexicon,
        "Bei einem Angriff im Südwesten Nigers sind mindestens 17 Soldaten getötet worden. Die Armee meldete "
        "20 Verletzte. In der Grenzregion zu Mali und Burkina Faso ist JNIM aktiv. Die malische Grenze ist nah. "
        "Frankreich hat rund 1500 Soldaten in dem Land stationiert, die Zusammenarbeit mit der Armee ist ausgesetzt.",
        headline="Niger: Mindestens 17 Soldaten bei Angriff nahe der malischen Grenze getötet",
    )
    soldiers = [(actor_id, inter) for surface, actor_id, inter in found if surface in ("Soldaten", "Armee")]
    assert soldiers == [("military_forces_of_niger", 1), ("military_forces_of_niger", 1),
                        ("military_forces_of_france", 8), ("military_forces_of_niger", 1)]


@pytest.mark.unit
def test_demonym_bound_forces_ignore_the_sentence_context(lexicon: ActorLexicon) -> None:
    found = actors_in_context(lexicon, "In Niger, malische Soldaten wurden angegriffen.")
    assert [(s, a) for s, a, _ in found] == [("malische Soldaten", "military_forces_of_mali")]


@pytest.mark.unit
def test_a_lower_case_word_is_not_a_country_and_a_german_genitive_is() -> None:
    table = load_country_table()
    assert table.country_mentions("se celebraba una reunión comunal") == []
    text = "im Südwesten Nigers"
    [(start, end, code, kind)] = table.country_mentions(text)
    assert (text[start:end], code, kind) == ("Niger", "NE", "name")


@pytest.mark.unit
def test_the_headline_country_outweighs_neighbours_in_the_body() -> None:
    table = load_country_table()
    body = table.country_mentions("Angriff nahe Mali. Die Grenze zu Mali ist nah. Ein Dorf in Niger.")
    assert dominant_country(body) == "ML"
    assert dominant_country(body, table.country_mentions("Niger: Soldaten getötet")) == "NE"


@pytest.mark.unit
@pytest.mark.parametrize(("text", "expected"), [
    ("El gobernador atribuyó la masacre a la disidencia de las FARC conocida como columna móvil Dagoberto Ramos.",
     {"farc_dissidents"}),
    ("Las disidencias de las FARC y el ELN se disputan la zona con el Clan del Golfo.",
     {"farc_dissidents", "eln", "clan_del_golfo"}),
    ("Al-Shabaab fighters attacked the convoy.", {"al_shabaab"}),
    ("Gunmen from the Jalisco New Generation Cartel fired at police.", {"cjng", "unidentified_armed_group"}),
])
def test_latin_american_and_somali_armed_groups(lexicon: ActorLexicon, text: str, expected: set[str]) -> None:
    assert expected <= set(ids(lexicon, text, None))


@pytest.mark.unit
def test_a_defence_minister_is_the_government_not_the_military(lexicon: ActorLexicon) -> None:
    [minister] = lexicon.find("French Armed Forces Minister Florence Parly called for patience", "ML")
    assert (minister["actor_id"], minister["inter"], minister["kind"]) == ("government_of_france", 1, "government")


@pytest.mark.unit
@pytest.mark.parametrize(("text", "surface", "actor_id"), [
    ("Der Deutsche Journalisten-Verband kritisierte die Polizei.", "Polizei", "police_forces_of_germany"),
    ("Demonstranten zogen durch Deutschland.", "Demonstranten", "protesters"),
    ("En Colombia, los soldados y militares llegaron.", "soldados", "military_forces_of_colombia"),
    ("En Colombia, los soldados y militares llegaron.", "militares", "military_forces_of_colombia"),
    ("La policía colombiana dispersó a los manifestantes.", "manifestantes", "protesters"),
    ("La policía dispersó a los manifestantes en Colombia.", "policía", "police_forces_of_colombia"),
    ("Em Moçambique, a polícia chegou a Pemba.", "polícia", "police_forces_of_mozambique"),
])
def test_generic_words_in_german_spanish_and_portuguese(lexicon: ActorLexicon, text: str, surface: str,
                                                         actor_id: str) -> None:
    found = {s: a for s, a, _ in actors_in_context(lexicon, text)}
    assert found[surface] == actor_id


def test_longest_non_overlapping_spans_win_and_a_thousandfold_name_keeps_every_mention() -> None:
    from services.entities.phrase_index import DisjointSpans
    from services.entities.toponyms import merge_toponyms

    taken = DisjointSpans()
    for start, end in [(10, 20), (0, 5), (30, 40)]:
        taken.add(start, end)
    assert [taken.overlaps(*span) for span in [(5, 10), (4, 6), (19, 31), (20, 30), (40, 41), (12, 13)]] == [
        False, True, True, False, False, True]
    # "Mali " * 30,000 once took a minute: every new mention was checked against every chosen one
    hits = [{"text": "Mali", "start": 5 * i, "end": 5 * i + 4, "cue": None} for i in range(30_000)]
    merged = merge_toponyms(hits, [], [], [], [], lambda start, end: False)
    assert [(t["start"], t["end"]) for t in merged] == [(h["start"], h["end"]) for h in hits]


def test_numbers_and_armed_groups_veto_places_inside_them_and_only_those() -> None:
    from services.entities.toponyms import merge_toponyms

    # 4,000 repetitions of "12 killed in Mali by Boko Haram": each check once scanned every number and actor
    sentence = "12 killed in Mali by Boko Haram. "
    size, count = len(sentence), 4_000
    gazetteer = [{"text": "Mali", "start": size * i + 13, "end": size * i + 17, "cue": None} for i in range(count)]
    gazetteer += [{"text": "Haram", "start": size * i + 26, "end": size * i + 31, "cue": None} for i in range(count)]
    actors = [{"start": size * i + 21, "end": size * i + 31, "kind": "rebel_group"} for i in range(count)]
    numbers = [(size * i, size * i + 2) for i in range(count)]
    proposals = [{"text": "12 k", "start": size * i, "end": size * i + 4} for i in range(count)]
    merged = merge_toponyms(gazetteer, proposals, [], actors, numbers, lambda start, end: False)
    assert [t["text"] for t in merged] == ["Mali"] * count
