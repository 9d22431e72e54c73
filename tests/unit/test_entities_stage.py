"""The entity stage on the seed article (RFI, Indelimane attack) and on short French, Spanish,
Portuguese and German reports: places, actors and sentences a user relies on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.core.schemas import validate
from services.core.settings import Settings
from services.entities.stage import (
    PREPARED_CHARS_PER_BATCH,
    PREPARED_CHARS_PER_TEXT,
    EntityStage,
    build_entity_stage,
)

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO.parent / "shared" / "seeds" / "000_79f011f0f223f87e.txt"

Stage = Callable[[dict[str, Any]], list[dict[str, Any]]]


def seed_article() -> dict[str, Any]:
    """The seed file's markdown layout: '# title', metadata lines, body after the 'Original:' line."""
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    title = next(line[2:] for line in lines if line.startswith("# "))
    original = next(i for i, line in enumerate(lines) if line.startswith("Original:"))
    body = "\n".join(lines[original + 1:]).strip()
    return {"id": "seed-000", "url": "http://en.rfi.fr/africa/20191104-mali-mourns", "title": title, "text": body,
            "language": {"code": "en", "confidence": 1.0, "hint": None}}


@pytest.fixture(scope="module")
def stage() -> Stage:
    return build_entity_stage(Settings(data_dir=REPO / ".incident-stream"))


@pytest.fixture(scope="module")
def seed(stage: Stage) -> dict[str, Any]:
    [enriched] = stage(seed_article())
    return enriched


def enrich(stage: Stage, text: str, language: str) -> dict[str, Any]:
    [enriched] = stage({"id": "t", "text": text, "language": {"code": language, "confidence": 1.0, "hint": None}})
    return enriched


def texts(items: list[dict[str, Any]]) -> set[str]:
    return {item["text"] for item in items}


@pytest.mark.unit
def test_countries_and_towns_are_never_persons(seed: dict[str, Any]) -> None:
    persons = {e["text"] for e in seed["entities"] if e["label"] == "PER"}
    assert not persons & {"Mali", "Gao", "Niger", "N'Djamena", "Burkina Faso", "Menaka", "Northern Mali"}
    places = {e["text"] for e in seed["entities"] if e["label"] in ("GPE", "LOC")}
    assert {"Mali", "Gao", "Niger", "N'Djamena", "Burkina Faso"} <= places


@pytest.mark.unit
def test_attack_site_and_region_are_toponyms(seed: dict[str, Any]) -> None:
    assert {"Indelimane", "Menaka", "Gao", "Niger", "Mali", "N'Djamena"} <= texts(seed["toponyms"])
    indelimane = next(t for t in seed["toponyms"] if t["text"] == "Indelimane")
    assert indelimane["cue"]


@pytest.mark.unit
def test_no_person_becomes_a_toponym(seed: dict[str, Any]) -> None:
    assert not texts(seed["toponyms"]) & {"Parly", "Florence", "Hannah", "Armstrong", "Hannah Armstrong"}


@pytest.mark.unit
def test_demonyms_reach_the_geocoder_marked_as_demonyms(seed: dict[str, Any]) -> None:
    demonyms = {t["text"]: t["cue"] for t in seed["toponyms"] if t["text"] in ("Malian", "French")}
    assert demonyms == {"Malian": "demonym", "French": "demonym"}
    places = {e["text"] for e in seed["entities"] if e["label"] in ("GPE", "LOC")}
    assert not places & {"Malian", "French"}


@pytest.mark.unit
def test_islamic_state_in_the_greater_sahara_is_a_rebel_group(seed: dict[str, Any]) -> None:
    isgs = [a for a in seed["actors"] if a["text"] == "Islamic State in the Greater Sahara"]
    assert isgs and all(a["inter"] == 2 and a["actor_id"] == "islamic_state_sahel" for a in isgs)


@pytest.mark.unit
def test_malian_state_actors_and_foreign_forces(seed: dict[str, Any]) -> None:
    by_text = {a["text"]: a for a in seed["actors"]}
    assert by_text["Malian President"]["actor_id"] == "government_of_mali"
    assert by_text["army"]["actor_id"] == "military_forces_of_mali"
    assert by_text["army"]["inter"] == 1 and by_text["army"]["country_code"] == "ML"
    assert by_text["MINUSMA"]["inter"] == 8
    french = by_text["French soldier"]
    assert french["name"] == "Military Forces of France" and french["inter"] == 8
    assert french["kind"] == "foreign_state_forces"
    assert by_text["gunmen"]["name"] == "Unidentified Armed Group" and by_text["gunmen"]["inter"] == 2
    assert by_text["civilians"]["inter"] == 7


@pytest.mark.unit
def test_offsets_and_sentences_point_into_the_text(seed: dict[str, Any]) -> None:
    text = seed["text"]
    sentences = seed["sentences"]
    assert len(sentences) > 10
    for field in ("entities", "actors", "toponyms", "numbers", "dates"):
        for item in seed[field]:
            assert text[item["start"]:item["end"]] == item["text"], field
            sentence = sentences[item["sentence"]]
            assert sentence["start"] <= item["start"] < sentence["end"], field


@pytest.mark.unit
def test_casualty_numbers_and_dates_carry_sentences(seed: dict[str, Any]) -> None:
    if not seed["numbers"]:
        pytest.skip("services.nlp.numbers not available")
    values = {n["value"] for n in seed["numbers"]}
    assert 49 in values
    forty_nine = next(n for n in seed["numbers"] if n["value"] == 49)
    assert "Indelimane" in seed["text"][seed["sentences"][forty_nine["sentence"]]["start"]:
                                       seed["sentences"][forty_nine["sentence"]]["end"]]
    assert any(d["text"] == "Friday" for d in seed["dates"])


@pytest.mark.unit
def test_french_report_gets_actors_and_places(stage: Stage) -> None:
    enriched = enrich(stage, "L'armée malienne a repoussé une attaque de l'État islamique au Grand Sahara à Ménaka, "
                             "près de Gao, tuant 12 assaillants.", "fr")
    actors = {a["actor_id"] for a in enriched["actors"]}
    assert {"military_forces_of_mali", "islamic_state_sahel"} <= actors
    assert {"Ménaka", "Gao"} <= texts(enriched["toponyms"])
    assert "Grand Sahara" not in texts(enriched["toponyms"])


@pytest.mark.unit
def test_spanish_report_without_a_model_gets_actors_and_places(stage: Stage) -> None:
    enriched = enrich(stage, "Soldados malienses murieron cuando el Estado Islámico del Gran Sáhara atacó su base "
                             "en Gao, cerca de Ménaka.", "es")
    by_id = {a["actor_id"]: a for a in enriched["actors"]}
    assert by_id["islamic_state_sahel"]["inter"] == 2
    assert by_id["military_forces_of_mali"]["country_code"] == "ML"
    assert {"Gao", "Ménaka"} <= texts(enriched["toponyms"])
    assert len(enriched["sentences"]) == 1


@pytest.mark.unit
@pytest.mark.parametrize(("language", "text", "actor_id", "place"), [
    ("pt", "Soldados malianos foram mortos por jihadistas perto de Ménaka, no Mali.", "military_forces_of_mali", "Ménaka"),
    ("de", "Malische Soldaten wurden bei Gao von Dschihadisten angegriffen.", "military_forces_of_mali", "Gao"),
])
def test_portuguese_and_german_reports(stage: Stage, language: str, text: str, actor_id: str, place: str) -> None:
    enriched = enrich(stage, text, language)
    assert actor_id in {a["actor_id"] for a in enriched["actors"]}
    assert "unidentified_armed_group" in {a["actor_id"] for a in enriched["actors"]}
    assert place in texts(enriched["toponyms"])


@pytest.mark.unit
def test_stage_keeps_raw_fields(stage: Stage) -> None:
    # `pipeline.stages` is recorded by the worker core around every stage (services/core/processing.py).
    article = seed_article()
    [enriched] = stage(article)
    assert enriched["text"] == article["text"] and enriched["title"] == article["title"]
    assert enrich(stage, "", "en")["entities"] == []


@pytest.mark.unit
def test_enriched_seed_matches_the_v1_schema(seed: dict[str, Any]) -> None:
    validate("enriched_article", seed)


@pytest.mark.unit
def test_french_wire_report_names_groups_as_organisations(stage: Stage) -> None:
    enriched = enrich(stage, "Au moins 53 soldats maliens ont été tués vendredi dans l'attaque d'un poste militaire à "
                             "Indelimane, dans la région de Ménaka. Les renforts de la force Barkhane et de la Minusma "
                             "sont arrivés. Les djihadistes ont fui vers le Niger.", "fr")
    labels = {e["text"]: e["label"] for e in enriched["entities"]}
    assert labels.get("Barkhane", "ORG") == "ORG" and labels.get("Minusma", "ORG") == "ORG"
    assert {"Indelimane", "Ménaka", "Niger"} <= texts(enriched["toponyms"])
    assert "Minusma" not in texts(enriched["toponyms"])
    actors = {a["actor_id"]: a for a in enriched["actors"]}
    assert actors["minusma"]["inter"] == 8 and actors["military_forces_of_france"]["inter"] == 8
    assert len(enriched["sentences"]) == 3


@pytest.mark.unit
def test_german_report_gets_the_islamic_state_and_an_unknown_village(stage: Stage) -> None:
    enriched = enrich(stage, "Mindestens 53 malische Soldaten wurden bei einem Angriff auf einen Militärposten in "
                             "Indelimane in der Region Ménaka getötet. Der Islamische Staat reklamierte den Angriff.", "de")
    assert {"military_forces_of_mali", "islamic_state"} <= {a["actor_id"] for a in enriched["actors"]}
    assert {"Indelimane", "Ménaka"} <= texts(enriched["toponyms"])


@pytest.mark.unit
def test_bare_forces_without_any_country_are_not_guessed(stage: Stage) -> None:
    enriched = enrich(stage, "Gunmen attacked an army post overnight, killing four soldiers.", "en")
    assert {a["actor_id"] for a in enriched["actors"]} == {"unidentified_armed_group"}


@pytest.mark.unit
def test_unknown_language_code_still_runs(stage: Stage) -> None:
    enriched = enrich(stage, "Wanamgambo wa al-Shabaab walishambulia kambi ya jeshi karibu na Mogadishu.", "sw")
    assert "al_shabaab" in {a["actor_id"] for a in enriched["actors"]}
    assert "Mogadishu" in texts(enriched["toponyms"])


def seed_file(name: str, language: str) -> dict[str, Any]:
    """A seeds/ file in the markdown layout, as the reader would publish it."""
    lines = (REPO / "seeds" / name).read_text(encoding="utf-8").splitlines()
    title = next(line[2:] for line in lines if line.startswith("# "))
    original = next(i for i, line in enumerate(lines) if line.startswith("Original:"))
    return {"id": name, "title": title, "text": "\n".join(lines[original + 1:]).strip(),
            "language": {"code": language, "confidence": 1.0, "hint": None}}


@pytest.mark.unit
def test_places_the_model_calls_persons_stay_toponyms(stage: Stage) -> None:
    enriched = enrich(stage, "Alexandria woman charged in connection with a robbery. Chiquita Henry, 19, of Orchard "
                             "St., Alexandria, was arrested. Mansfield police said the US would help.", "en")
    found = [t["text"] for t in enriched["toponyms"]]
    assert found.count("Alexandria") == 2 and {"Mansfield", "US"} <= set(found)
    assert "Henry" not in found


@pytest.mark.unit
@pytest.mark.parametrize("name", ["000_79f011f0f223f87e.txt", "011_en_somalia_ied_shabaab.txt",
                                  "012_en_kenya_protest_police.txt", "006_de_niger_anschlag.txt"])
def test_sentences_never_cross_a_paragraph(stage: Stage, name: str) -> None:
    article = seed_file(name, "de" if "_de_" in name else "en")
    [enriched] = stage(article)
    paragraphs = article["text"].count("\n\n") + 1
    assert len(enriched["sentences"]) >= paragraphs
    assert all("\n" not in article["text"][s["start"]:s["end"]] for s in enriched["sentences"])


@pytest.mark.unit
def test_german_niger_report_soldiers_are_nigerien_and_french_troops_are_foreign(stage: Stage) -> None:
    [enriched] = stage(seed_file("006_de_niger_anschlag.txt", "de"))
    text = enriched["text"]
    forces = [a for a in enriched["actors"] if a["text"] in ("Soldaten", "Armee")]
    french = [a for a in forces if "Frankreich" in text[a["start"] - 30:a["start"]]]
    assert [(a["actor_id"], a["inter"]) for a in french] == [("military_forces_of_france", 8)]
    assert {a["actor_id"] for a in forces if a not in french} == {"military_forces_of_niger"}
    assert "military_forces_of_mali" not in {a["actor_id"] for a in enriched["actors"]}
    assert "Niger" in texts(enriched["toponyms"])  # "im Südwesten Nigers"


@pytest.mark.unit
def test_colombian_massacre_is_blamed_on_farc_dissidents(stage: Stage) -> None:
    [enriched] = stage(seed_file("003_es_colombia_cauca_masacre.txt", "es"))
    by_id = {a["actor_id"]: a for a in enriched["actors"]}
    assert by_id["farc_dissidents"]["inter"] == 2 and by_id["eln"]["inter"] == 2
    assert by_id["military_forces_of_colombia"]["country_code"] == "CO"
    assert {a["country_code"] for a in enriched["actors"] if a["inter"] == 1} == {"CO"}


@pytest.mark.unit
def test_german_protest_gets_german_police(stage: Stage) -> None:
    [enriched] = stage(seed_file("005_de_leipzig_protest_polizei.txt", "de"))
    police = [a for a in enriched["actors"] if a["text"] in ("Polizei", "Polizisten")]
    assert police and {a["actor_id"] for a in police} == {"police_forces_of_germany"}


def test_the_model_reads_long_punctuation_runs_as_blanks_at_the_same_offsets() -> None:
    from services.entities.annotate import model_text

    text = "Gunmen (" + "(" * 20_000 + ")" * 20_000 + ") killed 5 in Mali. ----- Next."
    read = model_text(text)
    assert len(read) == len(text) and read.startswith("Gunmen ") and read.endswith(" killed 5 in Mali. ----- Next.")
    assert read[7:40_009].strip() == ""


class RecordingAnnotator:
    """Stands in for the annotator's parsing only: which texts a preparation parses ahead, per language."""

    def __init__(self) -> None:
        self.parsed: dict[str, list[str]] = {}

    def parse_many(self, texts: list[str], language: str) -> list[tuple[str, str]]:
        self.parsed[language] = list(texts)
        return [(text, f"doc of {text[:8]}") for text in texts]


@pytest.mark.unit
def test_a_preparation_parses_short_texts_by_language_within_its_character_budget() -> None:
    annotator = RecordingAnnotator()
    stage = EntityStage(annotator)  # type: ignore[arg-type]
    long_text = "x" * (PREPARED_CHARS_PER_TEXT + 1)
    fillers = ["y" * PREPARED_CHARS_PER_TEXT] * (PREPARED_CHARS_PER_BATCH // PREPARED_CHARS_PER_TEXT)
    articles = [{"text": "Gunmen attacked.", "language": {"code": "en"}}, {"text": "Des hommes armés.", "language": "fr"},
                {"text": long_text, "language": "en"}, {"text": "", "language": "en"}]
    articles += [{"text": filler, "language": "de"} for filler in fillers]
    stage.prepare(articles)
    assert annotator.parsed["en"] == ["Gunmen attacked."]  # the long text waits for its own budget
    assert annotator.parsed["fr"] == ["Des hommes armés."]
    assert len(annotator.parsed["de"]) == len(fillers) - 1  # the last one no longer fits the batch's budget
    assert sum(len(text) for texts in annotator.parsed.values() for text in texts) <= PREPARED_CHARS_PER_BATCH
