"""ACLED's protest family and mob violence: decided by who did what to whom."""

from __future__ import annotations

from services.incidents.lexicons import any_language_terms, context_pattern
from services.incidents.rules.base import RuleInput

PROTEST_SUBTYPES = ("FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "PROTEST_WITH_INTER")
# "riot police" is no riot, but it does say a crowd was there: it keeps the protest family in play.
_RIOT = any_language_terms("riot")


def protest_family(sentence: RuleInput) -> dict[str, float]:
    """A crowd that clashes, throws stones, burns or loots is a violent demonstration (whatever the police did);
    lethal or serious force against peaceful protesters is excessive force; dispersal or arrests of the
    protesters is an intervention; otherwise a peaceful protest, and the arrest of someone not protesting is an arrest."""
    text, language, scores = sentence.text, sentence.language, dict(sentence.scores)
    peace = scores.get("PEACE_PROTEST", 0.0)
    # Tear gas, water cannon or a dispersal say a crowd was there, even unnamed ("dispersed climate activists").
    gathering = peace >= 2 or bool(_RIOT.search(text)) or scores.get("PROTEST_WITH_INTER", 0.0) >= 2.5
    if not gathering:
        scores.pop("FORCE_AGAINST_PROTEST", None)
        scores.pop("PROTEST_WITH_INTER", None)
        if "VIOL_DEMONSTR" not in scores:
            return scores
        if context_pattern(language, "crowd_vs_forces").search(text):
            # A crowd throwing stones at or clashing with the police is a riot, however it is named.
            scores["VIOL_DEMONSTR"] += scores.pop("PROPERTY_DISTRUCT", 0.0) + scores.pop("ARMED_CLASH", 0.0)
        else:
            # Burning and smashing by people who are not demonstrators is property destruction (or a mob).
            scores["PROPERTY_DISTRUCT"] = scores.get("PROPERTY_DISTRUCT", 0.0) + scores.pop("VIOL_DEMONSTR")
        return scores
    # Custody, detention or a jailed leader named in a protest is what the crowd is about; only an act of arrest counts.
    arrests = scores.pop("ARREST", 0.0) if context_pattern(language, "arrest_act").search(text) else 0.0
    scores.pop("ARREST", None)
    riot, force, intervention = (scores.get(code, 0.0) for code in ("VIOL_DEMONSTR", "FORCE_AGAINST_PROTEST", "PROTEST_WITH_INTER"))
    violent = riot >= 3 or bool(context_pattern(language, "crowd_violence").search(text))
    if arrests and not violent and intervention < 2 and not context_pattern(language, "protest_arrests").search(text):
        # "arrested the organiser of the march": an arrest, no protest event.
        scores["ARREST"] = arrests + peace
        return scores
    family = peace + sum(scores.pop(code, 0.0) for code in (*PROTEST_SUBTYPES, "ARMED_CLASH", "PROPERTY_DISTRUCT", "MOB_VIOL"))
    if violent:
        winner = "VIOL_DEMONSTR"
    elif force >= 2.5 or context_pattern(language, "protest_lethal").search(text):
        winner = "FORCE_AGAINST_PROTEST"
        family += scores.pop("ATTACK", 0.0)
    elif arrests or intervention >= 1 or context_pattern(language, "protest_intervention").search(text):
        winner = "PROTEST_WITH_INTER"
        family += arrests
    else:
        winner = "PEACE_PROTEST"
    scores.pop("PEACE_PROTEST", None)
    scores[winner] = family
    return scores


def mob_violence(sentence: RuleInput) -> dict[str, float]:
    """Violence by an unorganised crowd against people or property is mob violence."""
    scores = dict(sentence.scores)
    if scores.get("MOB_VIOL", 0.0) < 3.5:
        return scores
    scores["MOB_VIOL"] += max(scores.get(code, 0.0) for code in ("PROPERTY_DISTRUCT", "ATTACK", "VIOL_DEMONSTR", "ABDUCT_DISSAP"))
    return scores
