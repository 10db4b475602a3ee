"""Process trees on every OS (psutil): how much memory a worker and its children use, and how to end
them all.

A worker may start children (LibreOffice: soffice → oosplash → soffice.bin), and a child may start its
own session.  Killing only the worker would leave them running, so :func:`kill_tree` kills every
descendant, and on POSIX also the process groups they lead.  Nothing here imports a Unix-only module.
"""

from __future__ import annotations

import os
import signal

import psutil


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return []


def memory(pid: int) -> tuple[int, int]:
    """Resident and virtual bytes of ``pid`` and all its descendants (0, 0 when it is gone)."""
    rss = vms = 0
    for p in _tree(pid):
        try:
            info = p.memory_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        vms += info.vms
    return rss, vms


def kill_tree(pid: int, *, include_root: bool = True) -> None:
    """Kill ``pid`` and every descendant (and, on POSIX, the process groups they lead); never raises."""
    procs = _tree(pid)
    if not include_root:
        procs = procs[1:]
    groups = set()
    if hasattr(os, "killpg"):
        own = os.getpgrp()
        for p in procs:
            try:
                pgid = os.getpgid(p.pid)
            except OSError:
                continue
            if pgid == p.pid and pgid != own:  # a group this tree started (a worker, a LibreOffice session)
                groups.add(pgid)
    for p in procs:
        try:
            p.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    psutil.wait_procs(procs, timeout=2)
