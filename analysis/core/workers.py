"""Pool workers that die with the process that started them.

A forked worker inherits every open descriptor of its parent, the app's listening socket
included. If the app is killed (`kill -9`), a worker left behind keeps that socket, and the
restarted app finds its port taken. So every pool starts its workers with `die_with_parent`: the
kernel sends the worker SIGKILL when its parent dies (Linux `PR_SET_PDEATHSIG`), and the worker
closes the sockets it inherited, so even a worker that outlives its parent holds no port.

Workers of an older version had neither, and a crash left them holding the port. So a start-up
(`python -m analysis.core.workers`, run by `make run` before Streamlit binds its port) finds the
stale workers of a dead app and ends them: workers of this version by their name, older ones by
running this app while holding a listening socket that nobody serves.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import socket
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """Pool initializer: be killed when the parent (`parent_pid`) dies, and hold none of its
    sockets; a worker whose parent is already gone exits at once."""
    if sys.platform.startswith("linux"):
        _parent_death_signal()
        _name_worker(parent_pid)
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


# ---------------------------------------------------------------- stale workers of a dead app

WORKER_PREFIX = "djw-"  # a pool worker's kernel name (comm) is this + its parent's pid
PR_SET_NAME = 15  # linux/prctl.h
PROBE_S = 2.0  # a live app answers its health check well within this
LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp


@dataclass(frozen=True)
class Proc:
    """What /proc says about one process: enough to tell a stale worker from a live app."""

    pid: int
    ppid: int
    comm: str
    cmdline: tuple[str, ...]
    cwd: str
    ports: tuple[int, ...]  # TCP ports it holds a listening socket on


@dataclass(frozen=True)
class Stale:
    """A worker left behind by an app (or a command) that died, and why it is judged stale."""

    pid: int
    why: str


def worker_name(parent_pid: int) -> str:
    """The kernel name of a pool worker of `parent_pid` (≤ 15 bytes: "djw-" + a pid)."""
    return f"{WORKER_PREFIX}{parent_pid}"


def _name_worker(parent_pid: int) -> None:
    """Name this process after its parent (shown by ps), so that a later start-up can tell it
    is an orphan: its parent is no longer the one it names."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(PR_SET_NAME, ctypes.c_char_p(worker_name(parent_pid).encode()), 0, 0, 0):
            logger.warning("prctl(PR_SET_NAME) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError) as exc:
        logger.warning("worker name unavailable: %s", exc)


def _listening_inodes(proc: Path) -> dict[str, int]:
    """Socket inode → port of every listening TCP socket (IPv4 and IPv6)."""
    found = {}
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in (proc / "net" / table).read_text().splitlines()[1:]:
                cols = line.split()
                if len(cols) > 9 and cols[3] == LISTEN:
                    found[cols[9]] = int(cols[1].rsplit(":", 1)[1], 16)
    return found


def read_proc(pid: int, proc: Path = Path("/proc"), inodes: dict[str, int] | None = None) -> Proc:
    """One process as /proc shows it; raises OSError when it is gone or not ours to read."""
    base = proc / str(pid)
    stat_line = (base / "stat").read_text()
    comm = stat_line[stat_line.index("(") + 1 : stat_line.rindex(")")]
    ppid = int(stat_line.rsplit(")", 1)[1].split()[1])
    cmdline = tuple(
        a for a in (base / "cmdline").read_bytes().decode(errors="replace").split("\0") if a
    )
    cwd = os.readlink(base / "cwd")
    inodes = _listening_inodes(proc) if inodes is None else inodes
    ports = set()
    with contextlib.suppress(OSError):
        for fd in (base / "fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    ports.add(inodes[target[8:-1]])
    return Proc(pid, ppid, comm, cmdline, cwd, tuple(sorted(ports)))


def runs_app(p: Proc, root: Path) -> bool:
    """Whether `p` runs this project's app (`streamlit run …app.py`, resolved from its cwd)."""
    args = list(p.cmdline)
    if "streamlit" not in " ".join(args) or "run" not in args:
        return False
    scripts = [a for a in args if a.endswith("app.py")]
    return any((Path(p.cwd) / s).resolve() == (root / "app.py").resolve() for s in scripts)


def serves(port: int, timeout: float = PROBE_S) -> bool:
    """Whether something answers HTTP on this local port (a live app does; an orphan that only
    holds the listening socket never accepts)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(b"GET /_stcore/health HTTP/1.0\r\nHost: localhost\r\n\r\n")
            return bool(conn.recv(1))
    except OSError:
        return False


def judge_stale(
    p: Proc, parent: Proc | None, root: Path, probe: Callable[[int], bool] = serves
) -> str | None:
    """Why `p` is a stale worker, or None when it is not (or may be live).

    A worker of this version is named after its parent's pid: it is an orphan once its parent
    is another process. One of an older version (no name, no parent-death signal) was forked:
    it runs its app's command line, its parent no longer does (the orphan went to init or a
    subreaper), and it holds listening sockets of this project's app that nobody serves.
    """
    if p.comm.startswith(WORKER_PREFIX) and p.comm[len(WORKER_PREFIX) :].isdigit():
        named = int(p.comm[len(WORKER_PREFIX) :])
        return "其所属的应用或命令已退出" if named != p.ppid else None
    if parent is not None and parent.cmdline == p.cmdline:  # a worker of a live app
        return None
    if runs_app(p, root) and p.ports and not any(probe(port) for port in p.ports):
        shown = "、".join(map(str, p.ports))
        return f"旧版本的工作进程：应用已退出，它仍占着端口 {shown}"
    return None


def find_stale_workers(
    root: Path, proc: Path = Path("/proc"), probe: Callable[[int], bool] = serves
) -> list[Stale]:
    """Every stale worker on this machine that this user may end (see judge_stale)."""
    inodes, me, uid = _listening_inodes(proc), os.getpid(), os.getuid()
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            p = read_proc(int(entry.name), proc, inodes)
        except OSError:  # gone, or not ours to read
            continue
        try:
            parent = read_proc(p.ppid, proc, inodes) if p.ppid > 1 else None
        except OSError:
            parent = None
        why = judge_stale(p, parent, root, probe)
        if why:
            found.append(Stale(p.pid, why))
    return found


def sweep_stale_workers(root: Path) -> list[Stale]:
    """Find the stale workers of a dead app and end them (SIGKILL: they ignore SIGTERM); logged.
    Run before the app binds its port (`python -m analysis.core.workers`, `make run`)."""
    ended = []
    for stale in find_stale_workers(root):
        try:
            os.kill(stale.pid, signal.SIGKILL)
        except OSError as exc:
            logger.warning("stale worker %d could not be ended: %s", stale.pid, exc)
            continue
        logger.warning("stale worker %d ended (%s)", stale.pid, stale.why)
        ended.append(stale)
    return ended


def main() -> int:
    """Sweep from the command line: one Chinese line per worker ended."""
    logging.basicConfig(level=logging.ERROR)
    root = Path(__file__).resolve().parents[2]
    if not Path("/proc/self/stat").exists():
        return 0
    for stale in sweep_stale_workers(root):
        print(f"已结束残留的工作进程 {stale.pid}（{stale.why}）。", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
