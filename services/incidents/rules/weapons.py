"""ACLED's weapon rules: disrupted devices, chemical agents, and what an explosion destroyed."""

from __future__ import annotations

from services.incidents.lexicons import any_language_terms, context_pattern
from services.incidents.rules.base import RuleInput

EXPLOSION_CLASSES = ("REM_EXPLOS", "GRENADE", "ART_MISS_ATTACK", "AIR_STRIKE", "SUIC_BOMB")
_EXPLOSION_HAPPENED = any_language_terms("explosion_happened")
_PREVENTED = any_language_terms("explosion_prevented")


def disrupted_weapons(sentence: RuleInput) -> dict[str, float]:
    """A seized, defused, intercepted or prematurely exploding device is disrupted weapons use; weapons
    recovered after a fatal clash or attack belong to that event."""
    text, language, scores = sentence.text, sentence.language, dict(sentence.scores)
    # A device defused, intercepted or exploding while being planted was disrupted, whatever it was.
    if scores.get("DISR_WEAP", 0.0) >= 4.5 and _PREVENTED.search(text):
        scores["DISR_WEAP"] += max((scores.get(code, 0.0) for code in EXPLOSION_CLASSES), default=0.0)
        return scores
    if context_pattern(language, "death").search(text) and max(scores.get("ARMED_CLASH", 0.0), scores.get("ATTACK", 0.0)) >= 2:
        scores.pop("DISR_WEAP", None)
        return scores
    if scores.get("DISR_WEAP", 0.0) < 3 or _EXPLOSION_HAPPENED.search(text):
        return scores
    if context_pattern(language, "death").search(text):
        return scores
    scores["DISR_WEAP"] += max((scores.get(code, 0.0) for code in EXPLOSION_CLASSES), default=0.0)
    return scores


def weapon_kind(sentence: RuleInput) -> dict[str, float]:
    """A chemical agent makes a chemical weapon attack however it was delivered, but a leak or an industrial
    accident is no weapon, nor an accidental explosion; what an explosion destroyed is part of the explosion,
    not looting or property destruction."""
    text, language, scores = sentence.text, sentence.language, dict(sentence.scores)
    deliberate = context_pattern(language, "deliberate_attack").search(text)
    accident = context_pattern(language, "industrial_accident").search(text)
    if "CHEM_WEAP" in scores and not deliberate:
        if accident:
            scores["MAN_MADE_DISASTER"] = scores.get("MAN_MADE_DISASTER", 0.0) + scores.pop("CHEM_WEAP")
        else:
            scores["CHEM_WEAP"] /= 2
    if "REM_EXPLOS" in scores and accident and not deliberate:
        # A gas cylinder or a factory boiler that explodes is an accident, not a remote explosive.
        scores["MAN_MADE_DISASTER"] = scores.get("MAN_MADE_DISASTER", 0.0) + scores.pop("REM_EXPLOS")
    if scores.get("CHEM_WEAP", 0.0) >= 3:
        scores["CHEM_WEAP"] += max(scores.get(code, 0.0) for code in EXPLOSION_CLASSES)
    if max(scores.get(code, 0.0) for code in EXPLOSION_CLASSES) >= 3.5:
        scores.pop("PROPERTY_DISTRUCT", None)
    return scores
