"""Windows stand-in for the test run (``GOVDISCLOSE_TEST_SPAWN=1``, see tests/conftest.py).

On ``PYTHONPATH``, so every Python process of the run imports it at start: the pytest process, the
CLI subprocesses and the spawned workers.  It makes the Unix-only pieces Windows lacks unavailable:
the ``resource`` module is hidden and multiprocessing starts workers with ``spawn``, as on Windows.
"""

import multiprocessing
import sys

import psutil  # noqa: F401  (its Linux backend needs resource, which Windows' backend does not)

sys.modules["resource"] = None  # import resource → ImportError, as on Windows
multiprocessing.set_start_method("spawn", force=True)
