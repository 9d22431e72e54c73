"""Casualty counts: which quantities in a sentence count the dead or the injured, and one toll per incident.

A quantity is a casualty statement when a victim noun or a casualty word follows it closely ("49 of the
soldiers", "12 dead") or a casualty phrase precedes it ("killing 6", "the toll rose to 50"). It is a death or
an injury by the nearest casualty trigger in the same clause. "Including 2 women" is a subset, not a toll.
A singular victim with a casualty trigger ("a French soldier was killed", "he was killed") counts one.

Reconciliation (per incident, within one article): a revision ("the toll rose to") wins; otherwise the
first exact figure is `best`, plus the attackers' dead and groups "also killed" (ACLED counts every side), or
the lowest vague figure (ACLED's conservative rule); `low`/`high` span
the statements of the toll (figures under a third of it count a subgroup and are left out). Nothing stated gives 0/0/0, as ACLED codes unknown tolls.
"""

from __future__ import annotations

import re
from typing import Any

from services.incidents.lexicons import any_language_alternation, any_language_terms, context_pattern
from services.nlp.dates import find_dates
from services.nlp.numbers import find_numbers

Statement = dict[str, Any]
_NOT_PEOPLE = re.compile(rf"^\s*(?:{any_language_alternation('not_people')})(?!\w)", re.IGNORECASE)
_SUBSET = any_language_terms("subset")
_CLAUSE_BREAK = re.compile(rf"[;:()\[\]]|,\s+(?:{any_language_alternation('clause_break_conjunctions')})\b|\s[–—]\s")
_SINGULAR = any_language_terms("singular_articles")
_PRONOUN_VICTIM = any_language_terms("pronoun_victim")
_NEGATION = any_language_terms("negation")
AFTER_WINDOW = 45
_HEAD_STOP = re.compile(rf"[,.;:]|\s(?:{any_language_alternation('head_stop_conjunctions')})\s", re.IGNORECASE)
_NO_VICTIM_BEFORE = re.compile(rf"\b(?:{any_language_alternation('no_victim_before')})\s*$", re.IGNORECASE)
_CASUALTY_LEAD = re.compile(rf"\b(?:{any_language_alternation('casualty_lead')})\W+(?:\w+\W+){{0,3}}$", re.IGNORECASE)
_TOLL_RISE = re.compile(rf"(?:{any_language_alternation('toll_rise_verbs')})\s+(?:\S+\s+){{0,3}}?"
                        rf"(?:{any_language_alternation('toll_rise_prepositions')})\s+$", re.IGNORECASE)
BEFORE_WINDOW = 40


def _triggers(text: str, language: str) -> list[tuple[int, int, str]]:
    """Casualty triggers, plus other outcomes (abducted, arrested, displaced) that claim the numbers near them;
    none inside a statement that nobody died ("sans faire de victimes", "no fatalities were reported")."""
    found = [(m.start(), m.end(), "death") for m in context_pattern(language, "death").finditer(text)]
    found += [(m.start(), m.end(), "injury") for m in context_pattern(language, "injury").finditer(text)]
    found += [(m.start(), m.end(), "other") for m in context_pattern(language, "other_outcomes").finditer(text)]
    denied = [(m.start(), m.end()) for m in context_pattern(language, "no_casualties").finditer(text)]
    return sorted(t for t in found if not any(a <= t[0] < b for a, b in denied))


def _group_of(text: str, number: dict[str, Any], language: str) -> tuple[bool, bool]:
    """(the dead are attackers, the figure adds a group: "were also killed") for a casualty figure."""
    head = " ".join(re.split(r"[,.;:]", text[number["end"]:number["end"] + AFTER_WINDOW], maxsplit=1)[0].split()[:3])
    clause = re.split(r"[,.;:]", text[number["end"]:number["end"] + AFTER_WINDOW], maxsplit=1)[0]
    before = re.split(r"[,.;:]", text[max(0, number["start"] - 20):number["start"]])[-1]
    attackers = bool(context_pattern(language, "attacker_victims").search(head))
    return attackers, bool(context_pattern(language, "additional").search(before + " " + clause))


def _clause(text: str, start: int, end: int) -> str:
    return text[max(0, start):end]


def _is_casualty_number(text: str, number: dict[str, Any], language: str) -> bool:
    after = text[number["end"]:number["end"] + AFTER_WINDOW]
    if _NOT_PEOPLE.match(after):
        return False
    before = text[max(0, number["start"] - BEFORE_WINDOW):number["start"]]
    if _SUBSET.search(before[-25:]) or _NO_VICTIM_BEFORE.search(before):
        return False
    head = " ".join(re.split(r"[,.;:]", after, maxsplit=1)[0].split()[:3])
    if context_pattern(language, "victims").search(head) or context_pattern(language, "death").search(head[:25]):
        return True
    trigger_before = [m for m in context_pattern(language, "death").finditer(before)] + [
        m for m in context_pattern(language, "injury").finditer(before)]
    if any(re.fullmatch(r"\s*(?:\w{1,3}\s+){0,2}", before[m.end():]) for m in trigger_before):
        return True
    if context_pattern(language, "injury").search(head[:25]):
        return True
    tail = re.split(r"[.;:]", before)[-1]
    return bool(_CASUALTY_LEAD.search(tail)) or bool(_TOLL_RISE.search(tail))


def _nearest_kind(text: str, start: int, end: int, triggers: list[tuple[int, int, str]]) -> str | None:
    """Death or injury: a trigger in the number's own phrase, else just before it, else later in the clause."""
    head_end = end + len(_HEAD_STOP.split(text[end:end + AFTER_WINDOW], maxsplit=1)[0])
    in_head = [(t_start, kind) for t_start, _, kind in triggers if end <= t_start < head_end]
    if in_head:
        return min(in_head)[1]
    before = [(start - t_end, kind) for _, t_end, kind in triggers
              if t_end <= start and start - t_end <= 50 and not re.search(r"[,;:.()]", text[t_end:start])]
    if before:
        return min(before)[1]
    after = [(t_start - end, kind) for t_start, _, kind in triggers
             if t_start >= end and t_start - end <= 90 and not _CLAUSE_BREAK.search(text[end:t_start])]
    return min(after)[1] if after else None


def _singular_statements(text: str, language: str, triggers: list[tuple[int, int, str]]) -> list[Statement]:
    found: list[Statement] = []
    victims = context_pattern(language, "victims")
    for t_start, t_end, kind in triggers:
        if kind == "other" or _NEGATION.search(text[max(0, t_start - 25):t_start]):
            continue
        window_start = max(0, t_start - 60)
        window = text[window_start:min(len(text), t_end + 60)]
        pronoun = _PRONOUN_VICTIM.search(text[max(0, t_start - 25):t_start])
        singular = None
        for article in _SINGULAR.finditer(window):
            noun = victims.search(window, article.end(), min(len(window), article.end() + 30))
            if noun and re.fullmatch(r"[\s\w'’-]*", window[article.end():noun.start()]) and not noun.group().lower().endswith("s"):
                singular = article
                break
        if singular is None and pronoun is None:
            continue
        found.append({"kind": kind, "value": 1, "low": 1, "high": 1, "approximate": False, "revision": False,
                      "start": t_start, "end": t_end, "singular": True})
    return found


def casualty_statements(text: str, language: str, numbers: list[dict[str, Any]] | None = None,
                        dates: list[dict[str, Any]] | None = None, offset: int = 0) -> list[Statement]:
    """Death and injury statements in one sentence `text` (numbers/dates with article offsets, shifted by `offset`)."""
    numbers = find_numbers(text, language) if numbers is None else [
        {**n, "start": n["start"] - offset, "end": n["end"] - offset} for n in numbers]
    dates = find_dates(text, language) if dates is None else [
        {**d, "start": d["start"] - offset, "end": d["end"] - offset} for d in dates]
    triggers = _triggers(text, language)
    if not triggers:
        return []
    revision = context_pattern(language, "revision")
    statements: list[Statement] = []
    for number in numbers:
        if any(d["start"] < number["end"] and number["start"] < d["end"] for d in dates):
            continue
        if not _is_casualty_number(text, number, language):
            continue
        before = text[max(0, number["start"] - 40):number["start"]]
        kind = _nearest_kind(text, number["start"], number["end"], triggers)
        if kind is None and revision.search(before):  # "the death toll from Saturday's attack has risen to 31"
            kind = "injury" if context_pattern(language, "injury").search(text[max(0, number["start"] - 90):number["start"]]) else "death"
        if kind is None or kind == "other":
            continue
        attackers, additional = _group_of(text, number, language)
        statements.append({
            "kind": kind, "value": number["value"], "low": number["low"], "high": number["high"],
            "approximate": number["approximate"], "revision": bool(revision.search(before)),
            "start": number["start"] + offset, "end": number["end"] + offset, "singular": False,
            "attackers": attackers, "additional": additional,
        })
    counted = {s["kind"] for s in statements}
    for singular in _singular_statements(text, language, triggers):
        if singular["kind"] not in counted:
            statements.append({**singular, "start": singular["start"] + offset, "end": singular["end"] + offset})
            counted.add(singular["kind"])
    return _sum_joined(text, statements, offset)


def _sum_joined(text: str, statements: list[Statement], offset: int) -> list[Statement]:
    """'200 soldiers and 630 civilians were killed': two groups joined by 'and' make one toll."""
    merged: list[Statement] = []
    for statement in sorted(statements, key=lambda s: s["start"]):
        previous = merged[-1] if merged else None
        if previous and previous["kind"] == statement["kind"] and not previous["singular"] and not statement["singular"]:
            between = text[previous["end"] - offset:statement["start"] - offset]
            if re.fullmatch(r"\s*[^\W\d_]+(?:\s+[^\W\d_]+)?\s+(?:and|et|y|e|und)\s+(?:[^\W\d_]+\s+){0,2}", between + " ", re.IGNORECASE):
                merged[-1] = {**previous, "value": previous["value"] + statement["value"], "low": previous["low"] + statement["low"],
                              "high": previous["high"] + statement["high"], "end": statement["end"],
                              "approximate": previous["approximate"] or statement["approximate"]}
                continue
        merged.append(statement)
    return merged


def reconcile(statements: list[Statement], kind: str) -> dict[str, int]:
    """One {best, low, high} from the statements of one kind, by the policy in the module docstring."""
    relevant = [s for s in statements if s["kind"] == kind]
    if not relevant:
        return {"best": 0, "low": 0, "high": 0}
    counted = [s for s in relevant if not s["singular"]]
    relevant = counted or relevant  # "one civilian was also killed" beside a toll is part of the story, not the toll
    revisions = [s for s in relevant if s["revision"]]
    exact = [s for s in relevant if not s["approximate"] and not s["singular"]] or [s for s in relevant if not s["approximate"]]
    if revisions:
        best = revisions[-1]["value"]
    elif exact:
        best = exact[0]["value"]
    else:
        best = min(s["value"] for s in relevant)
    added = [] if revisions or not exact else _added_groups(exact[0], exact)
    # A figure under a third of the toll names a subgroup ("one civilian was also killed"), not a rival toll.
    rivals = [s for s in relevant if s["value"] * 3 >= best and s not in added]
    extra = sum(s["value"] for s in added)
    low = min([best] + [s["low"] for s in rivals]) + extra
    high = max([best] + [s["high"] for s in rivals]) + extra
    return {"best": int(best + extra), "low": int(low), "high": int(high)}


def _added_groups(base: Statement, exact: list[Statement]) -> list[Statement]:
    """ACLED counts every side's dead in one event: figures for the attackers beside the victims' toll ("killing
    5 soldiers. Ten attackers were also killed"), and groups said to be killed as well, are added to it (the
    first figure of each, so a restated figure is not counted twice)."""
    added: list[Statement] = []
    for statement in exact:
        # A lone victim beside a toll ("one civilian was also killed") stays out, as singular victims do.
        if statement is base or statement["singular"] or statement["value"] <= 1:
            continue
        other_side = statement.get("attackers") != base.get("attackers")
        if not (other_side or statement.get("additional")):
            continue
        if any(s.get("attackers") == statement.get("attackers") for s in added):
            continue
        added.append(statement)
    return added


def sentence_fatalities(text: str, language: str) -> dict[str, int]:
    """{best, low, high} deaths stated in one sentence (used by the fatalities evaluation)."""
    return reconcile(casualty_statements(text, language), "death")
