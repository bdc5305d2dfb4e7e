"""雷同检测 under another 通用表述 threshold: its rows are a set of their own, computed once over the
whole store in a background thread (the page shows the progress and stays usable), then kept up to
date on every save like the maintained set. One extra set at a time: starting one drops the other."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import streamlit as st

from analysis.corpus.overlap import maintain
from views import data, overlap_data

logger = logging.getLogger(__name__)


@dataclass
class Job:
    """A background computation of one threshold's rows: its progress and how it ended."""

    done: int = 0
    total: int = 0
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)

    def step(self, done: int, total: int) -> None:
        self.done, self.total = done, total


def _run(store: object, threshold: int, job: Job) -> None:
    """The thread's body: the set computed; an error logged and kept for the page to say."""
    try:
        maintain.update(store, None, threshold, job.step)  # type: ignore[arg-type]
    except Exception as exc:
        logger.exception("雷同检测 rows at threshold %d failed", threshold)
        job.error = type(exc).__name__
    finally:
        job.finished.set()


def ready(threshold: int) -> bool:
    """Whether `threshold`'s rows are complete (a set recorded, no job running for it)."""
    store = data.get_store()
    job = overlap_data.jobs().get((overlap_data.where(), threshold))
    if job is not None and not job.finished.is_set():
        return False
    return threshold in maintain.stored_sets(store) and not any(maintain.pending(store, threshold))


def start(threshold: int) -> Job:
    """The job computing `threshold`'s rows, started unless one is running."""
    store = data.get_store()
    key = (overlap_data.where(), threshold)
    job = overlap_data.jobs().get(key)
    if job is not None and (job.error or not job.finished.is_set()):
        return job  # running, or failed (said on the page until the app restarts)
    for t, kept in maintain.stored_sets(store).items():
        if not kept and t != threshold:
            maintain.drop_set(store, t)
    job = overlap_data.jobs()[key] = Job()
    name = f"overlap-threshold-{threshold}"
    threading.Thread(target=_run, args=(store, threshold, job), name=name, daemon=True).start()
    return job


@st.fragment(run_every=2)
def progress(threshold: int) -> None:
    """The running job's bar, redrawn every 2 s; the whole page reruns once it ends."""
    job = start(threshold)
    if job.error:
        st.error(f"按门槛 {threshold} 份计算失败（{job.error}），请改用其他门槛或联系管理员。")
        return
    if job.finished.is_set():
        st.rerun(scope="app")
    share = job.done / job.total if job.total else 0.0
    st.progress(
        share, text=f"正在后台按通用表述门槛 {threshold} 份比对全部报告… {job.done}/{job.total}"
    )
    st.caption("计算完成后本页自动刷新；期间可以浏览其他页面。")


def drift(kept: int) -> None:
    """When the corpus has grown or shrunk so that its default threshold differs from the one
    the rows were built with: say so, and offer to recompute them (with a progress bar)."""
    now = overlap_data.default_threshold()
    if now == kept:
        return
    st.caption(f"结果按建立时的规模以 {kept} 份为通用表述门槛；按当前报告数应为 {now} 份。")
    if st.button("按当前规模重算", key="ov_recompute", icon=":material/refresh:"):
        store = data.get_store()
        maintain.drop_set(store, kept)
        maintain.recompute(store, now, None, overlap_data.bar())
        st.rerun()
