"""Fixtures of the geocoding unit tests: one compiled gazetteer, one matcher, one stage per session."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.gazetteer.matcher import ToponymMatcher
from services.geocoding.stage import build_geocoding_stage


@pytest.fixture(scope="session")
def geocoding_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.getbasetemp() / "geocoding-data")


@pytest.fixture(scope="session")
def matcher(geocoding_settings: Settings) -> ToponymMatcher:
    return ToponymMatcher.from_settings(geocoding_settings)


@pytest.fixture(scope="session")
def geocode(geocoding_settings: Settings, matcher: ToponymMatcher) -> Any:
    """Text in, geocoded article out, with the matcher's toponyms (no spaCy)."""
    stage = build_geocoding_stage(geocoding_settings)

    def run(text: str, language: str = "en") -> dict[str, Any]:
        article = {"id": "t", "text": text, "language": {"code": language}, "toponyms": matcher.find(text, language)}
        return dict(stage(article)[0])

    return run
