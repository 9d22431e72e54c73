"""Nasty but schema-valid articles through every stage and the merger: none crashes a stage.

A valid article either comes out enriched (with sound incidents) or is refused as too large, said
plainly; anything else would dead-letter a legitimate article. Inputs are deterministic (fixed
seeds, hypothesis derandomized) so a failure here reproduces.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.core.inprocess import InProcessPipeline, PipelineResult
from services.core.schemas import validate
from services.core.settings import Settings
from services.incidents.merge_state import MergeState
from services.ingest.reader import expand_paths, read_article_file

pytestmark = pytest.mark.unit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PUBLISHED = "2019-11-05T14:34:05+00:00"
ATTACK = "Gunmen killed 12 people in Menaka, Mali on Friday. "

NASTY_TEXTS: dict[str, str] = {
    "punctuation": "!!!???...,,,;;;:::---___'''\"\"\"",
    "emoji": "🔥💥😀 🇲🇱🇳🇬 💀 👨‍👩‍👧" * 5,
    "whitespace": " \t\n\r\u00a0\u2003\u200b\u3000 \n\n ",
    "control": "\x00\x01\x02\x07\x1b\x7f\u202e\ufeff\u2028\u2029",
    "arabic": "قتل 12 شخصا في هجوم على قرية في مالي يوم الجمعة. " * 3,
    "chinese": "星期五，马里的一个村庄遭到袭击，造成12人死亡。" * 3,
    "japanese": "金曜日、マリの村が襲撃され、12人が死亡した。",
    "devanagari": "शुक्रवार को माली के एक गांव पर हमले में 12 लोग मारे गए।" * 3,
    "hebrew": "12 בני אדם נהרגו בהתקפה על כפר במאלי ביום שישי." * 3,
    "mixed scripts": "Gunmen قتل killed 12 人 in Menaka मारे שישי Friday, Мали.",
    "long word": "a" * 50_000,
    "long capitalised word": "Mali" + "A" * 50_000 + " killed 5",
    "long blank run": "Mali " + " " * 100_000 + " killed 5",
    "huge power": "10^400 people were killed in Mali on Friday.",
    "beyond 64 bits": "999999999999999999999 killed in Menaka, Mali.",
    "five thousand digits": "1" * 5000 + " killed in Mali",
    "huge grouped": "1e400 killed; 1,000,000,000,000,000,000,000,000 injured in Mali.",
    "number words": ("Twelve hundred thousand million billion dozen dozens of scores killed, one two three four "
                     "hundred and five injured in Mali. half a million killed. zero killed. minus five killed."),
    "stacked multipliers": "thousand " * 40 + "people were killed in Mali",
    "impossible dates": ("On 31 February 2019 gunmen killed 5 in Mali. On 30 February, on 29 February 2019, on "
                         "Friday, on 0 March, on 32 January 9999, on 1 January 0001, in year 0, 10000 years ago."),
    "nested quotes": 'He said "\'"they said \\"killed 5\\" in «Mali» „x“ ‘y’"\'"' * 10,
    "html": ("<p>Gunmen <b>killed</b> 10 in <a href='http://x.com/mali'>Mali</a></p><script>alert(1)</script>"
             "&nbsp;&amp;&#12345;<!-- 5 killed -->"),
    "urls": "See https://example.com/killed/12/people?in=Mali&on=Friday#x and www.mali.gov/15-killed " * 20,
    "markdown": "# Attack\n\n* **12** killed in _Mali_\n\n```\ncode 5 killed\n```\n| a | b |\n|---|---|\n| 3 killed | Mali |",
    "repeated sentence": ATTACK * 1000,
    "repeated name": "Mali " * 5000,
    "dots": "." * 50_000,
    "dashes": "-" * 50_000,
    "nested brackets": "Gunmen killed 5 in Mali " + "(" * 20_000 + ")" * 20_000,  # spaCy took ~90 s on it
    "punctuation soup": "!?.,;:\"'" * 5_000,
}

PUBLICATION_DATES = [None, "2019-12-31T23:59:59+14:00", "2020-01-01T00:00:00-12:00", "2020-02-29T12:00:00Z",
                     "2021-03-01T00:00:00+05:45", "1900-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
                     "9999-12-31T23:59:59Z"]
DATE_TEXT = ("On Friday gunmen killed 5 people in Menaka, Mali; on 31 February and on 29 February they returned, "
             "yesterday, tomorrow, last week, next year and three years ago. ")


@pytest.fixture(scope="module")
def pipeline() -> InProcessPipeline:
    return InProcessPipeline(Settings())


@pytest.fixture(scope="module")
def merger() -> MergeState:
    return MergeState()


def article(text: str, published_at: str | None = PUBLISHED, title: str | None = None) -> dict[str, Any]:
    return {"url": "https://robustness.example/a", "text": text, "title": title, "published_at": published_at}


def assert_sound(result: PipelineResult, raw: dict[str, Any], merger: MergeState) -> None:
    """Refused only as too large; every incident event valid, ordered figures, dates and places in range."""
    if result.failed_stage is not None:
        # too_complex: over a size or complexity cap (text length, toponyms, spans), refused before the work
        too_large = result.reason in ("oversize", "too_complex") or (result.error or "").startswith("OversizeMessage")
        assert too_large, (result.failed_stage, result.reason, result.error)
        return
    assert result.article is not None
    validate("raw_article", raw)
    for event in result.incident_events:
        validate("incident_event", event)
        for figure in ("fatalities", "injured"):
            counts = event.get(figure)
            if counts:
                assert counts["low"] <= counts["best"] <= counts["high"], (figure, counts)
        published = raw.get("published_at")
        if event.get("event_date") and published:
            assert event["event_date"] <= datetime.fromisoformat(published).date().isoformat()
        location = event.get("location") or {}
        if location.get("latitude") is not None:
            assert -90 <= location["latitude"] <= 90 and -180 <= location["longitude"] <= 180
        merged, _, _ = merger.add(event)
        validate("incident", merged)
        assert merged["fatalities"]["low"] <= merged["fatalities"]["best"] <= merged["fatalities"]["high"]


@pytest.mark.parametrize("name", sorted(NASTY_TEXTS))
def test_nasty_text_is_enriched_or_refused_plainly(pipeline: InProcessPipeline, merger: MergeState, name: str) -> None:
    raw = article(NASTY_TEXTS[name])
    assert_sound(pipeline.run(raw), raw, merger)


@pytest.mark.parametrize("published_at", PUBLICATION_DATES)
def test_dates_resolve_never_after_publication(pipeline: InProcessPipeline, merger: MergeState,
                                               published_at: str | None) -> None:
    raw = article(DATE_TEXT, published_at)
    result = pipeline.run(raw)
    assert result.failed_stage is None, result.error
    assert_sound(result, raw, merger)


def test_a_figure_beyond_64_bits_does_not_dead_letter_the_article(pipeline: InProcessPipeline) -> None:
    result = pipeline.run(article("999999999999999999999 or 12 people were killed in Menaka, Mali."))
    assert result.failed_stage is None, result.error
    assert [n["value"] for n in result.article["numbers"]] == [12]  # type: ignore[index]


def test_a_title_with_blank_text_is_enriched(pipeline: InProcessPipeline, merger: MergeState) -> None:
    raw = article(" ", title="12 killed in Mali attack on Friday")
    result = pipeline.run(raw)
    assert result.failed_stage is None, result.error
    assert_sound(result, raw, merger)


@pytest.mark.slow
def test_a_200_kb_article_is_enriched_or_refused_as_too_large(pipeline: InProcessPipeline, merger: MergeState) -> None:
    raw = article((ATTACK * 4000)[:200_000])
    assert_sound(pipeline.run(raw), raw, merger)


def test_an_article_over_the_message_limit_is_refused_at_the_first_stage(pipeline: InProcessPipeline) -> None:
    result = pipeline.run(article(ATTACK * 20_000))
    assert (result.failed_stage, result.reason) == ("language", "oversize")


def mutated(text: str, rng: random.Random) -> str:
    """Characters deleted, duplicated or case-flipped at random, one in twenty."""
    chars = list(text)
    for _ in range(max(1, len(chars) // 20)):
        if not chars:
            break
        at, operation = rng.randrange(len(chars)), rng.random()
        if operation < 1 / 3:
            del chars[at]
        elif operation < 2 / 3:
            chars.insert(at, chars[at])
        else:
            chars[at] = chars[at].swapcase()
    return "".join(chars) or "."


def seed_articles() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(SEEDS.iterdir()):
        for index, item in enumerate(read_article_file(path).articles):
            found.append((f"{path.name}#{index}", item))
    return found


@pytest.mark.parametrize(("name", "seed"), seed_articles(), ids=[name for name, _ in seed_articles()])
def test_every_seed_mutated_is_enriched_or_refused_plainly(pipeline: InProcessPipeline, merger: MergeState,
                                                           name: str, seed: dict[str, Any]) -> None:
    rng = random.Random(name)
    assert_sound(pipeline.run(seed), seed, merger)
    for _ in range(3):
        raw = {**seed, "text": mutated(seed["text"], rng)}
        if raw.get("title"):
            raw["title"] = mutated(raw["title"], rng)
        assert_sound(pipeline.run(raw), raw, merger)


FRAGMENTS = ["killed", "injured", "12", "dozens", "thousand", "Mali", "Menaka", "Gao", "Friday", "31 February",
             "yesterday", "Boko Haram", "police", "protest", "attack", "bomb", "'", '"', "(", ")", "\n", "  ", ".",
             "https://x.test/a?b=1", "<b>", "قتل", "人", "मारे", "נהרגו", "🔥", "\u200b", "10^400", "1,000,000",
             "at least", "up to", "more than", "between", "and", "-"]


@settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(words=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), min_size=1, max_size=60),
       published_at=st.sampled_from(PUBLICATION_DATES))
def test_any_mix_of_fragments_is_enriched_or_refused_plainly(pipeline: InProcessPipeline, merger: MergeState,
                                                             words: list[str], published_at: str | None) -> None:
    text = " ".join(words)
    if not text:
        text = "."
    raw = article(text, published_at)
    assert_sound(pipeline.run(raw), raw, merger)


def test_a_batch_gives_each_article_what_it_gets_alone(pipeline: InProcessPipeline) -> None:
    """run_many (a stage at a time, spaCy reading the batch with nlp.pipe) answers as run does, article by
    article, with nasty texts in the batch failing alone."""
    seeds = [a for path in expand_paths([SEEDS]) for a in read_article_file(path).articles]
    short_nasty = [article(text) for _, text in sorted(NASTY_TEXTS.items()) if len(text) < 5000]
    batch = short_nasty + seeds + [article("x" * 300_000)]  # the last over the text cap: refused, alone
    together = pipeline.run_many(batch)
    for raw, result in zip(batch, together, strict=True):
        alone = pipeline.run(raw)
        assert (result.failed_stage, result.reason) == (alone.failed_stage, alone.reason)
        assert result.article == alone.article
        assert result.incident_events == alone.incident_events
