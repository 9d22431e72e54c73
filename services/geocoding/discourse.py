"""Article-wide evidence the resolver weighs: which first-level region the article's places cluster
in, how close a candidate lies to places already resolved, and one sense per name."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, TypeVar

from services.core.budget import check_deadline
from services.gazetteer.distance import distance_km
from services.gazetteer.lookup import Candidate

AdminKey = tuple[str, str]  # (country code, admin1 code)
K = TypeVar("K", str, AdminKey)


class Scored(Protocol):
    candidates: tuple[Candidate, ...]
    scores: list[float]
    priors: list[float]

    @property
    def key(self) -> str: ...


_DEMONYMS = "\0demonyms"  # the vote key of the article's demonyms, never a place name
_ACTORS = "\0actors"  # the vote key of the countries the article's actors belong to


def name_votes(
    mentions: Sequence[Scored], group_of: Callable[[Candidate], K | None]
) -> dict[str, dict[K, float]]:
    """Per distinct name, its vote over groups (countries, regions): a softmax of the best candidate
    score per group, weighted 1 + log(repeats) so a name said ten times is not ten places."""
    by_name: dict[str, list[Scored]] = defaultdict(list)
    for mention in mentions:
        by_name[mention.key].append(mention)
    votes: dict[str, dict[K, float]] = {}
    for key, same in by_name.items():
        best: dict[K, float] = {}
        for candidate, score in zip(same[0].candidates, same[0].scores):
            group = group_of(candidate)
            if group is not None and score > best.get(group, -1e9):
                best[group] = score
        if not best:
            continue
        top = max(best.values())
        weights = {group: math.exp(score - top) for group, score in best.items()}
        total = sum(weights.values())
        weight = 1.0 + math.log(len(same))
        votes[key] = {group: weight * w / total for group, w in weights.items()}
    return votes


def country_votes(
    mentions: Sequence[Scored], demonyms: Counter[str], actors: Counter[str] | None = None
) -> dict[str, dict[str, float]]:
    """Per distinct name, its vote over countries: softmax of its candidates' scores per country,
    so "Atlanta" votes US, and "Georgia" votes mostly GE but a little US. Repeats count
    logarithmically: a town named ten times is not ten towns. Demonyms vote too, and so do the
    countries the article's actors belong to (FAMa: Mali)."""
    votes: dict[str, dict[str, float]] = {}
    if demonyms:
        votes[_DEMONYMS] = {code: 1.0 + math.log(count) for code, count in demonyms.items() if count}
    if actors:
        votes[_ACTORS] = {code: 1.0 + math.log(count) for code, count in actors.items() if count}
    votes.update(name_votes(mentions, lambda candidate: candidate.place.country_code or None))
    return votes


def vote_totals(votes: dict[str, dict[str, float]], without: str | None = None) -> dict[str, float]:
    """Every country's votes summed over the names, leaving out one name if asked."""
    totals: dict[str, float] = defaultdict(float)
    for key, vote in votes.items():
        if key != without:
            for code, weight in vote.items():
                totals[code] += weight
    return totals


def focus_seen_from(votes: dict[str, dict[str, float]], key: str) -> tuple[str | None, float]:
    """The focus country and its share of the votes, counting every name but this one, so that a
    big namesake ("Paris" in a Texas story) cannot make its own country the focus."""
    totals = vote_totals(votes, without=key)
    if not totals:
        return None, 0.0
    focus = max(totals, key=totals.__getitem__)
    return focus, totals[focus] / sum(totals.values())


class FocusSeenFrom:
    """`focus_seen_from` for every name of an article, the totals summed once (linear, not quadratic,
    in the number of names): a name's view takes its own vote out of them."""

    def __init__(self, votes: dict[str, dict[str, float]]) -> None:
        self._votes = votes
        self._totals = vote_totals(votes)
        self._voters = Counter(code for vote in votes.values() for code in vote)

    def __call__(self, key: str) -> tuple[str | None, float]:
        own = self._votes.get(key, {})
        totals = {code: max(0.0, total - own.get(code, 0.0)) for code, total in self._totals.items()
                  if self._voters[code] > (1 if code in own else 0)}
        if not totals:
            return None, 0.0
        focus = max(totals, key=totals.__getitem__)
        return focus, totals[focus] / sum(totals.values())


class Anchors:
    """Places resolved with confidence, by one-degree cell, so `proximity` looks only at those near."""

    def __init__(self, anchors: list[tuple[str, float, float]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
        for anchor in dict.fromkeys(anchors):
            self._cells[_cell(anchor[1], anchor[2])].append(anchor)

    def proximity(self, key: str, latitude: float, longitude: float, scale_km: float, limit_km: float) -> float:
        """0..1: how close a point lies to the nearest anchor of another name (exponential kernel)."""
        nearest = limit_km
        for name, lat, lon in self._within(latitude, longitude, limit_km):
            if name != key:
                nearest = min(nearest, distance_km(lat, lon, latitude, longitude))
        return math.exp(-nearest / scale_km) if nearest < limit_km else 0.0

    def _within(self, latitude: float, longitude: float, km: float) -> Iterator[tuple[str, float, float]]:
        cell_lat, cell_lon = _cell(latitude, longitude)
        rows = int(km // 111.0) + 1
        widest = min(89.0, abs(latitude) + rows)  # cells narrow towards the poles
        columns = int(km / (111.0 * math.cos(math.radians(widest)))) + 1
        if columns >= 180:
            for (row, _), anchors in self._cells.items():
                if abs(row - cell_lat) <= rows:
                    yield from anchors
            return
        for d_lat in range(-rows, rows + 1):
            for d_lon in range(-columns, columns + 1):
                column = (cell_lon + d_lon + 180) % 360 - 180
                yield from self._cells.get((cell_lat + d_lat, column), ())


def admin_of(candidate: Candidate) -> AdminKey | None:
    """The first-level region a town or region candidate belongs to."""
    place = candidate.place
    if place.feature_class not in ("P", "A") or place.feature_code == "PCLI" or not place.admin1:
        return None
    return place.country_code, place.admin1


def admin1_votes(mentions: Sequence[Scored]) -> dict[str, dict[AdminKey, float]]:
    """Per distinct name, its vote over first-level regions: softmax of its candidates' scores per
    region, repeats counting logarithmically (as the focus-country vote does)."""
    return name_votes(mentions, admin_of)


class AdminFocus:
    """How local the article is, seen from one name: the share of the other names' votes a region
    holds (a name never votes for itself). Totals are summed once per round."""

    def __init__(self, votes: dict[str, dict[AdminKey, float]]) -> None:
        self._votes = votes
        self._totals: dict[AdminKey, float] = defaultdict(float)
        for vote in votes.values():
            for region, weight in vote.items():
                self._totals[region] += weight
        self._whole = sum(self._totals.values())

    def share(self, key: str, region: AdminKey) -> float:
        own = self._votes.get(key, {})
        others = len(self._votes) - (1 if own else 0)
        whole = self._whole - sum(own.values())
        if others < 2 or whole <= 1e-9:
            return 0.0
        return max(0.0, self._totals.get(region, 0.0) - own.get(region, 0.0)) / whole


def one_sense_per_name(mentions: Sequence[Scored]) -> None:
    """Every mention of a name takes, per candidate, the strongest context any mention of it has:
    "Dublin, Ohio" early on decides the later bare "Dublin" too. Each keeps its own prior, since a
    cue says which kind of place one mention is ("the Gao region", then "a bomb in Gao")."""
    by_name: dict[str, list[Scored]] = defaultdict(list)
    for mention in mentions:
        if mention.candidates:
            by_name[mention.key].append(mention)
    for same in by_name.values():
        if len(same) < 2 or any(len(m.scores) != len(same[0].scores) for m in same):
            continue
        contexts = [[s - p for s, p in zip(m.scores, m.priors)] for m in same]
        strongest = [max(column) for column in zip(*contexts)]
        for mention in same:
            mention.scores[:] = [c + p for c, p in zip(strongest, mention.priors)]


def _is_local(candidate: Candidate) -> bool:
    return candidate.place.feature_class == "P" or candidate.place.feature_code == "ADM2"


def co_location(
    mentions: Sequence[Scored],
    radius_km: float,
    scale_km: float,
    wanted: Callable[[Scored], bool] = lambda mention: True,
    cap: float | None = None,
) -> dict[str, list[float]]:
    """Per distinct name (of those wanted), per candidate: how many of the article's other names
    could lie near it, whatever they resolve to now (each by its nearest town or county candidate,
    exponential kernel). Evidence of a local cluster that a wrong first choice cannot skew. With a `cap`,
    a value stops growing at it (the work stays linear in a list of thousands of nearby names)."""
    first: dict[str, Scored] = {}
    for mention in mentions:
        first.setdefault(mention.key, mention)
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    for key, mention in first.items():
        for candidate in mention.candidates:
            if _is_local(candidate):
                place = candidate.place
                cells[_cell(place.latitude, place.longitude)].append((key, place.latitude, place.longitude))
    support: dict[str, list[float]] = {}
    for key, mention in first.items():
        check_deadline()
        if not wanted(mention):
            continue
        row = []
        for candidate in mention.candidates:
            place = candidate.place
            if not _is_local(candidate):
                row.append(0.0)
                continue
            nearest = _nearest_other_names(cells, key, place.latitude, place.longitude, radius_km, scale_km, cap)
            support_here = sum(math.exp(-d / scale_km) for d in nearest.values())
            row.append(min(cap, support_here) if cap is not None else support_here)
        support[key] = row
    return support


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // 1), int(longitude // 1)


def _nearest_other_names(
    cells: dict[tuple[int, int], list[tuple[str, float, float]]],
    key: str,
    latitude: float,
    longitude: float,
    radius_km: float,
    scale_km: float,
    cap: float | None,
) -> dict[str, float]:
    """Other name -> distance of its nearest candidate within radius_km (up to ~110 km: the
    neighbouring one-degree cells, two of longitude since they narrow away from the equator). Stops
    once the kernel sum reaches `cap`: nearer candidates found later could only raise it."""
    nearest: dict[str, float] = {}
    support = 0.0
    cell_lat, cell_lon = _cell(latitude, longitude)
    for d_lat in (-1, 0, 1):
        for d_lon in (-2, -1, 0, 1, 2):
            for other, lat, lon in cells.get((cell_lat + d_lat, cell_lon + d_lon), ()):
                if other != key:
                    distance = distance_km(latitude, longitude, lat, lon)
                    before = nearest.get(other)
                    if distance < (radius_km if before is None else before):
                        nearest[other] = distance
                        support += math.exp(-distance / scale_km) - (math.exp(-before / scale_km) if before is not None else 0.0)
                        if cap is not None and support >= cap:
                            return nearest
    return nearest
