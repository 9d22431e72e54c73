"""The on-disk gazetteer index: SQLite tables and the row writers shared by builder and importer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from services.nlp.folding import normalize_name

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, asciiname TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, feature_class TEXT NOT NULL, feature_code TEXT NOT NULL,
    country_code TEXT NOT NULL, admin1 TEXT NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS names (
    name TEXT NOT NULL, geonameid INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (name, geonameid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin1 (
    country_code TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER,
    PRIMARY KEY (country_code, code)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# names.kind: how a name relates to its place; the resolver trusts lower kinds more.
KIND_MAIN = 0
KIND_ASCII = 1
KIND_ALTERNATE = 2
KIND_SHORT = 3  # a region's name without its generic word ("Gwinnett" of "Gwinnett County"): resolver only
KIND_VARIANT = 4  # a spelling-variant key (services/gazetteer/variants.py): only when no exact name matches

PlaceRow = tuple[int, str, str, float, float, str, str, str, str, int]


def create_schema(connection: sqlite3.Connection) -> None:
    connection.executescript(SCHEMA)


def name_rows(
    geonameid: int, main: str, ascii_name: str, alternates: Iterable[str], short_forms: Iterable[str] = ()
) -> list[tuple[str, int, int]]:
    """The names rows of one place: main, ascii and alternate names, normalised, best kind per key."""
    best: dict[str, int] = {}
    main_key = normalize_name(main)
    for kind, names in ((KIND_MAIN, [main]), (KIND_ASCII, [ascii_name]), (KIND_ALTERNATE, alternates)):
        for raw in names:
            if kind == KIND_ALTERNATE and raw.islower():
                continue  # machine romanisations ("mei na ka"), never how a text writes a place
            key = normalize_name(raw)
            if len(key) < 2 or key.isdigit() or key in best:
                continue
            # A leading part of the main name is a short form, not a foreign or historic name:
            # "New York" of "New York City".
            best[key] = KIND_ASCII if kind == KIND_ALTERNATE and main_key.startswith(key + " ") else kind
    for raw in short_forms:
        best.setdefault(normalize_name(raw), KIND_SHORT)
    for key, kind in list(best.items()):
        for variant in abbreviated_forms(key):
            if variant not in best:
                best[variant] = max(kind, KIND_ASCII)
    return [(key, geonameid, kind) for key, kind in best.items()]


# How English-language news shortens the first word of a name: "St. Louis", "Ft. Worth", "Mt. Vernon".
_ABBREVIATIONS = {
    "saint": ("st.", "st"),
    "sainte": ("ste.", "ste"),
    "fort": ("ft.",),
    "mount": ("mt.", "mt"),
    "port": ("pt.",),
}


def abbreviated_forms(key: str) -> list[str]:
    """The abbreviated spellings of a normalised name ("saint louis" -> "st. louis", "st louis")."""
    first, _, rest = key.partition(" ")
    return [f"{short} {rest}" for short in _ABBREVIATIONS.get(first, ())] if rest else []


def upsert_places(connection: sqlite3.Connection, rows: Iterable[PlaceRow]) -> int:
    cursor = connection.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    return cursor.rowcount


def upsert_names(connection: sqlite3.Connection, rows: Iterable[tuple[str, int, int]]) -> int:
    cursor = connection.executemany(
        "INSERT INTO names VALUES (?,?,?) ON CONFLICT(name, geonameid) DO UPDATE SET kind=min(kind, excluded.kind)",
        rows,
    )
    return cursor.rowcount


def upsert_admin1(connection: sqlite3.Connection, rows: Iterable[tuple[str, str, str, int | None]]) -> int:
    cursor = connection.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?)", rows)
    return cursor.rowcount
