"""The regional layer: villages, sites and small administrative areas from GeoNames country files,
kept compact in the repo (data/regional/<CC>.tsv.gz) and compiled into the index by default.

Its places resolve names that NER or a place cue proposes ("the village of X"); they are never in
the spotting name trie, so tens of thousands of village names that are also words or person names
("Kara", "Bamba") are not spotted in every text (see services/geocoding/layer_guard.py).
"""

from __future__ import annotations

import gzip
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from services.gazetteer.schema import PlaceRow, name_rows, upsert_names
from services.gazetteer.variants import variant_rows

LAYER_DIR = Path(__file__).with_name("data") / "regional"
FEATURES_PATH = LAYER_DIR / "features.tsv"
LAYER_TABLE = "CREATE TABLE IF NOT EXISTS regional_places (geonameid INTEGER PRIMARY KEY) WITHOUT ROWID"
_NAME_PUNCTUATION = frozenset(" -'’.")
_MAX_NAME_CHARS = 60


@dataclass(frozen=True)
class LayerPlace:
    geonameid: int
    name: str
    ascii_name: str
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    population: int
    alternates: tuple[str, ...]

    def place_row(self) -> PlaceRow:
        return (
            self.geonameid, self.name, self.ascii_name, self.latitude, self.longitude,
            self.feature_class, self.feature_code, self.country_code, self.admin1, self.population,
        )


@cache
def kept_features(path: Path = FEATURES_PATH) -> frozenset[str]:
    """The feature codes the layer keeps ("P.PPL", or "P.*" for a whole class)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_kept(feature_class: str, feature_code: str, features: frozenset[str]) -> bool:
    return f"{feature_class}.*" in features or f"{feature_class}.{feature_code}" in features


def is_written_name(name: str) -> bool:
    """A name as a Latin-script text would write it: letters of the Latin script, spaces, hyphens
    and apostrophes; no codes, links, digits, other scripts or machine romanisations ("mei na ka")."""
    if not 2 <= len(name) <= _MAX_NAME_CHARS or name.islower():
        return False
    for char in name:
        if char in _NAME_PUNCTUATION:
            continue
        if not char.isalpha() or not unicodedata.name(char, "").startswith("LATIN"):
            return False
    return True


def _round(value: str) -> float:
    return round(float(value), 4)


def read_geonames(paths: Iterable[Path], features: frozenset[str] | None = None) -> Iterator[LayerPlace]:
    """The layer's places in GeoNames dump files (19 tab-separated columns per row)."""
    features = kept_features() if features is None else features
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = line.rstrip("\n").split("\t")
                if len(row) < 15 or line.startswith("#") or not is_kept(row[6], row[7], features):
                    continue
                main, ascii_name = row[1], row[2] or row[1]
                seen = {main, ascii_name}
                alternates = []
                for alternate in row[3].split(","):
                    if alternate not in seen and is_written_name(alternate):
                        seen.add(alternate)
                        alternates.append(alternate)
                yield LayerPlace(
                    int(row[0]), main, ascii_name, _round(row[4]), _round(row[5]), row[6], row[7],
                    row[8], row[10], int(row[14] or 0), tuple(alternates),
                )


def _layer_line(place: LayerPlace) -> str:
    fields = [*(str(value) for value in place.place_row()), "|".join(place.alternates)]
    return "\t".join(field.replace("\t", " ") for field in fields) + "\n"


def write_layer(paths: Iterable[Path], directory: Path = LAYER_DIR) -> dict[str, int]:
    """Write (replacing) one gzipped TSV per country found in the GeoNames files; places per country."""
    by_country: dict[str, list[LayerPlace]] = {}
    for place in read_geonames(paths):
        by_country.setdefault(place.country_code, []).append(place)
    directory.mkdir(parents=True, exist_ok=True)
    for country, places in by_country.items():
        places.sort(key=lambda place: place.geonameid)
        target = directory / f"{country}.tsv.gz"
        temporary = target.with_suffix(".tmp")
        # mtime=0: the same input gives the same bytes, so a rebuild shows no diff in git.
        with gzip.GzipFile(temporary, "wb", mtime=0) as handle:
            handle.write("".join(_layer_line(place) for place in places).encode("utf-8"))
        temporary.replace(target)
    return {country: len(places) for country, places in sorted(by_country.items())}


def read_layer(directory: Path = LAYER_DIR) -> Iterator[LayerPlace]:
    """Every place of the committed layer, country file by country file."""
    for path in sorted(directory.glob("*.tsv.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = line.rstrip("\n").split("\t")
                yield LayerPlace(
                    int(row[0]), row[1], row[2], float(row[3]), float(row[4]), row[5], row[6], row[7],
                    row[8], int(row[9]), tuple(a for a in row[10].split("|") if a),
                )


def ensure_layer_table(connection: sqlite3.Connection) -> None:
    connection.execute(LAYER_TABLE)


def add_regional_layer(connection: sqlite3.Connection, directory: Path = LAYER_DIR) -> int:
    """Insert the layer's places that the index lacks, with their names and spelling variants, and
    mark them as the layer's (the matcher leaves them to NER and cues); returns places added."""
    ensure_layer_table(connection)
    known = {gid for (gid,) in connection.execute("SELECT geonameid FROM places")}
    added = 0
    for place in read_layer(directory):
        if place.geonameid in known:
            continue
        known.add(place.geonameid)
        connection.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", place.place_row())
        connection.execute("INSERT INTO regional_places VALUES (?)", (place.geonameid,))
        rows = name_rows(place.geonameid, place.name, place.ascii_name, place.alternates)
        upsert_names(connection, [*rows, *variant_rows(rows)])
        added += 1
    return added
