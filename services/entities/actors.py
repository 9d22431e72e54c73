"""Actor lexicon: named armed groups and organisations (data/actors.json) plus state actors generated
from demonyms (data/state_actor_patterns.json x the demonym table of services/gazetteer/demonyms.py), with ACLED inter codes.

State forces operating outside the country the article is about are coded inter 8 with kind
"foreign_state_forces" (ACLED codes state forces active abroad as External/Other forces); the
actor keeps its home name ("Military Forces of France") and country_code. A government stays a
political actor of inter 1 wherever it speaks ("French Armed Forces Minister" is not the military).

Bare forms ("Soldaten", "the army") take the country named just before them in their sentence
("im Südwesten Nigers sind 17 Soldaten"), else the article's country. Forms bound to a country
by their own words ("malische Soldaten", "FAMa") never look at context.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from services.core.acled import Inter
from services.entities.countries import CountryTable
from services.entities.phrase_index import PhraseIndex
from services.gazetteer.demonyms import ANY_LANGUAGE
from services.nlp.languages import read_part

DATA_DIR = Path(__file__).parent / "data"
EXTERNAL_INTER = Inter.EXTERNAL_FORCES
FOREIGN_CAPABLE_KINDS = ("state_forces",)
LOCAL_COUNTRY_CHARS = 50  # how far before a bare form a country mention still speaks for it
Span = tuple[int, int]
Mention = tuple[int, int, str, str]
GENERIC_KINDS = ("civilians", "protesters", "rioters", "unidentified_armed_group", "criminal_group")


@dataclass(frozen=True)
class ActorEntry:
    actor_id: str
    name: str
    inter: int
    kind: str
    country_code: str | None
    state_kind: str | None = None  # "military" | "police" | "government" for bare forms resolved by context
    located_in: str | None = None  # the one country the actor's presence places a story in


class ActorLexicon:
    """Finds actor mentions in text. Bare forms ("the army") take the article's country."""

    def __init__(self, entries: list[tuple[str, ActorEntry]], countries: CountryTable, state_kinds: dict[str, dict[str, Any]],
                 often_abroad: frozenset[str] = frozenset()) -> None:
        self._index: PhraseIndex[ActorEntry] = PhraseIndex(entries)
        self._countries = countries
        self._state_kinds = state_kinds
        self._often_abroad = often_abroad

    def find(
        self, text: str, article_country: str | None, mentions: list[Mention] | None = None,
        sentences: list[Span] | None = None,
    ) -> list[dict[str, Any]]:
        """Actor mentions as contract dicts without `sentence`. `mentions` (CountryTable.country_mentions)
        and `sentences` let a bare form take the country named just before it in its sentence."""
        matches = self._index.find(text)
        bound = [(m.start, m.end) for m in matches if m.payload.state_kind is None]
        free = [m for m in mentions or [] if not any(b[0] <= m[0] and m[1] <= b[1] for b in bound)]
        actors = []
        for match in matches:
            country = article_country
            if match.payload.state_kind is not None:
                country = _country_before(match.start, free, sentences or []) or article_country
            entry = self._resolve(match.payload, country, article_country)
            if entry is None:
                continue
            actors.append({
                "actor_id": entry.actor_id, "name": entry.name, "text": text[match.start:match.end],
                "start": match.start, "end": match.end, "inter": entry.inter,
                "country_code": entry.country_code, "kind": entry.kind, "located_in": entry.located_in,
            })
        return actors

    def names_group(self, text: str) -> bool:
        """True when all of `text` is one alias of a named group or force ("Barkhane", "Minusma")."""
        matches = self._index.find(text)
        return (len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text)
                and matches[0].payload.state_kind is None and matches[0].payload.kind not in GENERIC_KINDS)

    def _resolve(self, entry: ActorEntry, country: str | None, article_country: str | None) -> ActorEntry | None:
        if entry.state_kind is not None:
            if country is None:
                return None
            entry = state_actor(self._state_kinds[entry.state_kind], country, self._countries, self._often_abroad)
        if self._abroad(entry, article_country):
            return replace(entry, inter=EXTERNAL_INTER, kind=f"foreign_{entry.kind}", located_in=None)
        return entry

    def _abroad(self, entry: ActorEntry, article_country: str | None) -> bool:
        """State forces outside the article's country; but when that country's own forces are often
        deployed abroad ("joint French and Burkinabe forces"), the other forces are the ones at home."""
        if not article_country or not entry.country_code or entry.kind not in FOREIGN_CAPABLE_KINDS:
            return False
        expeditionary = article_country in self._often_abroad and entry.country_code not in self._often_abroad
        return entry.country_code != article_country and not expeditionary


def _country_before(position: int, mentions: list[Mention], sentences: list[Span]) -> str | None:
    """The country mentioned last before `position` in its sentence, if close enough to speak for it."""
    sentence = next(((s, e) for s, e in sentences if s <= position < e), (0, position + 1))
    before = [m for m in mentions if sentence[0] <= m[0] and m[1] <= position
              and position - m[1] <= LOCAL_COUNTRY_CHARS]
    return max(before, key=lambda m: m[1])[2] if before else None


def state_actor(spec: dict[str, Any], code: str, countries: CountryTable, often_abroad: frozenset[str] = frozenset()) -> ActorEntry:
    """A country's state actor; its forces place a story in that country unless they are often deployed abroad."""
    country = countries.english_name(code)
    located = code if spec["kind"] in FOREIGN_CAPABLE_KINDS and code not in often_abroad else None
    return ActorEntry(
        actor_id=spec["actor_id"].format(code=_slug(country)), name=spec["name"].format(country=country),
        inter=spec["inter"], kind=spec["kind"], country_code=code, located_in=located,
    )


def _slug(name: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _named_entries(actors: list[dict[str, Any]]) -> Iterator[tuple[str, ActorEntry]]:
    for actor in actors:
        entry = ActorEntry(actor["actor_id"], actor["name"], actor["inter"], actor["kind"], actor["country_code"],
                           located_in=actor.get("located_in"))
        for alias in actor["aliases"]:
            yield alias, entry


def _state_entries(patterns: dict[str, Any], countries: CountryTable) -> Iterator[tuple[str, ActorEntry]]:
    kinds = patterns["kinds"]
    often_abroad = frozenset(patterns.get("forces_often_abroad", ()))
    for language, by_kind in patterns["templates"].items():
        for code in countries.names:
            for state_kind, templates in by_kind.items():
                entry = state_actor(kinds[state_kind], code, countries, often_abroad)
                for template in templates:
                    yield from ((phrase, entry) for phrase in _expand(template, countries, code, language))
    for by_kind in patterns["bare"].values():
        for state_kind, phrases in by_kind.items():
            bare = ActorEntry("", "", Inter.STATE_FORCES, kinds[state_kind]["kind"], None, state_kind=state_kind)
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
    patterns = read_part("state_actors")
    # Named aliases come first so an explicit alias ("FAMa") wins over a generated form of equal text.
    entries = list(_named_entries(named)) + list(_state_entries(patterns, countries))
    return ActorLexicon(entries, countries, patterns["kinds"], frozenset(patterns.get("forces_often_abroad", ())))
