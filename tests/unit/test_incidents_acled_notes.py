"""ACLED notes and short reports end to end through the incident stage: the main incident's own toll as ACLED
counts it (every side, attackers included; wounded apart; revisions; written numbers; "no casualties" is 0) and
its date against publication. Sentences are our own, in five languages."""

from __future__ import annotations

import pytest

from services.core.settings import Settings
from services.incidents.stage import extract_incidents

pytestmark = pytest.mark.unit

PUBLISHED = "2021-01-05T10:00:00+00:00"  # a Tuesday

TOLLS = [
    (15, 'en', 'Militants attacked an army post in Boulkessi on Sunday, killing 5 soldiers. Ten attackers were also killed in the fighting.'),
    (7, 'en', 'On 3 January, gunmen killed 4 soldiers and 3 civilians in an attack on Kani.'),
    (12, 'en', 'Twelve people were killed and 20 wounded when gunmen attacked a market in Kani on Sunday.'),
    (12, 'en', 'Gunmen attacked a market in Kani on Sunday, killing 8 people. The toll later rose to 12.'),
    (0, 'en', 'On 3 January 2021, JNIM militants attacked a FAMa convoy near Boulkessi. No fatalities were reported.'),
    (0, 'en', 'On 3 January 2021, JNIM militants attacked a FAMa convoy near Boulkessi. There were no casualties.'),
    (23, 'en', 'Twenty-three soldiers were killed when militants overran an army base in Inates on Sunday.'),
    (25, 'en', 'On 3 January 2021, JNIM militants ambushed a FAMa patrol near Boni, killing five soldiers. The army said 20 assailants were killed.'),
    (9, 'en', 'Gunmen killed 9 villagers in Kani on Sunday. In a separate attack on Monday, 14 people were killed in Ogossagou.'),
    (4, 'en', 'Suspected militants killed 4 civilians, including two women, in Kani on Sunday.'),
    (23, 'fr', "Vingt-trois soldats ont été tués dimanche lors de l'attaque d'une base de l'armée à Inates."),
    (7, 'fr', 'Le 3 janvier, des hommes armés ont tué quatre soldats et trois civils à Kani.'),
    (12, 'fr', "Le bilan s'est alourdi à 12 morts après l'attaque du marché de Kani dimanche."),
    (0, 'fr', 'Le 3 janvier, des jihadistes ont attaqué un convoi militaire près de Boulkessi, sans faire de victimes.'),
    (23, 'es', 'Veintitrés soldados murieron el domingo en el ataque contra una base militar en Inates.'),
    (7, 'es', 'El 3 de enero, hombres armados mataron a cuatro soldados y tres civiles en Kani.'),
    (12, 'es', 'La cifra de muertos ascendió a 12 tras el ataque contra el mercado de Kani el domingo.'),
    (0, 'es', 'El 3 de enero, yihadistas atacaron un convoy militar cerca de Boulkessi, sin causar víctimas.'),
    (23, 'pt', 'Vinte e três soldados foram mortos no domingo no ataque a uma base militar em Inates.'),
    (7, 'pt', 'Em 3 de janeiro, homens armados mataram quatro soldados e três civis em Kani.'),
    (12, 'pt', 'O número de mortos subiu para 12 após o ataque ao mercado de Kani no domingo.'),
    (0, 'pt', 'Em 3 de janeiro, insurgentes atacaram um comboio militar perto de Mocímboa, sem causar vítimas.'),
    (23, 'de', 'Dreiundzwanzig Soldaten wurden am Sonntag bei einem Angriff auf einen Armeestützpunkt in Inates getötet.'),
    (7, 'de', 'Am 3. Januar töteten Bewaffnete vier Soldaten und drei Zivilisten in Kani.'),
    (12, 'de', 'Die Zahl der Toten stieg auf 12, nachdem Bewaffnete am Sonntag den Markt von Kani angegriffen hatten.'),
    (0, 'de', 'Am 3. Januar griffen Dschihadisten einen Militärkonvoi bei Boulkessi an, es gab keine Opfer.'),
]

DATES = [
    ("en", "Around 7 December 2020 (between 7 - 8 December), suspected JNIM militants attacked a FAMa position in Boulkessi.",
     "2020-12-07"),
    ("en", "On December 30, suspected JNIM militants attacked the village of Kani, killing 4 civilians.", "2020-12-30"),
    ("en", "On 31 December 2020, unidentified gunmen fired shots at the village of Ogossagou. No fatalities were reported.",
     "2020-12-31"),
    ("en", "Gunmen killed three civilians in Kani overnight Sunday, officials said on Monday.", "2021-01-03"),
    ("fr", "Dans la nuit de samedi à dimanche, des hommes armés ont tué trois civils à Kani.", "2021-01-02"),
    ("es", "En la noche del sábado al domingo, hombres armados mataron a tres civiles.", "2021-01-02"),
    ("pt", "Na noite de sábado para domingo, homens armados mataram três civis na aldeia.", "2021-01-02"),
    ("de", "In der Nacht von Samstag auf Sonntag töteten Bewaffnete drei Zivilisten in Kani.", "2021-01-02"),
]


def main_event(text: str, language: str) -> dict[str, object]:
    article = {"id": "a1", "url": "https://example.org/a1", "text": text, "language": {"code": language},
               "published_at": PUBLISHED}
    events = extract_incidents(article, Settings())
    return next(event for event in events if event["main"])


@pytest.mark.parametrize(("fatalities", "language", "text"), TOLLS)
def test_the_main_toll_is_counted_as_acled_does(fatalities: int, language: str, text: str) -> None:
    assert main_event(text, language)["fatalities"]["best"] == fatalities  # type: ignore[index]


def test_wounded_are_kept_apart() -> None:
    event = main_event("Twelve people were killed and 20 wounded when gunmen attacked a market in Kani on Sunday.", "en")
    assert (event["fatalities"]["best"], event["injured"]["best"]) == (12, 20)  # type: ignore[index]


@pytest.mark.parametrize(("language", "text", "event_date"), DATES)
def test_the_event_date_resolves_against_publication(language: str, text: str, event_date: str) -> None:
    assert main_event(text, language)["event_date"] == event_date
