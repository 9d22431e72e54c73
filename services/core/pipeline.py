"""Every stage in pipeline order: the one place that says which topic feeds which stage, which worker
runs it and what state it keeps. Worker names, `run --stages`, the demo and docker-compose.yml's
worker services follow this table (tests/deploy checks the compose file against it)."""

from __future__ import annotations

from services.core import topics
from services.core.stage import StageSpec

# The merger's faust tables. Their changelog topics are named after them: renaming one loses the state.
INCIDENTS_TABLE, INDEX_TABLE = "incidents-by-id", "incident-index"

STAGES: tuple[StageSpec, ...] = (
    StageSpec(name="language", input_topic=topics.ARTICLES_RAW, output_topic=topics.ARTICLES_LANG, key_field="id",
              builder="services.language.stage:build_language_stage"),
    StageSpec(name="entities", input_topic=topics.ARTICLES_LANG, output_topic=topics.ARTICLES_ENTITIES, key_field="id",
              builder="services.entities.stage:build_entity_stage"),
    StageSpec(name="geocoding", input_topic=topics.ARTICLES_ENTITIES, output_topic=topics.ARTICLES_GEO, key_field="id",
              builder="services.geocoding.stage:build_geocoding_stage"),
    StageSpec(name="incidents", input_topic=topics.ARTICLES_GEO, output_topic=topics.INCIDENT_EVENTS,
              key_field="incident_id", builder="services.incidents.stage:build_incident_stage"),
    # Re-keys events by country, so every report that may merge with another reaches the same merge partition.
    StageSpec(name="merge-route", input_topic=topics.INCIDENT_EVENTS, output_topic=topics.INCIDENTS_BY_COUNTRY,
              key_field="location.country_code", builder="services.core.stage:build_identity_stage", worker="merge"),
    StageSpec(name="merge", input_topic=topics.INCIDENTS_BY_COUNTRY, output_topic=topics.INCIDENTS,
              key_field="incident_id", builder="services.incidents.merge_stage:build_merge_stage", worker="merge",
              tables=(INCIDENTS_TABLE, INDEX_TABLE), inline=True, warms_up=False),
)
STAGES_BY_NAME = {stage.name: stage for stage in STAGES}

# worker name -> the stages it runs, in pipeline order
WORKERS: dict[str, tuple[StageSpec, ...]] = {
    name: tuple(stage for stage in STAGES if stage.worker_name == name)
    for name in dict.fromkeys(stage.worker_name for stage in STAGES)
}

# What `incident-stream process` runs per article: the stages enriching it, then the one extracting from it.
ARTICLE_STAGES: tuple[StageSpec, ...] = tuple(stage for stage in STAGES if stage.reads_articles)


def stages_of_workers(names: list[str]) -> list[StageSpec]:
    """The stages the named workers run, in pipeline order."""
    return [stage for stage in STAGES if stage.worker_name in names]
