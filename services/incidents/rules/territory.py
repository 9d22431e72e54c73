"""ACLED's territory rules: who took a place, and whether it changed hands without fighting."""

from __future__ import annotations

import re

from services.incidents.lexicons import context_pattern, cue_patterns, term_regex
from services.incidents.rules.base import RuleInput

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
_FIGHTING = term_regex(["under (heavy )?fire", "fighting", "clash~", "attack~", "battle~", "assault~", "offensive",
                         "forc(ed|ing) (\\S+ ){0,4}to (retreat|withdraw|flee)", "siege", "overran", "overrun", "stormed", "routed", "defeat~"])
_NO_FIGHT = term_regex(["withdr~", "pulled out", "handed over", "handover", "without (a fight|fighting|resistance|clashes|a shot|firing)",
                        "retreat~", "vacated", "abandoned", "handed (\\w+ ){0,3}(control|it|them)", "relinquish~", "transferr~"])
# Said outright, a peaceful handover outweighs any fighting word elsewhere in the snippet.
_PEACEFUL_TRANSFER = term_regex(["without (a fight|fighting|resistance|clashes|firing|a shot|a single shot)", "peaceful(ly)?",
                                 "under (an|the|a) (\\w+ ){0,2}(agreement|deal|accord)", "as part of (an|the|a) (\\w+ ){0,2}(agreement|deal)"])


def territory_taken(sentence: RuleInput) -> dict[str, float]:
    """A captured place belongs to whoever took it (the subject of the clause), and the fighting that took it
    is part of the capture."""
    text, scores = sentence.text, dict(sentence.scores)
    gained = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if not gained:
        return scores
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
        return scores
    winner, loser = (
        ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT")
        if non_state is not None and (state is None or non_state.start() <= state.start())
        else ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")
    )
    # ACLED: the fighting that wins a place is coded as the territory change.
    scores[winner] = gained + 1 + (scores.pop("ARMED_CLASH", 0.0) if gained >= 2.5 else 0.0)
    scores.pop(loser, None)
    return scores


def non_violent_transfer(sentence: RuleInput) -> dict[str, float]:
    """Territory that changes hands without fighting is a non-violent transfer."""
    text, language, scores = sentence.text, sentence.language, dict(sentence.scores)
    territory = max(scores.get("GOV_REGAINS_TERIT", 0.0), scores.get("NON_STATE_ACTOR_OVERTAKES_TER", 0.0))
    if scores.get("NON_VIOL_TERRIT_TRANSFER", 0.0) < 2.5 or not _NO_FIGHT.search(text):
        return scores
    fighting = scores.get("ARMED_CLASH", 0.0) or context_pattern(language, "death").search(text) or _FIGHTING.search(text)
    if fighting and not _PEACEFUL_TRANSFER.search(text):
        return scores
    scores["NON_VIOL_TERRIT_TRANSFER"] += max(territory, scores.get("AGREEMENT", 0.0), scores.get("ARMED_CLASH", 0.0))
    return scores
