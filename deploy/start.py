"""Several Streamlit processes of the app behind nginx: sticky sessions, one shared store.

    python -m deploy.start --processes 2 --listen 127.0.0.1:8500      # runs until Ctrl-C
    python -m deploy.start --processes 4 --listen 0.0.0.0:8080 --db postgresql://…
    python -m deploy.start --render-only --run-dir /tmp/dj-site       # site.conf for a system nginx

Each app process is `streamlit run app.py` on 127.0.0.1 (ports --first-port, +1, …), all on the
same store (--db, else $DJ_DB, else data/corpus.db) and one cookie secret (so a session's upload
token is valid on any process). nginx (Debian's `apt-get install nginx`) listens on --listen,
upgrades the websocket and keeps each browser session on one process by a cookie. Everything
nginx writes (pid, logs, temporary files) is under --run-dir. Stopped together: Ctrl-C, or any
process exiting stops the others.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
START_S = 120  # an app process answers its health check within this (it loads no corpus yet)
STOP_S = 15
TEMP_DIRS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_path() -> str | None:
    """The nginx binary (PATH, or Debian's /usr/sbin/nginx), None when it is not installed."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def render(template: str, fields: Mapping[str, str]) -> str:
    """`template` with each @NAME@ replaced by fields[NAME]; every field must be given."""
    out = template
    for name, value in fields.items():
        out = out.replace(f"@{name}@", value)
    left = sorted(set(re.findall(r"@[A-Z_]+@", out)))
    if left:
        raise ValueError(f"template fields not given: {', '.join(left)}")
    return out


def site_conf(listen: str, ports: Sequence[int]) -> str:
    """The http-level nginx config: `listen` in front of the app processes on `ports`."""
    if not ports:
        raise ValueError("at least one app process is needed")
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    text = (HERE / "site.conf.template").read_text(encoding="utf-8")
    return render(text, {"SERVERS": servers, "LISTEN": listen})


def write_configs(run_dir: Path, listen: str, ports: Sequence[int]) -> Path:
    """site.conf and a standalone nginx.conf (pid, logs, temp files under `run_dir`); its path."""
    run_dir = run_dir.resolve()
    for name in TEMP_DIRS:  # nginx's workers may run as another user: like /tmp
        (run_dir / "tmp" / name).mkdir(parents=True, exist_ok=True)
        (run_dir / "tmp" / name).chmod(0o1777)
    (run_dir / "site.conf").write_text(site_conf(listen, ports), encoding="utf-8")
    main = render(
        (HERE / "nginx.conf.template").read_text(encoding="utf-8"), {"PREFIX": str(run_dir)}
    )
    (run_dir / "nginx.conf").write_text(main, encoding="utf-8")
    return run_dir / "nginx.conf"


def app_command(port: int) -> list[str]:
    """`streamlit run app.py` on 127.0.0.1:`port` (headless, no file watcher, no usage stats)."""
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true",
            "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]  # fmt: skip


def wait_healthy(url: str, procs: Sequence[subprocess.Popen], timeout_s: float = START_S) -> None:
    """Until `url`/_stcore/health answers 200; RuntimeError if a process of `procs` exits first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(
                    f"process {p.args[0]} exited ({p.returncode}) before {url} answered"
                )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s")


def stop(procs: Sequence[subprocess.Popen], sig: int = signal.SIGINT) -> None:
    """Ask the processes to end (`sig`, all at once), kill those that have not within STOP_S."""
    running = [p for p in procs if p.poll() is None]
    for p in running:
        p.send_signal(sig)
    deadline = time.monotonic() + STOP_S
    for p in running:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=STOP_S)


@contextmanager
def app_processes(
    ports: Sequence[int], env: Mapping[str, str], logs: Path
) -> Iterator[tuple[subprocess.Popen, ...]]:
    """One app process per port on 127.0.0.1, started together, all healthy when entered, all
    stopped on exit; each logs to logs/app-PORT.log."""
    procs: list[subprocess.Popen] = []
    try:
        for port in ports:
            with (logs / f"app-{port}.log").open("w", encoding="utf-8") as out:
                procs.append(
                    subprocess.Popen(
                        app_command(port),
                        cwd=ROOT,
                        env=dict(env),
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}", procs)
        yield tuple(procs)
    finally:
        stop(procs)


@dataclass(frozen=True)
class Deployment:
    """A running deployment: the proxy's URL, the app processes and nginx's master process."""

    url: str
    apps: tuple[subprocess.Popen, ...]
    nginx: subprocess.Popen

    def pids(self) -> set[int]:
        """Every server process (apps and nginx; their children are counted with them)."""
        return {p.pid for p in self.apps} | {self.nginx.pid}

    def alive(self) -> bool:
        return all(p.poll() is None for p in (*self.apps, self.nginx))


def app_env(db: str | None, secret: str) -> dict[str, str]:
    """The environment of every app process: the one store and the one cookie secret."""
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secret}
    if db:
        env["DJ_DB"] = db
    return env


@contextmanager
def deployment(
    ports: Sequence[int], listen: str, run_dir: Path, env: Mapping[str, str]
) -> Iterator[Deployment]:
    """len(ports) app processes (environment `env`: app_env) and nginx on `listen` (host:port),
    all healthy when entered; everything stopped on exit. Logs: run_dir/app-PORT.log,
    error.log, access.log."""
    nginx = nginx_path()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install -y nginx)")
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = write_configs(run_dir, listen, ports)
    with ExitStack() as stack:
        apps = stack.enter_context(app_processes(ports, env, run_dir))
        cmd = [nginx, "-p", str(run_dir.resolve()), "-c", str(conf), "-g", "daemon off;"]
        proxy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        stack.callback(stop, [proxy], signal.SIGQUIT)  # graceful: open websockets finish first
        host, port = listen.rsplit(":", 1)
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '*', '') else host}:{port}"
        wait_healthy(url, [proxy, *apps])
        yield Deployment(url, apps, proxy)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=int, default=2, help="app processes (1..16)")
    parser.add_argument("--listen", default="127.0.0.1:8500", help="nginx's address (host:port)")
    parser.add_argument(
        "--first-port", type=int, default=8601, help="port of the first app process"
    )
    parser.add_argument("--db", default=None, help="the shared store (a path or postgresql://…)")
    parser.add_argument(
        "--run-dir", type=Path, default=None, help="configs, logs (default: a temp dir)"
    )
    parser.add_argument("--render-only", action="store_true", help="write site.conf and stop")
    args = parser.parse_args(argv)
    if not 1 <= args.processes <= 16:
        parser.error("--processes 须在 1 到 16 之间")
    ports = list(range(args.first_port, args.first_port + args.processes))
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="dangjian-deploy-"))
    if args.render_only:
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / "site.conf").write_text(site_conf(args.listen, ports), encoding="utf-8")
        print(f"已写入 {run_dir / 'site.conf'}")
        return 0
    for sig in (signal.SIGINT, signal.SIGTERM):  # stop through the finally blocks (also when
        signal.signal(sig, signal.default_int_handler)  # started in the background: SIGINT ignored)
    try:
        env = app_env(args.db, secrets.token_hex(32))
        with deployment(ports, args.listen, run_dir, env) as d:
            print(
                f"已启动：{d.url}（{args.processes} 个应用进程，端口 {ports[0]}–{ports[-1]}；日志在 {run_dir}）"
            )
            while d.alive():
                time.sleep(1)
            print("有进程已退出，全部停止。日志见 " + str(run_dir), file=sys.stderr)
            return 1
    except (RuntimeError, ValueError) as exc:
        print(f"启动失败：{exc}（日志见 {run_dir}）", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
