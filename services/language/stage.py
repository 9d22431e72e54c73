"""The language stage: raw article in, article with `language` (and a stable `id`) out."""

from __future__ import annotations

from typing import Any

from services.core.ids import article_id_from_url
from services.core.settings import Settings
from services.core.stage import Message, StageFunction
from services.language.detect import build_detector, detect_language


def build_language_stage(settings: Settings) -> StageFunction:
    detector = build_detector(settings.language_codes(), settings.language_low_accuracy)

    def enrich_language(article: Message) -> list[Message]:
        enriched: dict[str, Any] = dict(article)
        enriched["id"] = article.get("id") or article_id_from_url(article["url"])
        hint = article.get("language")
        if isinstance(hint, dict):  # already enriched once: a replay through the stage stays idempotent
            hint = hint.get("hint")
        sample = "\n".join(part for part in (article.get("title") or "", article["text"]) if part)
        guess = detect_language(detector, sample, settings.language_min_chars, settings.language_min_confidence)
        enriched["language"] = {"code": guess.code, "confidence": guess.confidence, "hint": hint}
        return [enriched]

    return enrich_language
