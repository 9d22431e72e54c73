"""Every hand-set weight of the incident stage, named, with why it has the value it has.

Changing one changes `make eval`; run it before and after. Rule thresholds on cue scores live with their
rule (services/incidents/rules/), since they read the cue weights of data/sub_event_cues.json.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PerpetratorWeights:
    """How much the text makes an actor the perpetrator of an incident (services.incidents.actors)."""

    claim_after: float = 5.0  # "X claimed responsibility": the strongest evidence there is
    active_verb: float = 3.0  # "X attacked": an active violent verb right after the actor
    claimed_by: float = 5.0  # "responsibility was claimed by X": a claim, passive voice
    violent_by: float = 2.0  # "killed by X": passive, weaker than a claim (the agent may be a weapon or a vehicle)
    non_state: float = 1.0  # ACLED incidents are mostly by armed non-state groups: a tie-breaker towards them
    crowd_or_civilians: float = -3.0  # protesters and civilians are far more often victims than perpetrators
    claimant: float = 6.0  # the subject of a claim verb in the group's sentences outranks any verb evidence
    state_when_state_victims: float = -4.0  # state forces that are the victims are not also the attackers
    min_actor1: float = 2.0  # below this nothing in the text points at the actor: no actor1 rather than a guess
    attribution_overrides_below: float = 5.0  # an explicit attribution ("attributed to X") beats weaker evidence


@dataclass(frozen=True)
class ConfidenceWeights:
    """An incident event's confidence: a base plus what makes it codeable by ACLED's standards."""

    base: float = 0.45  # a trigger with context alone is a coin flip a little under even
    casualties: float = 0.15  # a stated toll is the most checkable fact of a report
    exact_date: float = 0.1  # day precision
    precise_place: float = 0.1  # a place at geo_precision 1 or 2, not just a country
    perpetrator: float = 0.1  # an actor1 was found
    corroborated: float = 0.05  # more than one trigger sentence tells the same incident
    figurative_domain: float = -0.2  # sport, business or culture words nearby: maybe a figurative "attack"
    floor: float = 0.05  # never certain it is wrong ...
    ceiling: float = 0.95  # ... nor that it is right


@dataclass(frozen=True)
class MainIncidentWeights:
    """Which incident an article is about (services.incidents.stage, `main`)."""

    title_overlap: float = 2.0  # the headline names the story: shared words weigh most
    position: float = 1.0  # times 1/(1 + first sentence index): news puts the story first
    deadliness: float = 1.0  # times fatalities / the article's top toll: the deadliest is usually the story


@dataclass(frozen=True)
class ClassWeights:
    """Summing sentence class scores into the incident's class (services.incidents.attributes.choose_class)."""

    first_trigger: float = 1.5  # the first trigger sentence usually states the event itself
    later_trigger: float = 1.0  # later ones add detail, and sometimes other events
    actor_logic: float = 3.0  # ACLED's actor logic (battle vs attack) outweighs one strong cue


PERPETRATOR = PerpetratorWeights()
CONFIDENCE = ConfidenceWeights()
MAIN_INCIDENT = MainIncidentWeights()
CLASS = ClassWeights()
# A learned-layer choice other than the rules' is lifted this much above the best rule score: just enough to win
# the sums over sentences, too little to change which sentences trigger.
LEARNED_LIFT = 0.01
