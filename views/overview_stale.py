"""After an upgrade that changes the analysis rules, every stored fact belongs to an older
fingerprint: recomputing 10,000 reports takes minutes. Rather than keep the first visitor (and
every other, waiting on the same lock) in front of a progress bar, 概览 and 报告详情 show the
facts of the older rules at once while the current rules' facts are computed in a background
thread, with progress on 概览; the page reloads itself when they are ready. A small gap (an
upload, a few reports) is filled in the page run as before (views/overview_data.facts_key)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import streamlit as st

from analysis.core.escape import markdown
from analysis.core.resources import ResourceTexts
from analysis.corpus import aggregates
from analysis.corpus.backfill import prepare
from analysis.service import CorpusStore, ThemeDictionary

logger = logging.getLogger(__name__)
STALE_AT_LEAST = 50  # reports lacking facts under the current rules: from here, in the background
BACKFILL_COMMAND = "python -m analysis.corpus.backfill --db 语料库"


@dataclass
class Recompute:
    """A background recompute of one store's facts: the older fingerprint shown meanwhile, its
    progress, and the error that stopped it (empty while it runs or when it succeeded)."""

    shown: str
    total: int
    done: int = 0
    error: str = ""
    finished: bool = False


_JOBS: dict[str, Recompute] = {}  # store location -> its recompute (one per store at a time)
_LOCK = threading.Lock()


def older_facts(store: CorpusStore, texts: ResourceTexts) -> tuple[str, int] | None:
    """(older fingerprint to show, reports lacking current facts) when at least STALE_AT_LEAST
    live reports lack facts under the current rules and older ones are stored; else None."""
    return aggregates.older_facts(store, texts, STALE_AT_LEAST)


def shown_meanwhile(
    location: str, store: CorpusStore, texts: ResourceTexts, d: ThemeDictionary
) -> str | None:
    """The older fingerprint to show while the current rules' facts are computed in the
    background (the recompute started here when needed); None when the page prepares the facts
    itself (nothing or little missing, or no older facts to show)."""
    with _LOCK:
        job = _JOBS.get(location)
        if job is not None and not job.finished:
            return job.shown
        stale = older_facts(store, texts)
        if stale is None:
            _JOBS.pop(location, None)
            return None
        if job is not None and job.error:  # failed: show the older facts, say so, do not loop
            return job.shown
        if job is not None:  # done yet still stale (reports that cannot be analysed): no loop
            _JOBS.pop(location, None)
            return None
        job = _JOBS[location] = Recompute(*stale)
        worker = threading.Thread(
            target=_run, args=(job, store, texts, d), name="dj-facts-recompute", daemon=True
        )
        worker.start()
        logger.warning("facts of %d reports are stale: recomputing in the background", job.total)
        return job.shown


def _run(job: Recompute, store: CorpusStore, texts: ResourceTexts, d: ThemeDictionary) -> None:
    """The background thread: the facts and theme hits under the current rules (backfill.prepare)."""

    def step(done: int, total: int) -> None:
        job.done, job.total = done, total

    try:
        prepare(store, texts, d, step)
    except Exception as exc:  # logged with its trace; the page says so and shows the older facts
        logger.exception("recomputing the facts under the current analysis rules failed")
        job.error = str(exc) or type(exc).__name__
    finally:
        job.finished = True


def running(location: str) -> Recompute | None:
    """The background recompute of this store, if one runs or failed."""
    job = _JOBS.get(location)
    return job if job is not None and (not job.finished or job.error) else None


def notice(location: str) -> None:
    """What 概览 says while the older rules' facts are shown: progress (refreshed every 2 s, the
    page reloaded when done) or the error and the command that fills the gap."""
    job = running(location)
    if job is None:
        return
    if job.error:
        st.error(
            f"按新版本分析规则重新计算汇总数据时出错（{markdown(job.error)}），下面仍是旧版本规则的结果。"
            f"请在命令行运行 `{BACKFILL_COMMAND}` 后刷新页面。",
            icon=":material/error:",
        )
        return
    _progress(location)


@st.fragment(run_every=2)
def _progress(location: str) -> None:
    job = running(location)
    if job is None:
        st.rerun()  # the current rules' facts are ready: the whole page again
        return
    st.info(
        "分析规则已更新：下面暂时显示按旧版本规则得出的汇总数据，新规则的结果正在后台计算，"
        "完成后页面自动刷新。",
        icon=":material/update:",
    )
    st.progress(
        min(job.done / max(job.total, 1), 1.0), text=f"已重新计算 {job.done}/{job.total} 份报告"
    )
