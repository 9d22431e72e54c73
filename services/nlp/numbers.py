"""Find quantities in text: digits, number words (en/fr/es/pt/de) and vague quantities.

`find_numbers(text, language)` returns one dict per quantity:
{"text", "start", "end", "value", "low", "high", "approximate"}. `value` is the figure an ACLED coder
would record (the most conservative stated figure); `low`/`high` bound what the text allows. The policy
for vague quantities and modifiers ("more than 50", "dozens") is in services/nlp/VAGUE_QUANTITIES.md.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from services.nlp.languages import FALLBACK_LANGUAGE, language_entries

_TOKEN = re.compile(
    r"\d{1,3}(?:(?:[,.]|[\u00a0\u202f ])\d{3})+(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)?|[^\W\d_]+(?:['’][^\W\d_]+)?",
)
# Dates, clock times and codes glued to letters (the A7 motorway, M23, G5) are not quantities: numbers inside
# these spans are skipped.
_DATE_LIKE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}/\d{1,2}\b|(?<=[^\W\d_])\d+")
_JOINER = re.compile(r"[\s\-]*")
_RANGE_DASH = re.compile(r"\s*[-–—]\s*")


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    start: int
    end: int
    is_digit: bool


@dataclass(frozen=True)
class Core:
    """A bare quantity before modifiers: value, bounds and the token index after it."""

    start: int
    end: int
    value: float
    low: float
    high: float
    approximate: bool
    next_index: int


def load_number_words() -> dict[str, Any]:
    return language_entries("number_words")


def language_table(language: str) -> dict[str, Any]:
    tables = load_number_words()
    return tables.get((language or "").lower()[:2], tables[FALLBACK_LANGUAGE])  # type: ignore[no-any-return]


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(), m.group().lower(), m.start(), m.end(), m.group()[0].isdecimal())  # as \d ("¹" is isdigit)
        for m in _TOKEN.finditer(text)
    ]


def parse_digits(raw: str) -> float:
    """'13,000' / '13.000' / '13 000' -> 13000; '1,5' -> 1.5; a 3-digit tail after one separator is grouping."""
    compact = re.sub(r"[\u00a0\u202f ]", "", raw)
    separators = [i for i, ch in enumerate(compact) if ch in ",."]
    if not separators:
        return float(compact)
    last = separators[-1]
    tail = compact[last + 1:]
    if len(tail) == 3:
        return float(re.sub(r"[,.]", "", compact))
    head = re.sub(r"[,.]", "", compact[:last])
    return float(f"{head}.{tail}")


def _representable(*values: float) -> bool:
    """A figure the wire can carry: finite and within a signed 64-bit integer ('1' * 5000 is neither)."""
    return all(math.isfinite(value) and abs(value) < 2 ** 63 for value in values)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _gap_ok(text: str, end: int, start: int) -> bool:
    return _JOINER.fullmatch(text[end:start]) is not None


def _word_value(word: str, table: dict[str, Any]) -> float | None:
    value = table["units"].get(word, table["multipliers"].get(word))
    return None if value is None else float(value)


@lru_cache(maxsize=4096)
def _decompose(word: str, language: str) -> tuple[str, ...] | None:
    """Split a glued German numeral ('neunundvierzig') into known parts, or None."""
    table = language_table(language)
    parts = set(table["units"]) | set(table["multipliers"]) | set(table.get("glue_parts", []))
    if not word:
        return ()
    for size in range(len(word), 1, -1):
        head = word[:size]
        if head in parts:
            rest = _decompose(word[size:], language)
            if rest is not None:
                return (head, *rest)
    return None


def _expand_word(token: Token, table: dict[str, Any], language: str) -> list[float] | None:
    """The numeric parts of one word token, or None if it is not a number word."""
    value = _word_value(token.lower, table)
    if value is not None:
        return [value]
    if "glue_parts" not in table:
        return None
    parts = _decompose(token.lower, language)
    if not parts or len(parts) < 2:
        return None
    values: list[float] = []
    for part in parts:
        if part == "und":
            continue
        values.append(1.0 if part == "ein" else float(_word_value(part, table) or 0))
    return values


def _may_follow(previous: float, new: float, multipliers: frozenset[float]) -> bool:
    if previous in multipliers or new in multipliers:
        return True
    if previous % 10 != 0 or previous < 10:
        return False
    return new < min(previous, 20 if previous < 100 else 100)


def _combine(values: list[float], multipliers: frozenset[float]) -> float:
    total, current = 0.0, 0.0
    for value in values:
        if value in multipliers and value >= 1000:
            total += (current or 1) * value
            current = 0
        elif value in multipliers:
            current = (current or 1) * value
        else:
            current += value
    return total + current


@cache
def _word_sets(language: str) -> tuple[frozenset[float], frozenset[str], frozenset[str]]:
    """(multiplier values, articles that mean one, connectors) of a language's number words."""
    table = language_table(language)
    return (frozenset(float(v) for v in table["multipliers"].values()), frozenset(table.get("articles_for_one", [])),
            frozenset(table.get("connectors", [])))


@cache
def _vague_phrases(language: str) -> dict[str, list[tuple[list[str], tuple[float, float, float, bool]]]]:
    """The vague quantities of a language ("dozens of", "a few") by first word, in table order."""
    phrases: dict[str, list[tuple[list[str], tuple[float, float, float, bool]]]] = {}
    for phrase, (value, low, high, approximate) in language_table(language)["vague"].items():
        words = phrase.split()
        phrases.setdefault(words[0], []).append((words, (value, low, high, approximate)))
    return phrases


def _word_core(tokens: list[Token], i: int, text: str, table: dict[str, Any], language: str) -> Core | None:
    """A run of number words starting at token i ('forty-nine', 'cuarenta y nueve', 'vinte e três')."""
    multipliers, articles, connectors = _word_sets(language)
    compounds: dict[str, int] = table.get("compounds", {})
    values: list[float] = []
    last_end, j, pending_connector = tokens[i].start, i, False
    while j < len(tokens):
        token = tokens[j]
        joined_from = tokens[j - 1].end if pending_connector else last_end
        if values and not _gap_ok(text, joined_from, token.start):
            break
        if token.is_digit:
            break
        pair = f"{token.lower} {tokens[j + 1].lower}" if j + 1 < len(tokens) else ""
        if pair in compounds and _gap_ok(text, token.end, tokens[j + 1].start):
            parts, consumed = [float(compounds[pair])], 2
        elif token.lower in articles and (pending_connector or _next_is_multiplier(tokens, j, table)):
            parts, consumed = [1.0], 1
        else:
            parts, consumed = _expand_word(token, table, language) or [], 1
        if not parts:
            if values and token.lower in connectors and not pending_connector:
                pending_connector, j = True, j + 1
                continue
            break
        if values and not _may_follow(values[-1], parts[0], multipliers):
            break
        values.extend(parts)
        pending_connector = False
        last_end = tokens[j + consumed - 1].end
        j += consumed
    if not values:
        return None
    if pending_connector:
        j -= 1
    value = _combine(values, multipliers)
    return Core(tokens[i].start, last_end, value, value, value, False, j)


def _next_is_multiplier(tokens: list[Token], j: int, table: dict[str, Any]) -> bool:
    return j + 1 < len(tokens) and tokens[j + 1].lower in table["multipliers"]


def _digit_core(tokens: list[Token], i: int, text: str, table: dict[str, Any]) -> Core:
    token = tokens[i]
    value, end, j = parse_digits(token.text), token.end, i + 1
    if j < len(tokens) and tokens[j].lower in table["multipliers"] and _gap_ok(text, end, tokens[j].start):
        value *= table["multipliers"][tokens[j].lower]
        end, j = tokens[j].end, j + 1
    return Core(token.start, end, value, value, value, False, j)


def _vague_core(tokens: list[Token], i: int, text: str, language: str) -> Core | None:
    best: Core | None = None
    for words, (value, low, high, approximate) in _vague_phrases(language).get(tokens[i].lower, ()):
        window = tokens[i:i + len(words)]
        if [t.lower for t in window] != words:
            continue
        if any(not _gap_ok(text, a.end, b.start) for a, b in itertools.pairwise(window)):
            continue
        if best is None or window[-1].end > best.end:
            best = Core(window[0].start, window[-1].end, value, low, high, approximate, i + len(words))
    return best


def _core_at(tokens: list[Token], i: int, text: str, table: dict[str, Any], language: str) -> Core | None:
    vague = _vague_core(tokens, i, text, language)
    if vague is not None:
        return vague
    if tokens[i].is_digit:
        return _digit_core(tokens, i, text, table)
    return _word_core(tokens, i, text, table, language)


def _modifier_before(text: str, start: int, phrases: list[str]) -> int | None:
    """Start offset of the longest modifier phrase that ends right before `start`."""
    before = text[:start].rstrip()
    lowered = before.lower()
    for phrase in sorted(phrases, key=len, reverse=True):
        if lowered.endswith(phrase) and (len(lowered) == len(phrase) or not lowered[-len(phrase) - 1].isalnum()):
            return len(before) - len(phrase)
    return None


def _apply_modifiers(core: Core, text: str, table: dict[str, Any]) -> tuple[int, float, float, float, bool]:
    """(start, value, low, high, approximate) after 'at least', 'about', 'up to' and the like."""
    value, low, high = core.value, core.low, core.high
    lower_at = _modifier_before(text, core.start, table["lower"])
    if lower_at is not None:
        return lower_at, value, low, max(high, value), True
    approx_at = _modifier_before(text, core.start, table["approx"])
    if approx_at is not None:
        return approx_at, value, math.floor(round(low * 0.9, 6)), math.ceil(round(high * 1.1, 6)), True
    upper_at = _modifier_before(text, core.start, table["upper"])
    if upper_at is not None:
        return upper_at, value, min(1.0, low), high, True
    return core.start, value, low, high, core.approximate


def _range_end(tokens: list[Token], core: Core, text: str, table: dict[str, Any], language: str) -> Core | None:
    """The upper figure of '10 to 15', '10-15', 'between 10 and 15', or None."""
    j = core.next_index
    if j >= len(tokens):
        return None
    gap = text[core.end:tokens[j].start]
    if _RANGE_DASH.fullmatch(gap) and gap.strip():
        upper = _core_at(tokens, j, text, table, language)
    elif tokens[j].lower in table.get("ranges", []) and j + 1 < len(tokens) and not gap.strip():
        upper = _core_at(tokens, j + 1, text, table, language)
    else:
        return None
    if upper is None or upper.value <= core.value or upper.approximate:
        return None
    return upper


def _masked(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DATE_LIKE.finditer(text)]


def find_numbers(text: str, language: str) -> list[dict[str, Any]]:
    """Every quantity in `text`, in order, without overlaps; see the module docstring for fields."""
    table = language_table(language)
    code = (language or "").lower()[:2] if (language or "").lower()[:2] in load_number_words() else FALLBACK_LANGUAGE
    tokens = tokenize(text)
    masked = _masked(text)
    found: list[dict[str, Any]] = []
    mask_starts = [a for a, _ in masked]
    i = 0
    while i < len(tokens):
        # masked spans are in order and disjoint: only the last one starting at or before the token can hold it
        holder = bisect.bisect_right(mask_starts, tokens[i].start) - 1
        if holder >= 0 and tokens[i].start < masked[holder][1]:
            i += 1
            continue
        core = _core_at(tokens, i, text, table, code)
        if core is None:
            i += 1
            continue
        start, value, low, high, approximate = _apply_modifiers(core, text, table)
        end, next_index = core.end, core.next_index
        upper = _range_end(tokens, core, text, table, code)
        if upper is not None:
            high, end, next_index, approximate = max(high, upper.high), upper.end, upper.next_index, True
        if not _representable(value, low, high):
            i = next_index
            continue
        found.append({
            "text": text[start:end], "start": start, "end": end, "value": _number(value),
            "low": _number(low), "high": _number(high), "approximate": approximate,
        })
        i = next_index
    return found
