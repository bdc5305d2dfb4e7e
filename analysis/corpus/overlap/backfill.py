"""Build or bring up to date a store's 雷同检测 rows ahead of time (the page otherwise builds them
on its first visit, with a progress bar):

    python -m analysis.corpus.overlap.backfill --db data/corpus.db
    python -m analysis.corpus.overlap.backfill --db data/corpus.db --recompute   # after drift

`--threshold N` adds (or, with `--recompute`, rebuilds) the set of another 通用表述 threshold.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable

from analysis.corpus.overlap import maintain
from analysis.corpus.overlap.index import default_boilerplate_df
from analysis.store.database import CorpusStore

logger = logging.getLogger(__name__)


def _progress(echo: Callable[[str], None]) -> maintain.Progress:
    """Progress lines, about one per 5 % (a first build has a million steps)."""
    last = [-1]

    def step(done: int, total: int) -> None:
        tenth = done * 20 // max(total, 1)
        if tenth != last[0] or done == total:
            last[0] = tenth
            echo(f"雷同检测 {done}/{total}")

    return step


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    """The command line: the maintained set (and `--threshold`'s) brought up to date."""
    parser = argparse.ArgumentParser(prog="python -m analysis.corpus.overlap.backfill")
    parser.add_argument("--db", required=True, help="语料库数据库：文件路径或 postgresql:// 连接串")
    parser.add_argument("--threshold", type=int, default=None, help="通用表述门槛（份数，至少 2）")
    parser.add_argument(
        "--recompute", action="store_true", help="全部重算（默认门槛按当前规模重新确定）"
    )
    args = parser.parse_args(argv)
    if args.threshold is not None and args.threshold < 2:
        parser.error("通用表述门槛至少为 2 份报告")
    store = CorpusStore(args.db)
    t0 = time.perf_counter()
    step = _progress(echo)
    if args.recompute:
        live = len(store.list_reports())
        target = args.threshold or default_boilerplate_df(live)
        kept = maintain.maintained_threshold(store)
        if args.threshold is None and kept is not None and kept != target:
            maintain.drop_set(store, kept)
        maintain.recompute(store, target, progress=step)
        done = [target]
    else:
        _, updates = maintain.update(store, threshold=args.threshold, progress=step)
        done = [u.threshold for u in updates]
    kept = maintain.maintained_threshold(store)
    echo(
        f"完成：通用表述门槛 {kept} 份（更新了门槛 {done or '无'} 的结果），"
        f"用时 {time.perf_counter() - t0:.1f} 秒"
    )
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    raise SystemExit(main())
