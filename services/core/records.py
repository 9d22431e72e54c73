"""The records on our topics as TypedDicts, one per schema in schemas/v1 (tests/unit/test_records_schemas.py
keeps the two in step: same keys, same required ones). Stages type what they read and write with these, so
mypy checks the shape of a record, not just that it is a dict.

Every nested object (a sentence, an actor mention, a location) carries its sentence index once the
incident stage has re-indexed it; schemas allow more keys on articles and events, never fewer.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired from evaluated annotations at runtime
# (__required_keys__), which the schema test relies on.
from typing import Any, NotRequired, TypedDict


class RawArticle(TypedDict):
    """raw_article.schema.json: what ingest writes to articles.raw."""

    id: NotRequired[str]
    url: str
    text: str
    title: NotRequired[str | None]
    published_at: NotRequired[str | None]
    source: NotRequired[str | None]
    author: NotRequired[str | None]
    language: NotRequired[str | None]  # a hint from the source; the language stage decides


class Offsets(TypedDict):
    """Where a mention is: character offsets into `text` (end exclusive) and, once indexed, its sentence."""

    start: int
    end: int
    sentence: NotRequired[int | None]


class Span(Offsets):
    """enriched_article $defs/span: a sentence or any other stretch of text."""

    text: NotRequired[str]


class LanguageTag(TypedDict):
    code: str
    confidence: float
    hint: NotRequired[str | None]


class EntityMention(Offsets):
    text: str
    label: str  # PER, ORG, LOC, GPE, NORP, MISC
    source: NotRequired[str]


class ActorMention(Offsets):
    text: NotRequired[str]
    actor_id: str
    name: str
    inter: int  # services.core.acled.Inter
    country_code: NotRequired[str | None]
    kind: NotRequired[str | None]
    located_in: NotRequired[str | None]  # the one country the actor's presence places the story in


class NumberMention(Offsets):
    text: NotRequired[str]
    value: float
    low: NotRequired[float | None]
    high: NotRequired[float | None]
    approximate: NotRequired[bool]


class DateMention(Offsets):
    text: NotRequired[str]
    kind: str
    value: NotRequired[Any]


class Toponym(Offsets):
    text: NotRequired[str]
    cue: NotRequired[str | None]
    ner_label: NotRequired[str | None]
    dateline: NotRequired[bool]  # the dateline at the start of the text: where the story was filed


class GeoLocation(Offsets):
    """A geocoded place mention of an enriched article."""

    text: str
    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str | None
    admin1: NotRequired[str | None]
    admin1_name: NotRequired[str | None]
    feature_class: NotRequired[str | None]
    feature_code: NotRequired[str | None]
    population: NotRequired[int | None]
    score: NotRequired[float]
    dateline: NotRequired[bool]
    reference: NotRequired[str | None]  # the place whose point stands for a name the gazetteer lacks


class IngestPosition(TypedDict, total=False):
    topic: str
    partition: int
    offset: int


class PipelineStamp(TypedDict, total=False):
    version: str
    stages: list[str]


class IngestWarning(TypedDict):
    """enriched_article ingest_warnings[]: an input field the language stage left out, and why."""

    field: str
    reason: str


class EnrichedArticle(TypedDict):
    """enriched_article.schema.json: the raw article plus what each stage adds (topics articles.lang/.entities/.geo)."""

    id: str
    url: str
    text: str
    title: NotRequired[str | None]
    published_at: NotRequired[str | None]
    published_at_precision: NotRequired[str | None]
    published_at_raw: NotRequired[str | float | None]
    ingest_warnings: NotRequired[list[IngestWarning]]
    source: NotRequired[str | None]
    author: NotRequired[str | None]
    language: LanguageTag
    sentences: NotRequired[list[Span]]
    entities: NotRequired[list[EntityMention]]
    actors: NotRequired[list[ActorMention]]
    numbers: NotRequired[list[NumberMention]]
    dates: NotRequired[list[DateMention]]
    toponyms: NotRequired[list[Toponym]]
    locations: NotRequired[list[GeoLocation]]
    focus_country: NotRequired[str | None]
    ingest: NotRequired[IngestPosition]
    pipeline: NotRequired[PipelineStamp]


class Count(TypedDict):
    """incident_event $defs/count: a casualty figure with its range."""

    best: int | None
    low: NotRequired[int | None]
    high: NotRequired[int | None]


class EventLocation(TypedDict):
    """incident_event $defs/location: where an incident happened."""

    name: str | None
    geonameid: NotRequired[int | None]
    latitude: float | None
    longitude: float | None
    admin1: NotRequired[str | None]
    country_code: str | None
    geo_precision: int  # 1 exact place, 2 near a place or an admin area, 3 country
    reference: NotRequired[str | None]  # what the coordinates belong to when the gazetteer lacks `name`


class EventActor(TypedDict):
    """incident_event $defs/actor."""

    name: str
    role: str  # actor1, actor2, associated
    inter: NotRequired[int | None]  # services.core.acled.Inter
    actor_id: NotRequired[str | None]


class Evidence(TypedDict):
    text: str
    start: int
    end: int
    sentence: NotRequired[int | None]


class IncidentEvent(TypedDict):
    """incident_event.schema.json: one incident as one article reports it (topic incidents.events)."""

    incident_id: str
    article_id: str
    url: str
    source: NotRequired[str | None]
    published_at: NotRequired[str | None]
    event_date: NotRequired[str | None]
    date_precision: NotRequired[int]  # 1 day, 2 week, 3 month
    event_type: str
    sub_event_type: str
    actors: NotRequired[list[EventActor]]
    fatalities: Count
    injured: NotRequired[Count]
    location: EventLocation
    language: NotRequired[str | None]
    evidence: NotRequired[Evidence]
    confidence: NotRequired[float]
    main: bool
    pipeline_version: str
    report_key: NotRequired[str]


class Incident(IncidentEvent):
    """incident.schema.json: the best report of an incident plus what merging its reports adds (topic incidents)."""

    num_articles: int
    num_sources: int
    sources: list[str]
    article_ids: NotRequired[list[str]]
    reports: NotRequired[list[str]]
    first_seen: str
    last_seen: str


class DeadLetter(TypedDict):
    """dead_letter.schema.json: a message a stage refused, with where it came from and why (topic deadletter)."""

    stage: str
    reason: str
    error_class: str
    error_message: str
    original_value_b64: str
    original_key_b64: NotRequired[str | None]
    original_truncated: NotRequired[bool]
    original_size_bytes: NotRequired[int]
    original_sha256: NotRequired[str]
    topic: str
    partition: int
    offset: int
    time: str
    pipeline_version: NotRequired[str]
