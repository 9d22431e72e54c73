"""A deterministic, realistic article mix for the end-to-end benchmark: the seeds (incident reports in
en/fr/es/pt/de, figurative-violence and other news in English) and news without incidents in every
language (data/other_news.json), each cut short, kept, or lengthened with same-language paragraphs."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from services.ingest.reader import expand_paths, normalise_article, read_article_file

OTHER_NEWS = Path(__file__).with_name("data") / "other_news.json"
LENGTHS = ("short", "medium", "long")
SHORT_WORDS = 70
LONG_FACTOR = 3


SEED_LANGUAGE = re.compile(r"^\d+_(?P<code>[a-z]{2})_")


def seed_originals(seeds: Path) -> list[tuple[str, dict[str, Any]]]:
    """(language, article) of the valid seeds (malformed files are left out: they never reach a stage); the
    language from the article, else its file name (`001_fr_...`), else English."""
    originals = []
    for path in expand_paths([seeds]):
        named = SEED_LANGUAGE.match(path.name)
        for article in read_article_file(path).articles:
            originals.append((article.get("language") or (named["code"] if named else "en"), article))
    return originals


def other_news_originals() -> list[dict[str, Any]]:
    """The non-incident news of data/other_news.json as raw articles."""
    items = orjson.loads(OTHER_NEWS.read_bytes())
    return [{"url": f"https://other-news.example/{item['language']}/{number}", "title": item["title"],
             "published_at": "2023-10-30T08:00:00Z", "source": "Other News", "language": item["language"],
             "text": "\n\n".join(item["paragraphs"])} for number, item in enumerate(items)]


def paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n\n") if part.strip()] or [text]


def shortened(text: str) -> str:
    """The leading paragraphs up to about SHORT_WORDS words (at least the first one): a brief."""
    kept: list[str] = []
    for paragraph in paragraphs(text):
        if kept and sum(len(p.split()) for p in kept) + len(paragraph.split()) > SHORT_WORDS:
            break
        kept.append(paragraph)
    return "\n\n".join(kept)


def lengthened(text: str, language: str, fillers: Sequence[dict[str, Any]], rng: random.Random) -> str:
    """The text followed by other-news paragraphs of its language (no new incident), LONG_FACTOR times as long."""
    pool = [p for filler in fillers if filler.get("language") == language for p in paragraphs(filler["text"])]
    pool = pool or [p for filler in fillers for p in paragraphs(filler["text"])]
    parts = [text]
    while sum(len(part) for part in parts) < LONG_FACTOR * len(text):
        parts.append(rng.choice(pool))
    return "\n\n".join(parts)


def article_mix(count: int, seeds: Path, seed: int = 13, label: str = "mix") -> list[dict[str, Any]]:
    """`count` raw articles with their ids, the same for the same arguments; `label` keeps ids of two
    mixes apart (their URLs differ)."""
    fillers = other_news_originals()
    originals = seed_originals(seeds) + [(filler["language"], filler) for filler in fillers]
    rng = random.Random(seed)
    articles = []
    for index in range(count):
        language, base = originals[index] if index < len(originals) else rng.choice(originals)
        length = rng.choice(LENGTHS)
        text = base["text"]
        if length == "short":
            text = shortened(text)
        elif length == "long":
            text = lengthened(text, language, fillers, rng)
        separator = "&" if "?" in base["url"] else "?"
        raw = {key: value for key, value in base.items() if key != "id"}
        raw.update(url=f"{base['url']}{separator}bench={label}-{index}-{length}", text=text)
        articles.append(normalise_article(raw))
    return articles
