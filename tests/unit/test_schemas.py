"""Every schema accepts its valid examples and rejects its invalid ones."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import orjson
import pytest

from services.core.schemas import compiled, schema_dir, validate, validator
from services.core.wire import SchemaViolation

pytestmark = pytest.mark.unit

EXAMPLES = sorted((schema_dir() / "examples").glob("*/*.json"))
SCHEMAS = ["raw_article", "enriched_article", "incident_event", "incident", "dead_letter"]


def test_every_schema_has_valid_and_invalid_examples() -> None:
    for name in SCHEMAS:
        kinds = {path.name.split("_")[0] for path in EXAMPLES if path.parent.name == name}
        assert kinds == {"valid", "invalid"}, name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example(path: Path) -> None:
    message = orjson.loads(path.read_bytes())
    # The fast compiled validator and the reference validator agree on every example.
    reference_valid = not list(validator(path.parent.name).iter_errors(message))
    try:
        compiled(path.parent.name)(message)
        fast_valid = True
    except fastjsonschema.JsonSchemaException:
        fast_valid = False
    assert fast_valid == reference_valid == path.name.startswith("valid")
    if path.name.startswith("valid"):
        validate(path.parent.name, message)
    else:
        with pytest.raises(SchemaViolation):
            validate(path.parent.name, message)
