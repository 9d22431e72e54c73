"""Cheaper compiles of spaCy's giant token_match alternations, matching exactly the same strings.

spaCy's French tokenizer exceptions compile one 1.4 MB regex at import, and the model's tokenizer compiles it
again from disk: ~280 anchored alternatives, each repeating a Unicode letter class of thousands of
characters. `re` parses and optimises every copy, 8-10 s of every start-up that meets French. Grouping
the alternatives by their shared tail (`^head1 T|^head2 T` -> `(?:^head1|^head2) T`) compiles each big class
once per distinct tail: the same language, so `token_match(s)` is truthy for exactly the same strings
(spaCy only ever tests it for truth).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

# Patterns shorter than this are compiled as given: the factoring only pays on the giant ones.
FACTOR_FROM_CHARS = 100_000
# A character class this long is one of the shared letter classes that make a tail.
BIG_CLASS_CHARS = 200
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_patch_lock = threading.Lock()


def _class_end(text: str, opening: int) -> int:
    """The index of the `]` closing the character class opened at `opening` (a leading `]` or `^]` is literal)."""
    index = opening + 1
    if text.startswith("^", index):
        index += 1
    if text.startswith("]", index):
        index += 1
    while index < len(text) and text[index] != "]":
        index += 2 if text[index] == "\\" else 1
    return index


def _scan(text: str) -> Iterator[tuple[int, int]]:
    """(index, depth) of every character outside escapes and character classes, depth before it."""
    depth, index = 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(text, index) + 1
            continue
        yield index, depth
        depth += {"(": 1, ")": -1}.get(char, 0)
        index += 1


def top_level_alternatives(body: str) -> list[str] | None:
    """`(?:a)|(?:b)|...` -> ['a', 'b', ...]; None when the body is not such an alternation of single groups."""
    cuts = [-1] + [index for index, depth in _scan(body) if depth == 0 and body[index] == "|"] + [len(body)]
    parts = [body[start + 1:end] for start, end in pairwise(cuts)]
    if not all(_is_one_group(part) for part in parts):
        return None
    return [part[3:-1] for part in parts]


def _is_one_group(part: str) -> bool:
    """`(?:...)` whose opening group closes at its very end."""
    if not (part.startswith("(?:") and part.endswith(")")):
        return False
    closes = [index for index, depth in _scan(part) if depth == 1 and part[index] == ")"]
    return closes == [len(part) - 1]


def _split_at_big_class(alternative: str) -> tuple[str, str] | None:
    """(head, tail): the tail starts at the first top-level character class of BIG_CLASS_CHARS or more;
    None when the alternative has a top-level `|` (grouping its head would change what it means)."""
    if any(depth == 0 and alternative[index] == "|" for index, depth in _scan(alternative)):
        return None
    index, depth = 0, 0
    while index < len(alternative):
        char = alternative[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            end = _class_end(alternative, index)
            if depth == 0 and end - index >= BIG_CLASS_CHARS:
                return alternative[:index], alternative[index:]
            index = end + 1
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        index += 1
    return alternative, ""


def factored_alternation(pattern: str) -> str | None:
    """The pattern with alternatives of one tail grouped, or None when it is not a factorable alternation.
    Every alternative must be anchored at the start (`^`), so grouping heads cannot change where one may begin."""
    flags = _LEADING_FLAGS.match(pattern)
    prefix = flags.group(0) if flags else ""
    alternatives = top_level_alternatives(pattern[len(prefix):])
    if not alternatives or not all(alternative.startswith("^") for alternative in alternatives):
        return None
    heads_by_tail: dict[str, list[str]] = {}
    for alternative in alternatives:
        split = _split_at_big_class(alternative)
        if split is None:
            return None
        head, tail = split
        heads_by_tail.setdefault(tail, []).append(head)
    groups = []
    for tail, heads in heads_by_tail.items():
        if tail and len(heads) > 1:
            groups.append("(?:(?:(?:" + ")|(?:".join(heads) + "))" + tail + ")")
        else:
            groups += [f"(?:{head}{tail})" for head in heads]
    return prefix + "|".join(groups)


@contextmanager
def factored_giant_alternations() -> Iterator[None]:
    """While spaCy loads a pipeline: `re.compile` of a giant anchored alternation compiles its factored
    equivalent. `re.compile` is a module attribute, so this is the one place spaCy's import and its
    tokenizer's from_disk can both be reached; every other pattern is compiled as given."""
    original: Callable[..., re.Pattern[Any]] = re.compile

    def compile_factored(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str) and len(pattern) >= FACTOR_FROM_CHARS:
            factored = factored_alternation(pattern)
            if factored is not None:
                return original(factored, flags)
        return original(pattern, flags)

    with _patch_lock:
        re.compile = compile_factored
        try:
            yield
        finally:
            re.compile = original
