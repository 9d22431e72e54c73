"""Datelines name where a story was filed: flagged on their toponyms, never taken for the event's place."""

from __future__ import annotations

import pytest

from services.entities.datelines import find_dateline, mark_dateline

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("text", "names"), [
    ("KABUL (Reuters) - Gunmen killed 12 people in Kunduz on Friday.", ["KABUL"]),
    ("LAGOS, Nigeria: Gunmen killed 12 villagers in Zamfara state.", ["LAGOS", "Nigeria"]),
    ("NAIROBI - Al-Shabaab fighters attacked a base in Somalia.", ["NAIROBI"]),
    ("BAMAKO, 3 mai (AFP) - Des hommes armés ont tué 12 civils près de Bandiagara.", ["BAMAKO"]),
    ("OUAGADOUGOU — Au moins 12 soldats ont été tués dans le Sahel.", ["OUAGADOUGOU"]),
    ("Maiduguri (AFP) - Boko Haram fighters killed 12 farmers.", ["Maiduguri"]),
    ("WASHINGTON, Jan. 5 (AP) - The Pentagon said.", ["WASHINGTON"]),
    ("By Jane Doe\nMOPTI, Mali (Reuters) - Gunmen killed 12.", ["MOPTI", "Mali"]),
])
def test_datelines_are_found(text: str, names: list[str]) -> None:
    assert [text[start:end] for start, end in find_dateline(text)] == names


@pytest.mark.parametrize("text", [
    "Gunmen killed 12 people in Kunduz on Friday - officials said.",
    "At least 12 soldiers were killed: the army said so.",
    "Kabul - the capital - was calm.",  # ordinary case needs an agency to be a dateline
    "Twelve people were killed in Gao (Mali) on Friday.",
])
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert find_dateline(text) == []


def test_a_dateline_toponym_is_flagged_and_a_missing_one_added() -> None:
    text = "KABUL (Reuters) - Gunmen killed 12 people in Kunduz."
    kunduz = {"text": "Kunduz", "start": text.index("Kunduz"), "end": text.index("Kunduz") + 6, "cue": "in"}
    marked = mark_dateline(text, [kunduz])
    assert [(t["text"], t.get("dateline", False)) for t in marked] == [("KABUL", True), ("Kunduz", False)]
    kabul = {"text": "KABUL", "start": 0, "end": 5, "cue": None}
    assert mark_dateline(text, [dict(kabul), kunduz])[0] == {**kabul, "dateline": True}
