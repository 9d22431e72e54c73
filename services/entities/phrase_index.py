"""Aho-Corasick phrase matching over folded text, on word boundaries, longest match first."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

from services.nlp.folding import fold_case_and_accents, is_word_boundary

Payload = TypeVar("Payload")


@dataclass(frozen=True)
class PhraseMatch(Generic[Payload]):
    start: int
    end: int
    payload: Payload


class DisjointSpans:
    """Chosen spans that do not overlap, kept sorted: an overlap test is a bisect, not a scan of all of them."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end)  # disjoint and sorted: their ends are sorted too
        return before > 0 and self._ends[before - 1] > start

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)


def _is_acronym(phrase: str) -> bool:
    letters = [char for char in phrase if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


class PhraseIndex(Generic[Payload]):
    """Finds phrases in text case- and accent-insensitively; all-capital acronyms must match their case."""

    def __init__(self, phrases: Iterable[tuple[str, Payload]]) -> None:
        self._automaton = ahocorasick.Automaton()
        grouped: dict[str, list[tuple[str | None, Payload]]] = {}
        for phrase, payload in phrases:
            phrase = " ".join(phrase.split())
            if not phrase:
                continue
            exact = phrase if _is_acronym(phrase) else None
            grouped.setdefault(fold_case_and_accents(phrase), []).append((exact, payload))
        for key, candidates in grouped.items():
            self._automaton.add_word(key, (len(key), candidates))
        self._empty = not grouped
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[PhraseMatch[Payload]]:
        """Non-overlapping matches, preferring the longest, then the leftmost."""
        if self._empty or not text:
            return []
        folded = fold_case_and_accents(text)
        found: list[PhraseMatch[Payload]] = []
        for last, (length, candidates) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if not is_word_boundary(folded, start, end):
                continue
            payload = _first_case_match(text[start:end], candidates)
            if payload is not None:
                found.append(PhraseMatch(start, end, payload))
        return _longest_non_overlapping(found)


def _first_case_match(surface: str, candidates: list[tuple[str | None, Payload]]) -> Payload | None:
    for exact, payload in candidates:
        if exact is None or exact == surface:
            return payload
    return None


def _longest_non_overlapping(matches: list[PhraseMatch[Payload]]) -> list[PhraseMatch[Payload]]:
    chosen: list[PhraseMatch[Payload]] = []
    taken = DisjointSpans()
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if taken.overlaps(match.start, match.end):
            continue
        chosen.append(match)
        taken.add(match.start, match.end)
    return sorted(chosen, key=lambda m: m.start)
