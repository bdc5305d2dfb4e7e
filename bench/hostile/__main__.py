"""`python -m bench.hostile`: the hostile run of issue 30's bar, reproducible.

    python -m bench.hostile                      # the 52 must-refuse files on every path
    python -m bench.hostile --paths cli upload   # only these paths
    python -m bench.hostile --kills 40           # kill -9 the CLI ingest and the app mid-save
    python -m bench.hostile --disk               # a full disk (a 2 MB tmpfs; needs root)
    python -m bench.hostile --password           # parallel wrong guesses, then the right password

Prints one table per path (expected reason vs what the file got) and the totals.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence

from bench.hostile.paths import OK, PATHS, Outcome


def table(path: str, outcomes: Sequence[Outcome]) -> str:
    """A Markdown table of one path's outcomes and its totals line."""
    rows = [f"### {path}", "", "| 文件 | 应有原因 | 实际 | 判定 |", "|---|---|---|---|"]
    for o in outcomes:
        got = o.got.replace("|", "\\|").replace("\n", " ")[:120]
        rows.append(f"| {o.name} | {o.expected} | {got} | {o.verdict} |")
    counts = Counter(o.verdict for o in outcomes)
    right = counts.pop(OK, 0)
    rest = "，".join(f"{k} {v}" for k, v in counts.items()) or "无"
    rows += ["", f"合计 {path}：{right}/{len(outcomes)} 正确（{rest}）", ""]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--paths", nargs="*", choices=list(PATHS), default=None)
    parser.add_argument("--kills", type=int, default=0, help="kill -9 rounds of each kind")
    parser.add_argument("--disk", action="store_true", help="the full-disk run")
    parser.add_argument("--password", action="store_true", help="the password attack")
    args = parser.parse_args(argv)
    extra = args.kills or args.disk or args.password
    paths = args.paths if args.paths is not None else ([] if extra else list(PATHS))
    for path in paths:
        print(table(path, PATHS[path]()), flush=True)
    if args.kills:
        from bench.hostile.kills import report_kills

        print(report_kills(args.kills), flush=True)
    if args.disk:
        from bench.hostile.disk import report_disk

        print(report_disk(), flush=True)
    if args.password:
        from bench.hostile.password import report_password

        print(report_password(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
