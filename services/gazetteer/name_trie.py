"""The trie of the gazetteer's normalised names the toponym matcher spots, saved beside the index.

A MARISA trie is a few megabytes on disk and memory-mapped, so every process shares one copy in the page
cache and starts without loading it (the Aho-Corasick automaton it replaced was 110 MB, unpickled in a
second by every process)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import marisa_trie

from services.gazetteer.demonyms import load_demonyms
from services.gazetteer.regional import ensure_layer_table

# Short forms of region names (kind 3: "Gwinnett" of "Gwinnett County") are for the resolver only.
# Two-letter keys match everywhere ("in", "of"); only countries and areas ("US", "UK", "EU") keep theirs.
# Demonyms ("Malian") are added too: the matcher reports them as associative place mentions. Alternate
# names of hamlets are mostly foreign-language spellings nobody writes in news; they stay in the
# names table (the resolver uses them) but not in the trie, which must stay small.
# The regional layer's places are left to NER and place cues (services/gazetteer/regional.py).
_NAMES_SQL = """
SELECT DISTINCT n.name FROM names n JOIN places p ON p.geonameid = n.geonameid
WHERE n.kind < 3
  AND (length(n.name) >= 3 OR p.feature_code IN ('PCLI', 'CONT', 'RGN'))
  AND (n.kind < 2 OR p.feature_class != 'P' OR p.population >= ?)
  AND n.geonameid NOT IN (SELECT geonameid FROM regional_places)
"""
MIN_ALTERNATE_POPULATION = 5000
# The matcher looks this far from each word start; the longest name in the data has 193 characters.
MAX_NAME_CHARS = 256


def name_trie_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + ".names.marisa")


def build_name_trie(connection: sqlite3.Connection) -> marisa_trie.Trie:
    ensure_layer_table(connection)
    names = {name for (name,) in connection.execute(_NAMES_SQL, (MIN_ALTERNATE_POPULATION,))}
    return marisa_trie.Trie(name for name in names | set(load_demonyms()) if len(name) <= MAX_NAME_CHARS)


def save_name_trie(connection: sqlite3.Connection, path: Path) -> None:
    build_name_trie(connection).save(str(path))


def replace_name_trie(connection: sqlite3.Connection, index_path: Path) -> None:
    """Write the trie of the index at `index_path` beside it: a reader maps the old file or the new, never half."""
    temporary = name_trie_path(index_path).with_name(f"{name_trie_path(index_path).name}.{os.getpid()}.tmp")
    try:
        save_name_trie(connection, temporary)
        os.replace(temporary, name_trie_path(index_path))
    finally:
        temporary.unlink(missing_ok=True)


def load_name_trie(path: Path) -> marisa_trie.Trie:
    """The trie at `path`, memory-mapped (a file replaced later stays mapped until the process ends)."""
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie
