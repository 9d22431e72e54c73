"""Measuring helpers of the benchmarks: resident memory and articles to feed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from services.ingest.reader import expand_paths, read_article_file


def rss_bytes(pid: str = "self") -> int:
    """Current resident set size of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def seed_articles(seeds: Path, count: int) -> list[dict[str, Any]]:
    """`count` articles cycling through the valid seeds, each with its own id and URL."""
    originals = [a for path in expand_paths([seeds]) for a in read_article_file(path).articles]
    if not originals:
        raise SystemExit(f"no valid articles in {seeds}")
    articles = []
    for index in range(count):
        article = copy.deepcopy(originals[index % len(originals)])
        article["id"] = f"{article['id']}-{index}"
        article["url"] = f"{article['url']}?copy={index}"
        articles.append(article)
    return articles
