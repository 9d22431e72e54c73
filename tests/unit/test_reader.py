"""Reading article files for publishing: the seed layout, JSON, JSONL, and clear rejections."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from services.ingest.reader import expand_paths, read_article_file
from tests.conftest import REPO, SEED_ARTICLE

pytestmark = pytest.mark.unit


def test_reads_the_seed_article_layout() -> None:
    parsed = read_article_file(SEED_ARTICLE)
    assert not parsed.rejections
    article = parsed.articles[0]
    assert article["title"] == "Mali mourns soldiers killed in deadliest attack by Jihadists on the country."
    assert article["published_at"] == "2019-11-05T14:34:05+00:00"
    assert article["author"] == "William Niba" and article["source"] == "RFI"
    assert article["url"].startswith("http://en.rfi.fr/africa/20191104-mali-mourns")
    assert article["text"].startswith("Malian President Ibrahim Boubacar Keita")
    assert "Indelimane" in article["text"] and len(article["id"]) == 16


def test_jsonl_gives_one_article_per_line(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    lines = [{"url": "https://a.example/1", "text": "one"}, {"url": "https://a.example/2", "text": "two", "id": "given"}]
    path.write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\n")
    parsed = read_article_file(path)
    assert [article["text"] for article in parsed.articles] == ["one", "two"]
    assert parsed.articles[1]["id"] == "given"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("nourl.txt", b"# Title\n\nPublished at: **2020-01-01T00:00:00Z**\n\nbody", "no 'Original"),
        ("nobody.md", b"# T\n\nOriginal: [S](https://s.example/a)\n\n", "no body text"),
        ("broken.json", b'{"url": "https://x.example", "text": "a', "invalid JSON"),
        ("missing.json", b'{"text": "no url"}', "'url' is a required property"),
        ("when.json", b'{"url": "https://x.example", "text": "t", "published_at": "yesterday"}', "published_at"),
        ("latin1.txt", "# T\n\nOriginal: [S](https://s.example/a)\n\ncaf\u00e9".encode("latin-1"), "not UTF-8"),
        ("article.pdf", b"%PDF", "unsupported file type"),
    ],
)
def test_malformed_files_are_rejected_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    parsed = read_article_file(path)
    assert not parsed.articles
    assert len(parsed.rejections) == 1 and reason in parsed.rejections[0].reason


@pytest.mark.parametrize("published_at", ["2018-01-29", "2018-01-29 10:00", "Mon, 29 Jan 2018 10:00:00 GMT",
                                          1517220000, "1517220000000"])
def test_every_accepted_publication_form_is_published_as_written(tmp_path: Path, published_at: object) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(orjson.dumps({"url": "\n  https://a.example/1 ", "id": " feed-1 ", "text": "t",
                                   "published_at": published_at}))
    parsed = read_article_file(path)
    assert not parsed.rejections
    article = parsed.articles[0]
    assert (article["url"], article["id"], article["published_at"]) == ("https://a.example/1", "feed-1", published_at)


def test_seeds_directory_publishes_valid_articles_and_rejects_malformed_ones() -> None:
    files = expand_paths([REPO / "seeds"])
    assert not any(path.name.upper().startswith("README") for path in files)
    results = [read_article_file(path) for path in files]
    rejected = {r.path.name for result in results for r in result.rejections}
    published = [a for result in results for a in result.articles]
    assert rejected and all(name.startswith("9") for name in rejected)
    assert len(published) >= 13
    assert len({article["id"] for article in published}) == len(published)
