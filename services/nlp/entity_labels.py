"""The contract's entity labels (docs/contracts.md: PER, ORG, LOC, GPE, NORP, MISC) that name places."""

from __future__ import annotations

PLACE_LABELS = frozenset({"LOC", "GPE"})  # an entity with one of these labels is a place
