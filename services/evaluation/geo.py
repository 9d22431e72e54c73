"""Geoparsing evaluation over ../shared/eval: GeoWebNews, LGL, GeoVirus and TR-News.

Per dataset (the four public sets and our own Sahel sentences, services/evaluation/sahel.py): the reach of the gazetteer (share of gold toponyms any resolver could place), toponym recall, toponym precision (GeoWebNews and LGL, which mark every toponym), accuracy@161 km, correct country, exact GeoNames id, median error and
articles/s of the real chain (entity stage toponyms + geocoding stage), then the resolver alone on
gold spans. Run: python -m services.evaluation.geo [--eval-dir DIR] [--limit N] [--datasets a,b].

The gold country is the gold place's own where the gold says which place it is: LGL and TR-News
gaztags name it (none for a continent or sea), GeoWebNews' GeoNames id and GeoVirus' Wikipedia page
title name a gazetteer place. Otherwise it is the country of the gold point's nearest town. GeoVirus
points are Wikipedia's, not GeoNames': for countries and continents they can lie hundreds of km
from GeoNames' point, which counts against acc@161 but not against the country.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

from services.core.records import EnrichedArticle
from services.core.settings import Settings
from services.core.stage import Message
from services.evaluation.paths import eval_root
from services.evaluation.sahel import sahel_records
from services.gazetteer.distance import distance_km
from services.gazetteer.lookup import Gazetteer, open_gazetteer
from services.gazetteer.matcher import ToponymMatcher
from services.gazetteer.schema import KIND_MAIN
from services.geocoding.stage import geocode_article
from services.nlp.folding import normalize_name

ACCURACY_KM = 161.0
VILLAGE_KM = 25.0  # our Sahel set: the village itself, not its district


@dataclass
class Gold:
    start: int
    end: int
    latitude: float
    longitude: float
    geonameid: int | None = None
    country_code: str | None = None  # None: derive from the point; "": no country (a continent, a sea)
    page_title: str = ""  # GeoVirus: the Wikipedia page the gold point comes from


@dataclass
class Document:
    text: str
    gold: list[Gold] = field(default_factory=list)
    # Every toponym span the annotators marked, with or without coordinates, where they marked all of
    # them (GeoWebNews, LGL); None where only some are marked, so precision cannot be measured.
    toponyms: list[tuple[int, int]] | None = None
    language: str = "en"


def load_sahel() -> Iterator[Document]:
    """Our Sahel sentences (services/evaluation/sahel.py), each with its one gold place."""
    for record in sahel_records():
        gold = Gold(record["start"], record["end"], record["latitude"], record["longitude"],
                    record["geonameid"], record["country_code"])
        yield Document(record["text"], [gold], None, record["language"])


def _float(node: ET.Element, tag: str) -> float | None:
    value = node.findtext(tag)
    return float(value) if value not in (None, "") else None


def _anchor(text: str, phrase: str, start: int) -> int:
    """TR-News drift: the occurrence of phrase nearest to the annotated start."""
    if text[start : start + len(phrase)] == phrase:
        return start
    found, best = text.find(phrase), -1
    while found != -1:
        if best == -1 or abs(found - start) < abs(best - start):
            best = found
        found = text.find(phrase, found + 1)
    return best if best != -1 else start


# GeoWebNews types of annotated spans that are not place names: common-noun expressions ("residents",
# "the street"), names of organisations that contain one ("The Washington Post"), a place name used as
# a person's, and language names. A toponym predicted there is a false one.
GWN_NOT_PLACES = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym", "Homonym", "Language"})


def load_gwn(directory: Path, countries: dict[int, str]) -> Iterator[Document]:
    """Gold ids are GeoNames'; the gold country comes from the id where the gazetteer holds it."""
    for article in ET.parse(directory / "GWN.xml").getroot().iter("article"):
        marked: list[tuple[int, int]] = []
        document = Document(article.findtext("text") or "", toponyms=marked)
        for toponym in article.iter("toponym"):
            if toponym.findtext("type") not in GWN_NOT_PLACES:
                marked.append((int(toponym.findtext("start") or 0), int(toponym.findtext("end") or 0)))
            lat, lon = _float(toponym, "latitude"), _float(toponym, "longitude")
            if lat is None or lon is None:
                continue
            gid = toponym.findtext("geonamesID")
            document.gold.append(
                Gold(
                    int(toponym.findtext("start") or 0),
                    int(toponym.findtext("end") or 0),
                    lat,
                    lon,
                    int(gid) if gid else None,
                )
            )
        yield document


def fill_gold_countries(gazetteer: Gazetteer, documents: list[Document]) -> None:
    """Fill the gold country where the gold names its place: a GeoNames id the gazetteer holds (a
    continent or sea has none), or for GeoVirus a Wikipedia page that is a country, continent or
    region by its main name. Other gold keeps None: the country of the point's nearest town."""
    for document in documents:
        for gold in document.gold:
            if gold.country_code is not None:
                continue
            place = gazetteer.place(gold.geonameid) if gold.geonameid else None
            title = gold.page_title
            if place is None and title:
                named = [
                    c.place for c in gazetteer.candidates(normalize_name(title)) if c.name_kind == KIND_MAIN
                ]
                place = next((p for p in named if p.feature_code == "PCLI" or p.feature_class == "L"), None)
            if place is not None:
                gold.country_code = place.country_code


def load_lgl_format(
    path: Path, countries: dict[int, str], reanchor: bool, exhaustive: bool = False
) -> Iterator[Document]:
    """LGL and TR-News share a schema; TR-News offsets drift and are re-anchored on the phrase.
    `exhaustive`: every toponym is marked (LGL: also the ones without a gaztag), so precision counts."""
    for article in ET.parse(path).getroot().iter("article"):
        document = Document(article.findtext("text") or "", toponyms=[] if exhaustive else None)
        for toponym in article.iter("toponym"):
            phrase = toponym.findtext("phrase") or ""
            start = int(toponym.findtext("start") or 0)
            start = _anchor(document.text, phrase, start) if reanchor else start
            if document.toponyms is not None:
                document.toponyms.append((start, start + len(phrase)))
            gaztag = toponym.find("gaztag")
            if gaztag is None or _float(gaztag, "lat") is None or _float(gaztag, "lon") is None:
                continue
            country = gaztag.find("country")
            country_id = country.get("geonameid") if country is not None else None
            document.gold.append(
                Gold(
                    start,
                    start + len(phrase),
                    _float(gaztag, "lat") or 0.0,
                    _float(gaztag, "lon") or 0.0,
                    int(gaztag.get("geonameid") or 0) or None,
                    countries.get(int(country_id)) if country_id else "",
                )
            )
        yield document


def load_geovirus(directory: Path, countries: dict[int, str]) -> Iterator[Document]:
    """GeoVirus offsets are one too high (SOURCE.md); coordinates are Wikipedia's, no GeoNames ids."""
    for article in ET.parse(directory / "GeoVirus.xml").getroot().iter("article"):
        document = Document(article.findtext("text") or "")
        for location in article.iter("location"):
            lat, lon = _float(location, "lat"), _float(location, "lon")
            if lat is not None and lon is not None:
                page = location.findtext("page") or ""
                document.gold.append(
                    Gold(
                        int(location.findtext("start") or 1) - 1,
                        int(location.findtext("end") or 1) - 1,
                        lat,
                        lon,
                        page_title=unquote(page.rsplit("/", 1)[-1]).replace("_", " "),
                    )
                )
        yield document


DATASETS: dict[str, Callable[[Path, dict[int, str]], Iterator[Document]]] = {
    "GeoWebNews": lambda root, c: load_gwn(root / "geowebnews", c),
    "LGL": lambda root, c: load_lgl_format(root / "lgl" / "lgl.xml", c, reanchor=False, exhaustive=True),
    "GeoVirus": lambda root, c: load_geovirus(root / "geovirus", c),
    "TR-News": lambda root, c: load_lgl_format(root / "tr-news" / "TR-News.xml", c, reanchor=True),
    "Sahel (ours)": lambda root, c: load_sahel(),
}


class CountryOfPoint:
    """Reverse geocoding for gold without a country: the country of the nearest gazetteer town."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for lat, lon, code in gazetteer.town_points():
            self._cells.setdefault((int(lat // 1), int(lon // 1)), []).append((lat, lon, code))

    def __call__(self, lat: float, lon: float) -> str | None:
        for radius in (1, 3, 6):
            points = [
                p
                for dy in range(-radius, radius + 1)
                for dx in range(-radius, radius + 1)
                for p in self._cells.get((int(lat // 1) + dy, int(lon // 1) + dx), ())
            ]
            if points:
                return min(points, key=lambda p: distance_km(lat, lon, p[0], p[1]))[2]
        return None


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    within: int = 0
    within_village: int = 0
    country: int = 0
    with_id: int = 0
    exact_id: int = 0
    errors: list[float] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0
    predicted: int = 0  # predicted locations, where the gold marks every toponym
    true_predicted: int = 0  # those overlapping a marked toponym
    reachable: int = 0  # gold toponyms placed within 161 km, or whose name has a gazetteer place that close

    def add_predictions(self, locations: Sequence[Mapping[str, Any]], marked: list[tuple[int, int]] | None) -> None:
        """Count predicted locations against every marked toponym span (precision); no-op without them."""
        if marked is None:
            return
        self.predicted += len(locations)
        self.true_predicted += sum(
            any(loc["start"] < end and start < loc["end"] for start, end in marked) for loc in locations
        )

    def add(self, gold: Gold, location: Mapping[str, Any] | None, country_of: CountryOfPoint) -> None:
        self.gold += 1
        self.with_id += gold.geonameid is not None
        if location is None:
            return
        self.found += 1
        error = distance_km(gold.latitude, gold.longitude, location["latitude"], location["longitude"])
        self.errors.append(error)
        self.within += error <= ACCURACY_KM
        self.within_village += error <= VILLAGE_KM
        expected = (
            country_of(gold.latitude, gold.longitude) if gold.country_code is None else gold.country_code
        )
        self.country += expected is not None and (expected or None) == location["country_code"]
        self.exact_id += gold.geonameid is not None and gold.geonameid == location["geonameid"]

    def plus(self, other: Score) -> Score:
        """The scores of both document sets together (every field is a count, a sum or a list)."""
        return Score(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def row(self, name: str, with_recall: bool) -> str:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:5.1f}" if whole else "  n/a"

        median = f"{statistics.median(self.errors):8.1f}" if self.errors else "     n/a"
        recall = pct(self.found, self.gold) if with_recall else "    -"
        precision = pct(self.true_predicted, self.predicted) if with_recall else "    -"
        rate = f"{self.articles / self.seconds:8.1f}" if self.seconds else "     n/a"
        reach = "    -" if with_recall else pct(self.reachable, self.gold)
        return (
            f"{name:<24} {self.gold:6d} {reach}  {recall}  {precision}  {pct(self.within, self.gold)}  "
            f"{pct(self.country, self.gold)}  {pct(self.exact_id, self.with_id)}  {median}  {rate}"
        )


def reachable(gazetteer: Gazetteer, name: str, gold: Gold) -> bool:
    """Whether any place the gazetteer holds under this name lies within 161 km of the gold point: the
    ceiling of acc@161 for a resolver that only picks among the gazetteer's candidates."""
    return any(
        distance_km(gold.latitude, gold.longitude, c.place.latitude, c.place.longitude) <= ACCURACY_KM
        for c in gazetteer.candidates(normalize_name(name))
    )


def _overlapping(gold: Gold, locations: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    for location in locations:
        if location["start"] < gold.end and gold.start < location["end"]:
            return location
    return None


def as_article(message: Message) -> EnrichedArticle:
    """An evaluation document as the geocoding stage reads it: id, text, language and toponyms, with no url
    (which the stage does not read)."""
    return cast(EnrichedArticle, message)


def _matcher_only(settings: Settings) -> tuple[str, Callable[[Message], Message]]:
    matcher = ToponymMatcher.from_settings(settings)
    return "geocoding matcher alone", lambda article: {
        **article,
        "toponyms": matcher.find(article["text"], "en"),
    }


def _entity_stage_finder(settings: Settings) -> tuple[str, Callable[[Message], Message]]:
    """Toponyms as the pipeline finds them: the entity stage (spaCy NER + gazetteer matcher)."""
    from services.entities.stage import build_entity_stage

    stage = build_entity_stage(settings)
    return "entity stage (spaCy NER + gazetteer matcher)", lambda article: stage(article)[0]


def evaluate(
    documents: list[Document],
    gazetteer: Gazetteer,
    find: Callable[[Message], Message],
    country_of: CountryOfPoint,
) -> tuple[Score, Score, Score]:
    """Scores of the chain, of the resolver on gold spans, and the timing of the geocoding stage alone."""
    chain, resolver, geocoding = Score(), Score(), Score()
    for number, document in enumerate(documents):
        article: Message = {
            "id": str(number),
            "text": document.text,
            "language": {"code": document.language, "confidence": 1.0, "hint": None},
        }
        started = time.perf_counter()
        enriched = find(article)
        middle = time.perf_counter()
        geocoded = geocode_article(gazetteer, as_article(enriched))
        ended = time.perf_counter()
        chain.seconds += ended - started
        geocoding.seconds += ended - middle
        for gold in document.gold:
            chain.add(gold, _overlapping(gold, geocoded["locations"]), country_of)
        chain.add_predictions(geocoded["locations"], document.toponyms)
        toponyms = [
            {
                "text": document.text[g.start : g.end],
                "start": g.start,
                "end": g.end,
                "cue": None,
                "ner_label": "GOLD",
            }
            for g in document.gold
        ]
        on_gold = geocode_article(gazetteer, as_article({**enriched, "toponyms": toponyms}))
        for gold in document.gold:
            location = _overlapping(gold, on_gold["locations"])
            resolver.add(gold, location, country_of)
            placed = location is not None and distance_km(
                gold.latitude, gold.longitude, location["latitude"], location["longitude"]
            ) <= ACCURACY_KM
            resolver.reachable += placed or reachable(gazetteer, document.text[gold.start : gold.end], gold)
    chain.articles = geocoding.articles = len(documents)
    return chain, resolver, geocoding


def _print_scores(name: str, chain: Score, resolver: Score, geocoding: Score) -> None:
    print(chain.row(f"{name} chain", with_recall=True))
    resolver.seconds, resolver.articles = geocoding.seconds, geocoding.articles
    print(resolver.row(f"{name} gold spans*", with_recall=False))
    if name.startswith("Sahel"):
        share = 100 * chain.within_village / chain.gold if chain.gold else 0.0
        print(f"{name} chain: acc@25 {share:.1f}, no place {100 - 100 * chain.found / max(chain.gold, 1):.1f}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval-geo", description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=eval_root())
    parser.add_argument(
        "--limit", type=int, default=0, help="at most this many articles per dataset (0: all)"
    )
    parser.add_argument(
        "--toponyms",
        choices=("chain", "matcher"),
        default="chain",
        help="chain: entity stage toponyms (falls back to the matcher); matcher: the gazetteer matcher alone",
    )
    parser.add_argument(
        "--datasets", default=",".join(DATASETS), help="comma-separated subset of " + ",".join(DATASETS)
    )
    parser.add_argument(
        "--halves",
        action="store_true",
        help="also score the even-indexed (development) and odd-indexed (held-out) articles apart",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = Settings()
    gazetteer = open_gazetteer(settings)
    country_ids = gazetteer.country_codes_by_id()
    country_of = CountryOfPoint(gazetteer)
    source, find = _entity_stage_finder(settings) if args.toponyms == "chain" else _matcher_only(settings)
    print(f"toponyms from: {source}; gazetteer: {gazetteer.path}")
    print(
        f"{'dataset':<24} {'gold':>6} {'reach':>6} {'recall':>6} {'prec':>6} {'acc161':>6} {'cntry':>6} {'geoid':>6} {'med_km':>8} {'art/s':>8}"
    )
    for name in [n.strip() for n in args.datasets.split(",") if n.strip()]:
        documents = list(DATASETS[name](args.eval_dir, country_ids))
        documents = documents[: args.limit] if args.limit else documents
        fill_gold_countries(gazetteer, documents)
        parts = {"even": documents[0::2], "odd": documents[1::2]} if args.halves else {"": documents}
        totals: tuple[Score, Score, Score] | None = None
        for label, part in parts.items():
            scores = evaluate(part, gazetteer, find, country_of)
            if args.halves:
                _print_scores(f"{name} {label}", *scores)
            totals = (
                scores
                if totals is None
                else (totals[0].plus(scores[0]), totals[1].plus(scores[1]), totals[2].plus(scores[2]))
            )
        if totals is not None:
            _print_scores(name, *totals)
    print("* resolver alone on gold spans; art/s there is the geocoding stage alone on the chain's toponyms")
    print(
        "reach: gold toponyms the resolver places within 161 km or whose name the gazetteer holds within 161 km "
        "of the gold point; the rest no choice among the gazetteer's candidates can place (ceiling of acc@161)"
    )
    print("no place: 100 - recall (Sahel (ours): odd lines are held out; --halves scores them apart)")
    print(
        "prec: predicted locations overlapping a marked toponym, only where the gold marks every toponym "
        "(GeoWebNews: all types but expressions, organisations, homonyms, languages; LGL: with or without "
        "a gaztag); n/a for GeoVirus and TR-News, whose sources do not say they mark every one"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
