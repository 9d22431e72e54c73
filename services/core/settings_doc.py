"""Every setting as a markdown table row: the README's settings section and `incident-stream config`."""

from __future__ import annotations

from pydantic import SecretStr

from services.core.settings import Settings


def settings_rows() -> list[tuple[str, str, str]]:
    prefix = Settings.model_config.get("env_prefix", "")
    rows = []
    for name, field in Settings.model_fields.items():
        default = field.default if field.default is not None else ""
        shown = "(secret)" if isinstance(default, SecretStr) else f"`{default}`" if default != "" else "(empty)"
        rows.append((f"{prefix}{name.upper()}", shown, field.description or ""))
    return rows


def settings_markdown() -> str:
    lines = ["| environment variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{env}` | {default} | {meaning} |" for env, default, meaning in settings_rows()]
    return "\n".join(lines)
