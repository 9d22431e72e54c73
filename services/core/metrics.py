"""The one catalogue of metric names, and the Prometheus collectors built from it.

Labels stay low-cardinality: stage, outcome, reason, field, topic, partition, event_type, country, table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
)

PREFIX = "incident_stream_"

# The *_created series double the sample count for no use in dashboards or alerts.
disable_created_metrics()  # type: ignore[no-untyped-call]


MetricName = Literal[
    "messages_in_total",
    "messages_out_total",
    "messages_processed_total",
    "deadletters_total",
    "deadletter_send_failures_total",
    "stage_abandoned_total",
    "dead_letter_breaker_open",
    "ingest_warnings_total",
    "stage_duration_seconds",
    "last_processed_timestamp_seconds",
    "newest_article_published_timestamp_seconds",
    "consumer_lag_messages",
    "assigned_partitions",
    "rebalances_total",
    "commits_total",
    "event_loop_lag_seconds",
    "incidents_total",
    "fatalities_total",
    "incidents_merged_total",
    "merge_table_entries",
    "merge_evictions_total",
    "stage_warmup_seconds",
]
"""Every metric name of the catalogue: a misspelt name fails in mypy, not at run time."""


@dataclass(frozen=True)
class MetricSpec:
    name: MetricName
    kind: str
    labels: tuple[str, ...]
    help: str


CATALOGUE: tuple[MetricSpec, ...] = (
    MetricSpec("messages_in_total", "counter", ("stage",), "Messages consumed by a stage."),
    MetricSpec("messages_out_total", "counter", ("stage", "topic"), "Messages a stage produced, by output topic."),
    MetricSpec("messages_processed_total", "counter", ("stage", "outcome"),
               "Input messages by outcome: ok (output sent), empty (no output, e.g. no incident), deadletter, "
               "deadletter_failed (its dead-letter record could not be sent either)."),
    MetricSpec("deadletters_total", "counter", ("stage", "reason"),
               "Dead-letter records by reason: decode, utf8, schema, oversize, too_complex (bad input); stage_error, "
               "timeout, encode, send (the stage's fault)."),
    MetricSpec("deadletter_send_failures_total", "counter", ("stage", "reason"),
               "Dead-letter records the producer refused even with their original truncated: logged, the message is "
               "counted with outcome deadletter_failed."),
    MetricSpec("stage_abandoned_total", "counter", ("stage",),
               "Stage threads the worker stopped waiting for (budget plus grace spent) and replaced."),
    MetricSpec("dead_letter_breaker_open", "gauge", ("stage",),
               "1 while the dead-letter breaker keeps the stage paused (or probing), else 0."),
    MetricSpec("ingest_warnings_total", "counter", ("stage", "field", "reason"),
               "Input fields a stage could not use and left out, keeping the article (the value as sent is kept): "
               "field published_at, reason unparseable, before_1900 or future."),
    MetricSpec("stage_duration_seconds", "histogram", ("stage",), "Time spent in the stage function per message."),
    MetricSpec("last_processed_timestamp_seconds", "gauge", ("stage",), "Unix time of the last processed message."),
    MetricSpec("newest_article_published_timestamp_seconds", "gauge", ("stage",),
               "published_at of the newest article a stage processed (freshness)."),
    MetricSpec("consumer_lag_messages", "gauge", ("stage", "topic", "partition"),
               "Highwater minus consumer position per assigned partition."),
    MetricSpec("assigned_partitions", "gauge", ("stage",), "Partitions currently assigned to this worker."),
    MetricSpec("rebalances_total", "counter", ("stage",), "Consumer group rebalances this worker went through."),
    MetricSpec("commits_total", "counter", ("stage",), "Offset commits completed."),
    MetricSpec("event_loop_lag_seconds", "gauge", ("stage",), "Delay of a periodic event-loop tick (saturation)."),
    MetricSpec("incidents_total", "counter", ("event_type", "country"), "Incident events emitted, by ACLED type and country."),
    MetricSpec("fatalities_total", "counter", ("event_type", "country"), "Best fatality estimates of emitted incident events."),
    MetricSpec("incidents_merged_total", "counter", ("outcome",),
               "Incident reports seen by the merger: new, merged, updated (replayed report, changed extraction), "
               "duplicate (replayed report)."),
    MetricSpec("merge_table_entries", "gauge", ("table",),
               "Keys in a merger table on this worker: incidents-by-id, incident-index (index, aliases, retention)."),
    MetricSpec("merge_evictions_total", "counter", ("table",),
               "Keys the merger's retention deleted (changelog tombstones), by table."),
    MetricSpec("stage_warmup_seconds", "gauge", ("stage",),
               "How long the stage's warm-up took before the worker reported ready."),
)

DURATION_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def metric_names() -> set[str]:
    """Every exported sample name family (with the prefix), as PromQL sees them."""
    names: set[str] = set()
    for spec in CATALOGUE:
        full = PREFIX + spec.name
        if spec.kind == "histogram":
            names |= {full + "_bucket", full + "_sum", full + "_count"}
        else:
            names.add(full)
    return names


class Metrics:
    """Collectors of one worker process, registered in their own registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        if registry is None:
            ProcessCollector(registry=self.registry)
            PlatformCollector(registry=self.registry)
            GCCollector(registry=self.registry)
        self._collectors: dict[str, Counter | Gauge | Histogram] = {}
        for spec in CATALOGUE:
            self._collectors[spec.name] = self._build(spec)

    def _build(self, spec: MetricSpec) -> Counter | Gauge | Histogram:
        name = PREFIX + spec.name
        if spec.kind == "counter":
            return Counter(name.removesuffix("_total"), spec.help, spec.labels, registry=self.registry)
        if spec.kind == "gauge":
            return Gauge(name, spec.help, spec.labels, registry=self.registry)
        return Histogram(name, spec.help, spec.labels, buckets=DURATION_BUCKETS, registry=self.registry)

    def counter(self, name: MetricName) -> Counter:
        collector = self._collectors[name]
        assert isinstance(collector, Counter)
        return collector

    def gauge(self, name: MetricName) -> Gauge:
        collector = self._collectors[name]
        assert isinstance(collector, Gauge)
        return collector

    def histogram(self, name: MetricName) -> Histogram:
        collector = self._collectors[name]
        assert isinstance(collector, Histogram)
        return collector
