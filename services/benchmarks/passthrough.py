"""A stage that returns its input unchanged: measures what the worker scaffolding itself costs.

It reads and writes the entities stage's topics, where input and output are both enriched articles,
so passing the input on is a valid output."""

from __future__ import annotations

from dataclasses import replace

from services.core.pipeline import STAGES_BY_NAME
from services.core.settings import Settings
from services.core.stage import Message

PASSTHROUGH = replace(STAGES_BY_NAME["entities"], name="passthrough", builder="services.core.stage:build_identity_stage")


def passthrough_input(article: Message) -> Message:
    """A raw article as the passthrough stage's input topic carries it: with its language."""
    return {**article, "language": {"code": "en", "confidence": 1.0}}


if __name__ == "__main__":
    from services.core.broker import configured_bootstrap
    from services.core.runner import run_worker_process

    settings = Settings()
    servers = configured_bootstrap(settings)
    if not servers:
        raise SystemExit("no broker configured: `incident-stream bench scaffolding` sets one")
    run_worker_process([PASSTHROUGH], settings, servers, "passthrough")
