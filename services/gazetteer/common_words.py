"""Ordinary words of a language that are also place names ("Juli", "Pueblo"): the matcher drops them
unless a cue vouches for them, the resolver weighs them down, the vocabulary generator leaves them out."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from services.nlp.folding import normalize_name
from services.nlp.languages import language_file

SHARED_COMMON_WORDS = Path(__file__).with_name("data") / "common_words.txt"  # language-neutral: not a part


def _word_list(path: Path) -> set[str]:
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {normalize_name(line) for line in lines if line.strip() and not line.startswith("#")}


@cache
def load_common_words(language: str) -> frozenset[str]:
    """Ordinary words of the language that are also place names: the shared data file, the
    language's own (data/common_words/<language>.txt: months, weekdays, frequent nouns) and spaCy's
    stop words of the language (when spaCy has them)."""
    words = _word_list(SHARED_COMMON_WORDS)
    words |= _word_list(language_file("common_words", language))
    return frozenset(words | load_stop_words(language))


@cache
def load_stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of the language ("the", "in"), folded; none where spaCy has none."""
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
        return frozenset(normalize_name(w) for w in module.STOP_WORDS)
    except (ImportError, AttributeError):
        return frozenset()
