"""eval-geo scoring and index freshness: a continent has no country, a stale index is rebuilt,
an operator's imported index never is."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from services.evaluation.geo import Gold, Score
from services.gazetteer.build import INDEX_VERSION, index_is_current
from services.gazetteer.name_trie import name_trie_path


class _NearestTownIn:
    def __init__(self, code: str) -> None:
        self.code = code

    def __call__(self, lat: float, lon: float) -> str | None:
        return self.code


def _location(country: str | None) -> dict[str, Any]:
    return {"latitude": 0.0, "longitude": 20.0, "country_code": country, "geonameid": 1}


@pytest.mark.unit
def test_a_continent_without_country_scores_a_countryless_answer_right() -> None:
    score = Score()
    africa = Gold(0, 6, 0.0, 20.0, country_code="")  # gold says: no country
    score.add(africa, _location(None), _NearestTownIn("CD"))  # type: ignore[arg-type]
    score.add(africa, _location("CD"), _NearestTownIn("CD"))  # type: ignore[arg-type]
    assert score.country == 1


@pytest.mark.unit
def test_gold_without_a_known_country_takes_its_nearest_towns() -> None:
    score = Score()
    town = Gold(0, 4, 0.0, 20.0)
    score.add(town, _location("CD"), _NearestTownIn("CD"))  # type: ignore[arg-type]
    assert score.country == 1


def _index(path: Path, meta: dict[str, str]) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    connection.commit()
    connection.close()
    name_trie_path(path).write_bytes(b"")
    return path


@pytest.mark.unit
def test_an_index_of_older_data_is_stale(tmp_path: Path) -> None:
    assert index_is_current(_index(tmp_path / "now.sqlite", {"version": INDEX_VERSION}))
    assert not index_is_current(_index(tmp_path / "old.sqlite", {"version": "0"}))
    assert not index_is_current(tmp_path / "missing.sqlite")


@pytest.mark.unit
def test_an_imported_index_is_never_rebuilt(tmp_path: Path) -> None:
    imported = _index(tmp_path / "imported.sqlite", {"version": "0", "imported_at": "1"})
    assert index_is_current(imported)
