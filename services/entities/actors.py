"""Actor lexicon: named armed groups and organisations (data/actors.json) plus state actors generated
from demonyms (data/state_actor_patterns.json x data/demonyms.tsv), with ACLED inter codes.

State forces operating outside the country the article is about are coded inter 8 with kind
"foreign_state_forces" (ACLED codes state forces active abroad as External/Other forces); the
actor keeps its home name ("Military Forces of France") and country_code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from services.entities.countries import ANY_LANGUAGE, CountryTable
from services.entities.phrase_index import PhraseIndex

DATA_DIR = Path(__file__).parent / "data"
EXTERNAL_INTER = 8
FOREIGN_CAPABLE_KINDS = ("state_forces", "government")
GENERIC_KINDS = ("civilians", "protesters", "rioters", "unidentified_armed_group")


@dataclass(frozen=True)
class ActorEntry:
    actor_id: str
    name: str
    inter: int
    kind: str
    country_code: str | None
    state_kind: str | None = None  # "military" | "police" | "government" for bare forms resolved by context


class ActorLexicon:
    """Finds actor mentions in text. Bare forms ("the army") take the article's country."""

    def __init__(self, entries: list[tuple[str, ActorEntry]], countries: CountryTable, state_kinds: dict[str, dict[str, Any]]) -> None:
        self._index: PhraseIndex[ActorEntry] = PhraseIndex(entries)
        self._countries = countries
        self._state_kinds = state_kinds

    def find(self, text: str, article_country: str | None) -> list[dict[str, Any]]:
        """Actor mentions as contract dicts without `sentence`."""
        actors = []
        for match in self._index.find(text):
            entry = self._resolve(match.payload, article_country)
            if entry is None:
                continue
            actors.append({
                "actor_id": entry.actor_id, "name": entry.name, "text": text[match.start:match.end],
                "start": match.start, "end": match.end, "inter": entry.inter,
                "country_code": entry.country_code, "kind": entry.kind,
            })
        return actors

    def names_group(self, text: str) -> bool:
        """True when all of `text` is one alias of a named group or force ("Barkhane", "Minusma")."""
        matches = self._index.find(text)
        return (len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text)
                and matches[0].payload.state_kind is None and matches[0].payload.kind not in GENERIC_KINDS)

    def _resolve(self, entry: ActorEntry, article_country: str | None) -> ActorEntry | None:
        if entry.state_kind is not None:
            if article_country is None:
                return None
            entry = state_actor(self._state_kinds[entry.state_kind], article_country, self._countries)
        if article_country and entry.country_code and entry.country_code != article_country and entry.kind in FOREIGN_CAPABLE_KINDS:
            return replace(entry, inter=EXTERNAL_INTER, kind=f"foreign_{entry.kind}")
        return entry


def state_actor(spec: dict[str, Any], code: str, countries: CountryTable) -> ActorEntry:
    country = countries.english_name(code)
    return ActorEntry(
        actor_id=spec["actor_id"].format(code=_slug(country)), name=spec["name"].format(country=country),
        inter=spec["inter"], kind=spec["kind"], country_code=code,
    )


def _slug(name: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _named_entries(actors: list[dict[str, Any]]) -> Iterator[tuple[str, ActorEntry]]:
    for actor in actors:
        entry = ActorEntry(actor["actor_id"], actor["name"], actor["inter"], actor["kind"], actor["country_code"])
        for alias in actor["aliases"]:
            yield alias, entry


def _state_entries(patterns: dict[str, Any], countries: CountryTable) -> Iterator[tuple[str, ActorEntry]]:
    kinds = patterns["kinds"]
    for language, by_kind in patterns["templates"].items():
        for code in countries.names:
            for state_kind, templates in by_kind.items():
                entry = state_actor(kinds[state_kind], code, countries)
                for template in templates:
                    yield from ((phrase, entry) for phrase in _expand(template, countries, code, language))
    for by_kind in patterns["bare"].values():
        for state_kind, phrases in by_kind.items():
            bare = ActorEntry("", "", 1, kinds[state_kind]["kind"], None, state_kind=state_kind)
            yield from ((phrase, bare) for phrase in phrases)


def _expand(template: str, countries: CountryTable, code: str, language: str) -> Iterator[str]:
    if "{adj}" in template:
        by_language = countries.adjectives.get(code, {})
        for form in dict.fromkeys(by_language.get(language, []) + by_language.get(ANY_LANGUAGE, [])):
            yield template.replace("{adj}", form)
    elif "{country}" in template:
        for name in countries.names.get(code, {}).get(language, []):
            yield template.replace("{country}", name)
    else:
        yield template


def load_actor_lexicon(countries: CountryTable, data_dir: Path = DATA_DIR) -> ActorLexicon:
    named = json.loads((data_dir / "actors.json").read_text(encoding="utf-8"))["actors"]
    patterns = json.loads((data_dir / "state_actor_patterns.json").read_text(encoding="utf-8"))
    # Named aliases come first so an explicit alias ("FAMa") wins over a generated form of equal text.
    entries = list(_named_entries(named)) + list(_state_entries(patterns, countries))
    return ActorLexicon(entries, countries, patterns["kinds"])
