"""A batch import killed with SIGKILL: the store stays consistent and opens again.

The child process saves a batch through the upload path, printing each report once it is saved;
the parent kills it mid-batch. Every report printed must be there, whole; nothing half-written.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.store import uploads
from analysis.store.caches import content_hash
from analysis.store.database import CorpusStore

pytestmark = pytest.mark.backends
ROOT = Path(__file__).resolve().parents[3]
COUNT = 40

CHILD = r"""
import sys
from pathlib import Path
from analysis.store import uploads
from analysis.store.database import CorpusStore

db, src = sys.argv[1], Path(sys.argv[2])
store = CorpusStore(db)
files = [(p.name, p.read_bytes()) for p in sorted(src.glob("*.txt"))]
print("ready", flush=True)
for item in uploads.prepare_batch(files, store):
    done = uploads.commit_batch(store, [item])[0]
    print(done.status, done.filename, flush=True)
print("finished", flush=True)
"""


def _text(i: int) -> str:
    """A long report (about 30 KB) so the kill lands inside a write now and then."""
    para = f"第{i}党支部坚持“三会一课”制度，开展主题党日活动，推动党建与业务深度融合。"
    return f"第{i}党支部2023年度工作总结\n" + "\n".join(f"{n}. {para}" for n in range(300))


@pytest.fixture
def sources(tmp_path) -> dict[str, str]:
    src = tmp_path / "src"
    src.mkdir()
    texts = {f"r{i:03d}.txt": _text(i) for i in range(COUNT)}
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    return texts


def _run_and_kill(db: str, src: Path, after: int) -> list[str]:
    """Start the import, SIGKILL it once `after` reports were saved; the names it saved."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db, str(src)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    saved: list[str] = []
    deadline = time.monotonic() + 60
    assert child.stdout is not None
    for line in child.stdout:
        parts = line.split()
        if parts[0] == "added":
            saved.append(parts[1])
        if len(saved) >= after or parts[0] == "finished" or time.monotonic() > deadline:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    return saved


@pytest.mark.parametrize("after", [1, 10])
def test_killed_import_leaves_a_consistent_store(tmp_path, db_location, sources, after):
    saved = _run_and_kill(db_location, tmp_path / "src", after)
    assert len(saved) >= after

    store = CorpusStore(db_location)  # opens again
    if store.path is not None:  # a SQLite file: the file itself is sound (PostgreSQL is a server)
        con = sqlite3.connect(store.path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    by_hash = {content_hash(t): name for name, t in sources.items()}
    stored = {r["filename"]: r for r in store.records()}
    assert set(saved) <= set(stored)  # everything reported as saved is there
    assert len(stored) < COUNT  # the kill really happened mid-batch
    for name, rec in stored.items():  # and nothing is half-written
        assert rec["text"] == sources[name]
        assert by_hash[rec["sha256"]] == name
    assert (store.list_reports()["raw_length"] == [len(sources[n]) for n in sorted(stored)]).all()

    # Running the same batch again completes it: the saved ones are duplicates, one copy each.
    files = [(n, t.encode()) for n, t in sorted(sources.items())]
    again = uploads.process_batch(store, files)
    assert sum(i.status == "duplicate" for i in again) == len(stored)
    assert sum(i.status == "added" for i in again) == COUNT - len(stored)
    assert len(store.list_reports()) == COUNT
