"""Structured logs: one JSON object per line, with the ids passed in `extra`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import orjson

CONTEXT_FIELDS = ("stage", "article_id", "incident_id", "topic", "partition", "offset", "reason", "outputs", "duration_seconds")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode("utf-8")


def log_handler(log_format: str) -> logging.Handler:
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    return handler


def logging_dict_config(log_format: str, level: str) -> dict[str, object]:
    """The same configuration as a dictConfig, for faust's worker (which otherwise adds its own handler)."""
    formatter: dict[str, object] = (
        {"()": "services.core.logs.JsonFormatter"} if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"default": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"level": level.upper(), "handlers": ["default"]},
    }


def configure_logging(log_format: str, level: str) -> logging.Handler:
    handler = log_handler(log_format)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    return handler
