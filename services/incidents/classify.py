"""Sub-event classification of a sentence or snippet: lexicon cues per class, ACLED rules, a learned layer.

Scores are sums of cue weights (services/incidents/data/sub_event_cues.json); what a crowd demands or
protests against ("against the arrest of", "the killing of") is blanked first. The rules encode ACLED
definitions that single cues cannot. Protest family, in this order: a crowd that clashes, throws stones,
burns or loots is a violent demonstration, whatever the police did; lethal or serious force against
peaceful protesters is excessive force; dispersal (tear gas, water cannon, rubber bullets) or arrests of the
protesters is a protest with intervention; otherwise a peaceful protest, and the arrest of someone not
protesting is an arrest. A captured place belongs to whoever took it (the subject of the clause) and the
fighting that took it is part of the capture; a seized, defused, intercepted or prematurely exploding
device is disrupted weapons use; a chemical agent makes a chemical weapon however delivered; what an
explosion destroyed is part of the explosion; a handover without fighting is a non-violent transfer.
The learned layer (English) then picks the class from the cues, the rule scores and the words.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from services.incidents.lexicons import context_pattern, cue_patterns, language_code, load_data, term_regex
from services.incidents.sub_event_model import load_model

PROTEST_SUBTYPES = ("FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "PROTEST_WITH_INTER")
EXPLOSION_CLASSES = ("REM_EXPLOS", "GRENADE", "ART_MISS_ATTACK", "AIR_STRIKE", "SUIC_BOMB")
NON_STATE_SUBJECTS = term_regex([
    "militants?", "rebels?", "insurgents?", "jihadists?", "isis", "isil", "is", "islamic state", "daesh", "taliban",
    "al-shabaab", "al-shabab", "shabaab", "houthis?", "ansar allah", "boko haram", "iswap", "fighters", "militias?",
    "terrorists?", "hts", "hayat tahrir al-sham", "sdf", "ypg", "pkk", "aqap", "jnim", "separatists?", "guerrillas?",
    "gunmen", "extremists?", "armed groups?", "opposition", "farc", "eln", "al-qaeda", "ambazonian", "tigray",
    "tplf", "m23", "adf", "anti-government", "(independence|liberation|national liberation|arakan|kachin|karen) army",
    "rapid support forces", "rsf", "people's defen[cs]e forces?", "pdf", "mai-mai", "mayi-mayi", "cpc", "cma", "iswap", "hamas",
    "is-?k", "iskp", "isgs", "aswj", "codeco", "nyatura", "fdlr", "anti-balaka", "ex-seleka", "upc", "fprc", "spla-io", "ambazonia~",
    "flec", "npa", "abu sayyaf", "biff", "maute", "kia", "tnla", "mndaa", "knu", "knla", "arsa", "maoists?", "naxal~", "ttp", "bla",
    "hezbollah", "hizbullah", "islamic jihad", "fsa", "free syrian army", "dissidents?", "bandits", "cartels?", "gangs?", "mutineers",
])
STATE_SUBJECTS = term_regex([
    "army", "troops", "government", "military", "soldiers", "police", "saa", "regime", "pro-government",
    "security forces", "government forces", "regime forces", "army forces", "state forces", "national guard",
    "afghan forces", "iraqi forces", "syrian forces", "coalition", "armed forces", "fardc", "tatmadaw",
    "fama", "fanci", "fds", "ansf", "ana", "endf", "saf", "marines", "navy", "air force", "gendarmes", "gendarmerie", "national army",
    "peshmerga", "amisom", "minusma", "barkhane", "loyalists?", "loyalist forces", "junta", "military forces of", "police forces of",
])
# "riot police" is no riot, but it does say a crowd was there: it keeps the protest family in play.
_RIOT = term_regex(["riot~", "rioters", "émeut~", "disturbios", "tumultos?", "krawall~", "ausschreitung~"])
_EXPLOSION_HAPPENED = term_regex(["exploded", "went off", "blast", "killed", "killing", "injured", "wounded", "injuring", "wounding"])
_FIGHTING = term_regex(["under (heavy )?fire", "fighting", "clash~", "attack~", "battle~", "assault~", "offensive",
                         "forc(ed|ing) (\\S+ ){0,4}to (retreat|withdraw|flee)", "siege", "overran", "overrun", "stormed", "routed", "defeat~"])
_NO_FIGHT = term_regex(["withdr~", "pulled out", "handed over", "handover", "without (a fight|fighting|resistance|clashes|a shot|firing)",
                        "retreat~", "vacated", "abandoned", "handed (\\w+ ){0,3}(control|it|them)", "relinquish~", "transferr~"])
# Said outright, a peaceful handover outweighs any fighting word elsewhere in the snippet.
_PEACEFUL_TRANSFER = term_regex(["without (a fight|fighting|resistance|clashes|firing|a shot|a single shot)", "peaceful(ly)?",
                                 "under (an|the|a) (\\w+ ){0,2}(agreement|deal|accord)", "as part of (an|the|a) (\\w+ ){0,2}(agreement|deal)"])
_PREVENTED = term_regex(["before (he|she|they|it) could", "before (it|they|the \\w+) (exploded|detonated|went off)",
                         "failed to (explode|detonate|go off)", "did( not|n't) (explode|detonate|go off)", "prematurely", "foiled", "thwarted", "defus~", "intercept~",
                         "while (planting|assembling|making|manufacturing|handling|laying)", "(bomb|explosive) (disposal|squad)",
                         "controlled explosion", "safely detonated", "de-?min~",
                         ("(forces|soldiers|troops|police|army|experts|engineers|team|squad|sappers|deminers|personnel) (\\S+ ){0,3}"
                          "(detonated|blew up|destroyed|exploded) (\\S+ ){0,3}(ieds?|bombs?|devices?|explosives?|mines?|landmines?|shells?|ordnance)")])


_DEMANDED_RELEASE = re.compile(r"\b(?:release|freeing|freedom) of (?:the |all |\w+ ){0,3}?(?:detained|jailed|arrested|imprisoned|abducted|kidnapped)\b",
                               re.IGNORECASE)


def cue_hits(text: str, language: str) -> list[tuple[str, int, float]]:
    """(class code, cue index, weight) of every cue of the language found in the text (each cue once)."""
    return [(code, index, weight) for code, cues in cue_patterns(language).items()
            for index, (pattern, weight) in enumerate(cues) if pattern.search(text)]


def score_classes(text: str, language: str, hits: list[tuple[str, int, float]] | None = None) -> dict[str, float]:
    """Sum of matched cue weights per class code (each cue counted once)."""
    scores: dict[str, float] = {}
    for code, _, weight in cue_hits(text, language) if hits is None else hits:
        scores[code] = scores.get(code, 0.0) + weight
    return scores


def _protest_rules(text: str, language: str, scores: dict[str, float]) -> None:
    """ACLED's protest family, decided by who did what: a crowd that clashes, throws stones, burns or loots is a
    violent demonstration (whatever the police did); lethal or serious force against peaceful protesters is
    excessive force; dispersal or arrests of the protesters is an intervention; otherwise a peaceful protest."""
    peace = scores.get("PEACE_PROTEST", 0.0)
    # Tear gas, water cannon or a dispersal say a crowd was there, even unnamed ("dispersed climate activists").
    gathering = peace >= 2 or bool(_RIOT.search(text)) or scores.get("PROTEST_WITH_INTER", 0.0) >= 2.5
    if not gathering:
        scores.pop("FORCE_AGAINST_PROTEST", None)
        scores.pop("PROTEST_WITH_INTER", None)
        if "VIOL_DEMONSTR" not in scores:
            return
        if context_pattern(language, "crowd_vs_forces").search(text):
            # A crowd throwing stones at or clashing with the police is a riot, however it is named.
            scores["VIOL_DEMONSTR"] += scores.pop("PROPERTY_DISTRUCT", 0.0) + scores.pop("ARMED_CLASH", 0.0)
        else:
            # Burning and smashing by people who are not demonstrators is property destruction (or a mob).
            scores["PROPERTY_DISTRUCT"] = scores.get("PROPERTY_DISTRUCT", 0.0) + scores.pop("VIOL_DEMONSTR")
        return
    # Custody, detention or a jailed leader named in a protest is what the crowd is about; only an act of arrest counts.
    arrests = scores.pop("ARREST", 0.0) if context_pattern(language, "arrest_act").search(text) else 0.0
    scores.pop("ARREST", None)
    riot, force, intervention = (scores.get(code, 0.0) for code in ("VIOL_DEMONSTR", "FORCE_AGAINST_PROTEST", "PROTEST_WITH_INTER"))
    violent = riot >= 3 or bool(context_pattern(language, "crowd_violence").search(text))
    if arrests and not violent and intervention < 2 and not context_pattern(language, "protest_arrests").search(text):
        # "arrested the organiser of the march": an arrest, no protest event.
        scores["ARREST"] = arrests + peace
        return
    family = peace + sum(scores.pop(code, 0.0) for code in (*PROTEST_SUBTYPES, "ARMED_CLASH", "PROPERTY_DISTRUCT", "MOB_VIOL"))
    if violent:
        winner = "VIOL_DEMONSTR"
    elif force >= 2.5 or context_pattern(language, "protest_lethal").search(text):
        winner = "FORCE_AGAINST_PROTEST"
        family += scores.pop("ATTACK", 0.0)
    elif arrests or intervention >= 1 or context_pattern(language, "protest_intervention").search(text):
        winner = "PROTEST_WITH_INTER"
        family += arrests
    else:
        winner = "PEACE_PROTEST"
    scores.pop("PEACE_PROTEST", None)
    scores[winner] = family


def _territory_rule(text: str, scores: dict[str, float]) -> None:
    gained = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if not gained:
        return
    first_cue = min(
        (m.start() for code in ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
         for pattern, _ in cue_patterns("en").get(code, []) for m in [pattern.search(text)] if m),
        default=0,
    )
    # The subject of the clause that reports the capture took it: the first actor named since the sentence began.
    window = re.split(r"[.;!?]\s", text[max(0, first_cue - 150):first_cue + 1])[-1]
    non_state = NON_STATE_SUBJECTS.search(window)
    state = STATE_SUBJECTS.search(window)
    if non_state is None and state is None:
        return
    winner, loser = (
        ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT")
        if non_state is not None and (state is None or non_state.start() <= state.start())
        else ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
    )
    # ACLED: the fighting that wins a place is coded as the territory change.
    scores[winner] = gained + 1 + (scores.pop("ARMED_CLASH", 0.0) if gained >= 2.5 else 0.0)
    scores.pop(loser, None)


def _disrupted_weapons_rule(text: str, language: str, scores: dict[str, float]) -> None:
    # A device defused, intercepted or exploding while being planted was disrupted, whatever it was.
    if scores.get("DISR_WEAP", 0.0) >= 4.5 and _PREVENTED.search(text):
        scores["DISR_WEAP"] += max((scores.get(code, 0.0) for code in EXPLOSION_CLASSES), default=0.0)
        return
    # ACLED: weapons recovered after a fatal clash or attack belong to that event.
    if context_pattern(language, "death").search(text) and max(scores.get("ARMED_CLASH", 0.0), scores.get("ATTACK", 0.0)) >= 2:
        scores.pop("DISR_WEAP", None)
        return
    if scores.get("DISR_WEAP", 0.0) < 3 or _EXPLOSION_HAPPENED.search(text):
        return
    if context_pattern(language, "death").search(text):
        return
    scores["DISR_WEAP"] += max((scores.get(code, 0.0) for code in EXPLOSION_CLASSES), default=0.0)


def _weapon_rule(text: str, language: str, scores: dict[str, float]) -> None:
    """ACLED: a chemical agent makes a chemical weapon attack however it was delivered, but a leak or an
    industrial accident is no weapon, nor an accidental explosion; what an explosion destroyed is part of the explosion, not looting or
    property destruction."""
    deliberate = context_pattern(language, "deliberate_attack").search(text)
    accident = context_pattern(language, "industrial_accident").search(text)
    if "CHEM_WEAP" in scores and not deliberate:
        if accident:
            scores["MAN_MADE_DISASTER"] = scores.get("MAN_MADE_DISASTER", 0.0) + scores.pop("CHEM_WEAP")
        else:
            scores["CHEM_WEAP"] /= 2
    if "REM_EXPLOS" in scores and accident and not deliberate:
        # A gas cylinder or a factory boiler that explodes is an accident, not a remote explosive.
        scores["MAN_MADE_DISASTER"] = scores.get("MAN_MADE_DISASTER", 0.0) + scores.pop("REM_EXPLOS")
    if scores.get("CHEM_WEAP", 0.0) >= 3:
        scores["CHEM_WEAP"] += max(scores.get(code, 0.0) for code in EXPLOSION_CLASSES)
    if max(scores.get(code, 0.0) for code in EXPLOSION_CLASSES) >= 3.5:
        scores.pop("PROPERTY_DISTRUCT", None)


def _mob_rule(scores: dict[str, float]) -> None:
    """ACLED: violence by an unorganised crowd against people or property is mob violence."""
    if scores.get("MOB_VIOL", 0.0) < 3.5:
        return
    scores["MOB_VIOL"] += max(scores.get(code, 0.0) for code in ("PROPERTY_DISTRUCT", "ATTACK", "VIOL_DEMONSTR", "ABDUCT_DISSAP"))


def _organised_crime_rule(text: str, language: str, scores: dict[str, float]) -> None:
    """Arrests and seizures in a drug, trafficking or extortion case are crime, not a political development."""
    if "ORG_CRIME" not in scores or language_code(language) != "en":
        return
    if context_pattern(language, "organised_crime").search(text) and not context_pattern(language, "political_actors").search(text):
        scores["ORG_CRIME"] += scores.get("ARREST", 0.0) + scores.get("DISR_WEAP", 0.0)


def _non_violent_transfer_rule(text: str, language: str, scores: dict[str, float]) -> None:
    """ACLED: territory that changes hands without fighting is a non-violent transfer."""
    territory = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if scores.get("NON_VIOL_TERRIT_TRANSFER", 0.0) < 2.5 or not _NO_FIGHT.search(text):
        return
    fighting = scores.get("ARMED_CLASH", 0.0) or context_pattern(language, "death").search(text) or _FIGHTING.search(text)
    if fighting and not _PEACEFUL_TRANSFER.search(text):
        return
    scores["NON_VIOL_TERRIT_TRANSFER"] += max(territory, scores.get("AGREEMENT", 0.0), scores.get("ARMED_CLASH", 0.0))


def mask_demands(text: str, language: str = "en") -> str:
    """What a crowd demands or protests against is not the event: "demanding the release of detained activists",
    "protesting the killing of a pastor" are blanked, offsets kept."""
    text = _DEMANDED_RELEASE.sub(lambda m: " " * len(m.group(0)), text)
    masked = list(text)
    for m in context_pattern(language, "protest_cause").finditer(text):
        # A term may name the part to blank (group "cause...") and keep its lead ("protested", "after").
        start = next((m.start(name) for name, value in m.groupdict().items() if value), m.start())
        masked[start:m.end()] = " " * (m.end() - start)
    return "".join(masked)


def rule_scores(text: str, language: str, hits: list[tuple[str, int, float]] | None = None) -> dict[str, float]:
    """Class scores from the cues (`hits` when already found in the masked text) after the ACLED rules
    (protest family, territory, weapons, transfers, mobs)."""
    text = mask_demands(text, language)
    scores = score_classes(text, language, hits)
    _protest_rules(text, language, scores)
    _territory_rule(text, scores)
    _disrupted_weapons_rule(text, language, scores)
    _weapon_rule(text, language, scores)
    _organised_crime_rule(text, language, scores)
    _non_violent_transfer_rule(text, language, scores)
    _mob_rule(scores)
    return scores


def best_by_rules(scores: dict[str, float], allowed: Collection[str] | None = None) -> str:
    """The highest-scoring allowed class (ties by ACLED priority); 'OTHER' when none scores."""
    priority: list[str] = load_data("sub_event_types.json")["tie_priority"]
    candidates = [c for c in priority if (allowed is None or c in allowed) and scores.get(c, 0.0) > 0]
    if not candidates:
        return "OTHER"
    return max(candidates, key=lambda c: (scores[c], -priority.index(c)))


def classify_text(text: str, language: str, allowed: Collection[str] | None = None, *,
                  learned: bool = True) -> tuple[str, float, dict[str, float]]:
    """(best class code, its score, all scores) for a text. Without the learned layer 'OTHER' with score 0 when
    nothing fires; with it, the model's guess, whose score is 0 unless one of its cues fired.

    With `learned` (English only: the model is trained on English snippets) the class is the one the learned
    layer (services.incidents.sub_event_model) prefers among the allowed ones; when it is an ACLED class other
    than the rules' choice and a cue fired, its score is lifted just above the best rule score, so that sums over
    sentences (the incident's type) follow it while the trigger threshold still sees the cue strength."""
    text = mask_demands(text, language)
    hits = cue_hits(text, language)
    scores = rule_scores(text, language, hits)
    best = best_by_rules(scores, allowed)
    model = load_model() if learned and language_code(language) == "en" else None
    if model is None:
        return best, scores.get(best, 0.0), scores
    choice = model.predict(text, hits, scores, allowed)
    # Only an ACLED class is lifted: a model guess of "natural disaster" must not silence the cues of an attack.
    if choice != best and scores and acled_labels(choice)["acled"]:
        scores[choice] = max(scores.values()) + 0.01
    return choice, scores.get(choice, 0.0), scores


def acled_labels(code: str) -> dict[str, Any]:
    """{'event_type', 'sub_event_type', 'acled'} of a class code."""
    classes: dict[str, dict[str, Any]] = load_data("sub_event_types.json")["classes"]
    return classes[code]
