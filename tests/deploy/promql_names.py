"""Pulls metric and label names out of PromQL expressions, without a full PromQL parser.

Good enough for the expressions in our rules and dashboards: strings, label matchers and range
selectors are removed first, grouping clauses (`by (...)`, `on (...)`, ...) yield label names, and the
identifiers left over that are not keywords or function calls are metric names.
"""

from __future__ import annotations

import re

STRING = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')
MATCHERS = re.compile(r"\{([^{}]*)\}")
MATCHER_LABEL = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")
RANGE = re.compile(r"\[[^\[\]]*\]")
GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)")
IDENTIFIER = re.compile(r"(?<![\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:])(\s*\()?")
KEYWORDS = frozenset({
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    "and", "or", "unless", "atan2", "inf", "nan", "Inf", "NaN",
})
GRAFANA_LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(.*?)\s*,\s*([a-zA-Z_]\w*)\s*\)\s*$")


def _without_strings(expr: str) -> str:
    return STRING.sub('""', expr)


def metric_names(expr: str) -> set[str]:
    """Metric names an expression selects (bare, or followed by `{` or `[`)."""
    text = RANGE.sub("", MATCHERS.sub("", _without_strings(expr)))
    text = GROUPING.sub("", text)
    names = set()
    for match in IDENTIFIER.finditer(text):
        name, call = match.group(1), match.group(2)
        if call or name in KEYWORDS:
            continue
        names.add(name)
    return names


def label_names(expr: str) -> set[str]:
    """Label names an expression matches on or groups by."""
    text = _without_strings(expr)
    labels: set[str] = set()
    for matchers in MATCHERS.findall(text):
        labels |= set(MATCHER_LABEL.findall(matchers))
    for grouping in GROUPING.findall(RANGE.sub("", MATCHERS.sub("", text))):
        labels |= {label.strip() for label in grouping.split(",") if label.strip()}
    return labels


def grafana_variable_expr(query: str) -> str:
    """The PromQL inside a Grafana variable query: `label_values(expr, label)` -> `expr`."""
    match = GRAFANA_LABEL_VALUES.match(query)
    return match.group(1) if match else query


def series_metric_name(series: str) -> str:
    """The metric name of a promtool input series like `name{label="value"}`."""
    return series.split("{", 1)[0].strip()
