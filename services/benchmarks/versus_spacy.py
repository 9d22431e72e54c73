"""`incident-stream process` against spaCy's full small English pipeline on the same texts, each a
subprocess timed from start to exit (start-up included)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

SPACY_PIPE = """
import sys, orjson, spacy
texts = orjson.loads(open(sys.argv[1], "rb").read())
nlp = spacy.load(sys.argv[2])
for _ in nlp.pipe(texts):
    pass
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    # `process` exits 1 when an article was dead-lettered: the timing still holds; anything else is a failure.
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{command[:4]} exited {run.returncode}: {run.stderr.decode(errors='replace')[-2000:]}")
    return seconds


def process_rate(articles: list[dict[str, Any]], workdir: Path) -> float:
    """Articles/s of `incident-stream process` on the articles, start-up included."""
    mix = workdir / "mix.jsonl"
    mix.write_bytes(b"".join(orjson.dumps(article) + b"\n" for article in articles))
    seconds = timed([sys.executable, "-m", "services.cli.main", "process", str(mix), "-o", str(workdir / "out.jsonl")])
    return len(articles) / seconds


def spacy_rate(articles: list[dict[str, Any]], workdir: Path, model: str) -> float:
    """Articles/s of spaCy's whole pipeline `model` over the article texts, start-up included."""
    texts = workdir / "texts.json"
    texts.write_bytes(orjson.dumps([article["text"] for article in articles]))
    return len(articles) / timed([sys.executable, "-c", SPACY_PIPE, str(texts), model])
