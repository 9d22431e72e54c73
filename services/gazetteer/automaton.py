"""The Aho-Corasick automaton over the gazetteer's normalised names, saved beside the index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import ahocorasick

from services.gazetteer.demonyms import load_demonyms
from services.gazetteer.regional import ensure_layer_table

# Short forms of region names (kind 3: "Gwinnett" of "Gwinnett County") are for the resolver only.
# Two-letter keys match everywhere ("in", "of"); only countries and areas ("US", "UK", "EU") keep theirs.
# Demonyms ("Malian") are added too: the matcher reports them as associative place mentions. Alternate
# names of hamlets are mostly foreign-language spellings nobody writes in news; they stay in the
# names table (the resolver uses them) but not in the automaton, which must stay small in memory.
# The regional layer's places are left to NER and place cues (services/gazetteer/regional.py).
_NAMES_SQL = """
SELECT DISTINCT n.name FROM names n JOIN places p ON p.geonameid = n.geonameid
WHERE n.kind < 3
  AND (length(n.name) >= 3 OR p.feature_code IN ('PCLI', 'CONT', 'RGN'))
  AND (n.kind < 2 OR p.feature_class != 'P' OR p.population >= ?)
  AND n.geonameid NOT IN (SELECT geonameid FROM regional_places)
"""
MIN_ALTERNATE_POPULATION = 5000


def automaton_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + ".aho")


def build_automaton(connection: sqlite3.Connection) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    ensure_layer_table(connection)
    for (name,) in connection.execute(_NAMES_SQL, (MIN_ALTERNATE_POPULATION,)):
        automaton.add_word(name)
    for demonym in load_demonyms():
        automaton.add_word(demonym)
    automaton.make_automaton()
    return automaton


def save_automaton(connection: sqlite3.Connection, path: Path) -> None:
    build_automaton(connection).save(str(path))


def load_automaton(path: Path) -> ahocorasick.Automaton:
    return ahocorasick.load(str(path), lambda data: None)
