"""Raw articles as producers send them become strict enriched fields, and nothing they sent is lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.core.ids import article_id_from_url
from services.core.stage import new_ingest_warnings
from services.ingest.raw_fields import normalise_raw_fields

pytestmark = pytest.mark.unit

NOW = datetime(2024, 6, 1, tzinfo=UTC)
URL = "https://sahel.example/2018/01/29/attaque"


def raw(**fields: object) -> dict[str, object]:
    return {"url": URL, "text": "Des hommes armés ont attaqué un poste près de Gao.", **fields}


def test_url_and_id_lose_surrounding_whitespace() -> None:
    article = normalise_raw_fields(raw(url=f"\n  {URL} \t", id="  sahel-1 "), NOW)
    assert (article["url"], article["id"]) == (URL, "sahel-1")


@pytest.mark.parametrize("given", [None, "", "   "])
def test_a_missing_or_blank_id_is_derived_from_the_url(given: str | None) -> None:
    fields = {} if given is None else {"id": given}
    assert normalise_raw_fields(raw(url=f" {URL}\n", **fields), NOW)["id"] == article_id_from_url(URL)


def test_a_plain_date_becomes_midnight_utc_with_day_precision_and_the_original_is_kept() -> None:
    article = normalise_raw_fields(raw(published_at="2018-01-29"), NOW)
    assert article["published_at"] == "2018-01-29T00:00:00+00:00"
    assert article["published_at_precision"] == "day"
    assert article["published_at_raw"] == "2018-01-29"
    assert "ingest_warnings" not in article


def test_rfc3339_is_kept_as_written_without_a_raw_copy() -> None:
    article = normalise_raw_fields(raw(published_at="2019-11-05T14:34:05+00:00"), NOW)
    assert article["published_at"] == "2019-11-05T14:34:05+00:00"
    assert article["published_at_precision"] == "second"
    assert "published_at_raw" not in article


def test_an_epoch_number_is_kept_as_sent() -> None:
    article = normalise_raw_fields(raw(published_at=1517220000000), NOW)
    assert (article["published_at"], article["published_at_raw"]) == ("2018-01-29T10:00:00+00:00", 1517220000000)


@pytest.mark.parametrize(("value", "reason"), [("jeudi dernier, 25h61", "unparseable"), ("1850-01-01", "before_1900"),
                                               ("2999-01-01T00:00:00Z", "future")])
def test_an_unusable_date_keeps_the_article_and_says_why(value: str, reason: str) -> None:
    article = normalise_raw_fields(raw(published_at=value), NOW)
    assert article["published_at"] is None and article["published_at_precision"] is None
    assert article["published_at_raw"] == value
    assert article["ingest_warnings"] == [{"field": "published_at", "reason": reason}]
    assert article["text"] and article["url"] == URL


def test_no_published_at_adds_no_fields() -> None:
    article = normalise_raw_fields(raw(), NOW)
    assert not {"published_at", "published_at_precision", "published_at_raw", "ingest_warnings"} & set(article)


@pytest.mark.parametrize("value", ["2018-01-29", "Mon, 29 Jan 2018 10:00:00 GMT", 1517220000, "yesterday",
                                   "2019-11-05T14:34:05Z"])
def test_normalising_twice_changes_nothing(value: object) -> None:
    once = normalise_raw_fields(raw(published_at=value), NOW)
    assert normalise_raw_fields(once, NOW) == once


def test_the_worker_counts_only_the_warnings_a_stage_added() -> None:
    first = normalise_raw_fields(raw(published_at="yesterday"), NOW)
    assert new_ingest_warnings(raw(published_at="yesterday"), [first]) == [{"field": "published_at", "reason": "unparseable"}]
    assert new_ingest_warnings(first, [normalise_raw_fields(first, NOW)]) == []
    assert new_ingest_warnings(raw(), [normalise_raw_fields(raw(), NOW)]) == []
