"""The sub-event classifier's ACLED boundaries, its learned layer and our authored corpus (examples written for
this project from the ACLED codebook; never from the CASE test set)."""

from __future__ import annotations

from typing import Any

import pytest

from services.evaluation.events import DEV_FILE, TRAIN_FILE, acled_codes, read_snippets, weighted_f1
from services.incidents.classify import acled_labels, classify_text
from services.incidents.lexicons import load_data
from services.incidents.stage import build_incident_stage
from services.incidents.sub_event_model import MODEL_LANGUAGES, SubEventModel, load_model
from services.incidents.train_classifier import corpus_files, featurise, fit, read_corpus, train_language
from tests.unit.test_incidents_stage import main_of, plain_article

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # Protest family: what the crowd did decides first, then what the authorities did.
        ("Protesters threw stones at police, who responded with tear gas.", "Violent demonstration"),
        ("Demonstrators burned tyres and erected barricades on the main road to protest against fuel prices.",
         "Violent demonstration"),
        ("Police fired tear gas to disperse a peaceful march of teachers.", "Protest with intervention"),
        ("Police dispersed the sit-in and arrested 20 demonstrators.", "Protest with intervention"),
        ("Soldiers opened fire on peaceful demonstrators, killing three.", "Excessive force against protesters"),
        ("Hundreds marched to protest the killing of a pastor by gunmen last week.", "Peaceful protest"),
        ("Lawyers demonstrated in front of the court against the arrest of a colleague.", "Peaceful protest"),
        ("Police arrested the organiser of last week's march at his home.", "Arrests"),
        # Strategic developments.
        ("Soldiers seized a cache of rifles and ammunition hidden in a farmhouse.", "Disrupted weapons use"),
        ("A bomb disposal team defused an IED planted near the market.", "Disrupted weapons use"),
        ("A suicide bomber was shot dead before he could detonate his vest.", "Disrupted weapons use"),
        ("Al Shabaab militants set up a new base in the forest near the village.", "Headquarters or base established"),
        ("The rebel group opened an office in the district capital.", "Headquarters or base established"),
        ("Government forces retook the town from the insurgents after two days of fighting.", "Government regains territory"),
        ("Rebels captured the town after overrunning the army garrison.", "Non-state actor overtakes territory"),
        ("The army withdrew from the base and handed it over to the militia without a fight.",
         "Non-violent transfer of territory"),
        ("The armed group announced a new leader after the death of its commander.", "Change to group/activity"),
        ("Two rebel factions announced their merger into a new alliance.", "Change to group/activity"),
        ("The opposition announced a boycott of the elections.", "Change to group/activity"),
        ("The two militias signed a ceasefire agreement mediated by elders.", "Agreement"),
        ("Unknown persons set fire to a school overnight.", "Looting/property destruction"),
        # Explosions and violence against civilians.
        ("Regime forces fired shells filled with chlorine gas at the town, causing dozens of suffocation cases.",
         "Chemical weapon"),
        ("Warplanes bombed a rebel position, killing four fighters.", "Air/drone strike"),
        ("Gunmen attacked the village, killing 12 residents.", "Attack"),
        ("A mob lynched a man accused of stealing a motorbike.", "Mob violence"),
    ],
)
def test_acled_codebook_boundaries(text: str, sub_event_type: str) -> None:
    code, _, _ = classify_text(text, "en", acled_codes())
    assert acled_labels(code)["sub_event_type"] == sub_event_type


def test_what_a_crowd_protests_against_is_not_the_event() -> None:
    _, _, scores = classify_text("Students protested after a classmate who was killed by police was buried.", "en",
                                 learned=False)
    assert "FORCE_AGAINST_PROTEST" not in scores


@pytest.fixture(scope="module")
def extract() -> Any:
    from services.core.settings import Settings

    return build_incident_stage(Settings())


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        ("On Saturday, protesters threw stones at police in the city centre of Bamako. Police responded with tear gas.",
         "Riots", "Violent demonstration"),
        ("On Monday, police fired tear gas to disperse hundreds of students protesting peacefully in Dakar.",
         "Protests", "Protest with intervention"),
    ],
)
def test_the_incident_stage_follows_the_classifier(extract: Any, text: str, event_type: str, sub_event_type: str) -> None:
    main = main_of(extract(plain_article(text, "en")))
    assert (main["event_type"], main["sub_event_type"]) == (event_type, sub_event_type)


@pytest.mark.parametrize(
    "text",
    [
        "The striker killed it in the final, and the fans stormed the pitch to celebrate.",
        "The minister announced a fresh attack on inflation as the economy enjoyed explosive growth.",
        "She shot a 65 to take the lead, bombing her drive down the fairway on the last hole.",
    ],
)
def test_figurative_violence_still_yields_no_incident(extract: Any, text: str) -> None:
    assert extract(plain_article(text, "en")) == []


def test_the_stored_model_is_the_one_our_training_split_gives() -> None:
    """Retraining must reproduce data/sub_event_model.json (rerun train_classifier after changing cues or corpus)."""
    classes = list(load_data("sub_event_types.json")["classes"])
    train = read_snippets(TRAIN_FILE)
    retrained = fit([featurise(text) for text, _ in train], [label for _, label in train], classes)
    stored = load_model()
    assert stored is not None
    assert set(stored.feature_index) == set(retrained.feature_index)
    dev = [featurise(text) for text, _ in read_snippets(DEV_FILE)]
    assert [int(stored.logits(f).argmax()) for f in dev] == [int(retrained.logits(f).argmax()) for f in dev]


@pytest.mark.parametrize("language", [code for code in MODEL_LANGUAGES if code != "en"])
def test_each_language_model_is_the_one_its_training_split_gives(language: str) -> None:
    """Retraining must reproduce data/sub_event_model.<lang>.json (rerun `make train-events` after changes)."""
    # Compared as stored (weights rounded in JSON), so near-ties do not flip.
    retrained, stored = SubEventModel.from_json(train_language(language).to_json()), load_model(language)
    assert stored is not None
    assert set(stored.feature_index) == set(retrained.feature_index)
    dev = [featurise(text, language) for text, _ in read_corpus(corpus_files(language)[1])]
    assert [int(stored.logits(f).argmax()) for f in dev] == [int(retrained.logits(f).argmax()) for f in dev]


@pytest.mark.parametrize("language", [code for code in MODEL_LANGUAGES if code != "en"])
def test_each_language_has_held_out_snippets_and_the_learned_layer_lifts_them(language: str) -> None:
    train_path, dev_path = corpus_files(language)
    train, dev = read_corpus(train_path), read_corpus(dev_path)
    assert not {text for text, _ in train} & {text for text, _ in dev}
    dev = [(text, label) for text, label in dev if label in acled_codes()]
    assert all(sum(label == code for _, label in train) >= 30 for code in acled_codes())
    gold = [label for _, label in dev]
    rules = [classify_text(text, language, acled_codes(), learned=False)[0] for text, _ in dev]
    learned = [classify_text(text, language, acled_codes())[0] for text, _ in dev]
    assert weighted_f1(gold, learned) >= max(0.7, weighted_f1(gold, rules) + 0.1)


def test_model_round_trips_through_json_and_respects_allowed_classes() -> None:
    features = [{"bias": 1.0, "w:ambush": 1.0}, {"bias": 1.0, "w:march": 1.0}, {"bias": 1.0, "w:flood": 1.0}]
    model = fit(features, ["ARMED_CLASH", "PEACE_PROTEST", "NATURAL_DISASTER"],
                ["ARMED_CLASH", "PEACE_PROTEST", "NATURAL_DISASTER"], epochs=50, min_count=1)
    again = SubEventModel.from_json(model.to_json())
    assert again.classes == model.classes
    assert again.predict("a flood", [], {}) == "NATURAL_DISASTER"
    assert again.predict("a flood", [], {}, allowed={"ARMED_CLASH", "PEACE_PROTEST"}) in {"ARMED_CLASH", "PEACE_PROTEST"}


def test_the_development_split_is_held_out_and_classified() -> None:
    train = {text for text, _ in read_snippets(TRAIN_FILE)}
    dev = [(text, label) for text, label in read_snippets(DEV_FILE) if label in acled_codes()]
    assert not train & {text for text, _ in dev}
    predicted = [classify_text(text, "en", acled_codes())[0] for text, _ in dev]
    assert weighted_f1([label for _, label in dev], predicted) >= 0.88


def test_every_class_has_authored_snippets() -> None:
    labels = [label for path in (TRAIN_FILE, DEV_FILE) for _, label in read_snippets(path)]
    counts = {code: labels.count(code) for code in load_data("sub_event_types.json")["classes"]}
    assert all(counts[code] >= 20 for code in acled_codes() if code != "OTHER"), counts
    assert all(count >= 10 for count in counts.values()), counts
