"""Importing full GeoNames dumps (allCountries.txt, ML.txt, admin1CodesASCII.txt, alternateNamesV2.txt)
into the compiled gazetteer, so operators get villages that cities500 lacks."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from services.core.settings import Settings
from services.gazetteer.build import build_lock, ensure_gazetteer
from services.gazetteer.name_trie import replace_name_trie
from services.gazetteer.schema import (
    KIND_ALTERNATE,
    PlaceRow,
    name_rows,
    upsert_admin1,
    upsert_names,
    upsert_places,
)

IMPORTED_FEATURE_CLASSES = frozenset({"A", "P"})
# alternateNamesV2 "languages" that are codes or links, not names a text would use.
_NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "abbr", "fr_1793", "tcid"})
_BATCH = 50_000


@dataclass
class ImportSummary:
    files: list[str] = field(default_factory=list)
    places: int = 0
    names: int = 0
    admin1: int = 0
    seconds: float = 0.0


def _lines(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _import_places(connection: sqlite3.Connection, path: Path, summary: ImportSummary) -> None:
    """A geoname table dump: 19 tab-separated columns per place."""
    places: list[PlaceRow] = []
    names: list[tuple[str, int, int]] = []
    for row in _lines(path):
        if len(row) < 15 or row[6] not in IMPORTED_FEATURE_CLASSES:
            continue
        gid = int(row[0])
        places.append(
            (
                gid,
                row[1],
                row[2] or row[1],
                float(row[4]),
                float(row[5]),
                row[6],
                row[7],
                row[8],
                row[10],
                int(row[14] or 0),
            )
        )
        names.extend(name_rows(gid, row[1], row[2] or row[1], [a for a in row[3].split(",") if a]))
        if len(places) >= _BATCH:
            summary.places += upsert_places(connection, places)
            summary.names += upsert_names(connection, names)
            places, names = [], []
    summary.places += upsert_places(connection, places)
    summary.names += upsert_names(connection, names)


def _import_admin1(connection: sqlite3.Connection, path: Path, summary: ImportSummary) -> None:
    """admin1CodesASCII.txt: CC.code, name, ascii name, geonameid."""
    rows = []
    for row in _lines(path):
        country, _, code = row[0].partition(".")
        rows.append((country, code, row[1], int(row[3]) if len(row) > 3 and row[3] else None))
    summary.admin1 += upsert_admin1(connection, rows)


def _import_alternate_names(connection: sqlite3.Connection, path: Path, summary: ImportSummary) -> None:
    """alternateNamesV2.txt: names of places already in the index (others are skipped)."""
    known = {gid for (gid,) in connection.execute("SELECT geonameid FROM places")}
    batch: list[tuple[str, int, int]] = []
    for row in _lines(path):
        if len(row) < 4 or row[2] in _NOT_NAMES or int(row[1]) not in known:
            continue
        batch.extend(
            (key, gid, KIND_ALTERNATE) for key, gid, _kind in name_rows(int(row[1]), "", "", [row[3]])
        )
        if len(batch) >= _BATCH:
            summary.names += upsert_names(connection, batch)
            batch = []
    summary.names += upsert_names(connection, batch)


def _importer_for(path: Path) -> str:
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("alternatenames"):
        return "alternate_names"
    return "places"


def import_geonames(paths: list[Path], settings: Settings) -> ImportSummary:
    """Upsert GeoNames dump files into the gazetteer (built first if absent) and refresh the name trie.

    Place files go first so that alternate names find their places, whatever the order given.
    """
    started = time.perf_counter()
    index = ensure_gazetteer(settings)
    summary = ImportSummary(files=[str(p) for p in paths])
    order = {"places": 0, "admin1": 1, "alternate_names": 2}
    importers = {
        "places": _import_places,
        "admin1": _import_admin1,
        "alternate_names": _import_alternate_names,
    }
    with build_lock(index):
        connection = sqlite3.connect(index)
        try:
            for path in sorted(paths, key=lambda p: order[_importer_for(p)]):
                importers[_importer_for(path)](connection, path, summary)
            # Marks the index as the operator's: a newer embedded data version must not rebuild it.
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('imported_at', ?)", (str(time.time()),))
            connection.commit()
            replace_name_trie(connection, index)
        finally:
            connection.close()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
