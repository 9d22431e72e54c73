"""Lists of incident ids under string keys of the merger's index table (index keys, retention days)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any


class IdLists:
    """Incident ids listed under keys of one mapping; a list is always assigned anew, never mutated in place,
    because faust logs a table write to its changelog on assignment only."""

    def __init__(self, table: MutableMapping[str, Any]) -> None:
        self.table = table

    def ids(self, key: str) -> list[str]:
        return list(self.table.get(key) or [])

    def append(self, key: str, incident_id: str) -> None:
        ids = self.ids(key)
        if incident_id not in ids:
            self.table[key] = [*ids, incident_id]

    def discard(self, key: str, incident_id: str) -> int:
        """Remove one id from a list; returns 1 when that deleted the key."""
        ids = self.ids(key)
        if incident_id not in ids:
            return 0
        ids.remove(incident_id)
        if ids:
            self.table[key] = ids
            return 0
        del self.table[key]
        return 1
