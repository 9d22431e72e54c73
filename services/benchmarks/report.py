"""The benchmark's result rows: percentiles, the printed table and the JSON written next to it."""

from __future__ import annotations

import datetime
import math
import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson


@dataclass(frozen=True)
class Row:
    """One measured figure; `at_least` / `below` is its target, if it has one."""

    metric: str
    value: float | None
    unit: str = ""
    at_least: float | None = None
    below: float | None = None
    note: str = ""

    @property
    def target(self) -> str:
        if self.at_least is not None:
            return f">= {self.at_least:g}{self.unit and ' ' + self.unit}"
        if self.below is not None:
            return f"< {self.below:g}{self.unit and ' ' + self.unit}"
        return ""

    @property
    def met(self) -> bool | None:
        """None when there is no target, or no value (the measure failed)."""
        if self.value is None or (self.at_least is None and self.below is None):
            return None
        if self.at_least is not None and self.value < self.at_least:
            return False
        return not (self.below is not None and self.value >= self.below)


def percentile(values: list[float], fraction: float) -> float | None:
    """The linear-interpolated percentile (fraction 0..1), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def formatted(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    number = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{number} {unit}".strip()


def render_table(rows: list[Row]) -> str:
    """A markdown table: metric, value, target, met?"""
    lines = ["| metric | value | target | met? |", "|---|---|---|---|"]
    for row in rows:
        met = {True: "yes", False: "NO", None: ""}[row.met]
        metric = f"{row.metric} ({row.note})" if row.note else row.metric
        lines.append(f"| {metric} | {formatted(row.value, row.unit)} | {row.target} | {met} |")
    return "\n".join(lines)


def machine_info() -> dict[str, Any]:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False).stdout.strip()
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "git_commit": commit or None, "load_average": list(os.getloadavg())}


def write_results(rows: list[Row], output: Path, settings: dict[str, Any]) -> None:
    """The JSON at `output` and a README.md next to it with the same table."""
    output.parent.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    document = {"machine": machine, "settings": settings,
                "rows": [{**asdict(row), "target": row.target, "met": row.met} for row in rows]}
    output.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    (output.parent / "README.md").write_text(
        "# Latest `make bench` table\n\n"
        f"{machine['date']}, commit {machine['git_commit']}, {machine['cores']} cores, Python {machine['python']}, "
        f"load average {', '.join(f'{load:.1f}' for load in machine['load_average'])} at the end; "
        f"settings {settings}. JSON: `{output.name}` (not in git).\n\n{render_table(rows)}\n")
