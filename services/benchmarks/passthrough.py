"""A stage that returns its input unchanged: measures what the worker scaffolding itself costs."""

from __future__ import annotations

from services.core.settings import Settings
from services.core.stage import StageSpec
from services.core.topics import ARTICLES_LANG, ARTICLES_RAW

PASSTHROUGH = StageSpec(
    name="passthrough", input_topic=ARTICLES_RAW, output_topic=ARTICLES_LANG,
    input_schema="raw_article", output_schema="raw_article", key_field="id",
    builder="services.core.stage:build_identity_stage",
)


if __name__ == "__main__":
    from services.cli.main import require_bootstrap
    from services.core.runner import run_worker_process

    settings = Settings()
    run_worker_process([PASSTHROUGH], settings, require_bootstrap(settings), "passthrough")
