"""The whole in-process pipeline on inputs that once took tens of seconds (quadratic paths), timed.

Each is a schema-valid article; the outcome is where it ended: enriched with N incidents, or the stage
that refused it and why (a dead letter in streaming).
"""

from __future__ import annotations

import time

from services.core.inprocess import InProcessPipeline
from services.core.settings import Settings

ATTACK = "Gunmen killed 12 soldiers in an attack on an army post near Menaka, Mali, on Friday. "
ADVERSARIAL_TEXTS = {
    "'Mali' + 100 KB of blanks": "Mali " + " " * 100_000,
    "'Mali ' x 30,000 (150 KB)": "Mali " * 30_000,
    "attack sentence repeated to 51 KB": ATTACK * (51_000 // len(ATTACK)),
    "40 KB of nested brackets": "Mali " + "([{" * 6_700 + "}])" * 6_700,
}


def bench_adversarial_inputs() -> None:
    pipeline = InProcessPipeline(Settings())
    pipeline.run({"url": "https://bench.example/warm", "text": ATTACK})  # models load outside the timings
    for number, (name, text) in enumerate(ADVERSARIAL_TEXTS.items()):
        article = {"url": f"https://bench.example/{number}", "text": text, "published_at": "2019-11-04T10:00:00Z"}
        started = time.perf_counter()
        result = pipeline.run(article)
        seconds = time.perf_counter() - started
        outcome = (f"refused at {result.failed_stage}: {result.reason}" if result.failed_stage
                   else f"enriched, {len(result.incident_events)} incident events")
        print(f"input {name}: {seconds:.2f}s, {outcome}")
