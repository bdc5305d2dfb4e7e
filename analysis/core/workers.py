"""Pool workers that die with the process that started them.

A forked worker inherits every open descriptor of its parent, the app's listening socket
included. If the app is killed (`kill -9`), a worker left behind keeps that socket, and the
restarted app finds its port taken. So every pool starts its workers with `die_with_parent`: the
kernel sends the worker SIGKILL when its parent dies (Linux `PR_SET_PDEATHSIG`), and the worker
closes the sockets it inherited, so even a worker that outlives its parent holds no port.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import stat
import sys

logger = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """Pool initializer: be killed when the parent (`parent_pid`) dies, and hold none of its
    sockets; a worker whose parent is already gone exits at once."""
    if sys.platform.startswith("linux"):
        _parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(0)
    close_inherited_sockets()


def _parent_death_signal() -> None:
    """Ask the kernel for SIGKILL when the parent dies (logged if libc refuses)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            logger.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError) as exc:
        logger.warning("parent-death signal unavailable: %s", exc)


def close_inherited_sockets() -> int:
    """Close every socket descriptor of this process (a worker talks to its pool through pipes);
    returns how many were closed."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: nothing to walk
        return 0
    closed = 0
    for fd in fds:
        with contextlib.suppress(OSError):  # the listing's own descriptor, already closed
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
                closed += 1
    return closed
