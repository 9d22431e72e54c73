"""The README documents every setting and every CLI command (so it cannot drift from the code)."""

from __future__ import annotations

import pytest

from services.core.settings_doc import settings_rows
from tests.conftest import REPO

pytestmark = pytest.mark.unit


def test_readme_lists_every_setting() -> None:
    readme = (REPO / "README.md").read_text()
    missing = [env for env, _, _ in settings_rows() if f"`{env}`" not in readme]
    assert not missing, f"README.md lacks {missing}: paste `incident-stream config` into its Settings section"


def test_readme_names_every_command() -> None:
    from services.cli.main import app

    readme = (REPO / "README.md").read_text()
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    names += [group.name for group in app.registered_groups if group.name]
    assert all(f"incident-stream {name}" in readme for name in names), names
