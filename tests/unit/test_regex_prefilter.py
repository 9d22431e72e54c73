"""The literal-prefix prefilter must never change an answer: its fold is IGNORECASE's, over every code
point, and every lexicon pattern answers the same with and without it on real and authored text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.incidents.lexicons import context_pattern, cue_patterns, language_entries
from services.ingest.reader import expand_paths, read_article_file
from services.nlp.languages import language_codes
from services.nlp.regex_prefilter import PatternGroup, PrefilteredPattern, fold_for_prefix, literal_prefixes

pytestmark = pytest.mark.unit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EVERY_CODE_POINT = "".join(chr(point) for point in range(0x110000) if not 0xD800 <= point < 0xE000)


def lexicon_patterns() -> list[PrefilteredPattern]:
    patterns = []
    for language in language_codes():
        patterns += [pattern for cues in cue_patterns(language).values() for pattern, _ in cues]
        patterns += [context_pattern(language, name) for name in language_entries("context_words")[language]]
    return patterns


def literal_characters() -> set[str]:
    found: set[str] = set()
    for pattern in lexicon_patterns():
        for prefix in pattern.prefixes or ():
            found.update(prefix)
    return found | set("abcdefghijklmnopqrstuvwxyz") | set("àâäçéèêëîïôöùûüßñãõáíóú")


def test_the_fold_is_ignorecase_matching_over_every_code_point() -> None:
    folded = fold_for_prefix(EVERY_CODE_POINT)
    assert len(folded) == len(EVERY_CODE_POINT)  # one character for one: 'İ' folds to 'i', not 'i̇'
    for literal in sorted(literal_characters()):
        matched = {m.start() for m in re.finditer(re.escape(literal), EVERY_CODE_POINT, re.IGNORECASE)}
        same_fold = {m.start() for m in re.finditer(re.escape(fold_for_prefix(literal)), folded)}
        assert matched == same_fold, literal


@pytest.mark.parametrize(("pattern", "prefixes"), [
    (r"(?<![\w-])(?:attack\w*|ambush)(?![\w])", {"attack", "ambush"}),
    (r"(militants|rebels) (attacked|stormed)", {"militants attacked", "militants stormed", "rebels attacked",
                                                 "rebels stormed"}),
    (r"killed in (action|combat)", {"killed in action", "killed in combat"}),
    (r"air[- ]?strikes?", {"air"}),
    (r"ÜBERFALL", {"überfall"}),
    (r"[a-z]+ attack", None),  # a class first: no literal starts every match
    (r"a|attack", None),  # a one-letter alternative rules nothing out
    (r"(\w+ )?attack", None),  # an optional group first
])
def test_literal_prefixes(pattern: str, prefixes: set[str] | None) -> None:
    found = literal_prefixes(pattern, re.IGNORECASE)
    assert (set(found) if found is not None else None) == prefixes


def corpus() -> list[str]:
    texts = [article["text"] for path in expand_paths([SEEDS]) for article in read_article_file(path).articles]
    sentences = [part for text in texts for part in re.split(r"(?<=[.!?])\s+|\n+", text) if part.strip()]
    authored = ["Militants ATTACKED the base; ſoldiers fought back.", "Gunmen killed İbrahim in an ambush.",
                "Des hommes armés ont attaqué le camp.", "Die Dschihadisten griffen das Lager an.",
                "Los rebeldes atacaron el cuartel.", "Os insurgentes atacaram a base.", ""]
    return sentences + authored


def test_every_lexicon_pattern_answers_as_without_the_prefilter() -> None:
    patterns, texts = lexicon_patterns(), corpus()
    assert sum(pattern.prefixes is not None for pattern in patterns) > len(patterns) / 2  # it does filter
    for pattern in patterns:
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.compiled.finditer(text)]
            assert bool(pattern.search(text)) == bool(pattern.compiled.search(text))


def test_a_group_rules_out_what_its_patterns_rule_out() -> None:
    patterns = lexicon_patterns()
    group = PatternGroup(patterns)
    for text in corpus():
        assert group.may_match(text) == [pattern.may_match(text) for pattern in patterns]
