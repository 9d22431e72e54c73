"""The language stage: raw article in, article with `language` (and a stable `id`, a trimmed `url` and an
RFC 3339 `published_at`: see services/ingest/raw_fields.py) out."""

from __future__ import annotations

from typing import Any

from services.core.settings import Settings
from services.core.stage import Message, StageFunction
from services.ingest.raw_fields import normalise_raw_fields
from services.language.detect import build_detector, detect_language


def build_language_stage(settings: Settings) -> StageFunction:
    detector = build_detector(settings.language_codes(), settings.language_low_accuracy)

    def enrich_language(article: Message) -> list[Message]:
        enriched: dict[str, Any] = normalise_raw_fields(article)
        hint = article.get("language")
        if isinstance(hint, dict):  # already enriched once: a replay through the stage stays idempotent
            hint = hint.get("hint")
        sample = "\n".join(part for part in (article.get("title") or "", article["text"]) if part)
        guess = detect_language(detector, sample, settings.language_min_chars, settings.language_min_confidence)
        enriched["language"] = {"code": guess.code, "confidence": guess.confidence, "hint": hint}
        return [enriched]

    return enrich_language
