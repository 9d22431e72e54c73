"""Sub-event classification of a sentence or snippet: lexicon cues per class, ACLED rules, a learned layer.

Scores are sums of cue weights (services/incidents/data/sub_event_cues.json); what a crowd demands or
protests against ("against the arrest of", "the killing of") is blanked first. The rules encode ACLED
definitions that single cues cannot; they are a table walked in order (services/incidents/rules/: the protest
family, territory, weapons, organised crime, mobs).
The learned layer (one model per language) then picks the class from the cues, the rule scores and the words.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from services.incidents.lexicons import (
    any_language_alternation,
    context_pattern,
    cue_group,
    language_code,
    load_data,
)
from services.incidents.rules import apply_rules
from services.incidents.sub_event_model import load_model
from services.incidents.weights import LEARNED_LIFT

_DEMANDED_RELEASE = re.compile(rf"\b(?:{any_language_alternation('demanded_release')})\b", re.IGNORECASE)


def cue_hits(text: str, language: str) -> list[tuple[str, int, float]]:
    """(class code, cue index, weight) of every cue of the language found in the text (each cue once)."""
    cues, group = cue_group(language)
    return [cue for cue, pattern, possible in zip(cues, group.patterns, group.may_match(text), strict=True)
            if possible and pattern.compiled.search(text)]


def score_classes(text: str, language: str, hits: list[tuple[str, int, float]] | None = None) -> dict[str, float]:
    """Sum of matched cue weights per class code (each cue counted once)."""
    scores: dict[str, float] = {}
    for code, _, weight in cue_hits(text, language) if hits is None else hits:
        scores[code] = scores.get(code, 0.0) + weight
    return scores


def mask_demands(text: str, language: str = "en") -> str:
    """What a crowd demands or protests against is not the event: "demanding the release of detained activists",
    "protesting the killing of a pastor" are blanked, offsets kept."""
    text = _DEMANDED_RELEASE.sub(lambda m: " " * len(m.group(0)), text)
    masked = list(text)
    for m in context_pattern(language, "protest_cause").finditer(text):
        # A term may name the part to blank (group "cause...") and keep its lead ("protested", "after").
        start = next((m.start(name) for name, value in m.groupdict().items() if value), m.start())
        masked[start:m.end()] = " " * (m.end() - start)
    return "".join(masked)


def rule_scores(text: str, language: str, hits: list[tuple[str, int, float]] | None = None) -> dict[str, float]:
    """Class scores from the cues (`hits` when already found in the masked text) after the ACLED rules
    of services.incidents.rules.RULES, in their order."""
    text = mask_demands(text, language)
    return apply_rules(text, language, score_classes(text, language, hits))


def best_by_rules(scores: dict[str, float], allowed: Collection[str] | None = None) -> str:
    """The highest-scoring allowed class (ties by ACLED priority); 'OTHER' when none scores."""
    priority: list[str] = load_data("sub_event_types.json")["tie_priority"]
    candidates = [c for c in priority if (allowed is None or c in allowed) and scores.get(c, 0.0) > 0]
    if not candidates:
        return "OTHER"
    return max(candidates, key=lambda c: (scores[c], -priority.index(c)))


def classify_text(text: str, language: str, allowed: Collection[str] | None = None, *,
                  learned: bool = True) -> tuple[str, float, dict[str, float]]:
    """(best class code, its score, all scores) for a text. Without the learned layer 'OTHER' with score 0 when
    nothing fires; with it, the model's guess, whose score is 0 unless one of its cues fired.

    With `learned` (a model per language, trained on that language's snippets) the class is the one the learned
    layer (services.incidents.sub_event_model) prefers among the allowed ones; when it is an ACLED class other
    than the rules' choice and a cue fired, its score is lifted just above the best rule score, so that sums over
    sentences (the incident's type) follow it while the trigger threshold still sees the cue strength."""
    text = mask_demands(text, language)
    hits = cue_hits(text, language)
    scores = rule_scores(text, language, hits)
    best = best_by_rules(scores, allowed)
    model = load_model(language_code(language)) if learned else None
    if model is None:
        return best, scores.get(best, 0.0), scores
    choice = model.predict(text, hits, scores, allowed)
    # Only an ACLED class is lifted: a model guess of "natural disaster" must not silence the cues of an attack.
    if choice != best and scores and acled_labels(choice)["acled"]:
        scores[choice] = max(scores.values()) + LEARNED_LIFT
    return choice, scores.get(choice, 0.0), scores


def acled_labels(code: str) -> dict[str, Any]:
    """{'event_type', 'sub_event_type', 'acled'} of a class code."""
    classes: dict[str, dict[str, Any]] = load_data("sub_event_types.json")["classes"]
    return classes[code]
