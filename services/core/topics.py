"""The catalogue of topics: names, partitioning, cleanup policy and message schema."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicSpec:
    name: str
    schema: str
    cleanup_policy: str
    keyed_by: str
    description: str
    # Written by producers outside the pipeline: held to max_message_bytes, and a stage reading it notes
    # where each message was read (`ingest`: topic, partition, offset).
    upstream: bool = False
    # Carries articles the pipeline enriched: every stage writing here notes itself in `pipeline.stages`.
    records_stages: bool = False


ARTICLES_RAW = "articles.raw"
ARTICLES_LANG = "articles.lang"
ARTICLES_ENTITIES = "articles.entities"
ARTICLES_GEO = "articles.geo"
INCIDENT_EVENTS = "incidents.events"
INCIDENTS_BY_COUNTRY = "incidents.by-country"
INCIDENTS = "incidents"
DEADLETTER = "deadletter"

TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(ARTICLES_RAW, "raw_article", "delete", "article id", "Input articles from upstream producers.",
              upstream=True),
    TopicSpec(ARTICLES_LANG, "enriched_article", "delete", "article id", "Articles with their language.",
              records_stages=True),
    TopicSpec(ARTICLES_ENTITIES, "enriched_article", "delete", "article id",
              "Articles with sentences, entities, actors, numbers, dates.", records_stages=True),
    TopicSpec(ARTICLES_GEO, "enriched_article", "delete", "article id", "Articles with resolved locations.",
              records_stages=True),
    TopicSpec(INCIDENT_EVENTS, "incident_event", "delete", "incident id", "Incident events extracted from single articles."),
    TopicSpec(INCIDENTS_BY_COUNTRY, "incident_event", "delete", "country code",
              "Incident events re-keyed by country, so one merger partition sees every candidate of a merge."),
    TopicSpec(INCIDENTS, "incident", "compact", "incident id", "Deduplicated incidents, latest state per incident id."),
    TopicSpec(DEADLETTER, "dead_letter", "delete", "original key", "Messages a stage could not process, with the reason."),
)

TOPICS_BY_NAME = {spec.name: spec for spec in TOPICS}
