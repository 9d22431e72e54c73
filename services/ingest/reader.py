"""Reads article files for publishing: JSON (one object or a list), JSON Lines, or the markdown layout
of the seed articles (`# title`, `Published at: **...**`, `Author: **...**`, `Original: [source](url)`, body).

Every article comes back either valid (schema-checked, with a stable id) or as a Rejection saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from services.core.schemas import validate
from services.core.timestamps import read_timestamp
from services.core.wire import InvalidMessage
from services.ingest.raw_fields import normalise_raw_fields

JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MARKDOWN_SUFFIXES = {".txt", ".md", ".markdown"}

TITLE = re.compile(r"^#\s+(?P<value>.+?)\s*$", re.MULTILINE)
PUBLISHED = re.compile(r"^Published at:\s*\*\*(?P<value>[^*]+)\*\*\s*$", re.MULTILINE)
AUTHOR = re.compile(r"^Author:\s*\*\*(?P<value>[^*]*)\*\*\s*$", re.MULTILINE)
ORIGINAL = re.compile(r"^Original:\s*\[(?P<source>[^\]]*)\]\((?P<url>[^)\s]+)\)\s*$", re.MULTILINE)
LANGUAGE = re.compile(r"^Language:\s*\*\*(?P<value>[^*]+)\*\*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Rejection:
    path: Path
    item: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}" + (f" item {self.item}" if self.item is not None else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    articles: list[dict[str, Any]]
    rejections: list[Rejection]


def parse_markdown_article(content: str) -> dict[str, Any]:
    """The seed layout to a raw article; raises InvalidMessage when a required part is missing."""
    original = ORIGINAL.search(content)
    if original is None:
        raise InvalidMessage("no 'Original: [source](url)' line, so the article has no URL")
    body = content[original.end():].strip("\n")
    text = "\n".join(line.strip() for line in body.splitlines()).strip()
    if not text:
        raise InvalidMessage("the article has no body text after the 'Original:' line")
    article: dict[str, Any] = {"url": original["url"], "source": original["source"].strip() or None, "text": text}
    if title := TITLE.search(content[: original.start()]):
        article["title"] = title["value"]
    if published := PUBLISHED.search(content):
        article["published_at"] = published["value"].strip()
    if author := AUTHOR.search(content):
        article["author"] = author["value"].strip() or None
    if language := LANGUAGE.search(content):
        article["language"] = language["value"].strip()
    return article


def normalise_article(article: dict[str, Any]) -> dict[str, Any]:
    """Schema-check a raw article, trim its url and give it its stable id; raises InvalidMessage with the
    reason. `published_at` goes out as written, in any form the language stage reads; one it cannot read
    is refused here, where the person publishing can still fix it (the stream would keep the article
    without a date)."""
    validate("raw_article", article)
    published = read_timestamp(article.get("published_at"))
    if published.problem:
        raise InvalidMessage(f"published_at {article['published_at']!r} is not a date in any accepted form "
                             f"({published.problem}); see published_at in schemas/v1/raw_article.schema.json")
    normalised = normalise_raw_fields(article)
    return {**article, "url": normalised["url"], "id": normalised["id"]}


def _items_of(path: Path, content: bytes) -> list[Any]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return [_loads(line, f"line {number}") for number, line in enumerate(content.splitlines(), 1) if line.strip()]
    if suffix in JSON_SUFFIXES:
        loaded = _loads(content, "file")
        return loaded if isinstance(loaded, list) else [loaded]
    if suffix in MARKDOWN_SUFFIXES:
        return [parse_markdown_article(_text(content))]
    raise InvalidMessage(f"unsupported file type {suffix or '(none)'}; use .json, .jsonl or .txt/.md")


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidMessage(f"not UTF-8 text (byte {error.start})") from error


def _loads(content: bytes, where: str) -> Any:
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError as error:
        raise InvalidMessage(f"invalid JSON in {where}: {error}") from error


def read_article_file(path: Path) -> ArticleFile:
    try:
        content = path.read_bytes()
        if not content.strip():
            raise InvalidMessage("empty file")
        items = _items_of(path, content)
    except (InvalidMessage, OSError) as error:
        return ArticleFile(path, [], [Rejection(path, None, str(error))])
    articles, rejections = [], []
    for index, item in enumerate(items):
        label = index if len(items) > 1 else None
        if not isinstance(item, dict):
            rejections.append(Rejection(path, label, f"expected a JSON object, got {type(item).__name__}"))
            continue
        try:
            articles.append(normalise_article(item))
        except InvalidMessage as error:
            rejections.append(Rejection(path, label, str(error)))
    return ArticleFile(path, articles, rejections)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the article files inside given directories, in name order."""
    suffixes = JSON_SUFFIXES | JSONL_SUFFIXES | MARKDOWN_SUFFIXES
    expanded: list[Path] = []
    for path in paths:
        if path.is_dir():
            expanded.extend(sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in suffixes and not p.name.upper().startswith("README")
            ))
        else:
            expanded.append(path)
    return expanded
