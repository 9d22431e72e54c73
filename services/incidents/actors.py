"""Who did it to whom: actor1 (perpetrator) and actor2 (target) of one incident, with ACLED inter codes.

- actor1 the perpetrator (the subject of a claim, "by X" after a violent verb, the subject of a
  violent verb, non-state, else the actor a nearby sentence attributes the attack to: "atribuyó la masacre
  a la disidencia de las FARC", "X carried out the attack"); never an actor named among the victims, and state forces only when the
  victims are not state forces.
- actor2 the target: the actor named with the victims (of the death tolls when there are any), else the
  state forces or civilians the victims are, in the event's country. A bare "soldiers" is that country's army.
- Protests and riots follow ACLED's crowd convention: Protesters/Rioters (Country) as actor1 and the
  intervening state forces as actor2, reversed for excessive force against protesters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from services.core.acled import NON_STATE_ARMED, Inter
from services.incidents.attributes import country_name
from services.incidents.cluster import SentenceGroup
from services.incidents.lexicons import any_language_alternation, context_pattern
from services.incidents.signals import CLAIM
from services.incidents.weights import PERPETRATOR

CROWD_SUB_EVENTS = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters", "Violent demonstration")
_VIOLENT_BY = re.compile(rf"(?:{any_language_alternation('violent_by_verbs')})"
                         r"\w*\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_POLICE = re.compile(rf"\b(?:{any_language_alternation('police')})", re.IGNORECASE)
_PASSIVE_AFTER = re.compile(rf"\W*(?:\w+\W+){{0,2}}(?:{any_language_alternation('passive_auxiliaries')})\b")
_AGENT = re.compile(rf"\b(?:{any_language_alternation('agent_prepositions')})\b")
_AGENT_PHRASE_END = re.compile(rf"\b(?:{any_language_alternation('agent_prepositions')})\s+"
                               rf"(?:{any_language_alternation('agent_determiners')})?"
                               rf"(?:(?!(?:{any_language_alternation('name_prepositions')})\b)[\w-]+\s+){{0,2}}$", re.IGNORECASE)
_NEGATED_CLAIM = re.compile(rf"\b(?:{any_language_alternation('claim_negation')})\b[^.]{{0,20}}$")


def _perpetrator_score(article: Mapping[str, Any], actor: dict[str, Any], language: str) -> float:
    """How much the text makes this actor the perpetrator: a claim, an active verb right after it, 'by X'."""
    text = article["text"]
    after = re.split(r"[.;\n]", text[actor["end"]:actor["end"] + 60], maxsplit=1)[0]
    before = text[max(0, actor["start"] - 25):actor["start"]]
    score = 0.0
    if CLAIM.search(after):
        score += PERPETRATOR.claim_after
    verb = context_pattern(language, "perpetrator").search(after[:30])
    if verb and not _PASSIVE_AFTER.match(after):
        score += PERPETRATOR.active_verb
    context = text[max(0, actor["start"] - 70):actor["start"]]
    passive = any(context_pattern(language, name).search(context) for name in ("death", "injury", "perpetrator"))
    if CLAIM.search(context) and _AGENT.search(before):
        score += PERPETRATOR.claimed_by
    if passive and _VIOLENT_BY.search(before[-45:]) and _AGENT_PHRASE_END.search(before):
        score += PERPETRATOR.violent_by
    if actor.get("inter") in NON_STATE_ARMED:
        score += PERPETRATOR.non_state
    if actor.get("inter") in (Inter.CIVILIANS, Inter.PROTESTERS):
        score += PERPETRATOR.crowd_or_civilians
    return score


def attributed_actor(article: Mapping[str, Any], group: SentenceGroup, language: str) -> dict[str, Any] | None:
    """The actor the incident's sentences, or the two after them, attribute the attack to: named right after an
    attribution phrase ('attributed the attack to X', 'imputé à X') or right before a perpetration phrase
    ('X carried out the attack'). Crowds and civilians are never perpetrators of an attack."""
    text, sentences = article["text"], article["sentences"]
    last = min(group.last_index + 2, len(sentences) - 1)
    window = range(group.signals[0].index, last + 1)
    before = re.compile(rf"(?:{context_pattern(language, 'attribution').pattern})\W+(?:\w+\W+){{0,3}}$", re.IGNORECASE)
    after = context_pattern(language, "attribution_subject")
    mentioned: list[dict[str, Any]] = [a for a in article.get("actors") or [] if a.get("sentence") in window]
    for actor in sorted(mentioned, key=lambda a: int(a["start"])):
        if actor.get("inter") in (Inter.RIOTERS, Inter.PROTESTERS, Inter.CIVILIANS):
            continue
        sentence = sentences[actor["sentence"]]
        lead = text[max(sentence["start"], actor["start"] - 60):actor["start"]]
        tail = text[actor["end"]:min(sentence["end"], actor["end"] + 60)]
        if before.search(lead) or after.match(tail.lstrip(" ,")):
            return actor
    return None


def _claimants(group: SentenceGroup) -> set[int]:
    """Start offsets of the actors that claim: the subject before the claim verb (the first non-state actor
    of the clause, skipping appositives like ', the group fighting the government,')."""
    found: set[int] = set()
    for signal in group.signals:
        claim = CLAIM.search(signal.text)
        if claim is None or _NEGATED_CLAIM.search(signal.text[:claim.start()]):
            continue
        before = [a for a in signal.actors if a["start"] < signal.start + claim.start()]
        subject = next((a for a in before if a.get("inter") in NON_STATE_ARMED), before[0] if before else None)
        if subject is not None:
            found.add(subject["start"])
    return found


def _named_as_victim(article: Mapping[str, Any], actor: dict[str, Any], language: str, spans: list[tuple[int, int]]) -> bool:
    """'quatre VDP figurent parmi les victimes', '5 soldiers were killed': the actor was hit, not the attacker."""
    if any(s - 10 <= actor["start"] <= e for s, e in spans):
        return True
    after = article["text"][actor["end"]:actor["end"] + 40]
    return bool(context_pattern(language, "victim_role").match(after.lstrip()))


def _victim_spans(group: SentenceGroup) -> list[tuple[int, int]]:
    """Where the victims are named: of the death tolls when there are any ('one student was killed ... and 31
    police officers were injured' makes the student the target, not the police)."""
    statements = [s for signal in group.signals for s in signal.statements]
    deaths = [s for s in statements if s.get("kind") == "death"]
    statements = deaths or statements
    return [(s["start"] - 45, s["end"]) if s.get("singular") else (s["start"], s["end"] + 60) for s in statements]


def _in_event_country(actor: dict[str, Any], language: str, country: str | None) -> dict[str, Any]:
    """A bare 'soldiers'/'Soldaten' is the army of the country the event is in, whatever the entity stage guessed."""
    name = country_name(country)
    if (not name or actor.get("kind") != "state_forces" or actor.get("country_code") in (None, country)
            or not context_pattern(language, "state_forces").fullmatch(actor.get("text") or "")):
        return actor
    return {**actor, "name": f"Military Forces of {name}", "actor_id": f"military_forces_of_{(country or '').lower()}",
            "country_code": country}


def _actor_record(actor: dict[str, Any], role: str) -> dict[str, Any]:
    return {"name": actor["name"], "role": role, "inter": actor.get("inter"), "actor_id": actor.get("actor_id")}


def _synthetic_target(group: SentenceGroup, country: str | None) -> dict[str, Any] | None:
    kinds = [s.victim_kind for s in group.signals if s.statements and s.victim_kind]
    name = country_name(country)
    if not kinds or not name or not country:
        return None
    if kinds[0] == "state" and any(_POLICE.search(s.text) for s in group.signals if s.statements):
        return {"name": f"Police Forces of {name}", "inter": Inter.STATE_FORCES, "actor_id": f"police_forces_of_{country.lower()}"}
    if kinds[0] == "state":
        return {"name": f"Military Forces of {name}", "inter": Inter.STATE_FORCES, "actor_id": f"military_forces_of_{country.lower()}"}
    return {"name": f"Civilians ({name})", "inter": Inter.CIVILIANS, "actor_id": f"civilians_{country.lower()}"}


def _crowd(kind: str, country: str | None) -> dict[str, Any]:
    name, inter = {"protesters": ("Protesters", Inter.PROTESTERS), "rioters": ("Rioters", Inter.RIOTERS)}[kind]
    place = country_name(country)
    return {"name": f"{name} ({place})" if place else name, "inter": inter,
            "actor_id": f"{kind}_{country.lower()}" if country else kind}


def _crowd_actors(group: SentenceGroup, sub_event_type: str, country: str | None,
                  mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ACLED's crowd conventions: protesters (Inter.PROTESTERS) or rioters (Inter.RIOTERS) as actor1 and the state forces that
    intervened as actor2; with excessive force the state forces are actor1 and the protesters actor2."""
    state = next((a for a in mentions if a.get("inter") == Inter.STATE_FORCES), None)
    if state is None and country and any(_POLICE.search(s.text) for s in group.signals):
        state = {"name": f"Police Forces of {country_name(country)}", "inter": Inter.STATE_FORCES, "actor_id": f"police_forces_of_{country.lower()}"}
    crowd = _crowd("rioters" if sub_event_type in ("Violent demonstration", "Mob violence") else "protesters", country)
    if sub_event_type == "Excessive force against protesters":
        pair = [(state, "actor1"), (crowd, "actor2")]
    elif sub_event_type == "Peaceful protest":
        pair = [(crowd, "actor1")]
    else:
        pair = [(crowd, "actor1"), (state, "actor2")]
    return [_actor_record(actor, role) for actor, role in pair if actor is not None]


def choose_actors(article: Mapping[str, Any], group: SentenceGroup, language: str, country: str | None,
                  sub_event_type: str | None = None) -> list[dict[str, Any]]:
    """actor1 and actor2 of the incident (see the module docstring)."""
    mentions = [_in_event_country(a, language, country) for s in group.signals for a in s.actors]
    if sub_event_type in CROWD_SUB_EVENTS:
        return _crowd_actors(group, sub_event_type or "", country, mentions)
    spans = _victim_spans(group)
    claimants = _claimants(group)
    state_victims = any(s.victim_kind == "state" for s in group.signals if s.statements)
    hit = {a["name"] for a in mentions if _named_as_victim(article, a, language, spans)}

    def score(actor: dict[str, Any]) -> float:
        value = _perpetrator_score(article, actor, language) + (PERPETRATOR.claimant if actor["start"] in claimants else 0.0)
        return value + (PERPETRATOR.state_when_state_victims if state_victims and actor.get("inter") == Inter.STATE_FORCES else 0.0)

    scored = sorted(((score(a), -i, a) for i, a in enumerate(mentions)
                     if a["name"] not in hit or a["start"] in claimants), key=lambda t: (t[0], t[1]), reverse=True)
    actor1 = next((a for value, _, a in scored if value >= PERPETRATOR.min_actor1), None)
    attributed = attributed_actor(article, group, language)
    if attributed is not None and (actor1 is None or score(actor1) < PERPETRATOR.attribution_overrides_below):
        actor1 = _in_event_country(attributed, language, country)
    victims = [a for s, e in spans for a in mentions if s - 10 <= a["start"] <= e
               and (actor1 is None or a["name"] != actor1["name"])]
    actor2 = victims[0] if victims else _synthetic_target(group, country)
    if actor2 is None:
        actor2 = next((a for _, _, a in reversed(scored) if actor1 is None or a["name"] != actor1["name"]), None)
        actor2 = actor2 if actor2 is not None and actor2.get("inter") in (Inter.STATE_FORCES, Inter.CIVILIANS, Inter.EXTERNAL_FORCES) else None
    actors = [_actor_record(actor1, "actor1")] if actor1 else []
    if actor2 is not None:
        actors.append(_actor_record(actor2, "actor2"))
    return actors
