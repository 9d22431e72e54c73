"""Sub-event classification of a sentence or snippet: lexicon cues per class plus a few ACLED rules.

Scores are sums of cue weights (services/incidents/data/sub_event_cues.json). The rules encode ACLED
definitions that single cues cannot: the protest family is decided by what the authorities did, arrests
of protesters are a protest with intervention (as are tear gas, water cannon and rubber bullets: ACLED's
"attempt to disperse or suppress" without serious or lethal injuries), excessive force needs lethal or
serious force against peaceful protesters (shot dead, live ammunition, beaten to death), a captured town belongs to whoever took it, and a seized
or defused device is disrupted weapons use rather than an explosion.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from services.incidents.lexicons import context_pattern, cue_patterns, load_data, term_regex

PROTEST_SUBTYPES = ("FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "PROTEST_WITH_INTER")
EXPLOSION_CLASSES = ("REM_EXPLOS", "GRENADE", "ART_MISS_ATTACK", "AIR_STRIKE", "SUIC_BOMB")
NON_STATE_SUBJECTS = term_regex([
    "militants?", "rebels?", "insurgents?", "jihadists?", "isis", "isil", "is", "islamic state", "daesh", "taliban",
    "al-shabaab", "al-shabab", "shabaab", "houthis?", "ansar allah", "boko haram", "iswap", "fighters", "militias?",
    "terrorists?", "hts", "hayat tahrir al-sham", "sdf", "ypg", "pkk", "aqap", "jnim", "separatists?", "guerrillas?",
    "gunmen", "extremists?", "armed groups?", "opposition", "farc", "eln", "al-qaeda", "ambazonian", "tigray",
    "tplf", "m23", "adf", "anti-government",
])
STATE_SUBJECTS = term_regex([
    "army", "troops", "government", "military", "soldiers", "police", "saa", "regime", "pro-government",
    "security forces", "government forces", "regime forces", "army forces", "state forces", "national guard",
    "afghan forces", "iraqi forces", "syrian forces", "coalition", "armed forces", "fardc", "tatmadaw",
])
# "riot police" is no riot, but it does say a crowd was there: it keeps the protest family in play.
_RIOT = term_regex(["riot~", "rioters", "émeut~", "disturbios", "tumultos?", "krawall~", "ausschreitung~"])
_EXPLOSION_HAPPENED = term_regex(["exploded", "went off", "blast", "killed", "killing", "injured", "wounded", "injuring", "wounding"])
_FIGHTING = term_regex(["under (heavy )?fire", "fighting", "clash~", "attack~", "battle~", "assault~", "offensive"])
_NO_FIGHT = term_regex(["withdr~", "pulled out", "handed over", "handover", "without (a fight|fighting|resistance|clashes|a shot)",
                        "retreat~", "vacated", "abandoned"])


_DEMANDED_RELEASE = re.compile(r"\b(?:release|freeing|freedom) of (?:the |all |\w+ ){0,3}?(?:detained|jailed|arrested|imprisoned|abducted|kidnapped)\b",
                               re.IGNORECASE)


def score_classes(text: str, language: str) -> dict[str, float]:
    """Sum of matched cue weights per class code (each cue counted once)."""
    scores: dict[str, float] = {}
    for code, cues in cue_patterns(language).items():
        total = sum(weight for pattern, weight in cues if pattern.search(text))
        if total:
            scores[code] = total
    return scores


def _protest_rules(text: str, scores: dict[str, float]) -> None:
    peace = scores.get("PEACE_PROTEST", 0.0)
    if peace < 2 and not _RIOT.search(text):
        for code in ("PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"):
            scores.pop(code, None)
        # Burning and smashing by people who are not demonstrators is property destruction (or a mob).
        if "VIOL_DEMONSTR" in scores:
            scores["PROPERTY_DISTRUCT"] = scores.get("PROPERTY_DISTRUCT", 0.0) + scores.pop("VIOL_DEMONSTR")
        return
    # In a demonstration, arrests are an intervention, and clashes or destruction by the crowd make it a riot.
    scores["PROTEST_WITH_INTER"] = scores.get("PROTEST_WITH_INTER", 0.0) + scores.pop("ARREST", 0.0)
    for code in ("ARMED_CLASH", "PROPERTY_DISTRUCT"):
        if code in scores:
            scores["VIOL_DEMONSTR"] = scores.get("VIOL_DEMONSTR", 0.0) + scores.pop(code)
    if scores.get("FORCE_AGAINST_PROTEST", 0.0) > 0:
        scores["FORCE_AGAINST_PROTEST"] += scores.pop("ATTACK", 0.0) / 2
    for code in PROTEST_SUBTYPES:
        if scores.get(code, 0.0) >= 2:
            scores[code] += peace


def _territory_rule(text: str, scores: dict[str, float]) -> None:
    gained = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if not gained:
        return
    first_cue = min(
        (m.start() for code in ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
         for pattern, _ in cue_patterns("en").get(code, []) for m in [pattern.search(text)] if m),
        default=0,
    )
    window = text[max(0, first_cue - 100):first_cue + 1]
    non_state = list(NON_STATE_SUBJECTS.finditer(window))
    state = list(STATE_SUBJECTS.finditer(window))
    last_non_state = non_state[-1].start() if non_state else -1
    last_state = state[-1].start() if state else -1
    if last_non_state < 0 and last_state < 0:
        return
    winner, loser = (
        ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT") if last_non_state > last_state
        else ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
    )
    scores[winner] = gained + 1
    scores.pop(loser, None)


def _disrupted_weapons_rule(text: str, language: str, scores: dict[str, float]) -> None:
    # ACLED: weapons recovered after a fatal clash or attack belong to that event.
    if context_pattern(language, "death").search(text) and max(scores.get("ARMED_CLASH", 0.0), scores.get("ATTACK", 0.0)) >= 2:
        scores.pop("DISR_WEAP", None)
        return
    if scores.get("DISR_WEAP", 0.0) < 3 or _EXPLOSION_HAPPENED.search(text):
        return
    if context_pattern(language, "death").search(text):
        return
    scores["DISR_WEAP"] += max((scores.get(code, 0.0) for code in EXPLOSION_CLASSES), default=0.0)


def _mob_rule(scores: dict[str, float]) -> None:
    """ACLED: violence by an unorganised crowd against people or property is mob violence."""
    if scores.get("MOB_VIOL", 0.0) < 3.5:
        return
    scores["MOB_VIOL"] += max(scores.get(code, 0.0) for code in ("PROPERTY_DISTRUCT", "ATTACK", "VIOL_DEMONSTR", "ABDUCT_DISSAP"))


def _non_violent_transfer_rule(text: str, language: str, scores: dict[str, float]) -> None:
    """ACLED: territory that changes hands without fighting is a non-violent transfer."""
    if scores.get("NON_VIOL_TERRIT_TRANSFER", 0.0) < 2.5 or not _NO_FIGHT.search(text):
        return
    if scores.get("ARMED_CLASH", 0.0) or context_pattern(language, "death").search(text) or _FIGHTING.search(text):
        return
    scores["NON_VIOL_TERRIT_TRANSFER"] += max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))


def classify_text(text: str, language: str, allowed: Collection[str] | None = None, *,
                  learned: bool = True) -> tuple[str, float, dict[str, float]]:
    """(best class code, its score, all scores) for a text; 'OTHER' with score 0 when no cue fires."""
    # "demanding the release of detained activists": a demand, not an arrest.
    text = _DEMANDED_RELEASE.sub(lambda m: " " * len(m.group(0)), text)
    scores = score_classes(text, language)
    _protest_rules(text, scores)
    _territory_rule(text, scores)
    _disrupted_weapons_rule(text, language, scores)
    _non_violent_transfer_rule(text, language, scores)
    _mob_rule(scores)
    priority: list[str] = load_data("sub_event_types.json")["tie_priority"]
    candidates = [c for c in priority if (allowed is None or c in allowed) and scores.get(c, 0.0) > 0]
    if not candidates:
        return "OTHER", 0.0, scores
    best = max(candidates, key=lambda c: (scores[c], -priority.index(c)))
    return best, scores[best], scores


def acled_labels(code: str) -> dict[str, Any]:
    """{'event_type', 'sub_event_type', 'acled'} of a class code."""
    classes: dict[str, dict[str, Any]] = load_data("sub_event_types.json")["classes"]
    return classes[code]
