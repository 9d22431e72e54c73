"""Incident extraction stage: enriched article -> incident events (topic incidents.events).

Sentences are read for incident signals (services.incidents.signals), grouped into incidents
(services.incidents.cluster) and described (services.incidents.attributes). The incident the article is
about is `main`: the one whose sentences share most words with the headline, weighted to early and
deadly ones. An article without `published_at` is still read: its events carry only dates the text
states with their year, else a null `event_date` (see services.incidents.attributes). `incident_id` hashes the article id, the evidence sentence offsets and the event type, so
reprocessing the same article yields the same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, cast

from services.core.budget import check_deadline
from services.core.records import EnrichedArticle, IncidentEvent
from services.core.settings import Settings
from services.core.stage import StageError
from services.core.version import PIPELINE_VERSION
from services.incidents import actors, attributes
from services.incidents.cluster import SentenceGroup, cluster_signals
from services.incidents.lexicons import language_code
from services.incidents.signals import SentenceSignal, analyse_sentence, is_country
from services.incidents.weights import CONFIDENCE, MAIN_INCIDENT
from services.nlp.dates import find_dates
from services.nlp.numbers import find_numbers
from services.nlp.sentences import split_sentences

# What this stage reads: an enriched article, or the view of it with_text_annotations makes
# (finer sentences, `upstream_sentences`); its functions only read it.
ArticleView = Mapping[str, Any]
_WORD = re.compile(r"[^\W\d_]{4,}")
# A short report (an ACLED note, a wire brief) may state its event with no toll, date or place of its own
# ("Soldiers defused an IED on the road to Boni" with the road ungeocoded): its lead is the event.
LEAD_SENTENCES = 3
LEAD_MIN_SCORE = 2.5  # a lead with no anchor needs a clear cue: "appointed" beside "his" is not enough


def _sentence_of(sentences: list[dict[str, int]], offset: int) -> int | None:
    return next((i for i, s in enumerate(sentences) if s["start"] <= offset < s["end"]), None)


def _refined_sentences(text: str, upstream: list[dict[str, int]] | None) -> list[dict[str, int]]:
    """Upstream sentences split further at sentence ends and line breaks, so one span is one statement."""
    if not upstream:
        return split_sentences(text)
    refined: list[dict[str, int]] = []
    for span in upstream:
        for part in split_sentences(text[span["start"]:span["end"]]):
            refined.append({"start": span["start"] + part["start"], "end": span["start"] + part["end"]})
    return refined


def plausible_locations(article: ArticleView) -> list[dict[str, Any]]:
    """Geocoded places in the focus country or in a country the article names; a lone 'Juli' resolved to
    Peru in a German article about Niger is a geocoding slip, not an event place. A demonym names no place:
    "a French soldier killed in the Gao region" does not make Gao a slip. The countries the article's actors
    place it in count as named ("joint French and Burkinabe forces ... near Boussé": Burkina Faso)."""
    locations = list(article.get("locations") or [])
    countries = {loc.get("country_code") for loc in locations if is_country(loc) and not attributes.is_demonym(article, loc)}
    countries |= {article.get("focus_country")} | {actor.get("located_in") for actor in article.get("actors") or []}
    countries.discard(None)
    if not countries:
        return locations
    return [loc for loc in locations if is_country(loc) or loc.get("country_code") in countries]


def with_text_annotations(article: ArticleView, language: str) -> dict[str, Any]:
    """The article seen by this stage: finer sentences, every annotation re-indexed to them by offset,
    and numbers and dates filled in where an upstream stage left them out. `upstream_sentences` keeps
    the article's own sentence list for evidence indices."""
    enriched = dict(article)
    text = article["text"]
    enriched["upstream_sentences"] = article.get("sentences") or []
    enriched["sentences"] = _refined_sentences(text, article.get("sentences"))
    for field, finder in (("numbers", find_numbers), ("dates", find_dates)):
        if article.get(field) is None:
            enriched[field] = finder(text, language)
    enriched["locations"] = plausible_locations(article)
    for field in ("numbers", "dates", "actors", "locations", "toponyms", "entities"):
        enriched[field] = [{**item, "sentence": _sentence_of(enriched["sentences"], item["start"])}
                           for item in enriched.get(field) or []]
    return enriched


def lead_incident(signals: list[SentenceSignal]) -> list[SentenceGroup]:
    """When no anchored sentence started an incident, the first trigger sentence of the lead starts one."""
    lead = next((s for s in signals[:LEAD_SENTENCES]
                 if s.is_trigger and s.score >= LEAD_MIN_SCORE and not (s.aggregate and not s.resolved_dates)), None)
    if lead is None:
        return []
    followers = [s for s in signals[lead.index + 1:LEAD_SENTENCES] if s.is_trigger and not s.anchored]
    return [SentenceGroup([lead, *followers])]


def _following(signals: list[SentenceSignal], group: SentenceGroup, taken: set[int]) -> list[SentenceSignal]:
    """The two sentences after the group's first one that belong to no incident (they often carry its date)."""
    first = group.signals[0].index
    return [s for s in signals[first + 1:first + 3] if s.index not in taken]


def _published(article: ArticleView) -> date | None:
    """The publication day; None when the article has none (published_at is optional in the raw schema)."""
    raw = article.get("published_at")
    if not raw:
        return None
    try:
        return datetime.fromisoformat(str(raw)).date()
    except ValueError as exc:
        raise StageError(f"invalid published_at {raw!r}") from exc


def _recent(event: dict[str, Any], published: date | None, max_age_days: int) -> bool:
    """Events long before publication are history, not incidents; undated ones cannot be judged and are kept."""
    if published is None or not event["event_date"]:
        return True
    return (published - date.fromisoformat(event["event_date"])).days <= max_age_days


def incident_id(article_id: str, evidence_start: int, evidence_end: int, event_type: str) -> str:
    key = f"{article_id}|{evidence_start}|{evidence_end}|{event_type}"
    return "inc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]


def _main_score(article: ArticleView, group: SentenceGroup, fatalities: int, top_fatalities: int) -> float:
    title_words = {w.lower() for w in _WORD.findall(article.get("title") or "")}
    words = {w.lower() for s in group.signals for w in _WORD.findall(s.text)}
    overlap = len(title_words & words) / len(title_words) if title_words else 0.0
    position = 1.0 / (1 + group.signals[0].index)
    deadliness = fatalities / top_fatalities if top_fatalities else 0.0
    return (MAIN_INCIDENT.title_overlap * overlap + MAIN_INCIDENT.position * position
            + MAIN_INCIDENT.deadliness * deadliness)


def _confidence(group: SentenceGroup, event: dict[str, Any]) -> float:
    score = CONFIDENCE.base
    score += CONFIDENCE.casualties if event["fatalities"]["best"] or event["injured"]["best"] else 0.0
    score += CONFIDENCE.exact_date if event["date_precision"] == 1 else 0.0
    score += CONFIDENCE.precise_place if event["location"]["geo_precision"] <= 2 else 0.0
    score += CONFIDENCE.perpetrator if any(a["role"] == "actor1" for a in event["actors"]) else 0.0
    score += CONFIDENCE.corroborated if len([s for s in group.signals if s.is_trigger]) > 1 else 0.0
    score += CONFIDENCE.figurative_domain if any(s.negative for s in group.signals) else 0.0
    return round(min(CONFIDENCE.ceiling, max(CONFIDENCE.floor, score)), 2)


def describe_group(article: ArticleView, group: SentenceGroup, language: str, published: date | None,
                   taken: set[int] | None = None, following: list[SentenceSignal] | None = None) -> dict[str, Any]:
    """One incident event (without `main`) from a sentence group; `taken`: sentences of other incidents."""
    code = attributes.choose_class(group)
    event_type, sub_event_type = attributes.labels(code)
    event_date, precision = attributes.choose_date(group, published, following)
    location = attributes.choose_location(article, group, taken)
    deaths, injured = attributes.casualties(group, article, language, event_type)
    evidence = attributes.choose_evidence(group)
    event: dict[str, Any] = {
        "incident_id": incident_id(str(article["id"]), evidence.start, evidence.end, event_type),
        "article_id": str(article["id"]), "url": article.get("url", ""), "source": article.get("source"),
        "published_at": article.get("published_at"), "event_date": event_date.isoformat() if event_date else None, "date_precision": precision,
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actors": actors.choose_actors(article, group, language, location.get("country_code") or article.get("focus_country"),
                                           sub_event_type),
        "fatalities": deaths, "injured": injured, "location": location, "language": language,
        "evidence": {"text": evidence.text, "start": evidence.start, "end": evidence.end,
                     "sentence": _sentence_of(article.get("upstream_sentences") or article["sentences"], evidence.start)},
        "pipeline_version": PIPELINE_VERSION,
    }
    event["confidence"] = _confidence(group, event)
    return event


def extract_incidents(article: ArticleView, settings: Settings) -> list[IncidentEvent]:
    """Every incident event the article reports; exactly one has main=True when there is any."""
    if not article.get("text"):
        return []
    language = language_code(article.get("language"))
    published = _published(article)
    enriched = with_text_annotations(article, language)
    signals = []
    for index in range(len(enriched["sentences"])):
        check_deadline()
        signals.append(analyse_sentence(enriched, index, language, published))
    groups = cluster_signals(signals) or lead_incident(signals)
    check_deadline()
    grouped = {s.index for group in groups for s in group.signals}
    described = [(group, describe_group(enriched, group, language, published, grouped, _following(signals, group, grouped)))
                 for group in groups]
    described = [(g, e) for g, e in described if _recent(e, published, settings.incident_max_age_days)]
    if not described:
        return []
    top = max(e["fatalities"]["best"] for _, e in described)
    main_index = max(range(len(described)),
                     key=lambda i: _main_score(enriched, described[i][0], described[i][1]["fatalities"]["best"], top))
    # Built field by field from the attribute choosers (plain dicts); the topic's schema checks the result.
    return [cast(IncidentEvent, {**event, "main": i == main_index}) for i, (_, event) in enumerate(described)]


def report_key(article: ArticleView) -> str:
    """Which received report the events come from: the raw message (so a re-published article is a new
    report, a replay after a crash is not), or the article id outside Kafka."""
    ingest = article.get("ingest")
    if isinstance(ingest, dict) and ingest.get("topic") is not None:
        return f"{ingest['topic']}/{ingest.get('partition')}/{ingest.get('offset')}"
    return f"article/{article['id']}"


def build_incident_stage(settings: Settings) -> Callable[[EnrichedArticle], list[IncidentEvent]]:
    """The incident stage function for workers and `incident-stream process`."""

    def extract(article: EnrichedArticle) -> list[IncidentEvent]:
        report = report_key(article)
        return [{**event, "report_key": report} for event in extract_incidents(article, settings)]

    return extract
