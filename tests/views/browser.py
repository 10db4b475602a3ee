"""Headless Chromium for the tests: dump the DOM (after scripts ran), take a screenshot, print to PDF.

Each call uses a fresh profile directory and resolves no host name, so nothing can be fetched.
Tests that need it skip with the reason when no chromium is installed (CI installs Debian's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--host-resolver-rules=MAP * ~NOTFOUND"]


def executable() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def need_chromium() -> str:
    exe = executable()
    if exe is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return exe


def run(args: list[str], url: str, timeout: float = 120) -> subprocess.CompletedProcess:
    exe = need_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args, url], capture_output=True,
                              timeout=timeout, check=False, env={**os.environ, "HOME": profile})


def dump_dom(url: str) -> str:
    done = run(["--virtual-time-budget=5000", "--dump-dom"], url)
    assert done.returncode == 0 and done.stdout, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout.decode("utf-8")


def screenshot(url: str, dest: Path, size: str = "1280,1000") -> Path:
    done = run([f"--window-size={size}", "--virtual-time-budget=5000", f"--screenshot={dest}"], url)
    assert dest.exists(), done.stderr.decode(errors="replace")[-2000:]
    return dest


def print_pdf(url: str, dest: Path) -> Path:
    done = run(["--no-pdf-header-footer", f"--print-to-pdf={dest}"], url)
    assert dest.exists(), done.stderr.decode(errors="replace")[-2000:]
    return dest


def artifacts_dir(tmp_path: Path) -> Path:
    """$GOVDISCLOSE_ARTIFACTS when set (CI keeps it), else the test's temporary directory."""
    where = Path(os.environ["GOVDISCLOSE_ARTIFACTS"]) if os.environ.get("GOVDISCLOSE_ARTIFACTS") else tmp_path
    where.mkdir(parents=True, exist_ok=True)
    return where
