"""Date expressions in five languages, resolved against publication, never after it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.nlp.dates import find_dates, resolve_date, resolve_stated_date

pytestmark = pytest.mark.unit

PUBLISHED = datetime(2019, 11, 5, 14, 34, 5, tzinfo=UTC)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "language", "expected", "precision"),
    [
        ("49 soldiers were killed on Friday", "en", date(2019, 11, 1), 1),
        ("l'attaque de vendredi", "fr", date(2019, 11, 1), 1),
        ("el domingo", "es", date(2019, 11, 3), 1),
        ("na sexta-feira", "pt", date(2019, 11, 1), 1),
        ("am Freitag", "de", date(2019, 11, 1), 1),
        ("yesterday", "en", date(2019, 11, 4), 1),
        ("hier", "fr", date(2019, 11, 4), 1),
        ("ayer", "es", date(2019, 11, 4), 1),
        ("ontem", "pt", date(2019, 11, 4), 1),
        ("gestern", "de", date(2019, 11, 4), 1),
        ("last week", "en", date(2019, 10, 29), 2),
        ("over the weekend", "en", date(2019, 11, 2), 2),
        ("just a month ago", "en", date(2019, 10, 6), 3),
        ("il y a trois jours", "fr", date(2019, 11, 2), 1),
        ("on 1 November 2019", "en", date(2019, 11, 1), 1),
        ("on Nov. 1", "en", date(2019, 11, 1), 1),
        ("on 01/11/2019", "en", date(2019, 11, 1), 1),
        ("le 1er novembre 2019", "fr", date(2019, 11, 1), 1),
        ("el 1 de noviembre de 2019", "es", date(2019, 11, 1), 1),
        ("am 1. November 2019", "de", date(2019, 11, 1), 1),
        ("in October", "en", date(2019, 10, 1), 3),
    ],
)
def test_resolves_against_publication(text: str, language: str, expected: date, precision: int) -> None:
    mentions = find_dates(text, language)
    assert len(mentions) == 1, mentions
    assert resolve_date(mentions[0], PUBLISHED) == (expected, precision)


def test_never_after_publication() -> None:
    (mention,) = find_dates("on 20 December", "en")
    resolved, _ = resolve_date(mention, PUBLISHED)
    assert resolved == date(2018, 12, 20)
    (future,) = find_dates("on 20 December 2019", "en")
    assert resolve_date(future, PUBLISHED)[0] == date(2019, 11, 5)


def test_same_weekday_as_publication_is_that_day() -> None:
    (mention,) = find_dates("on Tuesday", "en")
    assert resolve_date(mention, PUBLISHED) == (date(2019, 11, 5), 1)


def test_modal_may_is_not_a_month() -> None:
    assert find_dates("You may go home", "en") == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("on 1 November 2019", "en", (date(2019, 11, 1), 1)),
        ("le 5 juin 2021", "fr", (date(2021, 6, 5), 1)),
        ("en marzo de 2022", "es", (date(2022, 3, 1), 3)),
        ("on Friday", "en", None),
        ("yesterday", "en", None),
        ("on 1 November", "en", None),
    ],
)
def test_without_publication_only_dates_stated_with_their_year_resolve(text: str, language: str,
                                                                       expected: tuple[date, int] | None) -> None:
    (mention,) = find_dates(text, language)
    assert resolve_stated_date(mention) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [("The attack comes a month after two assaults on army bases", "en"),
     ("Cette attaque intervient un mois après le double assaut", "fr")],
)
def test_an_attack_that_comes_a_month_after_another_dates_the_other(text: str, language: str) -> None:
    (mention,) = find_dates(text, language)
    assert resolve_date(mention, PUBLISHED) == (date(2019, 10, 6), 3)


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"])
@pytest.mark.parametrize("text", ["killed on Friday", "killed tomorrow", "killed last week", "killed last year"])
def test_resolving_at_the_edge_of_the_calendar_stays_on_publication(text: str, published: str) -> None:
    for mention in find_dates(text, "en"):
        resolved, _ = resolve_date(mention, published)
        assert resolved <= datetime.fromisoformat(published).date()


# Published on Tuesday 5 January 2021: ACLED's note style and news prose, the year implied by publication.
SPAN_AND_NIGHT_DATES = [
    ("en", "On 31 December 2020, militants attacked a checkpoint.", "2020-12-31"),
    ("en", "On June 12, gunmen attacked a village.", "2020-06-12"),
    ("en", "On December 30, gunmen attacked a village.", "2020-12-30"),
    ("en", "Around 7 December 2020 (between 7 - 8 December), militants attacked a base.", "2020-12-07"),
    ("en", "Gunmen attacked the village overnight Sunday.", "2021-01-03"),
    ("en", "Gunmen attacked the village overnight Saturday to Sunday.", "2021-01-02"),
    ("en", "On the night of 2 to 3 January, gunmen attacked the camp.", "2021-01-02"),
    ("fr", "Le 12 juin, des hommes armés ont attaqué le village.", "2020-06-12"),
    ("fr", "Dans la nuit de samedi à dimanche, des hommes armés ont attaqué le village.", "2021-01-02"),
    ("fr", "Dans la nuit du 2 au 3 janvier, des hommes armés ont attaqué le camp.", "2021-01-02"),
    ("fr", "Le 1er janvier, des hommes armés ont attaqué le marché.", "2021-01-01"),
    ("es", "El 12 de junio, hombres armados atacaron la aldea.", "2020-06-12"),
    ("es", "En la noche del sábado al domingo, hombres armados atacaron la aldea.", "2021-01-02"),
    ("es", "Del 2 al 3 de enero, hombres armados atacaron el campamento.", "2021-01-02"),
    ("pt", "Em 12 de junho, homens armados atacaram a aldeia.", "2020-06-12"),
    ("pt", "Na noite de sábado para domingo, homens armados atacaram a aldeia.", "2021-01-02"),
    ("de", "Am 12. Juni griffen Bewaffnete das Dorf an.", "2020-06-12"),
    ("de", "In der Nacht von Samstag auf Sonntag griffen Bewaffnete das Dorf an.", "2021-01-02"),
    ("de", "In der Nacht zum Sonntag griffen Bewaffnete das Dorf an.", "2021-01-03"),
]


@pytest.mark.parametrize(("language", "text", "expected"), SPAN_AND_NIGHT_DATES)
def test_spans_nights_and_implied_years_resolve_against_publication(language: str, text: str, expected: str) -> None:
    first = find_dates(text, language)[0]
    assert resolve_date(first, "2021-01-05T09:00:00+00:00")[0].isoformat() == expected
