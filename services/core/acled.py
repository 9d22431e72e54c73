"""ACLED codebook values every stage shares: the actor type ("inter") codes."""

from __future__ import annotations

from enum import IntEnum


class Inter(IntEnum):
    """ACLED actor type (the codebook's inter1/inter2). An int on the wire: records carry the bare code."""

    NONE = 0
    STATE_FORCES = 1
    REBEL_GROUPS = 2
    POLITICAL_MILITIAS = 3
    IDENTITY_MILITIAS = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL_FORCES = 8  # external/other forces, e.g. state forces operating abroad


# Organised armed groups that are not a state: the other side of a battle with state forces.
NON_STATE_ARMED = (Inter.REBEL_GROUPS, Inter.POLITICAL_MILITIAS, Inter.IDENTITY_MILITIAS)
# Crowds: never the perpetrator of an armed attack.
CROWDS = (Inter.RIOTERS, Inter.PROTESTERS)
