"""ACLED's territory rules: who took a place, and whether it changed hands without fighting."""

from __future__ import annotations

import re

from services.incidents.lexicons import any_language_terms, context_pattern, cue_patterns
from services.incidents.rules.base import RuleInput

_FIGHTING = any_language_terms("territory_fighting")
_NO_FIGHT = any_language_terms("territory_without_fight")
# Said outright, a peaceful handover outweighs any fighting word elsewhere in the snippet.
_PEACEFUL_TRANSFER = any_language_terms("peaceful_transfer")


def territory_taken(sentence: RuleInput) -> dict[str, float]:
    """A captured place belongs to whoever took it (the subject of the clause), and the fighting that took it
    is part of the capture."""
    text, scores = sentence.text, dict(sentence.scores)
    gained = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if not gained:
        return scores
    first_cue = min(
        (m.start() for code in ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
         for pattern, _ in cue_patterns(sentence.language).get(code, []) for m in [pattern.search(text)] if m),
        default=0,
    )
    # The subject of the clause that reports the capture took it: the first actor named since the sentence began.
    window = re.split(r"[.;!?]\s", text[max(0, first_cue - 150):first_cue + 1])[-1]
    non_state = context_pattern(sentence.language, "non_state_subjects").search(window)
    state = context_pattern(sentence.language, "state_subjects").search(window)
    if non_state is None and state is None:
        return scores
    winner, loser = (
        ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT")
        if non_state is not None and (state is None or non_state.start() <= state.start())
        else ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
    )
    # ACLED: the fighting that wins a place is coded as the territory change.
    scores[winner] = gained + 1 + (scores.pop("ARMED_CLASH", 0.0) if gained >= 2.5 else 0.0)
    scores.pop(loser, None)
    return scores


def non_violent_transfer(sentence: RuleInput) -> dict[str, float]:
    """Territory that changes hands without fighting is a non-violent transfer."""
    text, language, scores = sentence.text, sentence.language, dict(sentence.scores)
    territory = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if scores.get("NON_VIOL_TERRIT_TRANSFER", 0.0) < 2.5 or not _NO_FIGHT.search(text):
        return scores
    fighting = scores.get("ARMED_CLASH", 0.0) or context_pattern(language, "death").search(text) or _FIGHTING.search(text)
    if fighting and not _PEACEFUL_TRANSFER.search(text):
        return scores
    scores["NON_VIOL_TERRIT_TRANSFER"] += max(territory, scores.get("AGREEMENT", 0.0), scores.get("ARMED_CLASH", 0.0))
    return scores
