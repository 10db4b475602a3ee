"""The views' tests use the reporter tests' linted corpus results and odd hand-made results."""

from ..reporters.conftest import linted, odd_results  # noqa: F401  (shared fixtures)
