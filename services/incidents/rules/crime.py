"""Organised crime: arrests and seizures in a criminal case are crime, not a political development."""

from __future__ import annotations

from services.incidents.lexicons import context_pattern, language_code
from services.incidents.rules.base import RuleInput


def organised_crime(sentence: RuleInput) -> dict[str, float]:
    """Arrests and seizures in a drug, trafficking or extortion case (English only) lift organised crime."""
    text, language, scores = sentence.text, sentence.language, dict(sentence.scores)
    if "ORG_CRIME" not in scores or language_code(language) != "en":
        return scores
    if context_pattern(language, "organised_crime").search(text) and not context_pattern(language, "political_actors").search(text):
        scores["ORG_CRIME"] += scores.get("ARREST", 0.0) + scores.get("DISR_WEAP", 0.0)
    return scores
