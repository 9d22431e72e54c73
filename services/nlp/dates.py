"""Find date expressions (en/fr/es/pt/de) and resolve them against an article's publication time.

`find_dates(text, language)` returns {"text", "start", "end", "kind", "value"} per expression. Kinds and values:
- "absolute": {"year": int | None, "month": int, "day": int}       1 November 2019, Nov. 1, 01/11/2019
- "month": {"year": int | None, "month": int}                       in November, novembre 2019
- "year": {"year": int}                                             in 2012
- "weekday": {"weekday": 0..6}  (Monday 0)                          on Friday, vendredi, el domingo, am Freitag
- "relative_day": {"days": int}  (offset from publication)          yesterday, hier, ayer, ontem, gestern
- "relative_period": {"unit": "week"|"month"|"year", "offset": int} last week, la semaine dernière
- "ago": {"unit": "day"|"week"|"month"|"year", "amount": int}       a month ago, il y a trois jours, hace 2 días
                                                                    "comes a month after" (dates the earlier event)
- "weekend": {"offset": 0}                                          over the weekend, ce week-end, am Wochenende
A span is dated by its first day ("the night of 2 to 3 January", "samedi à dimanche", "between 7 - 8 December"
after "7 December 2020"), a named night by its day ("overnight Sunday", "in der Nacht zum Sonntag"); a day
without a year is the latest such day not after publication ("On June 12" published in January is last June).

`resolve_date(mention, published_at)` gives (date, ACLED time precision: 1 day, 2 week, 3 month), never
after the publication date. Numeric dates are read day first (01/11/2019 is 1 November) unless only the
other order is valid: the outlets we ingest are mostly international.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from services.nlp.languages import FALLBACK_LANGUAGE, language_entries, words_of_every_language
from services.nlp.numbers import find_numbers

DAY, WEEK, MONTH = 1, 2, 3

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/])")


def load_date_words() -> dict[str, Any]:
    return language_entries("date_words")


def month_names() -> set[str]:
    """Every month name and abbreviation of every language."""
    return {name for table in load_date_words().values() for name in table["months"]}


def _language_code(language: str) -> str:
    code = (language or "").lower()[:2]
    return code if code in load_date_words() else FALLBACK_LANGUAGE


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns(code: str) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, compiled pattern) in priority order for one language."""
    t = load_date_words()[code]
    # Prepositions of every language are read in text of any language, as they were when written in code.
    month_prepositions = _alternation(words_of_every_language("date_words", "month_prepositions"))
    year_prepositions = _alternation(words_of_every_language("date_words", "year_prepositions"))
    months = _alternation(list(t["months"]))
    full_months = _alternation([m for m in t["months"] if len(m) > 3 and m != "may"])
    suffix = _alternation(t["day_suffixes"])
    units = _alternation(list(t["units"]))
    number = r"\d+|[^\W\d_]+(?:[- ][^\W\d_]+)?"
    flags = re.IGNORECASE
    ago = "|".join(tpl.replace("{n}", f"(?P<n{i}>{number})").replace("{unit}", f"(?P<u{i}>{units})")
                   for i, tpl in enumerate(t["ago"]))
    connector = rf"\s*(?:{_alternation(t['range_connectors'])})\s*"
    weekdays = _alternation(list(t["weekdays"]))
    night = rf"(?:{_alternation(t['night_of'])})\s*"
    # A span is dated by its first day; a named night by the day that follows its name.
    return [
        ("day_range", re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:{suffix})?\.?{connector}\d{{1,2}}(?:{suffix})?\.?\s+(?:de\s+)?(?P<month>{months})\b\.?"
            rf"(?:,?\s+(?:de\s+)?(?P<year>\d{{4}}))?", flags)),
        ("weekday_range", re.compile(rf"(?<![\w-])(?:{night})?(?P<weekday>{weekdays})s?{connector}(?:{weekdays})s?(?![\w-])", flags)),
        ("night_of", re.compile(rf"(?<![\w-]){night}(?:(?:on|of|de|del|do|da|am|vom)\s+)?(?P<weekday>{weekdays})s?(?![\w-])", flags)),
        ("day_month", re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:{suffix})?\.?\s+(?:de\s+)?(?P<month>{months})\b\.?(?:,?\s+(?:de\s+)?(?P<year>\d{{4}}))?", flags)),
        ("month_day", re.compile(
            rf"\b(?P<month>{months})\b\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?", flags)),
        ("month_year", re.compile(rf"\b(?P<month>{full_months})\s+(?:de\s+)?(?P<year>\d{{4}})\b", flags)),
        ("month", re.compile(rf"\b(?:{month_prepositions})\s(?P<span>(?P<month>{full_months}))\b", flags)),
        ("year", re.compile(rf"\b(?:{year_prepositions}) (?P<span>(?P<year>(?:19|20)\d{{2}}))\b", flags)),
        ("ago", re.compile(rf"\b(?:{ago})\b", flags)),
        ("relative_period", re.compile(rf"\b(?P<phrase>{_alternation(list(t['relative_periods']))})\b", flags)),
        ("relative_day", re.compile(rf"(?<![\w-])(?P<phrase>{_alternation(list(t['relative_days']))})(?![\w-])", flags)),
        ("weekend", re.compile(rf"\b(?P<phrase>{_alternation(t['weekend'])})\b", flags)),
        ("weekday", re.compile(rf"(?<![\w-])(?P<weekday>{_alternation(list(t['weekdays']))})s?(?![\w-])", flags)),
    ]


def _valid(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def _numeric_dates(text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for m in _ISO.finditer(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if _valid(year, month, day):
            found.append(_mention(m, "absolute", {"year": year, "month": month, "day": day}))
    for m in _NUMERIC.finditer(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        year = year + 2000 if year < 100 else year
        day, month = (first, second) if _valid(year, second, first) else (second, first)
        if _valid(year, month, day):
            found.append(_mention(m, "absolute", {"year": year, "month": month, "day": day}))
    return found


def _mention(m: re.Match[str], kind: str, value: dict[str, Any]) -> dict[str, Any]:
    group = "span" if "span" in m.groupdict() else 0
    return {"text": m.group(group), "start": m.start(group), "end": m.end(group), "kind": kind, "value": value}


def _amount(raw: str, code: str) -> int | None:
    table = load_date_words()[code]
    if raw.lower() in table["number_articles"]:
        return 1
    numbers = find_numbers(raw, code)
    if len(numbers) == 1 and numbers[0]["end"] - numbers[0]["start"] == len(raw):
        return int(numbers[0]["value"])
    return None


def _value(kind: str, m: re.Match[str], code: str) -> tuple[str, dict[str, Any]] | None:
    t = load_date_words()[code]
    groups = {k: v for k, v in m.groupdict().items() if v is not None and k != "span"}
    if kind in ("day_month", "month_day", "day_range"):
        year = int(groups["year"]) if "year" in groups else None
        month, day = t["months"][groups["month"].lower()], int(groups["day"])
        return ("absolute", {"year": year, "month": month, "day": day}) if _valid(year, month, day) else None
    if kind in ("month_year", "month"):
        year = int(groups["year"]) if "year" in groups else None
        return "month", {"year": year, "month": t["months"][groups["month"].lower()]}
    if kind == "year":
        return "year", {"year": int(groups["year"])}
    if kind == "ago":
        raw_n = next(v for k, v in groups.items() if k.startswith("n"))
        raw_u = next(v for k, v in groups.items() if k.startswith("u"))
        amount = _amount(raw_n, code)
        return None if amount is None else ("ago", {"unit": t["units"][raw_u.lower()], "amount": amount})
    if kind == "relative_period":
        unit, offset = t["relative_periods"][groups["phrase"].lower()]
        return "relative_period", {"unit": unit, "offset": offset}
    if kind == "relative_day":
        return "relative_day", {"days": t["relative_days"][groups["phrase"].lower()]}
    if kind == "weekend":
        return "weekend", {"offset": 0}
    return "weekday", {"weekday": t["weekdays"][groups["weekday"].lower()]}


def find_dates(text: str, language: str) -> list[dict[str, Any]]:
    """Every date expression in `text`, in order, without overlaps (earlier patterns win ties)."""
    code = _language_code(language)
    candidates = _numeric_dates(text)
    for kind, pattern in _patterns(code):
        for m in pattern.finditer(text):
            parsed = _value(kind, m, code)
            if parsed is not None:
                candidates.append(_mention(m, parsed[0], parsed[1]))
    chosen: list[dict[str, Any]] = []
    for mention in sorted(candidates, key=lambda c: (-(c["end"] - c["start"]), c["start"])):
        if all(mention["end"] <= c["start"] or mention["start"] >= c["end"] for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda c: c["start"])


def _publication_date(published_at: datetime | date | str) -> date:
    if isinstance(published_at, str):
        published_at = datetime.fromisoformat(published_at)
    return published_at.date() if isinstance(published_at, datetime) else published_at


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _latest_year(month: int, day: int, year: int | None, published: date) -> date:
    if year is not None:
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))
    candidate = date(published.year, month, min(day, calendar.monthrange(published.year, month)[1]))
    return candidate if candidate <= published else date(published.year - 1, month, day)


def _resolve(kind: str, value: dict[str, Any], published: date) -> tuple[date, int]:
    if kind == "absolute":
        return _latest_year(value["month"], value["day"], value.get("year"), published), DAY
    if kind == "month":
        return _latest_year(value["month"], 1, value.get("year"), published), MONTH
    if kind == "year":
        return date(value["year"], 1, 1), MONTH
    if kind == "weekday":
        return published - timedelta(days=(published.weekday() - value["weekday"]) % 7), DAY
    if kind == "relative_day":
        return published + timedelta(days=value["days"]), DAY
    if kind == "weekend":
        return published - timedelta(days=(published.weekday() - 5) % 7), WEEK
    if kind == "relative_period":
        unit, offset = value["unit"], value["offset"]
        if unit == "week":
            return published + timedelta(weeks=offset), WEEK
        if unit == "month":
            return (_shift_months(published, offset) if offset else published), MONTH
        return (date(published.year + offset, 1, 1) if offset else published), MONTH
    unit, amount = value["unit"], value["amount"]
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * amount
    precision = {"day": DAY, "week": WEEK}.get(unit, MONTH)
    return published - timedelta(days=days), precision


def resolve_date(mention: dict[str, Any], published_at: datetime | date | str) -> tuple[date, int]:
    """The date a mention refers to and its ACLED time precision; a date after publication is clamped to it."""
    published = _publication_date(published_at)
    try:
        resolved, precision = _resolve(mention["kind"], mention["value"], published)
    except (KeyError, ValueError, OverflowError):  # OverflowError: "on Friday" published on 0001-01-01
        return published, WEEK
    if resolved > published:
        return published, max(precision, WEEK) if mention["kind"] != "weekday" else DAY
    return resolved, precision


def resolve_stated_date(mention: dict[str, Any]) -> tuple[date, int] | None:
    """The date of a mention that carries its own year (no publication date needed), else None."""
    value, kind = mention.get("value") or {}, mention.get("kind")
    if value.get("year") is None or kind not in ("absolute", "month", "year"):
        return None
    try:
        if kind == "absolute":
            return date(value["year"], value["month"], value["day"]), DAY
        return date(value["year"], value.get("month", 1), 1), MONTH
    except (KeyError, ValueError):
        return None
