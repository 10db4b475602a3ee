"""A fixture for tests that load users' rules files in-process: the rule registry is process-wide, so the
U-rules they register are forgotten afterwards (other tests compare the registry with a fresh process's)."""

from __future__ import annotations

import pytest

from govdisclose_lint import registry


@pytest.fixture(autouse=True)
def forget_user_rules():
    before = set(registry.rules())
    yield
    for code in set(registry.rules()) - before:
        del registry.rules()[code]
