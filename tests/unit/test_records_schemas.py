"""The TypedDicts of services.core.records say what schemas/v1 says: same keys, same required keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.core import records

pytestmark = pytest.mark.unit

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "v1"


def _load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def _resolve(node: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """A schema object with its $ref followed and its allOf parts merged in (properties and required)."""
    ref = node.get("$ref")
    if ref is not None:
        if ref.startswith("#/"):
            target: Any = document
            for part in ref[2:].split("/"):
                target = target[part]
            return _resolve(target, document)
        return _resolve(_load(ref), _load(ref))
    properties: dict[str, Any] = {}
    required: list[str] = []
    for part in node.get("allOf", []):
        resolved = _resolve(part, document)
        properties.update(resolved.get("properties", {}))
        required += resolved.get("required", [])
    properties.update(node.get("properties", {}))
    return {**node, "properties": properties, "required": required + node.get("required", [])}


def _at(schema_file: str, *path: str) -> dict[str, Any]:
    """The resolved schema object at `path` in a schema file: a property name, 'items' (an array's items)
    or '$name' (a $defs entry)."""
    document = _load(schema_file)
    node = _resolve(document, document)
    for step in path:
        if step.startswith("$"):
            node = document["$defs"][step[1:]]
        elif step == "items":
            node = node["items"]
        else:
            node = node["properties"][step]
        node = _resolve(node, document)
    return node


PAIRS: list[tuple[Any, str, tuple[str, ...]]] = [
    (records.RawArticle, "raw_article.schema.json", ()),
    (records.EnrichedArticle, "enriched_article.schema.json", ()),
    (records.Span, "enriched_article.schema.json", ("$span",)),
    (records.LanguageTag, "enriched_article.schema.json", ("language",)),
    (records.EntityMention, "enriched_article.schema.json", ("entities", "items")),
    (records.ActorMention, "enriched_article.schema.json", ("actors", "items")),
    (records.NumberMention, "enriched_article.schema.json", ("numbers", "items")),
    (records.DateMention, "enriched_article.schema.json", ("dates", "items")),
    (records.Toponym, "enriched_article.schema.json", ("toponyms", "items")),
    (records.GeoLocation, "enriched_article.schema.json", ("locations", "items")),
    (records.IngestPosition, "enriched_article.schema.json", ("ingest",)),
    (records.PipelineStamp, "enriched_article.schema.json", ("pipeline",)),
    (records.IncidentEvent, "incident_event.schema.json", ()),
    (records.Count, "incident_event.schema.json", ("$count",)),
    (records.EventLocation, "incident_event.schema.json", ("$location",)),
    (records.EventActor, "incident_event.schema.json", ("$actor",)),
    (records.Evidence, "incident_event.schema.json", ("evidence",)),
    (records.Incident, "incident.schema.json", ()),
    (records.DeadLetter, "dead_letter.schema.json", ()),
]


@pytest.mark.parametrize(("record", "schema_file", "path"), PAIRS, ids=lambda p: getattr(p, "__name__", None))
def test_record_keys_match_schema(record: Any, schema_file: str, path: tuple[str, ...]) -> None:
    schema = _at(schema_file, *path)
    assert record.__required_keys__ | record.__optional_keys__ == set(schema["properties"])
    assert set(record.__required_keys__) == set(schema["required"])


def test_every_schema_has_a_record() -> None:
    covered = {schema_file for _, schema_file, path in PAIRS if not path}
    assert covered == {p.name for p in SCHEMAS.glob("*.schema.json")}
