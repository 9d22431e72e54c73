"""Country names and demonyms, the one table the pipeline has (data/demonyms.tsv): the entity stage
builds state actors from its per-language forms ("Malian soldiers", "soldats maliens"), the
geocoder reads its language-blind forms as mentions of their country."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from services.nlp.folding import normalize_name
from services.nlp.languages import part_path

ANY_LANGUAGE = "*"  # the row of forms read in text of any language


@dataclass(frozen=True)
class DemonymRow:
    """One country in one language: its names and every inflected form of its demonym."""

    country_code: str
    language: str
    names: tuple[str, ...]
    forms: tuple[str, ...]


@cache
def load_demonym_rows() -> tuple[DemonymRow, ...]:
    rows = []
    for line in part_path("demonyms").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, language, names, forms = line.split("\t")
        rows.append(DemonymRow(code, language, _split(names), _split(forms)))
    return tuple(rows)


def _split(field: str) -> tuple[str, ...]:
    return tuple(item for item in field.split("|") if item)


def language_blind_forms(rows: tuple[DemonymRow, ...]) -> list[tuple[str, str]]:
    """(form, country code) for each form read in text of any language, in file order."""
    return [(form, row.country_code) for row in rows if row.language == ANY_LANGUAGE for form in row.forms]


@cache
def load_demonyms() -> dict[str, str]:
    """Folded language-blind demonym or adjective -> ISO country code, with the plain -s plural of each."""
    table: dict[str, str] = {}
    for form, code in language_blind_forms(load_demonym_rows()):
        key = normalize_name(form)
        table[key] = code
        plural = plural_demonym(key)
        if plural:
            table.setdefault(plural, code)
    return table


def plural_demonym(demonym: str) -> str | None:
    """The English plural of a people's name, where it is a plain -s ("Iraqis", "Afghans", "Czechs");
    none for forms that do not take one ("Chinese", "British", "Swiss")."""
    if demonym.endswith(("n", "i", "k", "kh", "e")) and not demonym.endswith(("ese", "ois")):
        return demonym + "s"
    return None
