"""Where the public gold data lives: ../shared/eval beside the checkout, or INCIDENT_STREAM_EVAL_DIR."""

from __future__ import annotations

import os
from pathlib import Path


def eval_root() -> Path:
    configured = os.environ.get("INCIDENT_STREAM_EVAL_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "eval"
