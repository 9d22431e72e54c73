"""Writes the Grafana dashboards of incident-stream (pipeline.json, analysts.json) from code.

Run `python deploy/grafana/generate.py` after editing, and commit the JSON next to it; a test
checks that the committed JSON is what this script writes and that every PromQL expression only
names metrics of services/core/metrics.py.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATASOURCE = {"type": "prometheus", "uid": "incident-stream-prometheus"}
OUT_DIR = Path(__file__).resolve().parent / "dashboards"
RATE = "$__rate_interval"
STAGE = '{stage=~"$stage"}'
WORKERS = '{job="incident-stream"}'

Panel = dict[str, Any]


def target(expr: str, legend: str = "", instant: bool = False) -> dict[str, Any]:
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend or "__auto",
            "instant": instant, "range": not instant, "refId": ""}


def timeseries(title: str, targets: list[dict[str, Any]], unit: str = "short", description: str = "",
               stacked: bool = False, bars: bool = False) -> Panel:
    custom: dict[str, Any] = {"drawStyle": "bars" if bars else "line", "fillOpacity": 60 if bars else 10,
                              "lineWidth": 1, "showPoints": "never",
                              "stacking": {"mode": "normal" if stacked else "none", "group": "A"}}
    return {"type": "timeseries", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": targets, "fieldConfig": {"defaults": {"unit": unit, "custom": custom}, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]},
                        "tooltip": {"mode": "multi", "sort": "desc"}}}


def stat(title: str, expr: str, unit: str = "short", description: str = "") -> Panel:
    return {"type": "stat", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": [target(expr, instant=True)],
            "fieldConfig": {"defaults": {"unit": unit, "decimals": 0}, "overrides": []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "none", "textMode": "auto"}}


def bar_gauge(title: str, expr: str, legend: str, description: str = "") -> Panel:
    return {"type": "bargauge", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": [target(expr, legend, instant=True)],
            "fieldConfig": {"defaults": {"unit": "short", "decimals": 0, "min": 0}, "overrides": []},
            "options": {"orientation": "horizontal", "displayMode": "gradient", "showUnfilled": True,
                        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}}}


@dataclass
class Layout:
    """Places panels left to right in rows of 24 grid units, each row under a collapsible header."""

    panels: list[Panel] = field(default_factory=list)
    y: int = 0

    def row(self, title: str, panels: list[Panel], width: int = 8, height: int = 8) -> None:
        self.panels.append({"type": "row", "title": title, "collapsed": False, "panels": [],
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}})
        self.y += 1
        for index, panel in enumerate(panels):
            x = (index * width) % 24
            if index and x == 0:
                self.y += height
            panel["gridPos"] = {"h": height, "w": width, "x": x, "y": self.y}
        self.panels.extend(panels)
        self.y += height

    def numbered(self) -> list[Panel]:
        for number, panel in enumerate(self.panels, start=1):
            panel["id"] = number
            for letter, query in zip("ABCDEFGH", panel.get("targets", [])):
                query["refId"] = letter
        return self.panels


def dashboard(uid: str, title: str, description: str, layout: Layout, variables: list[dict[str, Any]],
              time_from: str) -> dict[str, Any]:
    return {"uid": uid, "title": title, "description": description, "tags": ["incident-stream"],
            "editable": False, "graphTooltip": 1, "refresh": "30s", "schemaVersion": 39, "version": 1,
            "time": {"from": time_from, "to": "now"}, "timezone": "utc",
            "templating": {"list": variables}, "annotations": {"list": []}, "links": [],
            "panels": layout.numbered()}


def stage_variable() -> dict[str, Any]:
    query = "label_values(incident_stream_messages_in_total, stage)"
    return {"name": "stage", "label": "Stage", "type": "query", "datasource": DATASOURCE,
            "query": {"query": query, "refId": "stage"}, "definition": query, "refresh": 2,
            "multi": True, "includeAll": True, "allValue": ".*", "sort": 0,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]}}


def pipeline() -> dict[str, Any]:
    layout = Layout()
    layout.row("Stages: rate, errors, duration", [
        timeseries("Messages consumed per second", [target(
            f"sum by (stage) (rate(incident_stream_messages_in_total{STAGE}[{RATE}]))", "{{stage}}")], "ops"),
        timeseries("Messages produced per second", [target(
            f"sum by (stage, topic) (rate(incident_stream_messages_out_total{STAGE}[{RATE}]))",
            "{{stage}} → {{topic}}")], "ops"),
        timeseries("Outcomes per second", [target(
            f"sum by (stage, outcome) (rate(incident_stream_messages_processed_total{STAGE}[{RATE}]))",
            "{{stage}} {{outcome}}")], "ops", "ok: output sent, empty: no output (e.g. no incident), "
            "deadletter: sent to the dead-letter topic.", stacked=True),
        timeseries("Dead-letter ratio", [target(
            f"sum by (stage) (rate(incident_stream_deadletters_total{STAGE}[{RATE}]))"
            f" / sum by (stage) (rate(incident_stream_messages_in_total{STAGE}[{RATE}]))", "{{stage}}")],
            "percentunit", "Share of consumed messages that were dead-lettered, all reasons."),
        timeseries("Input fields left out per second", [target(
            f"sum by (stage, field, reason) (rate(incident_stream_ingest_warnings_total{STAGE}[{RATE}]))",
            "{{stage}} {{field}} {{reason}}")], "ops", "Articles kept without a field the producer sent in no "
            "accepted form (e.g. published_at unparseable): the value stays in published_at_raw; fix the producer.",
            stacked=True),
        timeseries("Stage duration p50 / p99", [
            target("histogram_quantile(0.5, sum by (stage, le) "
                   f"(rate(incident_stream_stage_duration_seconds_bucket{STAGE}[{RATE}])))", "{{stage}} p50"),
            target("histogram_quantile(0.99, sum by (stage, le) "
                   f"(rate(incident_stream_stage_duration_seconds_bucket{STAGE}[{RATE}])))", "{{stage}} p99")],
            "s", "Time in the stage function per message (excludes Kafka I/O)."),
        timeseries("Mean stage duration", [target(
            f"sum by (stage) (rate(incident_stream_stage_duration_seconds_sum{STAGE}[{RATE}]))"
            f" / sum by (stage) (rate(incident_stream_stage_duration_seconds_count{STAGE}[{RATE}]))",
            "{{stage}}")], "s"),
        timeseries("Stage warm-up duration", [target(
            f"max by (stage, instance) (incident_stream_stage_warmup_seconds{STAGE})", "{{stage}} {{instance}}")],
            "s", "Time a worker spent running its stage on sample inputs (loading models) before it reported "
            "ready; it steps with every restart."),
    ])
    layout.row("Freshness", [
        timeseries("Offset lag", [target(
            f"sum by (stage) (incident_stream_consumer_lag_messages{STAGE})", "{{stage}}")], "short",
            "Messages on the input topic not yet consumed (highwater minus position), summed over partitions."),
        timeseries("Offset lag by partition", [target(
            f"sum by (stage, topic, partition) (incident_stream_consumer_lag_messages{STAGE})",
            "{{topic}}[{{partition}}]")], "short", "An uneven lag points at a hot key or a stuck worker."),
        timeseries("Time lag (estimated time to drain)", [target(
            f"sum by (stage) (incident_stream_consumer_lag_messages{STAGE})"
            f" / (sum by (stage) (rate(incident_stream_messages_in_total{STAGE}[5m])) > 0)", "{{stage}}")],
            "s", "Offset lag divided by the consumption rate of the last 5 minutes; empty when nothing is consumed."),
        timeseries("Age of the newest processed article", [target(
            f"time() - max by (stage) (incident_stream_newest_article_published_timestamp_seconds{STAGE})",
            "{{stage}}")], "s", "Now minus the newest published_at a stage has processed."),
        timeseries("Time since last processed message", [target(
            f"time() - max by (stage) (incident_stream_last_processed_timestamp_seconds{STAGE})", "{{stage}}")],
            "s", "Grows while a stage idles (no input) or stalls (input but no progress: compare with lag)."),
    ])
    layout.row("Kafka health", [
        timeseries("Rebalances", [target(
            f"sum by (stage) (increase(incident_stream_rebalances_total{STAGE}[{RATE}]))", "{{stage}}")],
            "short", bars=True),
        timeseries("Offset commits per second", [target(
            f"sum by (stage) (rate(incident_stream_commits_total{STAGE}[{RATE}]))", "{{stage}}")], "ops"),
        timeseries("Dead letters per second by reason", [target(
            f"sum by (stage, reason) (rate(incident_stream_deadletters_total{STAGE}[{RATE}]))",
            "{{stage}} {{reason}}")], "ops", stacked=True),
        timeseries("Assigned partitions per worker", [target(
            f"sum by (stage, instance) (incident_stream_assigned_partitions{STAGE})", "{{stage}} {{instance}}")],
            "short", "Partitions bound parallelism: a worker with 0 partitions is idle."),
        timeseries("Workers up", [target(f"sum by (service) (up{WORKERS})", "{{service}}")], "short"),
    ])
    layout.row("Saturation", [
        timeseries("CPU (cores)", [target(
            f"sum by (service, instance) (rate(process_cpu_seconds_total{WORKERS}[{RATE}]))",
            "{{service}} {{instance}}")], "percentunit", "1 = 100% of one core; workers run one stage agent each."),
        timeseries("Resident memory", [target(
            f"sum by (service, instance) (process_resident_memory_bytes{WORKERS})", "{{service}} {{instance}}")],
            "bytes"),
        timeseries("Event-loop lag", [target(
            f"max by (stage, instance) (incident_stream_event_loop_lag_seconds{STAGE})", "{{stage}} {{instance}}")],
            "s", "Delay of a periodic tick: high values mean CPU work is blocking the loop (and commits)."),
        timeseries("Open file descriptors", [target(
            f"sum by (service, instance) (process_open_fds{WORKERS})", "{{service}} {{instance}}")], "short"),
        timeseries("Merger table entries", [target(
            "sum by (table, instance) (incident_stream_merge_table_entries)", "{{table}} {{instance}}")], "short",
            "Keys in the merger's tables; bounded by INCIDENT_STREAM_MERGE_RETENTION_DAYS, so it levels off."),
        timeseries("Merger evictions per second", [target(
            f"sum by (table) (rate(incident_stream_merge_evictions_total[{RATE}]))", "{{table}}")], "ops",
            "Keys deleted by retention (incidents older than the horizon, with their index entries)."),
    ], width=6)
    return dashboard("incident-stream-pipeline", "incident-stream: pipeline",
                     "Throughput, errors, latency, freshness, Kafka health and saturation per stage.",
                     layout, [stage_variable()], "now-3h")


def analysts() -> dict[str, Any]:
    incidents, fatalities = "incident_stream_incidents_total", "incident_stream_fatalities_total"
    layout = Layout()
    layout.row("Totals in the selected range", [
        stat("Incident events", f"sum(increase({incidents}[$__range]))"),
        stat("Fatalities (best estimates)", f"sum(increase({fatalities}[$__range]))"),
        stat("New incidents after merging",
             'sum(increase(incident_stream_incidents_merged_total{outcome="new"}[$__range]))'),
        stat("Reports merged into known incidents",
             'sum(increase(incident_stream_incidents_merged_total{outcome="merged"}[$__range]))'),
    ], width=6, height=4)
    layout.row("Incidents per hour", [
        timeseries("Incidents per hour by event type", [target(
            f"sum by (event_type) (increase({incidents}[1h]))", "{{event_type}}")], "short", stacked=True, bars=True),
        timeseries("Incidents per hour by country (top 10)", [target(
            f"topk(10, sum by (country) (increase({incidents}[1h])))", "{{country}}")], "short", stacked=True,
            bars=True),
    ], width=12, height=9)
    layout.row("Fatalities", [
        timeseries("Fatalities per hour by event type", [target(
            f"sum by (event_type) (increase({fatalities}[1h]))", "{{event_type}}")], "short", stacked=True,
            bars=True),
        timeseries("Fatalities per hour by country (top 10)", [target(
            f"topk(10, sum by (country) (increase({fatalities}[1h])))", "{{country}}")], "short", stacked=True,
            bars=True),
    ], width=12, height=9)
    layout.row("Top locations", [
        bar_gauge("Top countries by incidents", f"topk(10, sum by (country) (increase({incidents}[$__range])))",
                  "{{country}}", "Country labels only: place names stay on the incidents topic."),
        bar_gauge("Top countries by fatalities", f"topk(10, sum by (country) (increase({fatalities}[$__range])))",
                  "{{country}}"),
        bar_gauge("Incidents by event type", f"sum by (event_type) (increase({incidents}[$__range]))",
                  "{{event_type}}"),
    ], width=8, height=10)
    return dashboard("incident-stream-analysts", "incident-stream: incidents",
                     "What the pipeline finds: incident events by ACLED event type and country, and fatalities.",
                     layout, [], "now-7d")


DASHBOARDS = {"pipeline.json": pipeline, "analysts.json": analysts}


def render(build: Any) -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(out_dir: Path = OUT_DIR) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in DASHBOARDS.items():
        (out_dir / name).write_text(render(build), encoding="utf-8")
        print(out_dir / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
