"""Writes data/sahel_places.jsonl, our Sahel geocoding evaluation: villages and sites picked with a
fixed seed from GeoNames country files, named in ACLED-note and news sentences (English and French)
from data/sahel_templates.json, some with the country unnamed, some with a spelling variant of the
GeoNames name. Odd lines are held out: never looked at while tuning.

A developer's tool: python -m services.evaluation.sahel_sentences ../shared/gazetteer/geonames/*.txt
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from services.core.settings import Settings
from services.gazetteer.lookup import Gazetteer, open_gazetteer
from services.gazetteer.regional import is_written_name
from services.gazetteer.variants import variant_key
from services.nlp.folding import normalize_name

DATA_DIR = Path(__file__).with_name("data")
TEMPLATES_PATH = DATA_DIR / "sahel_templates.json"
SENTENCES_PATH = DATA_DIR / "sahel_places.jsonl"
SEED = 11
SENTENCES = 180
VARIANT_SHARE = 0.25
COUNTRY_WEIGHTS = {"ML": 0.35, "BF": 0.25, "NE": 0.2, "SN": 0.04, "CI": 0.04, "GN": 0.04, "MR": 0.04, "CM": 0.04}
SITE_CODES = frozenset({"CMP", "CMPMN", "CMPRF", "MILB", "INSM", "MKT", "MN", "MNAU", "PSTB", "FT"})
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
              "octobre", "novembre", "décembre")
# How another writer may spell the same name (the variant layer is built from data, not from these).
_RESPELLINGS = (("ou", "u"), ("I-n-", "In"), ("-", " "), ("-", ""), ("dj", "j"), ("Dj", "J"), ("é", "e"),
                ("ss", "s"), ("tt", "t"), ("w", "ou"), ("tch", "ch"))


@dataclass(frozen=True)
class Row:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    feature: str
    country: str
    admin1: str
    admin2: str


def _rows(paths: list[Path], gazetteer: Gazetteer) -> dict[str, list[Row]]:
    admin2: dict[tuple[str, str, str], str] = {}
    raw = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            r = line.split("\t")
            if r[6] == "A" and r[7] == "ADM2":
                admin2[(r[8], r[10], r[11])] = r[1]
            elif r[6] == "P" or (r[6] == "S" and r[7] in SITE_CODES):
                raw.append(r)
    by_country: dict[str, list[Row]] = {}
    for r in raw:
        region = gazetteer.admin1_name(r[8], r[10])
        if not region or not is_written_name(r[1]) or len(r[1]) < 4 or r[1].count(" ") > 1:
            continue
        row = Row(int(r[0]), r[1], float(r[4]), float(r[5]), f"{r[6]}.{r[7]}", r[8], region,
                  admin2.get((r[8], r[10], r[11]), ""))
        by_country.setdefault(r[8], []).append(row)
    return by_country


def _respelling(name: str, gazetteer: Gazetteer, rng: random.Random) -> str | None:
    """Another spelling of the name that no place holds exactly but that shares its variant key."""
    options = list(_RESPELLINGS)
    rng.shuffle(options)
    for written, other in options:
        if written in name:
            spelled = name.replace(written, other, 1)
            key = normalize_name(spelled)
            if not gazetteer.candidates(key) and variant_key(key) == variant_key(normalize_name(name)):
                return spelled
    if name[-1] in "ae" and not gazetteer.candidates(normalize_name(name[:-1])):
        return name[:-1]
    return None


def _date(rng: random.Random, language: str) -> str:
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    month = _MONTHS_FR[day.month - 1] if language == "fr" else day.strftime("%B")
    return f"{day.day} {month} {day.year}"


def _sentence(row: Row, written: str, language: str, template: str, rng: random.Random,
              countries: dict[str, list[str]]) -> dict[str, Any]:
    english, french, demonym, demonym_fr = countries[row.country]
    values = {
        "admin2": row.admin2, "admin1": row.admin1, "date": _date(rng, language), "n": str(rng.randint(2, 40)),
        "country": english if language == "en" else french,
        "demonym": demonym if language == "en" else demonym_fr,
    }
    head, _, tail = template.partition("{place}")
    before = head.format(**values)
    text = before + written + tail.format(**values)
    return {
        "language": language, "text": text, "start": len(before), "end": len(before) + len(written),
        "geonameid": row.geonameid, "gold_name": row.name, "latitude": row.latitude,
        "longitude": row.longitude, "country_code": row.country, "feature": row.feature,
        "variant": written != row.name, "country_named": "{country}" in template or "{demonym}" in template,
    }


def build_sentences(paths: list[Path], gazetteer: Gazetteer, count: int = SENTENCES) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    spec = json.loads(TEMPLATES_PATH.read_text(encoding="utf-8"))
    by_country = _rows(paths, gazetteer)
    codes = [code for code in COUNTRY_WEIGHTS if by_country.get(code)]
    sentences: list[dict[str, Any]] = []
    while len(sentences) < count:
        code = rng.choices(codes, weights=[COUNTRY_WEIGHTS[c] for c in codes])[0]
        row = rng.choice(by_country[code])
        language = "fr" if rng.random() < 0.4 else "en"
        templates = [t for t in spec[language] if row.admin2 or "{admin2}" not in t]
        written = row.name
        if rng.random() < VARIANT_SHARE:
            written = _respelling(row.name, gazetteer, rng) or row.name
        sentence = _sentence(row, written, language, rng.choice(templates), rng, spec["countries"])
        sentence["split"] = "dev" if len(sentences) % 2 == 0 else "held_out"
        sentences.append(sentence)
    return sentences


def main(argv: list[str]) -> int:
    gazetteer = open_gazetteer(Settings())
    sentences = build_sentences([Path(p) for p in argv], gazetteer)
    with SENTENCES_PATH.open("w", encoding="utf-8") as handle:
        for number, sentence in enumerate(sentences):
            handle.write(json.dumps({"id": f"sahel-{number:03d}", **sentence}, ensure_ascii=False) + "\n")
    print(f"{len(sentences)} sentences -> {SENTENCES_PATH}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
