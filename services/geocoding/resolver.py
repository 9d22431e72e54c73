"""Toponym resolution: pick one gazetteer place per mention from article-level evidence.

Score of a candidate = prior (log population, feature kind, exact vs alternate name, cue) plus
context: a qualifier written after the name ("Dublin, Ohio"), the article's focus country and the
countries and regions it names, the first-level region its places cluster in (local news), and
the distance to places already resolved with confidence. Context is recomputed from the current
choices for a few rounds, and every mention of a name ends up with the same place.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.core.budget import check_deadline
from services.gazetteer.common_words import load_common_words
from services.gazetteer.distance import distance_km
from services.gazetteer.hierarchy import Region, contains, inside, qualifiers
from services.gazetteer.lookup import Candidate, Gazetteer, Place
from services.gazetteer.place_words import NATURAL_FEATURE_WORDS, us_state_codes
from services.gazetteer.schema import KIND_ALTERNATE, KIND_MAIN, KIND_SHORT, KIND_VARIANT
from services.gazetteer.variants import variant_key
from services.geocoding.context import ADMIN_CUES, COUNTY_WORDS, SETTLEMENT_CUES
from services.geocoding.discourse import (
    AdminFocus,
    AdminKey,
    Anchors,
    FocusSeenFrom,
    Scored,
    admin1_votes,
    co_location,
    country_votes,
    one_sense_per_name,
    vote_totals,
)
from services.geocoding.layer_guard import guarded_best
from services.geocoding.story_country import demonym_country, foreign_demonym, local_demonyms
from services.geocoding.unlisted import names_unlisted_settlement
from services.nlp.entity_labels import PLACE_LABELS
from services.nlp.folding import normalize_name

COUNTRY_BONUS = 4.0  # a country's name means the country far more often than a namesake town
CONTINENT_BONUS = 4.0
REGION_PENALTY = 1.0  # bare "Gao" is the town; "the Gao region" is the region
ADMIN_CUE_BONUS = 4.0
SETTLEMENT_CUE_BONUS = 1.5
ALTERNATE_PENALTY = 2.5  # alternate names include historic and translated names (Salisbury of Harare)
CAPITAL_BONUS = 1.0
FOCUS_BONUS = 1.5  # small: a US article that names Paris still means Paris, France
FOCUS_DOMINANCE_BONUS = 1.5  # up to this much more when (nearly) every place named is in the focus country
MENTIONED_COUNTRY_BONUS = 0.75
FOCUS_REGION_BONUS = 4.5  # Georgia the US state in a US article, not the country
ADMIN_CONTEXT_BONUS = 2.5  # "Paris, Texas": the article names the candidate's region
REGION_OF_TOWNS_BONUS = 1.0  # Montana the state, when the article names towns in it
NEARBY_BONUS = 2.0  # near another place the article names, decaying with distance
NEARBY_KM = 250.0
NEARBY_SCALE_KM = 120.0
ANCHOR_MARGIN = 1.0
# Local news: a town near which the article's other names have namesakes (whatever they resolve
# to), per other name exp(-km / scale) within CLUSTER_KM, at most CLUSTER_CAP names' worth.
CLUSTER_BONUS = 1.0
CLUSTER_CAP = 2.0
CLUSTER_KM = 80.0
CLUSTER_SCALE_KM = 40.0
QUALIFIED_BONUS = 6.0  # "Dublin, Ohio": the text says which region the place is in
QUALIFIER_BONUS = 2.0  # "Athens, Georgia": the qualifier is the region that holds a namesake of the head
ADMIN1_FOCUS_BONUS = 3.0  # local news: times the share of the article's other places in the same admin1
NAMED_COUNTRY_BONUS = 1.0  # the article names the candidate's country ("Iraq", "Iraqi")
SMALL_PLACE_PENALTY = 1.0  # a village (pop. < 1000) needs context: a region, a neighbour, a qualifier
SMALL_PLACE_POPULATION = 1000
CONTEXT_ROUNDS = 2
FALLBACK_CONFIDENCE = 0.05
COUNTY_CONFIDENCE = 0.3
MIN_SCORE = 2.0  # an uncued hamlet outside the focus country is more likely a person's name
# NER is evidence, not a gate: a place label vouches for a mention, a person or organisation label
# counts against a weak candidate (a hamlet, or a place matched only by an alternate name).
# A toponym's `ner_label` is place evidence when it is a place entity's label, a nationality's (NORP),
# a facility's (FAC, from a tagger that keeps it) or GOLD, a hand-annotated place span (services.evaluation.geo).
PLACE_EVIDENCE_LABELS = PLACE_LABELS | {"FAC", "NORP", "GOLD"}
NON_PLACE_LABELS = frozenset({"PER", "ORG"})
NON_PLACE_PENALTY = 1.5
WEAK_POPULATION = 5000
# "Boni" (a Nigerien village) is not Bonn, whose alternate names include it: a foreign place matched
# only by an alternate name needs its country to be named in the article.
FOREIGN_ALTERNATE_PENALTY = 2.0
# A village in the country the article's actors belong to (FAMa, Koglweogo) beats a namesake abroad.
ACTOR_COUNTRY_BONUS = 2.5

_AFFIXES = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north",
        "south",
        "east",
        "west",
        "region",
        "province",
        "state",
        "county",
        "district",
        "city",
        "town",
        "the",
        "greater",
        "upper",
        "lower",
    }
)


@dataclass
class Mention:
    toponym: dict[str, Any]
    candidates: tuple[Candidate, ...]
    scores: list[float]
    priors: list[float]
    qualifier: frozenset[Region] = frozenset()  # regions named right after it ("Dublin, Ohio")
    head: Mention | None = None  # the place this mention qualifies ("Ohio" of "Dublin, Ohio")

    @property
    def key(self) -> str:
        return normalize_name(self.toponym["text"])


def lookup(gazetteer: Gazetteer, text: str, language: str = "en") -> tuple[Candidate, ...]:
    """Candidates for a mention's text; a demonym ("Sudanese") is its country; retries without
    direction words and generic suffixes ("northern Mali", "Clarke County")."""
    if text in us_state_codes():
        # Only the matcher's postal-code qualifiers ("Athens, GA") and NER spans come this way.
        state = gazetteer.region("US", text)
        if state is not None:
            return (Candidate(state, KIND_MAIN),)
    key = normalize_name(text).removesuffix("'s")
    code = demonym_country(text)
    country = gazetteer.country(code) if code else None
    if country is not None:
        return (Candidate(country, KIND_MAIN),)
    candidates = gazetteer.candidates(key)
    if _names_a_region_by(candidates):
        # "Ohio" alone is the state: a county's short form never competes with a region's own name.
        candidates = tuple(c for c in candidates if c.name_kind != KIND_SHORT)
    if candidates:
        return candidates
    words = key.split()
    while len(words) > 1 and (words[0] in _AFFIXES or words[-1] in _AFFIXES):
        words = words[1:] if words[0] in _AFFIXES else words[:-1]
        candidates = gazetteer.candidates(" ".join(words))
        if candidates:
            return candidates
    # A spelling variant ("Indelimane" of "I-n-Déliman") only when nothing matches exactly;
    # layer_guard keeps it only inside the story's countries.
    return _inner_name(gazetteer, key, language) or gazetteer.candidates(variant_key(key))


def _inner_name(gazetteer: Gazetteer, key: str, language: str) -> tuple[Candidate, ...]:
    """The longest run of words inside a longer name that is itself a place: "Manila Cathedral",
    "Dubai World Cup". Single ordinary words ("Royal Street" -> "Royal") do not count, and a
    natural feature ("Lake Victoria", "Congo River") is not the town or region it is named after."""
    words = key.split()
    common = load_common_words(language)
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            inner = " ".join(words[first : first + size])
            if size == 1 and (inner in common or inner in _AFFIXES or len(inner) < 3):
                continue
            candidates = gazetteer.candidates(inner)
            if candidates:
                return candidates
    return ()


def prior(candidate: Candidate, cue: str | None) -> float:
    place = candidate.place
    score = math.log10(place.population + 1)
    code = place.feature_code
    if code == "PCLI":
        score += COUNTRY_BONUS
    elif code in ("CONT", "RGN"):
        score += CONTINENT_BONUS
    elif code in ("ADM1", "ADM2"):
        score += ADMIN_CUE_BONUS if cue in ADMIN_CUES else -REGION_PENALTY
    elif place.feature_class == "P":
        score += SETTLEMENT_CUE_BONUS if cue in SETTLEMENT_CUES else 0.0
        score += CAPITAL_BONUS if code == "PPLC" else 0.0
    if candidate.name_kind >= KIND_ALTERNATE:
        score -= ALTERNATE_PENALTY
    return score


def focus_country(
    mentions: list[Mention], demonyms: Counter[str], actors: Counter[str] | None = None
) -> tuple[str | None, dict[str, float]]:
    """The most named country, and every country's votes."""
    totals = vote_totals(country_votes(mentions, demonyms, actors))
    if not totals:
        return None, totals
    return max(totals, key=totals.__getitem__), totals


def place_label(toponym: dict[str, Any]) -> bool:
    """Whether NER (or an annotator) labelled the mention a place."""
    return toponym.get("ner_label") in PLACE_EVIDENCE_LABELS


def _person_abroad(mention: Mention, best: Candidate, focus: str | None) -> bool:
    """NER takes the name for a person's, no cue says place, and the best reading is a small town
    outside the article's country ("Wang" in a US story, a horse called "Thunder Snow"): no place."""
    place = best.place
    return (
        mention.toponym.get("ner_label") == "PER"
        and not mention.toponym.get("cue")
        and focus is not None
        and place.country_code != focus
        and place.feature_class == "P"
        and is_weak(best)
    )


def is_weak(candidate: Candidate) -> bool:
    """A candidate that needs context: a small place, or one matched only by an alternate name."""
    place = candidate.place
    if place.feature_code in ("PCLI", "CONT", "RGN"):
        return False
    return candidate.name_kind >= KIND_ALTERNATE or place.population < WEAK_POPULATION


def _foreign_alternate(candidate: Candidate, focus: str | None, named: frozenset[str]) -> bool:
    place = candidate.place
    return (
        focus is not None
        and candidate.name_kind >= KIND_ALTERNATE
        and place.feature_code not in ("PCLI", "CONT", "RGN")
        and place.country_code != focus
        and place.country_code not in named
    )


def _in_context(candidate: Candidate, focus: str | None) -> bool:
    """Whether a place named by an ordinary word fits the article without a cue: a country or
    larger, or a sizeable place of the focus country ("Pueblo" in a Colombian story is a noun)."""
    place = candidate.place
    if place.feature_code in ("PCLI", "CONT", "RGN"):
        return True
    return place.country_code == focus and not is_weak(candidate)


def _best(mention: Mention) -> Candidate | None:
    if not mention.candidates:
        return None
    index = max(range(len(mention.scores)), key=mention.scores.__getitem__)
    return mention.candidates[index]


def _margin(scores: list[float]) -> float:
    ordered = sorted(scores, reverse=True)
    return ordered[0] - ordered[1] if len(ordered) > 1 else 10.0


def code_is_focus_region(place: Place, focus: str, mention: Mention) -> bool:
    """A region of the focus country named like a foreign country: Georgia in a US article."""
    if place.feature_code != "ADM1" or place.country_code != focus:
        return False
    return any(c.place.feature_code == "PCLI" and c.place.country_code != focus for c in mention.candidates)


@dataclass(frozen=True)
class _ArticleContext:
    """What the article's current choices say, summed once per round before any mention is rescored."""

    votes: dict[str, dict[str, float]]
    named: frozenset[str]
    cluster: dict[str, list[float]]
    countries: dict[str, float]
    regions: dict[AdminKey, str]  # first-level regions chosen for a mention -> that mention's key
    anchors: Anchors
    town_regions: Counter[AdminKey]  # how many names' chosen town lies in each region
    towns_by_name: dict[str, Counter[AdminKey]]
    local: AdminFocus
    focus_seen_from: FocusSeenFrom
    actor_countries: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, mentions: list[Mention], votes: dict[str, dict[str, float]], named: frozenset[str],
        cluster: dict[str, list[float]], actor_countries: frozenset[str] = frozenset(),
    ) -> _ArticleContext:
        regions = {
            (b.place.country_code, b.place.admin1): m.key
            for m in mentions
            if (b := _best(m)) is not None and b.place.feature_code == "ADM1"
        }
        # Anchors: places resolved with a clear margin, or placed by their qualifier ("Dublin, Ohio").
        anchors = [
            (m.key, b.place.latitude, b.place.longitude)
            for m in mentions
            if (b := _best(m)) is not None
            and (b.place.feature_class == "P" or b.place.feature_code == "ADM2")
            and (_margin(m.scores) >= ANCHOR_MARGIN or inside(b.place, m.qualifier))
        ]
        towns_by_name: dict[str, Counter[AdminKey]] = {}
        for m in mentions:
            if (b := _best(m)) is not None and b.place.feature_class == "P":
                towns_by_name.setdefault(m.key, Counter())[(b.place.country_code, b.place.admin1)] += 1
        town_regions: Counter[AdminKey] = sum(towns_by_name.values(), Counter())
        return cls(votes, named, cluster, vote_totals(votes), regions, Anchors(anchors), town_regions, towns_by_name,
                   AdminFocus(admin1_votes(mentions)), FocusSeenFrom(votes), actor_countries)


@dataclass(frozen=True)
class _OtherTowns:
    """The regions holding a town some other name resolved to (membership without a set per mention)."""

    all_names: Counter[AdminKey]
    own: Counter[AdminKey]

    def __contains__(self, region: AdminKey) -> bool:
        return self.all_names[region] > self.own[region]


@dataclass(frozen=True)
class _MentionContext:
    """The article seen from one mention (its own name never votes for itself)."""

    article: _ArticleContext
    mention: Mention
    focus: str | None
    focus_bonus: float
    regions_of_other_towns: _OtherTowns

    @classmethod
    def of(cls, article: _ArticleContext, mention: Mention) -> _MentionContext:
        key = mention.key
        # The more one country dominates the article, the more an ambiguous name is taken to lie in it.
        focus, share = article.focus_seen_from(key)
        focus_bonus = FOCUS_BONUS + FOCUS_DOMINANCE_BONUS * max(0.0, share - 0.5) / 0.5
        own = article.towns_by_name.get(key, Counter())
        return cls(article, mention, focus, focus_bonus, _OtherTowns(article.town_regions, own))


Scorer = Callable[[_MentionContext, int, Place], float]
PenaltyTest = Callable[[_MentionContext, Candidate], bool]


def _country_bonus(context: _MentionContext, index: int, place: Place) -> float:
    """The focus country, else a country the article names, else one its places vote for."""
    if context.focus and place.country_code == context.focus:
        return context.focus_bonus
    if place.country_code in context.article.named and place.feature_code != "PCLI":
        return NAMED_COUNTRY_BONUS
    return MENTIONED_COUNTRY_BONUS if context.article.countries.get(place.country_code) else 0.0


def _focus_region_bonus(context: _MentionContext, index: int, place: Place) -> float:
    focus = context.focus
    return FOCUS_REGION_BONUS if focus and code_is_focus_region(place, focus, context.mention) else 0.0


def _region_of_towns_bonus(context: _MentionContext, index: int, place: Place) -> float:
    in_towns_region = (place.country_code, place.admin1) in context.regions_of_other_towns
    return REGION_OF_TOWNS_BONUS if place.feature_code == "ADM1" and in_towns_region else 0.0


def _admin1_focus_support(context: _MentionContext, index: int, place: Place) -> float:
    if place.feature_class == "P" or place.feature_code in ("ADM1", "ADM2"):
        # A region the article's other places cluster in gains as much as a town there would.
        return ADMIN1_FOCUS_BONUS * context.article.local.share(context.mention.key, (place.country_code, place.admin1))
    return 0.0


def _nearby_support(context: _MentionContext, index: int, place: Place) -> float:
    if place.feature_class == "P" or place.feature_code == "ADM2":
        return NEARBY_BONUS * context.article.anchors.proximity(
            context.mention.key, place.latitude, place.longitude, NEARBY_SCALE_KM, NEARBY_KM
        )
    return 0.0


def _qualified_support(context: _MentionContext, index: int, place: Place) -> float:
    return QUALIFIED_BONUS if inside(place, context.mention.qualifier) else 0.0


def _co_location_support(context: _MentionContext, index: int, place: Place) -> float:
    cluster = context.article.cluster.get(context.mention.key)
    return CLUSTER_BONUS * min(CLUSTER_CAP, cluster[index]) if cluster is not None else 0.0


def _admin_context_support(context: _MentionContext, index: int, place: Place) -> float:
    region_name = context.article.regions.get((place.country_code, place.admin1))
    named_elsewhere = region_name and region_name != context.mention.key
    return ADMIN_CONTEXT_BONUS if named_elsewhere and place.feature_code not in ("ADM1", "PCLI") else 0.0


def _actor_country_support(context: _MentionContext, index: int, place: Place) -> float:
    in_actor_country = place.country_code in context.article.actor_countries
    return ACTOR_COUNTRY_BONUS if in_actor_country and place.feature_code != "PCLI" else 0.0


def _is_small_place(context: _MentionContext, candidate: Candidate) -> bool:
    return candidate.place.feature_class == "P" and candidate.place.population < SMALL_PLACE_POPULATION


def _labelled_no_place(context: _MentionContext, candidate: Candidate) -> bool:
    return context.mention.toponym.get("ner_label") in NON_PLACE_LABELS and is_weak(candidate)


def _is_foreign_alternate(context: _MentionContext, candidate: Candidate) -> bool:
    return _foreign_alternate(candidate, context.focus, context.article.named)


# Each kind of evidence, in the order its points are added (the order keeps the sums bit for bit).
BONUSES: tuple[Scorer, ...] = (_country_bonus, _focus_region_bonus, _region_of_towns_bonus)
# Support is context that also excuses a doubt below (a village in the region the article is about).
SUPPORTS: tuple[Scorer, ...] = (
    _admin1_focus_support, _nearby_support, _qualified_support, _co_location_support, _admin_context_support,
    _actor_country_support,
)
PENALTIES: tuple[tuple[float, PenaltyTest], ...] = (
    (SMALL_PLACE_PENALTY, _is_small_place),
    (NON_PLACE_PENALTY, _labelled_no_place),
    (FOREIGN_ALTERNATE_PENALTY, _is_foreign_alternate),
)


def _context_score(context: _MentionContext, index: int, candidate: Candidate) -> float:
    """A candidate's prior plus the article's evidence for it; a doubt costs only what support leaves of it."""
    place = candidate.place
    score = context.mention.priors[index]
    for bonus in BONUSES:
        score += bonus(context, index, place)
    support = 0.0
    for supporter in SUPPORTS:
        support += supporter(context, index, place)
    for penalty, applies in PENALTIES:
        if applies(context, candidate):
            score -= max(0.0, penalty - support)
    score += support
    head = context.mention.head
    if head is not None and any(contains(place, c.place) for c in head.candidates):
        score += QUALIFIER_BONUS
    return score


def _context_scores(
    mentions: list[Mention],
    votes: dict[str, dict[str, float]],
    named: frozenset[str],
    cluster: dict[str, list[float]],
    actor_countries: frozenset[str] = frozenset(),
) -> None:
    article = _ArticleContext.of(mentions, votes, named, cluster, actor_countries)
    for mention in mentions:
        check_deadline()
        context = _MentionContext.of(article, mention)
        for index, candidate in enumerate(mention.candidates):
            mention.scores[index] = _context_score(context, index, candidate)
    one_sense_per_name(mentions)


def _may_cluster(mention: Scored) -> bool:
    """Whether co-location can decide between the mention's candidates (see _names_a_region)."""
    return len(mention.candidates) > 1 and not _names_a_region(mention)


def _names_a_region(mention: Scored) -> bool:
    """Whether a country or first-level region goes by this name: towns named "Brazil" or "Kansas"
    lie near some namesake of nearly any other name, so co-location is no evidence for them."""
    return _names_a_region_by(mention.candidates)


def _names_a_region_by(candidates: tuple[Candidate, ...]) -> bool:
    return any(c.name_kind < KIND_ALTERNATE and c.place.feature_code in ("PCLI", "ADM1") for c in candidates)


def _named_countries(mentions: list[Mention], demonyms: Counter[str]) -> frozenset[str]:
    """Countries the article names outright, by name ("Iraq") or demonym ("Iraqi")."""
    named = {code for code, count in demonyms.items() if count}
    named |= {
        b.place.country_code
        for m in mentions
        if (b := _best(m)) is not None and b.place.feature_code == "PCLI"
    }
    return frozenset(named)


def _foreign_namesake_of_feature(
    mention: Mention, best: Candidate, focus: str | None, named: frozenset[str]
) -> bool:
    """A natural feature the gazetteer lacks ("Lake Victoria"), matched through the place inside its
    name, where that place lies outside every country the article is about: not that place."""
    words = mention.key.split()
    if NATURAL_FEATURE_WORDS.isdisjoint(words) or best.place.feature_code in ("PCLI", "RGN", "CONT"):
        return False
    return normalize_name(best.place.name) != mention.key and best.place.country_code not in {focus, *named}


def _is_county(mention: Mention) -> bool:
    words = normalize_name(mention.toponym["text"]).split()
    return len(words) > 1 and words[-1] in COUNTY_WORDS


def _near(candidate: Candidate | None, other: Candidate) -> bool:
    if candidate is None:
        return False
    first, second = candidate.place, other.place
    return distance_km(first.latitude, first.longitude, second.latitude, second.longitude) <= NEARBY_KM


def _article_place(gazetteer: Gazetteer, mentions: list[Mention], focus: str | None) -> Candidate | None:
    """The most named town of the focus country, else the focus country itself."""
    towns: Counter[Candidate] = Counter()
    for mention in mentions:
        best = _best(mention)
        if best is not None and best.place.feature_class == "P" and best.place.country_code == focus:
            towns[best] += 1
    if towns:
        return towns.most_common(1)[0][0]
    country = gazetteer.country(focus) if focus else None
    return Candidate(country, KIND_MAIN) if country is not None else None


class StoryCountries:
    """The countries the story is about as each mention sees them, without itself: the focus of the other
    names, the countries it names, and those of its other places (spelling variants excepted). Counted
    once per article, so asking for every mention stays linear."""

    def __init__(self, mentions: list[Mention], votes: dict[str, dict[str, float]], named: frozenset[str]) -> None:
        self._focus_seen_from = FocusSeenFrom(votes)
        self._named = named
        self._by_key: dict[str, Counter[str]] = {}
        for m in mentions:
            if (b := _best(m)) is not None and b.name_kind != KIND_VARIANT:
                self._by_key.setdefault(m.key, Counter())[b.place.country_code] += 1
        self._total: Counter[str] = sum(self._by_key.values(), Counter())

    def seen_from(self, mention: Mention) -> set[str]:
        focus, _ = self._focus_seen_from(mention.key)
        own = self._by_key.get(mention.key, Counter())
        others = {code for code, count in self._total.items() if count > own[code]}
        return {*others, *self._named, *([focus] if focus else [])}


def resolve_mentions(
    gazetteer: Gazetteer,
    toponyms: list[dict[str, Any]],
    demonyms: Counter[str],
    text: str = "",
    language: str = "en",
    actors: Counter[str] | None = None,
    forces: list[dict[str, Any]] | None = None,
) -> tuple[list[tuple[dict[str, Any], Candidate, float]], str | None]:
    """(toponym, chosen candidate, confidence 0..1) per resolved toponym, and the focus country.
    With the article's text, qualifiers after a toponym ("Dublin, Ohio") count as evidence; an
    ordinary word of the article's language ("Earth") is a place only when cued or a major place.
    `actors`: per country, the article's actors that place the story there; `forces`: the article's actor
    mentions, whose forces' demonyms never vote (story_country.py)."""
    actors = actors or Counter()
    foreign = [t for t in toponyms if foreign_demonym(t, actors, forces or [])]
    demonyms = local_demonyms(demonyms, foreign)
    common = load_common_words(language)
    mentions = []
    named_regions, heads = qualifiers(gazetteer, text, toponyms)
    for toponym, regions in zip(toponyms, named_regions):
        check_deadline()
        candidates = lookup(gazetteer, toponym["text"], language)
        priors = [prior(c, toponym.get("cue")) for c in candidates]
        mentions.append(Mention(toponym, candidates, list(priors), priors, regions))
    for qualifier_index, head_index in heads.items():
        mentions[qualifier_index].head = mentions[head_index]
    # Foreign forces' demonyms ("French" of "joint French and Burkinabe forces") resolve, but never vote.
    voters = [m for m in mentions if not any(m.toponym is t for t in foreign)]
    story = frozenset(actors)
    # Context feeds on the current choices, so a second round lets "Georgia" (now the US state,
    # thanks to Atlanta) lend its region to "Athens".
    cluster = co_location(mentions, CLUSTER_KM, CLUSTER_SCALE_KM, _may_cluster, cap=CLUSTER_CAP)
    for _ in range(CONTEXT_ROUNDS):
        _context_scores(
            mentions, country_votes(voters, demonyms, actors), _named_countries(voters, demonyms), cluster, story
        )
    focus, _ = focus_country(voters, demonyms, actors)
    named = _named_countries(voters, demonyms)
    fallback = _article_place(gazetteer, mentions, focus)
    votes = country_votes(voters, demonyms, actors)
    story_countries = StoryCountries(voters, votes, named | story)
    resolved = []
    for mention in mentions:
        best = guarded_best(
            gazetteer, mention.toponym, mention.candidates, mention.scores, story_countries.seen_from(mention),
        )
        county_known = best is not None and best.place.feature_code == "ADM2"
        if fallback is not None and _is_county(mention) and not county_known and not _near(best, fallback):
            # A county the gazetteer lacks: "Tarrant County" is the town of that name only if
            # it lies near the article's main place, which in local news is inside the county.
            resolved.append((mention.toponym, fallback, COUNTY_CONFIDENCE))
            continue
        if best is not None and _foreign_namesake_of_feature(mention, best, focus, named):
            if fallback is not None and place_label(mention.toponym):
                resolved.append((mention.toponym, fallback, FALLBACK_CONFIDENCE))
            continue
        top = max(mention.scores) if mention.scores else 0.0
        weak = best is not None and top < MIN_SCORE and best.place.country_code != focus
        if best is None or (weak and best.name_kind >= KIND_ALTERNATE and not mention.toponym.get("cue")):
            # NER says it is a place the gazetteer lacks (a street, a camp), or has only under a
            # foreign namesake's alternate name: the article's main place; a cued village keeps its
            # name instead (unlisted.py).
            if fallback is not None and place_label(mention.toponym) and not names_unlisted_settlement(mention.toponym):
                resolved.append((mention.toponym, fallback, FALLBACK_CONFIDENCE))
            continue
        if weak and not mention.toponym.get("cue") and not place_label(mention.toponym):
            continue
        if _person_abroad(mention, best, focus):
            continue
        if mention.key in common and not mention.toponym.get("cue") and not _in_context(best, focus):
            continue
        confidence = 1.0 / (1.0 + math.exp(-_margin(mention.scores)))
        resolved.append((mention.toponym, best, round(confidence, 3)))
    return resolved, focus
