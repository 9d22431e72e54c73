"""Actors that belong to one country carry it as `located_in` (the geocoder's evidence of the story's
country); forces often deployed abroad, and forces abroad, carry none."""

from __future__ import annotations

import pytest

from services.entities.actors import ActorLexicon, load_actor_lexicon
from services.entities.countries import load_country_table

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    return load_actor_lexicon(load_country_table())


def _located(lexicon: ActorLexicon, text: str, article_country: str | None = None) -> dict[str, str | None]:
    return {actor["text"]: actor["located_in"] for actor in lexicon.find(text, article_country)}


@pytest.mark.parametrize(("text", "actor", "country"), [
    ("FAMa soldiers repelled the attack.", "FAMa", "ML"),
    ("Les Forces armées maliennes ont riposté.", "Forces armées maliennes", "ML"),
    ("Koglweogo members were killed.", "Koglweogo", "BF"),
    ("VDP auxiliaries were ambushed.", "VDP", "BF"),
    ("Volontaires pour la défense de la patrie tués.", "Volontaires pour la défense de la patrie", "BF"),
    ("Dan Na Ambassagou fighters attacked a village.", "Dan Na Ambassagou", "ML"),
    ("Katiba Macina claimed the attack.", "Katiba Macina", "ML"),
    ("Ansarul Islam claimed the attack.", "Ansarul Islam", "BF"),
    ("MINUSMA peacekeepers were hit.", "MINUSMA", "ML"),
    ("The Burkinabe army said 12 were killed.", "Burkinabe army", "BF"),
    ("Nigerien soldiers were killed.", "Nigerien soldiers", "NE"),
])
def test_actors_of_one_country_place_the_story_there(lexicon: ActorLexicon, text: str, actor: str, country: str) -> None:
    assert _located(lexicon, text)[actor] == country


@pytest.mark.parametrize(("text", "actor"), [
    ("Barkhane soldiers were deployed.", "Barkhane"),
    ("French troops were deployed.", "French troops"),
    ("JNIM claimed the attack.", "JNIM"),
    ("G5 Sahel troops patrolled.", "G5 Sahel"),
    ("Wagner mercenaries were seen.", "Wagner mercenaries"),
])
def test_forces_of_several_countries_or_abroad_place_no_story(lexicon: ActorLexicon, text: str, actor: str) -> None:
    assert _located(lexicon, text)[actor] is None


def test_joint_french_and_burkinabe_forces_are_burkinabe_forces_at_home(lexicon: ActorLexicon) -> None:
    # Even where the French are named first (the article's country by mentions), Burkinabe forces fight at home.
    found = {a["text"]: a for a in lexicon.find("Joint French and Burkinabe forces clashed with JNIM.", "FR")}
    forces = found["Burkinabe forces"]
    assert (forces["kind"], forces["inter"], forces["located_in"]) == ("state_forces", 1, "BF")


def test_nigerian_soldiers_in_niger_are_foreign_and_place_no_story(lexicon: ActorLexicon) -> None:
    found = {a["text"]: a for a in lexicon.find("Nigerian soldiers crossed into Niger.", "NE")}
    assert (found["Nigerian soldiers"]["kind"], found["Nigerian soldiers"]["located_in"]) == ("foreign_state_forces", None)
