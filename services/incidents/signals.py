"""What one sentence of an enriched article says about incidents: triggers, context, anchors.

A sentence reports an incident when an ACLED cue or a casualty trigger meets required context (a human
victim, an armed actor or a weapon) and is not a figurative use in a sports, business, science or culture
piece. It is anchored when it has its own casualty figure, date or sub-national place: anchored sentences
may start a new incident, the others can only continue one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.incidents.classify import classify_text
from services.incidents.fatalities import casualty_statements
from services.incidents.lexicons import any_language_alternation, context_pattern, cue_patterns, load_data
from services.nlp.dates import resolve_date, resolve_stated_date

COUNTRY_CODES = ("PCLI", "PCLD", "PCLF", "PCL", "PCLIX", "PCLS", "TERR")
CLAIM = re.compile(any_language_alternation("claim"), re.IGNORECASE)
MIN_CUE_SCORE = 2.0
STRATEGIC_MIN_SCORE = 3.0
_REFERENCE_POINT = re.compile(rf"\b(?:{any_language_alternation('reference_point')})\W+(?:\w+\W+){{0,3}}$", re.IGNORECASE)
# "said on Monday": the day of a statement, not of the event.
_REPORTING = re.compile(rf"(?:{any_language_alternation('reporting_verbs')})\W+(?:\w+\W+){{0,2}}$", re.IGNORECASE)
_BORDER_AFTER = re.compile(rf"\s*(?:{any_language_alternation('border')})")
_BORDER_WITH = re.compile(rf"(?:{any_language_alternation('border_with')})\s*(?:the\s+)?$")


@dataclass
class SentenceSignal:
    index: int
    start: int
    end: int
    text: str
    code: str
    score: float
    scores: dict[str, float]
    is_trigger: bool
    is_claim: bool
    anchored: bool
    aggregate: bool
    new_event_cue: bool  # only set when the sentence also has its own date or place
    trigger_positions: list[int]
    statements: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    victim_kind: str | None
    negative: bool
    resolved_dates: list[tuple[dict[str, Any], date, int]] = field(default_factory=list)


def by_sentence(items: list[dict[str, Any]] | None, index: int) -> list[dict[str, Any]]:
    return [item for item in items or [] if item.get("sentence") == index]


def is_country(location: dict[str, Any]) -> bool:
    return str(location.get("feature_code") or "").upper() in COUNTRY_CODES or (
        location.get("feature_class") == "A" and str(location.get("feature_code") or "").startswith("PCL"))


def is_border_mention(text: str, location: dict[str, Any], offset: int) -> bool:
    """'near the Burkina Faso border': the place names a border, not where the event happened."""
    after = text[location["end"] - offset:location["end"] - offset + 12].lower()
    before = text[max(0, location["start"] - offset - 25):location["start"] - offset].lower()
    border = context_pattern("en", "border")
    return bool(_BORDER_AFTER.match(after)) or (bool(border.search(before)) and bool(_BORDER_WITH.search(before)))


def mask_consequences(text: str, language: str) -> str:
    """The text with consequence clauses (", prompting protests in Bamako") and settings ("an area plagued
    by raids and suicide bombings") blanked to spaces, offsets kept: what an event caused, or the violence a
    place is known for, is not the event, nor its place or toll."""
    masked = text
    marks = [(m, True) for m in context_pattern(language, "consequence").finditer(text)]
    marks += [(m, False) for m in context_pattern(language, "setting").finditer(text)]
    for m, needs_comma in marks:
        if needs_comma and not text[:m.start()].rstrip().endswith(","):
            continue
        # A setting after the toll runs to the sentence end (its list has commas); before the toll, to a comma.
        after_toll = not needs_comma and bool(context_pattern(language, "death").search(text[:m.start()]))
        stop = re.search(r"[;.!?]" if after_toll else r"[,;.!?]", text[m.end():])
        end = m.end() + stop.start() if stop else len(text)
        masked = masked[:m.start()] + " " * (end - m.start()) + masked[end:]
    return masked


def _outside(items: list[dict[str, Any]], masked: str, offset: int) -> list[dict[str, Any]]:
    return [item for item in items if masked[item["start"] - offset:item["end"] - offset].strip()]


def _victim_kind_of(text: str, language: str) -> str | None:
    if context_pattern(language, "state_forces").search(text):
        return "state"
    if context_pattern(language, "civilians").search(text):
        return "civilian"
    return None


def _has_required_context(text: str, language: str, actors: list[dict[str, Any]]) -> bool:
    return bool(actors) or any(
        context_pattern(language, name).search(text) for name in ("victims", "weapons", "armed"))


def _strategic_context(text: str, language: str, code: str, score: float) -> bool:
    """ACLED codes agreements, arrests, bases and bans by authorities and communities too ("community leaders
    signed a peace agreement"): a strong strategic-development cue with such an actor is context enough."""
    # A change to a group is a change to an armed or political group: a cabinet reshuffle is none.
    strategic = load_data("sub_event_types.json")["classes"][code]["event_type"] == "Strategic developments" and code != "CHANGE_TO_GROUP_ACT"
    return strategic and score >= STRATEGIC_MIN_SCORE and bool(context_pattern(language, "strategic_actors").search(text))


def _commemorates(text: str, language: str, positions: list[int]) -> bool:
    """The sentence commemorates past violence: its violent words follow the commemoration ("marked the anniversary
    of the massacre"), unlike "gunmen killed five people at a ceremony marking the anniversary"."""
    commemoration = context_pattern(language, "commemoration").search(text)
    return commemoration is not None and all(position > commemoration.start() for position in positions)


def _trigger_positions(text: str, language: str, code: str) -> list[int]:
    positions = [m.start() for m in context_pattern(language, "death").finditer(text)]
    positions += [m.start() for m in context_pattern(language, "injury").finditer(text)]
    positions += [m.start() for pattern, weight in cue_patterns(language).get(code, []) if weight >= 2
                  for m in pattern.finditer(text)]
    return sorted(positions)


def _victim_kind(text: str, language: str, statements: list[dict[str, Any]], offset: int) -> str | None:
    """State forces or civilians: the victims named right after a toll, else anywhere in the sentence."""
    for statement in statements:
        head = text[statement["end"] - offset:statement["end"] - offset + 45]
        if statement.get("singular"):  # "one university student was killed": the victim precedes the trigger
            head = re.split(r"[,;.]", text[max(0, statement["start"] - offset - 45):statement["start"] - offset])[-1]
        kind = _victim_kind_of(head, language)
        if kind:
            return kind
    return _victim_kind_of(text, language)


def _event_dates(text: str, dates: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    """Dates of the event itself: not the day a statement was made, not a 'since'/'until' reference point."""
    kept = []
    for mention in dates:
        before = text[max(0, mention["start"] - offset - 30):mention["start"] - offset]
        if _REPORTING.search(before) or _REFERENCE_POINT.search(before):
            continue
        kept.append(mention)
    return kept


def _resolved_dates(dates: list[dict[str, Any]], published_at: date | None) -> list[tuple[dict[str, Any], date, int]]:
    """Without a publication date only dates the text states in full ("1 November 2019") can be resolved."""
    if published_at is not None:
        return [(d, *resolve_date(d, published_at)) for d in dates]
    stated = ((d, resolve_stated_date(d)) for d in dates)
    return [(d, *resolved) for d, resolved in stated if resolved is not None]


def analyse_sentence(article: Mapping[str, Any], index: int, language: str, published_at: date | None) -> SentenceSignal:
    """The incident signal of sentence `index`."""
    span = article["sentences"][index]
    start, end = span["start"], span["end"]
    text = mask_consequences(article["text"][start:end], language)
    classes = load_data("sub_event_types.json")["classes"]
    code, score, scores = classify_text(text, language)
    numbers = _outside(by_sentence(article.get("numbers"), index), text, start)
    dates = _outside(by_sentence(article.get("dates"), index), text, start)
    statements = casualty_statements(text, language, numbers, dates, offset=start)
    actors = _outside(by_sentence(article.get("actors"), index), text, start)
    negative = bool(context_pattern(language, "negative_domains").search(text))
    positions = _trigger_positions(text, language, code)
    acled_score = max((s for c, s in scores.items() if classes[c]["acled"] and c != "OTHER"), default=0.0)
    non_acled = max((s for c, s in scores.items() if not classes[c]["acled"] and c != "ATTRIB"), default=0.0)
    cue = acled_score >= MIN_CUE_SCORE or (bool(positions) and bool(statements))
    protest_family = set(load_data("sub_event_types.json")["protest_classes"]) | {"MOB_VIOL"}
    # "The toll rose to 12": a revised toll is about the incident being reported, whoever it names.
    revised = any(statement["revision"] for statement in statements)
    context = (_has_required_context(text, language, actors) or (code in protest_family and score >= 2.5)
               or _strategic_context(text, language, code, score) or revised)
    strong = bool(statements) or bool(actors) or any(context_pattern(language, name).search(text) for name in ("weapons", "armed"))
    is_trigger = cue and context and non_acled <= acled_score and (not negative or strong)
    if code in protest_family and not statements and context_pattern(language, "protest_not_held").search(text):
        is_trigger = False  # "declared the protests illegal", "called for a march": no protest took place here
    protest_named = code in protest_family and bool(context_pattern(language, "protest").search(text))
    if not protest_named and _commemorates(text, language, positions):
        is_trigger = False  # "commemorated the 1944 massacre": the violence is history; a march on the day is still a protest
    locations = [loc for loc in _outside(by_sentence(article.get("locations"), index), text, start)
                 if not is_border_mention(article["text"], loc, 0)]
    dates = _event_dates(text, dates, start)
    resolved = _resolved_dates(dates, published_at)
    anchored = bool(statements) or bool(dates) or any(not is_country(loc) for loc in locations)
    return SentenceSignal(
        index=index, start=start, end=end, text=article["text"][start:end], code=code, score=score, scores=scores,
        is_trigger=is_trigger, is_claim=bool(CLAIM.search(text)), anchored=anchored,
        aggregate=bool(context_pattern(language, "aggregate").search(text)),
        new_event_cue=bool(context_pattern(language, "new_event").search(text)) and (
            bool(dates) or any(not is_country(loc) for loc in locations)),
        trigger_positions=[start + p for p in positions], statements=statements, dates=dates,
        locations=locations, actors=actors, victim_kind=_victim_kind(text, language, statements, start), negative=negative,
        resolved_dates=resolved,
    )
