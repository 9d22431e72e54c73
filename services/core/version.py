"""The pipeline version stamped on every output."""

from importlib.metadata import PackageNotFoundError, version

try:
    PIPELINE_VERSION = version("incident-stream")
except PackageNotFoundError:  # running from a source tree that was not installed
    PIPELINE_VERSION = "0.0.0+source"
