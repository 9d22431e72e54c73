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
from functools import lru_cache
from itertools import pairwise
from typing import Any

# Patterns shorter than this are compiled as given: the factoring only pays on the giant ones.
FACTOR_FROM_CHARS = 100_000
# A character class this long is one of the shared letter classes that make a tail.
BIG_CLASS_CHARS = 200
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
# An escape, a whole character class (a leading `]` or `^]` is literal), a parenthesis, a bar, or a run of the rest.
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]|[^\\\[()|]+", re.DOTALL)
_patch_lock = threading.Lock()


def _tokens(text: str) -> list[str] | None:
    """The pattern as escapes, whole character classes, `(`, `)`, `|` and runs of anything else; None when
    they do not spell the pattern back (an unclosed class: left to `re` as given)."""
    tokens = _TOKEN.findall(text)
    return tokens if sum(map(len, tokens)) == len(text) else None


def _top_level_cuts(tokens: list[str]) -> list[int]:
    """Indexes of the tokens that are a `|` outside every group."""
    cuts, depth = [], 0
    for index, token in enumerate(tokens):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "|" and depth == 0:
            cuts.append(index)
    return cuts


def _is_one_group(tokens: list[str]) -> bool:
    """`(?:...)` whose opening group closes at its very end."""
    if len(tokens) < 3 or tokens[0] != "(" or not tokens[1].startswith("?:") or tokens[-1] != ")":
        return False
    depth = 0
    for token in tokens[:-1]:
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth == 0:
            return False
    return True


def top_level_alternatives(body: str) -> list[str] | None:
    """`(?:a)|(?:b)|...` -> ['a', 'b', ...]; None when the body is not such an alternation of single groups."""
    tokens = _tokens(body)
    if tokens is None:
        return None
    bounds = [-1, *_top_level_cuts(tokens), len(tokens)]
    parts = [tokens[start + 1:end] for start, end in pairwise(bounds)]
    if not all(_is_one_group(part) for part in parts):
        return None
    return ["".join(part)[3:-1] for part in parts]


def _split_at_big_class(alternative: str) -> tuple[str, str] | None:
    """(head, tail): the tail starts at the first top-level character class of BIG_CLASS_CHARS or more;
    None when the alternative has a top-level `|` (grouping its head would change what it means)."""
    tokens = _tokens(alternative)
    if tokens is None or _top_level_cuts(tokens):
        return None
    depth, offset = 0, 0
    for token in tokens:
        if depth == 0 and token.startswith("[") and len(token) >= BIG_CLASS_CHARS:
            return alternative[:offset], alternative[offset:]
        depth += {"(": 1, ")": -1}.get(token, 0)
        offset += len(token)
    return alternative, ""


@lru_cache(maxsize=4)
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
