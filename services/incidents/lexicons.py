"""Loads the incident lexicons (data/*.json) and compiles them into regular expressions once."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from services.nlp.languages import (
    FALLBACK_LANGUAGE,
    language_codes,
    language_entries,
    words_of_every_language,
)
from services.nlp.regex_prefilter import PatternGroup, PrefilteredPattern

DATA_DIR = Path(__file__).parent / "data"
SUPPORTED_LANGUAGES = language_codes()
_STEM = "[^\\W\\d_]*"


@cache
def load_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def language_code(language: Any) -> str:
    """The lexicon language for an article's `language` field (dict or code); English when unsupported."""
    code = language.get("code") if isinstance(language, dict) else language
    code = (code or "").lower()[:2]
    return code if code in SUPPORTED_LANGUAGES else FALLBACK_LANGUAGE


def term_regex(terms: list[str]) -> PrefilteredPattern:
    """Whole-word alternation of terms; '~' in a term means any letters."""
    body = "|".join(f"(?:{t.replace('~', _STEM)})" for t in sorted(terms, key=len, reverse=True))
    return PrefilteredPattern(re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE))


@cache
def sub_event_classes() -> dict[str, dict[str, Any]]:
    return load_data("sub_event_types.json")["classes"]  # type: ignore[no-any-return]


@cache
def cue_patterns(language: str) -> dict[str, list[tuple[PrefilteredPattern, float]]]:
    """Per class code, the compiled cues of a language with their weights."""
    cues = language_entries("sub_event_cues")[language_code(language)]
    return {code: [(term_regex([pattern]), float(weight)) for pattern, weight in entries] for code, entries in cues.items()}


@cache
def cue_group(language: str) -> tuple[list[tuple[str, int, float]], PatternGroup]:
    """The cues of `language` in one list, (class code, cue index, weight) each, and their patterns as a group."""
    cues = [(code, index, pattern, weight) for code, entries in cue_patterns(language).items()
            for index, (pattern, weight) in enumerate(entries)]
    return [(code, index, weight) for code, index, _, weight in cues], PatternGroup([cue[2] for cue in cues])


@cache
def context_pattern(language: str, name: str) -> PrefilteredPattern:
    """One context lexicon (death, injury, victims, ...) of a language, compiled."""
    table = language_entries("context_words")
    terms = table[language_code(language)].get(name) or table[FALLBACK_LANGUAGE][name]
    return term_regex(terms)


def any_language_alternation(name: str) -> str:
    """A context_words kind read in text of any language: every language's regex fragments, in file order, as
    one alternation for the pattern the caller frames it in."""
    return "|".join(words_of_every_language("context_words", name))


def any_language_terms(name: str) -> PrefilteredPattern:
    """A context_words kind read in text of any language as whole-word terms: every language's, in file order."""
    return term_regex(words_of_every_language("context_words", name))
