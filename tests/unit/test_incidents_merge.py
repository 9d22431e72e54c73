"""Merging reports of one event: three reports of the Indelimane attack make one incident."""

from __future__ import annotations

from typing import Any

import pytest

from services.incidents.merge import index_key, match_score, merge_key_candidates, merge_report, same_event

pytestmark = pytest.mark.unit


def report(incident_id: str, article_id: str, source: str, url: str, published: str, best: int, high: int,
           place: tuple[str, float, float, int] = ("Ménaka", 15.918, 2.402, 2), event_date: str = "2019-11-01",
           event_type: str = "Battles", actor1_inter: int | None = 2) -> dict[str, Any]:
    name, lat, lon, precision = place
    actors = [{"name": "Military Forces of Mali", "role": "actor2", "inter": 1, "actor_id": None}]
    if actor1_inter is not None:
        actors.insert(0, {"name": "Islamic State (Greater Sahara)", "role": "actor1", "inter": actor1_inter, "actor_id": None})
    return {
        "incident_id": incident_id, "article_id": article_id, "url": url, "source": source, "published_at": published,
        "event_date": event_date, "date_precision": 1, "event_type": event_type, "sub_event_type": "Armed clash",
        "actors": actors, "fatalities": {"best": best, "low": best, "high": high}, "injured": {"best": 0, "low": 0, "high": 0},
        "location": {"name": name, "geonameid": None, "latitude": lat, "longitude": lon, "admin1": "Ménaka",
                     "country_code": "ML", "geo_precision": precision},
        "language": "en", "evidence": {"text": "...", "start": 0, "end": 3, "sentence": 0}, "confidence": 0.9, "main": True,
        "pipeline_version": "test",
    }


SEED = report("inc-seed", "79f011f0f223f87e", "RFI", "http://en.rfi.fr/a", "2019-11-05T14:34:05+00:00", 49, 50)
REWRITE = report("inc-rewrite", "rewrite-1", "Sahel Wire", "https://sahelwire.example/b", "2019-11-02T09:00:00+00:00", 49, 49,
                 place=("Indelimane", 15.63, 1.80, 1))


class IncidentTable:
    """What the faust worker keeps: incidents by id and an index of keys to ids."""

    def __init__(self) -> None:
        self.incidents: dict[str, dict[str, Any]] = {}
        self.index: dict[str, list[str]] = {}

    def receive(self, event: dict[str, Any], report_key: str) -> str:
        candidates = {i for key in merge_key_candidates(event, 1) for i in self.index.get(key, [])}
        matches = [self.incidents[i] for i in candidates if same_event(self.incidents[i], event, 1)]
        current = max(matches, key=lambda inc: match_score(inc, event)) if matches else None
        incident, outcome = merge_report(current, event, report_key)
        self.incidents[incident["incident_id"]] = incident
        self.index.setdefault(index_key(incident), [])
        if incident["incident_id"] not in self.index[index_key(incident)]:
            self.index[index_key(incident)].append(incident["incident_id"])
        return outcome


def test_seed_twice_and_a_rewrite_make_one_incident() -> None:
    table = IncidentTable()
    outcomes = [table.receive(SEED, "articles.geo:0:1"), table.receive(SEED, "articles.geo:1:7"),
                table.receive(REWRITE, "articles.geo:2:3")]
    assert outcomes == ["new", "merged", "merged"]
    assert len(table.incidents) == 1
    (incident,) = table.incidents.values()
    assert incident["incident_id"] == "inc-seed"
    assert (incident["num_articles"], incident["num_sources"]) == (3, 2)
    assert sorted(incident["sources"]) == ["http://en.rfi.fr/a", "https://sahelwire.example/b"]
    assert incident["first_seen"] == "2019-11-02T09:00:00+00:00" and incident["last_seen"] == "2019-11-05T14:34:05+00:00"
    assert incident["location"]["name"] == "Indelimane"  # the more precise report describes the incident
    assert incident["fatalities"]["best"] == 49 and incident["fatalities"]["high"] == 50


def test_replayed_report_is_a_duplicate_and_changes_nothing() -> None:
    incident, _ = merge_report(None, SEED, "k1")
    merged, outcome = merge_report(incident, REWRITE, "k2")
    replayed, replay_outcome = merge_report(merged, REWRITE, "k2")
    assert (outcome, replay_outcome) == ("merged", "duplicate")
    assert replayed == merged


def test_later_higher_official_toll_revises_the_count() -> None:
    first = report("a", "a1", "RFI", "u1", "2019-11-02T09:00:00+00:00", 12, 12)
    later = report("b", "b1", "AFP", "u2", "2019-11-04T09:00:00+00:00", 49, 53)
    earlier_low = report("c", "c1", "AP", "u3", "2019-11-01T20:00:00+00:00", 5, 5)
    incident, _ = merge_report(None, first, "1")
    incident, _ = merge_report(incident, later, "2")
    assert incident["fatalities"] == {"best": 49, "low": 12, "high": 53}
    incident, _ = merge_report(incident, earlier_low, "3")
    assert incident["fatalities"] == {"best": 49, "low": 5, "high": 53}


def test_different_events_do_not_match() -> None:
    far = report("x", "x1", "AP", "u", "2019-11-02T00:00:00+00:00", 3, 3, place=("Gao", 16.27, -0.04, 1))
    far["location"]["admin1"] = "Gao"
    assert not same_event(merge_report(None, SEED, "k")[0], far, 1)
    later = report("y", "y1", "AP", "u", "2019-11-02T00:00:00+00:00", 3, 3, event_date="2019-11-09")
    assert not same_event(SEED, later, 1)
    protest = report("z", "z1", "AP", "u", "2019-11-02T00:00:00+00:00", 0, 0, event_type="Protests")
    assert not same_event(SEED, protest, 1)
    state_perpetrator = report("w", "w1", "AP", "u", "2019-11-02T00:00:00+00:00", 3, 3, actor1_inter=1)
    assert not same_event(SEED, state_perpetrator, 1)


def test_merge_keys_cover_the_window() -> None:
    keys = merge_key_candidates(SEED, 1)
    assert keys == ["2019-10-31|ML|political_violence", "2019-11-01|ML|political_violence", "2019-11-02|ML|political_violence"]
    assert index_key(SEED) in keys


def test_stage_output_of_three_reports_merges_into_one_incident() -> None:
    from services.core.settings import Settings
    from services.incidents.stage import build_incident_stage
    from tests.unit.test_incidents_stage import actor, place, seed_article

    extract = build_incident_stage(Settings())
    text = ("Gunmen killed 49 soldiers at the Indelimane post in Menaka region on Friday, the government said on Saturday. "
            "The Islamic State claimed responsibility for the attack.")
    rewrite = {
        "id": "rewrite-1", "url": "https://sahelwire.example/indelimane", "source": "Sahel Wire", "title": "Gunmen kill 49 soldiers",
        "published_at": "2019-11-02T09:00:00+00:00", "text": text, "language": {"code": "en", "confidence": 1.0, "hint": None},
        "actors": [actor(text, "Gunmen", "Unidentified Armed Group (Mali)", 2), actor(text, "soldiers", "Military Forces of Mali", 1),
                   actor(text, "Islamic State", "Islamic State", 2)],
        "locations": [place(text, "Menaka", "Ménaka", "ML", 15.918, 2.402, "Ménaka", ("A", "ADM1"), 2453347)],
        "toponyms": [], "entities": [], "focus_country": "ML",
    }
    table = IncidentTable()
    reports = [(seed_article(with_village=False), "geo:0:1"), (seed_article(with_village=False), "geo:0:9"), (rewrite, "geo:1:4")]
    for article, key in reports:
        for event in extract(article):
            table.receive(event, f"{key}:{event['incident_id']}")
    mains = [i for i in table.incidents.values() if i["sub_event_type"] == "Armed clash" and i["event_date"] == "2019-11-01"]
    assert len(mains) == 1
    assert (mains[0]["num_articles"], mains[0]["num_sources"]) == (3, 2)
    assert mains[0]["fatalities"]["best"] == 49


def test_merged_incident_matches_the_incident_schema() -> None:
    from services.core.schemas import validate

    incident, _ = merge_report(None, SEED, "k1")
    incident, _ = merge_report(incident, REWRITE, "k2")
    validate("incident", incident)


def test_merging_does_not_depend_on_arrival_order() -> None:
    import itertools

    reports = [
        report("a", "a1", "RFI", "u1", "2019-11-02T09:00:00+00:00", 12, 12),
        report("b", "b1", "AFP", "u2", "2019-11-04T09:00:00+00:00", 49, 53),
        report("c", "c1", "AP", "u3", "2019-11-01T20:00:00+00:00", 50, 50),
    ]
    outcomes = set()
    for order in itertools.permutations(reports):
        incident = None
        for index, event in enumerate(order):
            incident, _ = merge_report(incident, event, f"k-{event['incident_id']}")
        assert incident is not None
        outcomes.add((incident["best_report"], incident["event_date"], incident["fatalities"]["best"],
                      incident["fatalities"]["low"], incident["fatalities"]["high"], incident["num_articles"]))
    assert len(outcomes) == 1


def test_incidents_one_article_tells_apart_stay_apart() -> None:
    from services.incidents.merge_state import MergeState

    main = report("m1", "article", "RFI", "u1", "2019-11-05T09:00:00+00:00", 49, 50)
    background = {**report("m2", "article", "RFI", "u1", "2019-11-05T09:00:00+00:00", 40, 40),
                  "event_date": "2019-10-06", "date_precision": 3}
    background["location"] = {**background["location"], "geo_precision": 3}
    state = MergeState()
    for event in (main, background):
        state.add({**event, "report_key": "articles.raw/0/7"})
    assert len(state.incidents()) == 2
    # The same article published again is a second report of each incident, not a new incident.
    for event in (main, background):
        state.add({**event, "report_key": "articles.raw/1/9"})
    assert sorted(i["num_articles"] for i in state.incidents()) == [2, 2]
    # A replay of either publication changes nothing.
    _, outcome, _ = state.add({**main, "report_key": "articles.raw/0/7"})
    assert outcome == "duplicate"
