"""Read-only access to the compiled gazetteer: candidate places per name, admin1 names."""

from __future__ import annotations

import sqlite3
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from services.core.settings import Settings
from services.gazetteer.build import ensure_gazetteer

_MMAP_BYTES = 256 * 1024 * 1024


class Place(NamedTuple):
    geonameid: int
    name: str
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    population: int


class Candidate(NamedTuple):
    place: Place
    name_kind: int  # schema.KIND_*: main, ascii or alternate name


_PLACE_COLUMNS = "p.geonameid, p.name, p.lat, p.lon, p.feature_class, p.feature_code, p.country_code, p.admin1, p.population"


class Gazetteer:
    """One read-only, memory-mapped connection per process; the OS page cache is shared by workers."""

    def __init__(self, path: Path, cache_size: int = 200_000) -> None:
        self.path = path
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._connection.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
        self.candidates = lru_cache(maxsize=cache_size)(self._candidates)
        self._admin1 = {
            (cc, code): name
            for cc, code, name in self._connection.execute("SELECT country_code, code, name FROM admin1")
        }
        self._regions = {
            (row[6], row[7]): Place(*row)
            for row in self._connection.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.feature_code = 'ADM1'"
            )
        }
        self._countries = {
            row[6]: Place(*row)
            for row in self._connection.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.feature_code = 'PCLI'"
            )
        }

    @cached_property
    def _regional_ids(self) -> frozenset[int]:
        # Indexes compiled or imported before the layer existed have no such table.
        try:
            return frozenset(gid for (gid,) in self._connection.execute("SELECT geonameid FROM regional_places"))
        except sqlite3.OperationalError:
            return frozenset()

    def _candidates(self, key: str) -> tuple[Candidate, ...]:
        """Places whose normalised name is key (see normalize.normalize_name)."""
        rows = self._connection.execute(
            f"SELECT {_PLACE_COLUMNS}, n.kind FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.name = ?",
            (key,),
        ).fetchall()
        return tuple(Candidate(Place(*row[:9]), row[9]) for row in rows)

    def in_regional_layer(self, geonameid: int) -> bool:
        """Whether the place comes from the regional layer (services/gazetteer/regional.py)."""
        return geonameid in self._regional_ids

    def place(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id, if the index holds it."""
        row = self._connection.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.geonameid = ?", (geonameid,)
        ).fetchone()
        return Place(*row) if row else None

    def admin1_name(self, country_code: str, admin1: str) -> str | None:
        return self._admin1.get((country_code, admin1))

    def region(self, country_code: str, admin1: str) -> Place | None:
        """The first-level region with this code ("US", "GA"), if the index holds it."""
        return self._regions.get((country_code, admin1))

    def country(self, country_code: str) -> Place | None:
        return self._countries.get(country_code)

    def country_codes_by_id(self) -> dict[int, str]:
        """geonameid -> ISO code of every country in the index."""
        return {place.geonameid: code for code, place in self._countries.items()}

    def town_points(self) -> list[tuple[float, float, str]]:
        """(latitude, longitude, country code) of every populated place."""
        return list(
            self._connection.execute("SELECT lat, lon, country_code FROM places WHERE feature_class = 'P'")
        )

    def close(self) -> None:
        self._connection.close()


def open_gazetteer(settings: Settings) -> Gazetteer:
    """The gazetteer of these settings, compiled first if it does not exist."""
    return Gazetteer(ensure_gazetteer(settings))
