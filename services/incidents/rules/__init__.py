"""The ACLED rules, in the order `classify.rule_scores` applies them: each reads the scores the rules
before it left, so the order is part of the behaviour (the protest family settles the crowd classes before
mob violence adds to them; territory is decided before a non-violent transfer weighs it).

A new rule: write `def my_rule(sentence: RuleInput) -> dict[str, float]` in its family module (or a new
one) and add one `Rule(...)` line below, where it must run.
"""

from __future__ import annotations

from services.incidents.rules.base import Rule, RuleFunction, RuleInput
from services.incidents.rules.crime import organised_crime
from services.incidents.rules.protest import mob_violence, protest_family
from services.incidents.rules.territory import non_violent_transfer, territory_taken
from services.incidents.rules.weapons import disrupted_weapons, weapon_kind

RULES: tuple[Rule, ...] = (
    Rule("protest_family", protest_family),
    Rule("territory_taken", territory_taken),
    Rule("disrupted_weapons", disrupted_weapons),
    Rule("weapon_kind", weapon_kind),
    Rule("organised_crime", organised_crime),
    Rule("non_violent_transfer", non_violent_transfer),
    Rule("mob_violence", mob_violence),
)


def apply_rules(text: str, language: str, scores: dict[str, float], rules: tuple[Rule, ...] = RULES) -> dict[str, float]:
    """The scores after every rule of `rules`, in order, each seeing the scores the one before it returned."""
    for rule in rules:
        scores = rule.apply(RuleInput(text, language, scores))
    return scores


__all__ = ["RULES", "Rule", "RuleFunction", "RuleInput", "apply_rules"]
