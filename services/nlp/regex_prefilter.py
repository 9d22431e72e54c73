"""Skip a regex search that cannot succeed: a pattern whose every match starts with one of a few literal
words ("attack", "ambush", "killed in") cannot match a text containing none of them.

Python's `re` finds no literal prefix behind a leading lookbehind such as the whole-word guard of our
lexicons, so it tries the whole alternation at every position of the text; a substring test in C rules
most sentences out first. The prefilter is exact: the prefixes are read from the parsed pattern, and a
text is folded the way IGNORECASE matching folds ASCII letters (see `fold_for_prefix`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from re._casefix import _EXTRA_CASES
from typing import Any

import ahocorasick

MAX_PREFIXES = 64  # alternatives of a prefix set; beyond, the pattern is searched unfiltered
MIN_PREFIX_CHARS = 2  # a one-letter prefix rules nothing out
FEW_PREFIXES = 4  # up to this many, substring tests; beyond, an Aho-Corasick automaton


def _case_classes() -> dict[int, str]:
    """IGNORECASE matching folds a character by its simple lower case (str.lower, but 'İ' is 'i') and also
    takes some characters for others of the same class (re._casefix: 'ı' for "i", 'ſ' for "s", 'ς' for
    "σ"): each of those is mapped to one member of its class."""
    table = {}
    for lower, extras in _EXTRA_CASES.items():
        canonical = chr(min(lower, *extras))
        for member in (lower, *extras):
            if member != ord(canonical):
                table[member] = canonical
    return table


_CASE_CLASSES = _case_classes()
_CLASS_MEMBERS = re.compile("[" + re.escape("".join(map(chr, _CASE_CLASSES))) + "]")


@lru_cache(maxsize=64)  # a sentence is read by dozens of patterns in a row
def fold_for_prefix(text: str) -> str:
    """`text` folded so that a literal prefix matched with IGNORECASE is a plain substring of it
    (tests/unit/test_regex_prefilter.py checks the fold against `re` over every code point)."""
    folded = text.replace("\u0130", "i").lower()
    # str.translate looks every character up in Python: only for the rare text that needs it.
    return folded.translate(_CASE_CLASSES) if _CLASS_MEMBERS.search(folded) else folded


def literal_prefixes(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Folded strings one of which starts every match of `pattern`; None if there are none worth testing
    (a match may start with a character class, a repeat, or a one-letter prefix)."""
    parsed = sre_parse.parse(pattern, flags)
    prefixes, _ = _sequence_prefixes(list(parsed.data))
    if not prefixes or any(len(prefix) < MIN_PREFIX_CHARS for prefix in prefixes):
        return None
    return frozenset(prefixes)


def _sequence_prefixes(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(prefixes that start every match of the sequence, whether they are the whole sequence)."""
    prefixes = {""}
    for op, value in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width: a constraint on the match, not part of its text
        if op is sre.LITERAL:
            prefixes = {prefix + fold_for_prefix(chr(value)) for prefix in prefixes}
            continue
        branches: list[list[tuple[Any, Any]]] | None = None
        if op is sre.SUBPATTERN:
            branches = [list(value[-1].data)]
        elif op is sre.BRANCH:
            branches = [list(branch.data) for branch in value[1]]
        if branches is None:
            return _usable(prefixes), False
        continuations: set[str] = set()
        whole = True
        for branch in branches:
            found, complete = _sequence_prefixes(branch)
            if found is None:
                return _usable(prefixes), False
            continuations |= found
            whole = whole and complete
        prefixes = {prefix + continuation for prefix in prefixes for continuation in continuations}
        if len(prefixes) > MAX_PREFIXES:
            return None, False
        if not whole:
            return _usable(prefixes), False
    return prefixes, True


def _usable(prefixes: set[str]) -> set[str] | None:
    return None if "" in prefixes else prefixes


def prefix_automaton(prefixes: Iterable[str]) -> ahocorasick.Automaton:
    """An automaton that reports each of `prefixes` found in a folded text (the prefix is the value)."""
    automaton = ahocorasick.Automaton()
    for prefix in set(prefixes):
        automaton.add_word(prefix, prefix)
    if len(automaton):
        automaton.make_automaton()
    return automaton


class PatternGroup:
    """Many prefiltered patterns read against one text: which of them may match, from one pass of an
    Aho-Corasick automaton over their prefixes instead of a substring test per prefix."""

    def __init__(self, patterns: Sequence[PrefilteredPattern]) -> None:
        self.patterns = list(patterns)
        self.automaton = prefix_automaton(prefix for pattern in self.patterns for prefix in pattern.prefixes or ())

    def may_match(self, text: str) -> list[bool]:
        """Per pattern, in order: False only when it cannot match `text`."""
        present = {prefix for _, prefix in self.automaton.iter(fold_for_prefix(text))} if len(self.automaton) else set()
        return [pattern.prefixes is None or not pattern.prefixes.isdisjoint(present) for pattern in self.patterns]


class PrefilteredPattern:
    """A compiled pattern that answers "no match" at once when none of its literal prefixes is in the text;
    otherwise the pattern itself answers. The methods used on our lexicon patterns, with their results."""

    __slots__ = ("_finder", "compiled", "pattern", "prefixes")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.prefixes = literal_prefixes(compiled.pattern, compiled.flags)
        self._finder: ahocorasick.Automaton | None = None
        if self.prefixes is not None and len(self.prefixes) > FEW_PREFIXES:  # one pass, not a pass per prefix
            self._finder = prefix_automaton(self.prefixes)

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match `text`."""
        if self.prefixes is None:
            return True
        folded = fold_for_prefix(text)
        if self._finder is not None:
            return next(self._finder.iter(folded), None) is not None
        return any(prefix in folded for prefix in self.prefixes)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.match(text, *args) if self.may_match(text) else None

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: str, *args: int) -> list[Any]:
        return self.compiled.findall(text, *args) if self.may_match(text) else []

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(replacement, text, count) if self.may_match(text) else text
