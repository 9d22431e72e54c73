"""actor1 from attribution: the attack is attributed to an actor in a sentence after the toll, in five languages."""

from __future__ import annotations

from typing import Any

import pytest

from services.core.settings import Settings
from services.incidents.stage import build_incident_stage

pytestmark = pytest.mark.unit


def article(text: str, language: str, actors: list[tuple[str, str, int]], published: str = "2022-03-15T10:00:00+00:00") -> dict[str, Any]:
    found = []
    for phrase, name, inter in actors:
        start = text.index(phrase)
        found.append({"actor_id": name.lower().replace(" ", "_"), "name": name, "text": phrase, "start": start,
                      "end": start + len(phrase), "inter": inter, "country_code": None, "kind": "test"})
    return {"id": f"t-{abs(hash(text))}", "url": "https://example.org/a", "source": "Example", "title": "",
            "published_at": published, "text": text, "language": {"code": language, "confidence": 1.0, "hint": None},
            "actors": found, "locations": [], "toponyms": [], "entities": [], "focus_country": None}


def actor1(text: str, language: str, actors: list[tuple[str, str, int]]) -> str | None:
    events = build_incident_stage(Settings())(article(text, language, actors))
    main = next(e for e in events if e["main"])
    return next((a["name"] for a in main["actors"] if a["role"] == "actor1"), None)


@pytest.mark.parametrize(
    ("text", "language", "phrase"),
    [
        (("Al menos 15 personas murieron el domingo en un ataque armado contra una vereda del Cauca. "
         "El gobernador del Cauca atribuyó la masacre a la disidencia de las FARC."), "es", "disidencia de las FARC"),
        (("At least 12 villagers were killed on Sunday in an attack on a village in Zamfara. "
         "Police attributed the attack to bandits led by Bello Turji."), "en", "bandits"),
        (("At least 12 villagers were killed on Sunday in an attack on a village in Borno. "
         "According to authorities, Boko Haram carried out the attack."), "en", "Boko Haram"),
        (("Au moins 14 civils ont été tués samedi dans une attaque près de Djibo. "
         "L'attaque a été imputée au groupe JNIM par les autorités."), "fr", "JNIM"),
        (("Pelo menos dez civis foram mortos ontem num ataque à aldeia de Nanduli. "
         "As autoridades atribuíram o ataque ao Estado Islâmico."), "pt", "Estado Islâmico"),
        (("Mindestens 17 Zivilisten wurden am Freitag bei einem Angriff auf ein Dorf getötet. "
         "Die Behörden schrieben den Angriff der Gruppe JNIM zu."), "de", "JNIM"),
    ],
)
def test_the_actor_the_attack_is_attributed_to_is_actor1(text: str, language: str, phrase: str) -> None:
    assert actor1(text, language, [(phrase, "Attributed Group", 2)]) == "Attributed Group"


def test_an_armed_group_merely_mentioned_is_not_the_perpetrator() -> None:
    text = ("Al menos 15 personas murieron el domingo en un ataque armado contra una vereda del Cauca. "
            "La zona fue durante años un bastión de la disidencia de las FARC.")
    assert actor1(text, "es", [("disidencia de las FARC", "FARC Dissidents", 2)]) is None


def test_civilians_are_never_attributed_an_attack() -> None:
    text = ("At least 12 villagers were killed on Sunday in an attack on a village in Zamfara. "
            "Police attributed the attack to villagers from a neighbouring community.")
    assert actor1(text, "en", [("villagers from a neighbouring community", "Civilians (Nigeria)", 7)]) is None
