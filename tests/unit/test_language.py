"""The language stage on news text in the languages we serve, and 'und' when it cannot tell."""

from __future__ import annotations

import pytest

from services.core.schemas import validate
from services.core.settings import Settings
from services.language.detect import detector_codes
from services.language.stage import build_language_stage

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module", params=[False, True], ids=["high-accuracy", "low-accuracy"])
def enrich_language(request):  # type: ignore[no-untyped-def]
    return build_language_stage(Settings(language_low_accuracy=request.param))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Army sources said 49 soldiers were killed on Friday in a surprise attack on the base.", "en"),
        ("Des hommes armés ont attaqué vendredi un camp de l'armée malienne près de Ménaka.", "fr"),
        ("Al menos quince personas murieron el domingo en un ataque armado en el Cauca.", "es"),
        ("Pelo menos dez civis foram mortos ontem num ataque de insurgentes em Cabo Delgado.", "pt"),
        ("Mindestens siebzehn Soldaten wurden am Freitag bei einem Anschlag in Niger getötet.", "de"),
    ],
)
def test_detects_news_languages(enrich_language, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    article = enrich_language({"url": "https://x.example/a", "text": text})[0]
    assert article["language"]["code"] == code
    assert article["language"]["confidence"] > 0.5


@pytest.mark.parametrize("text", ["", "ok", "12 34 56 78 90 !!", "   "])
def test_too_little_text_is_undetermined(enrich_language, text: str) -> None:  # type: ignore[no-untyped-def]
    article = enrich_language({"url": "https://x.example/a", "text": text or " "})[0]
    assert article["language"]["code"] == "und"


def test_keeps_every_raw_field_and_sets_a_stable_id(enrich_language, seed_article: dict) -> None:  # type: ignore[no-untyped-def]
    raw = {key: value for key, value in seed_article.items() if key != "id"}
    raw["language"] = "en"
    enriched = enrich_language(raw)[0]
    assert enriched["id"] == seed_article["id"]
    for key in ("url", "text", "title", "published_at", "author", "source"):
        assert enriched[key] == raw[key]
    assert enriched["language"] == {"code": "en", "confidence": enriched["language"]["confidence"], "hint": "en"}
    assert enrich_language(enriched)[0]["language"] == enriched["language"]


def test_unknown_language_code_is_a_clear_configuration_error() -> None:
    with pytest.raises(ValueError, match="xx"):
        build_language_stage(Settings(languages="en,xx"))


def test_every_lingua_language_is_served_by_default() -> None:
    settings = Settings()
    assert len(detector_codes(settings.language_codes())) == 75
    article = build_language_stage(settings)({"url": "https://x.example/a",
                                              "text": "금요일 무장 세력이 군 기지를 공격해 병사 49명이 숨졌다고 군 소식통이 밝혔다."})[0]
    assert article["language"]["code"] == "ko"


@pytest.mark.parametrize(("published_at", "normalised", "precision"), [
    ("2018-01-29", "2018-01-29T00:00:00+00:00", "day"),
    ("Mon, 29 Jan 2018 10:00:00 +0100", "2018-01-29T10:00:00+01:00", "second"),
    (1517220000, "2018-01-29T10:00:00+00:00", "second"),
])
def test_publication_times_in_producer_forms_come_out_rfc3339(enrich_language, published_at: object,  # type: ignore[no-untyped-def]
                                                              normalised: str, precision: str) -> None:
    raw = {"url": " https://x.example/a\n", "text": "Gunmen attacked a village near Gao.", "published_at": published_at}
    article = enrich_language(raw)[0]
    assert article["url"] == "https://x.example/a"
    assert (article["published_at"], article["published_at_precision"]) == (normalised, precision)
    assert article["published_at_raw"] == published_at
    validate("enriched_article", article)


def test_an_unreadable_publication_time_keeps_the_article(enrich_language) -> None:  # type: ignore[no-untyped-def]
    raw = {"url": "https://x.example/a", "text": "Gunmen attacked a village near Gao.", "published_at": "last Friday"}
    validate("raw_article", raw)
    article = enrich_language(raw)[0]
    assert article["published_at"] is None and article["published_at_raw"] == "last Friday"
    assert article["ingest_warnings"] == [{"field": "published_at", "reason": "unparseable"}]
    assert article["language"]["code"] == "en"
    validate("enriched_article", article)
