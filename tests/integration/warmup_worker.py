"""A worker whose stage warms up slowly, or fails to: `python -m tests.integration.warmup_worker slow|broken`.

The stage itself passes articles through (with the language its output topic requires); only its
`warm_up()` differs, so a test can watch /readyz while the worker warms up without loading real models.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

from services.core import topics
from services.core.settings import Settings
from services.core.stage import Message, StageSpec

WARM_UP_SECONDS = float(os.environ.get("WARM_UP_SECONDS", "4"))


@dataclass
class PassThrough:
    broken: bool = False

    def __call__(self, article: Message) -> list[Message]:
        return [{**article, "id": article.get("id") or "x", "language": {"code": "en", "confidence": 1.0}}]

    def warm_up(self) -> None:
        if self.broken:
            raise OSError("model file not found: /models/missing")
        time.sleep(WARM_UP_SECONDS)


def build_slow_stage(settings: Settings) -> PassThrough:
    return PassThrough()


def build_broken_stage(settings: Settings) -> PassThrough:
    return PassThrough(broken=True)


def spec(kind: str) -> StageSpec:
    return StageSpec(name=f"{kind}-warm-up", input_topic=topics.ARTICLES_RAW, output_topic=topics.ARTICLES_LANG,
                     key_field="id", builder=f"tests.integration.warmup_worker:build_{kind}_stage")


def main(kind: str) -> None:
    from services.core.runner import run_worker_process

    settings = Settings()
    run_worker_process([spec(kind)], settings, settings.bootstrap_servers, kind)


if __name__ == "__main__":
    main(sys.argv[1])
