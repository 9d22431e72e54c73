"""Packaging hook; everything else is declared in pyproject.toml.

The JSON Schemas live at the top of the repository (`schemas/`, the source of truth, shared with
non-Python consumers). A wheel must carry them too: they are copied into the built package as
`services/core/schemas/`, where `services.core.schemas.schema_dir()` looks in an installed package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SCHEMAS = Path("schemas")  # setuptools runs this file from the project root (or the unpacked sdist)


class BuildPyWithSchemas(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads schemas/ from the checkout itself
        if not (SCHEMAS / "v1").is_dir():
            raise FileNotFoundError(f"{SCHEMAS.resolve()} is missing: the wheel would ship without its schemas")
        target = Path(self.build_lib) / "services" / "core" / "schemas"
        shutil.copytree(SCHEMAS, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithSchemas})
