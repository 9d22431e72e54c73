"""Report aliases in the merger's index table: where each report merged, so a replayed report goes
back to the incident it went to the first time."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

ALIAS_PREFIX = "report:"  # report:<event incident_id> -> [incident id it merged into]


class ReportAliases:
    def __init__(self, table: MutableMapping[str, Any]) -> None:
        self.table = table

    def incident_of(self, report_id: str) -> str | None:
        """The incident a report merged into before, or None."""
        alias = self.table.get(ALIAS_PREFIX + report_id)
        return str(alias[0]) if alias else None

    def point(self, report_id: str, incident_id: str) -> None:
        self.table[ALIAS_PREFIX + report_id] = [incident_id]

    def forget(self, incident_id: str, incident: dict[str, Any]) -> int:
        """Delete the aliases of the incident's reports that still point at it; returns how many."""
        deleted = 0
        for report in incident.get("reports") or []:
            alias = ALIAS_PREFIX + str(report)
            if (self.table.get(alias) or [None])[0] == incident_id:
                del self.table[alias]
                deleted += 1
        return deleted
