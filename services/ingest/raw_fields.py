"""What producers send on articles.raw, made strict for the enriched topics without losing anything.

`url` and `id` lose surrounding whitespace (XML feeds deliver it); a blank `id` is derived from the URL.
`published_at` in any form `services.core.timestamps` reads becomes RFC 3339 with its precision; the
value as sent stays in `published_at_raw` when it differs. A value that cannot be read (or is before
1900 or in the future) leaves `published_at` null and is noted in `ingest_warnings`, which the worker
counts: the article itself is kept.
"""

from __future__ import annotations

from datetime import datetime

from services.core.ids import article_id_from_url
from services.core.stage import Message
from services.core.timestamps import read_timestamp


def normalise_raw_fields(article: Message, now: datetime | None = None) -> Message:
    """A copy of the raw article with `url`, `id` and `published_at` normalised. Idempotent: an enriched
    article run through again reads its `published_at_raw`, so the original and the warnings stay as they were."""
    normalised = dict(article)
    normalised["url"] = str(article["url"]).strip()
    normalised["id"] = str(article.get("id") or "").strip() or article_id_from_url(normalised["url"])
    original = article["published_at_raw"] if "published_at_raw" in article else article.get("published_at")
    if original is None:
        return normalised
    reading = read_timestamp(original, now)
    normalised["published_at"] = reading.rfc3339
    normalised["published_at_precision"] = reading.precision
    normalised.pop("published_at_raw", None)
    if original != reading.rfc3339:
        normalised["published_at_raw"] = original
    warnings = [warning for warning in article.get("ingest_warnings") or []
                if not (isinstance(warning, dict) and warning.get("field") == "published_at")]
    if reading.problem:
        warnings.append({"field": "published_at", "reason": reading.problem})
    normalised.pop("ingest_warnings", None)
    if warnings:
        normalised["ingest_warnings"] = warnings
    return normalised
