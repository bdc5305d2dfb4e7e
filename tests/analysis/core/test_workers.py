"""Pool workers die with their parent and hold none of its sockets (issue 30, point 1; the
kill-and-restart test of the app is tests/app/test_restart.py)."""

from __future__ import annotations

import multiprocessing as mp
import os
import socket
import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from analysis.core.workers import die_with_parent

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")


def _sockets() -> int:
    """Socket descriptors of this process."""
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            count += stat.S_ISSOCK(os.fstat(int(name)).st_mode)
        except OSError:
            continue
    return count


def _death_signal() -> int:
    """The parent-death signal armed in this process (asked of prctl)."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    sig = ctypes.c_int(0)
    libc.prctl(2, ctypes.byref(sig), 0, 0, 0)  # PR_GET_PDEATHSIG
    return sig.value


def test_a_forked_worker_closes_the_listening_socket_and_arms_the_death_signal():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert _sockets() >= 1
        context = mp.get_context("fork")
        init = {"initializer": die_with_parent, "initargs": (os.getpid(),)}
        with ProcessPoolExecutor(1, mp_context=context, **init) as pool:
            assert pool.submit(_sockets).result() == 0
            assert pool.submit(_death_signal).result() == 9  # SIGKILL
        with ProcessPoolExecutor(1, mp_context=context) as pool:  # what it was before
            assert pool.submit(_sockets).result() >= 1
