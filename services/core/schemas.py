"""Loads the versioned JSON Schemas from schemas/ and validates messages against them."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import orjson
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from services.core.wire import SchemaViolation

SCHEMA_VERSION = "v1"


def schema_dir() -> Path:
    """schemas/<version> in a source checkout, or the copy installed inside the package."""
    installed = Path(__file__).resolve().parent / "schemas" / SCHEMA_VERSION
    checkout = Path(__file__).resolve().parents[2] / "schemas" / SCHEMA_VERSION
    return checkout if checkout.is_dir() else installed


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = orjson.loads((schema_dir() / f"{name}.schema.json").read_bytes())
    return schema


@functools.cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schema_dir().glob("*.schema.json")):
        contents = orjson.loads(path.read_bytes())
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), registry=_registry(), format_checker=FormatChecker())


def validate(name: str, message: dict[str, Any]) -> None:
    """Raise SchemaViolation naming the first offending field, if the message breaks schema `name`."""
    error = next(iter(validator(name).iter_errors(message)), None)
    if error is None:
        return
    where = "/".join(str(part) for part in error.absolute_path) or "(root)"
    raise SchemaViolation(f"{name} schema violation at {where}: {error.message[:300]}")
