"""The stages in pipeline order: the one place that says which topic feeds which stage."""

from __future__ import annotations

from services.core import topics
from services.core.stage import StageSpec

LANGUAGE = StageSpec(
    name="language", input_topic=topics.ARTICLES_RAW, output_topic=topics.ARTICLES_LANG,
    input_schema="raw_article", output_schema="enriched_article", key_field="id",
    builder="services.language.stage:build_language_stage",
)
ENTITIES = StageSpec(
    name="entities", input_topic=topics.ARTICLES_LANG, output_topic=topics.ARTICLES_ENTITIES,
    input_schema="enriched_article", output_schema="enriched_article", key_field="id",
    builder="services.entities.stage:build_entity_stage",
)
GEOCODING = StageSpec(
    name="geocoding", input_topic=topics.ARTICLES_ENTITIES, output_topic=topics.ARTICLES_GEO,
    input_schema="enriched_article", output_schema="enriched_article", key_field="id",
    builder="services.geocoding.stage:build_geocoding_stage",
)
INCIDENTS = StageSpec(
    name="incidents", input_topic=topics.ARTICLES_GEO, output_topic=topics.INCIDENT_EVENTS,
    input_schema="enriched_article", output_schema="incident_event", key_field="incident_id",
    builder="services.incidents.stage:build_incident_stage",
)

STAGES: tuple[StageSpec, ...] = (LANGUAGE, ENTITIES, GEOCODING, INCIDENTS)
STAGES_BY_NAME = {stage.name: stage for stage in STAGES}
