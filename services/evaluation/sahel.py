"""Our Sahel evaluation: villages and sites from GeoNames country files named in ACLED-note and news
sentences (English and French; data/sahel_places.jsonl from sahel_sentences.py, plus hand-written
data/sahel_places_handwritten.jsonl), each with the place's GeoNames point as gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
SAHEL_FILES = ("sahel_places.jsonl", "sahel_places_handwritten.jsonl")


def sahel_records(directory: Path = DATA_DIR) -> list[dict[str, Any]]:
    """Every sentence of the set, generated ones first; odd positions are the held-out half."""
    records: list[dict[str, Any]] = []
    for name in SAHEL_FILES:
        path = directory / name
        if path.exists():
            records.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return records
