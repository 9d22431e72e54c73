"""A plain, non-editable `pip install .` ships the JSON Schemas (and their examples) inside the package."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
PIP = [sys.executable, "-m", "pip"]


def project_copy(tmp_path: Path) -> Path:
    """The project's build inputs, copied: building in the work tree would leave build/ and egg-info behind."""
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, project / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("schemas", "services"):
        shutil.copytree(REPO / name, project / name, ignore=ignore)
    return project


def venv_can_build_wheels() -> bool:
    if importlib.util.find_spec("wheel") is not None:
        return True
    import setuptools

    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1)  # bdist_wheel moved into setuptools


def local_indexes() -> list[str]:
    """The file:// package indexes pip is configured with: building in isolation from them downloads nothing."""
    listing = subprocess.run([*PIP, "config", "list"], capture_output=True, text=True, check=False).stdout
    urls: list[str] = []
    for line in listing.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(("index-url", "extra-index-url")):
            urls += [url for url in value.strip("'\"").split() if url.startswith("file://")]
    return list(dict.fromkeys(urls))


def build_wheel(project: Path, out: Path) -> Path:
    if venv_can_build_wheels():
        command = [*PIP, "wheel", "--no-deps", "--no-build-isolation", str(project), "-w", str(out)]
    else:
        indexes = local_indexes()
        if not indexes:
            pytest.skip("this environment cannot build a wheel without downloading setuptools and wheel")
        extra = [arg for url in indexes[1:] for arg in ("--extra-index-url", url)]
        command = [*PIP, "wheel", "--no-deps", "--index-url", indexes[0], *extra, str(project), "-w", str(out)]
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheels = list(out.glob("incident_stream-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def expected_schema_files() -> set[str]:
    return {f"services/core/schemas/{path.relative_to(REPO / 'schemas').as_posix()}"
            for path in (REPO / "schemas").rglob("*.json")}


def test_the_wheel_carries_every_schema_and_example(tmp_path: Path) -> None:
    wheel = build_wheel(project_copy(tmp_path), tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = expected_schema_files()
    assert "services/core/schemas/v1/incident.schema.json" in expected
    assert expected <= names, sorted(expected - names)

    # Installed (unpacked) away from the checkout, the package finds and uses its own copy.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("from services.core.schemas import schema_dir, validate; import orjson; d = schema_dir(); "
             "validate('raw_article', orjson.loads((d / 'examples/raw_article/valid_full.json').read_bytes())); print(d)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=False,
                            env={**os.environ, "PYTHONPATH": str(site)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert Path(result.stdout.strip()) == site / "services" / "core" / "schemas" / "v1"


def test_the_sdist_carries_the_schemas_for_a_wheel_built_from_it(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    result = subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", str(tmp_path / "sdist")], cwd=project,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    (archive,) = (tmp_path / "sdist").glob("*.tar.gz")
    with tarfile.open(archive) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"setup.py", "schemas/v1/incident.schema.json", "schemas/v1/examples/raw_article/valid_full.json"} <= names
