"""The whole in-process pipeline on inputs that once took tens of seconds (quadratic paths), timed.

Each is a raw message a producer may send; the outcome is where it ended: enriched with N incidents,
or the stage that refused it and why (a dead letter in streaming). Place-name lists come from the
gazetteer, so they match as many candidates as a real list of homonyms would.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

import orjson

from services.core.inprocess import InProcessPipeline
from services.core.settings import Settings
from services.gazetteer.lookup import open_gazetteer

ATTACK = "Gunmen killed 12 soldiers in an attack on an army post near Menaka, Mali, on Friday. "
ADVERSARIAL_TEXTS = {
    "'Mali' + 100 KB of blanks": "Mali " + " " * 100_000,
    "'Mali ' x 30,000 (150 KB)": "Mali " * 30_000,
    "attack sentence repeated to 51 KB": ATTACK * (51_000 // len(ATTACK)),
    "40 KB of nested brackets": "Mali " + "([{" * 6_700 + "}])" * 6_700,
    "attack sentence repeated to 900 KB": ATTACK * (900_000 // len(ATTACK)),
}
NESTING_LEVELS = 400  # orjson decodes up to 1,024 levels but encodes only 255


def place_names(settings: Settings, count: int, ambiguous: bool) -> list[str]:
    """Distinct names of populated places, the most populous first, or those that name three or more."""
    gazetteer = open_gazetteer(settings)
    try:
        connection = gazetteer._connection  # a bench reads the index directly
        if ambiguous:
            query = ("SELECT p.name FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE p.feature_class = 'P' "
                     "GROUP BY n.name HAVING count(*) >= 3 ORDER BY count(*) DESC, n.name LIMIT ?")
        else:
            query = "SELECT name FROM places WHERE feature_class = 'P' GROUP BY name ORDER BY max(population) DESC LIMIT ?"
        return [row[0] for row in connection.execute(query, (count,))]
    finally:
        gazetteer.close()


def raw(text: str, number: int) -> bytes:
    return orjson.dumps({"url": f"https://bench.example/{number}", "text": text, "published_at": "2019-11-04T10:00:00Z"})


def adversarial_messages(settings: Settings) -> dict[str, Callable[[int], bytes]]:
    """Name -> the raw message (built lazily: some need the gazetteer)."""
    def of_text(text: str) -> Callable[[int], bytes]:
        return lambda number: raw(text, number)

    messages = {name: of_text(text) for name, text in ADVERSARIAL_TEXTS.items()}

    def nested(number: int) -> bytes:
        article = raw(ATTACK, number)[:-1]
        return article + b',"extra":' + b"[" * NESTING_LEVELS + b"]" * NESTING_LEVELS + b"}"

    def listing(count: int, ambiguous: bool, limit_chars: int | None = None) -> Callable[[int], bytes]:
        def build(number: int) -> bytes:
            names = place_names(settings, count, ambiguous)
            text = "Fighting was reported in " + ", ".join(names) + "."
            return raw(text[:limit_chars] if limit_chars else text, number)
        return build

    messages[f"valid article with a {NESTING_LEVELS}-level nested extra field"] = nested
    messages["2,500 place names"] = listing(2_500, ambiguous=False)
    messages["5,000 ambiguous place names"] = listing(5_000, ambiguous=True)
    messages["60 KB list of homonyms"] = listing(20_000, ambiguous=True, limit_chars=60_000)
    return messages


def bench_adversarial_inputs() -> None:
    settings = Settings()
    pipeline = InProcessPipeline(settings)
    pipeline.run({"url": "https://bench.example/warm", "text": ATTACK})  # models load outside the timings
    worst = 0.0
    for number, (name, build) in enumerate(adversarial_messages(settings).items()):
        value = build(number)
        started = time.perf_counter()
        result = pipeline.run_bytes(value)
        seconds = time.perf_counter() - started
        worst = max(worst, seconds)
        outcome = (f"refused at {result.failed_stage}: {result.reason}" if result.failed_stage
                   else f"enriched, {len(result.incident_events)} incident events")
        print(f"input {name} ({len(value):,} bytes): {seconds:.2f}s, {outcome}", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"worst {worst:.2f}s per message; peak RSS {peak_mb:.0f} MB")
