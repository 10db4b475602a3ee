"""The views' tests use the reporter tests' linted corpus results."""

from ..reporters.conftest import linted  # noqa: F401  (a session fixture, shared)
