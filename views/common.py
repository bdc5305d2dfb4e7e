"""Shared UI helpers: cached access to the store and corpus, the sidebar filters, tables and charts.

Pages stay thin: widgets -> a call into analysis/ (cached here) -> a chart. Session state holds only
the user's selections (filter values, chosen reports, presentation mode).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.core import palette
from analysis.core.resources import ResourceTexts
from analysis.corpus.loading import Corpus, ensure_samples, load_corpus, resource_texts
from analysis.corpus.tables import ThemeFrames
from analysis.output import spreadsheet
from analysis.store.database import CorpusStore, default_location

# Reds and golds that read on a projector; A/B colours for comparisons.
PALETTE, SIDE_COLORS, HEAT_SCALE = palette.PALETTE, palette.SIDE_COLORS, palette.HEAT_SCALE
FILTER_KEYS = {"year": "flt_year", "organization": "flt_org", "kind": "flt_kind"}
EMPTY_HINT = "语料库中还没有报告。请到「数据管理」页面上传 .txt / .docx / .pdf / .zip 文件，或用命令 `python -m analysis ingest 文件…` 导入。"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> CorpusStore:
    store = CorpusStore(path)
    ensure_samples(store)
    return store


def require_store() -> None:
    """Stop the page with a Chinese message when the store cannot be opened (bad $DJ_DB path,
    PostgreSQL server down) or is damaged: a clear page instead of a traceback; a rerun retries."""
    from analysis.core.models import AnalysisError
    from analysis.store.integrity import StoreDamagedError
    from views import store_health

    try:
        store_health.stop_if_damaged(get_store())
    except StoreDamagedError as exc:  # one Chinese page with the check and the restore path
        store_health.damaged_page(exc)
    except AnalysisError as exc:
        st.error(f"无法打开语料库。{exc.message}", icon=":material/error:")
        st.stop()


def get_store() -> CorpusStore:
    """The corpus store ($DJ_DB: a path or a postgresql:// URL, else data/corpus.db); the sample corpus loaded on first start."""
    return _open_store(default_location())


@st.cache_resource(show_spinner="正在分析语料…", max_entries=2)
def _corpus(path: str, revision: int) -> Corpus:
    store = get_store()  # `path` (store.location, no password) is only the cache key
    return load_corpus(store)


def get_texts() -> ResourceTexts:
    """Resource texts with the user's edits (cheap: one small query)."""
    return resource_texts(get_store())


def get_corpus() -> Corpus:
    """The whole corpus with analyses, recomputed only when the store changes."""
    store = get_store()
    return _corpus(store.location, store.revision())


def filter_options(reports: pd.DataFrame) -> dict[str, list]:
    return {
        "year": sorted({int(y) for y in reports["year"].dropna()}),
        "organization": sorted({o for o in reports["organization"] if o}),
        "kind": sorted({k for k in reports["kind"] if k}),
    }


@st.cache_data(show_spinner=False, max_entries=4)
def _filter_options(path: str, revision: int) -> dict[str, list]:
    """Filter choices of the live reports, read once per store revision (not on every rerun)."""
    return filter_options(get_store().list_reports())


def draw_sidebar_filters() -> None:
    """Year / organization / kind filters in the sidebar; every page respects them."""
    store = get_store()
    opts = _filter_options(store.location, store.revision())
    st.sidebar.markdown("**筛选**")
    st.sidebar.multiselect("年份", opts["year"], key=FILTER_KEYS["year"], placeholder="全部年份")
    st.sidebar.multiselect(
        "单位", opts["organization"], key=FILTER_KEYS["organization"], placeholder="全部单位"
    )
    st.sidebar.multiselect("类型", opts["kind"], key=FILTER_KEYS["kind"], placeholder="全部类型")


def apply_filters(reports: pd.DataFrame) -> pd.DataFrame:
    """The rows of `reports` that pass the sidebar filters."""
    mask = pd.Series(True, index=reports.index)
    for col, key in FILTER_KEYS.items():
        chosen = st.session_state.get(key) or []
        if chosen:
            mask &= reports[col].isin(chosen)
    return reports[mask]


def filtered_corpus() -> Corpus:
    """The corpus restricted to the sidebar filters (the cached corpus itself when none is set).

    The last few filtered corpora are kept with the corpus, so the tables derived from them
    (`formulations`, `report_rows`) are reused across page runs too.
    """
    corpus = get_corpus()
    chosen = tuple(tuple(st.session_state.get(key) or ()) for key in FILTER_KEYS.values())
    if not any(chosen):
        return corpus
    recent: dict = corpus.cached("filtered", lambda c: {})
    sub = recent.pop(chosen, None)
    if sub is None:
        sub = corpus.subset(list(apply_filters(corpus.reports).index))
    recent[chosen] = sub  # most recent last
    while len(recent) > 8:
        recent.pop(next(iter(recent)))
    return sub


def formulations(corpus: Corpus) -> pd.DataFrame:
    """analysis.corpus.tables.formulations_frame of a (filtered) corpus, built once per corpus."""
    from analysis.corpus.tables import formulations_frame

    return corpus.cached("formulations", formulations_frame)


def report_rows(corpus: Corpus) -> pd.DataFrame:
    """analysis.corpus.tables.reports_frame of a (filtered) corpus, built once per corpus."""
    from analysis.corpus.tables import reports_frame

    return corpus.cached("reports", reports_frame)


@st.cache_data(show_spinner=False, max_entries=16)
def _keywords(resources: str, ids: tuple[int, ...], officialese: bool) -> pd.DataFrame:
    from analysis.text.keywords import keyword_table
    from analysis.text.lexicon import build_lexicon

    corpus = get_corpus().subset(list(ids))
    lex = build_lexicon(get_texts())
    docs = {rid: a.term_counts for rid, a in corpus.analyses.items()}
    chars = {rid: a.chars for rid, a in corpus.analyses.items()}
    return keyword_table(docs, chars, lex, officialese=officialese, n=200)


def corpus_keywords(ids: list[int], officialese: bool) -> pd.DataFrame:
    """Keyword table (count, per10k, tfidf, docs) of the reports `ids`.

    Cached by the reports and the resources, not the store revision: a report's analysis never
    changes while the resources stay the same, so metadata edits do not recompute it.
    """
    return _keywords(get_texts().fingerprint(), tuple(int(i) for i in ids), officialese)


def officialese_on() -> bool:
    """The stoplist switch for officialese words (on by default)."""
    return bool(st.session_state.get("officialese", True))


def empty_state() -> bool:
    """Show how to add reports when the (filtered) corpus is empty; True if it was empty."""
    if len(filtered_corpus().reports) == 0:
        if len(get_corpus().reports):
            st.info("当前筛选条件下没有报告，请在侧边栏调整筛选。")
        else:
            st.info(EMPTY_HINT)
        return True
    return False


def safe_name(text: str) -> str:
    """A file-name-safe version of a chart title."""
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text).strip("_")[:60] or "chart"


def show_chart(fig: go.Figure, name: str, height: int | None = None) -> None:
    """A plotly chart with Chinese font, and its PNG download named after the chart."""
    fig.update_layout(
        font=dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"),
        margin=dict(l=10, r=10, t=50 if fig.layout.title.text else 20, b=10),
    )
    if height:
        fig.update_layout(height=height)
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": safe_name(name),
            "width": 1600,
            "height": 900,
            "scale": 1,
        },
    }
    st.plotly_chart(fig, width="stretch", config=config)


def table_downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV (UTF-8 with BOM, opens right in Excel/WPS) and Excel download buttons for a table."""
    # A horizontal row sized to the buttons: columns would squeeze them in narrow containers.
    c1 = c2 = st.container(horizontal=True, gap="small")
    c1.download_button(
        "下载 CSV",
        lambda: spreadsheet.csv_bytes(df),  # built only when clicked
        file_name=f"{safe_name(name)}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    c2.download_button(
        "下载 Excel",
        lambda: spreadsheet.workbook_bytes(
            {name: df}
        ),  # built only when clicked (openpyxl is slow)
        file_name=f"{safe_name(name)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/table_view:",
    )


def show_table(df: pd.DataFrame, name: str, key: str, **kwargs: Any) -> None:
    """A sortable table (user text shown as plain text) with its downloads."""
    st.dataframe(df, hide_index=True, width="stretch", **kwargs)
    table_downloads(df, name, key)


# ---------------------------------------------------------------- exploration pages (issue 6)


@st.cache_resource(show_spinner=False, max_entries=8)
def _parse_themes(text: str):
    from analysis.text.themes import parse_theme_dictionary

    return parse_theme_dictionary(text)


def get_theme_dictionary():
    """The user's theme dictionary; the shipped one (with a warning) when the saved one is broken."""
    from analysis.core.models import AnalysisError
    from analysis.core.resources import default_texts

    try:
        return _parse_themes(get_texts().themes)
    except AnalysisError as exc:
        st.warning(f"已保存的主题词典有误，暂用默认词典。{exc.message}", icon=":material/warning:")
        return _parse_themes(default_texts().themes)


@st.cache_resource(show_spinner="正在计算主题得分…", max_entries=2)
def _theme_tables(path: str, revision: int, themes_yaml: str) -> ThemeFrames:
    from analysis.corpus.loading import load_themes

    corpus = _corpus(path, revision)
    d = _parse_themes(themes_yaml)
    # Per-report results outlive revisions (in the process and in the store): one upload
    # scores one report, and a restarted app re-scores nothing. Tables are built on first use.
    return ThemeFrames(corpus, d, load_themes(get_store(), corpus, d))


@functools.lru_cache(maxsize=8)
def _dumped(d) -> str:
    """The YAML text of a dictionary (the cache key of its tables); dumping is slow, so cached."""
    from analysis.text.themes import dump_theme_dictionary

    return dump_theme_dictionary(d)


def theme_tables(ids: list[int], d) -> ThemeFrames:
    """Theme scores, evidence hits and theme-tagged outline items (all kinds) of the reports `ids`
    (an analysis.corpus.tables.ThemeFrames: `frames["scores"]`; each table built on first use).

    Per-report results are computed once per dictionary; the tables once per store revision.
    Evidence rows carry offsets only: pass the rows shown to `evidence_sentences`.
    """
    store = get_store()
    return _theme_tables(store.location, store.revision(), _dumped(d)).select(ids)


def evidence_sentences(rows: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows of `theme_tables` with their sentences (analysis.corpus.tables.EVIDENCE_COLUMNS)."""
    from analysis.corpus.tables import with_sentences

    return with_sentences(rows, get_corpus())


def can_write() -> bool:
    """Whether this session may change shared data (no admin password set, or logged in)."""
    from views import admin

    return admin.can_write()


def keyword_figure(keywords, title: str) -> go.Figure:
    """Horizontal bar chart of keywords (largest on top), hover with count and per-10k frequency."""
    terms = [k.term for k in keywords][::-1]
    counts = [k.count for k in keywords][::-1]
    weights = [k.weight for k in keywords][::-1]
    fig = go.Figure(
        go.Bar(
            x=counts,
            y=terms,
            orientation="h",
            marker_color=PALETTE[0],
            customdata=weights,
            hovertemplate="%{y}<br>出现 %{x} 次<br>每万字 %{customdata:.1f} 次<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="出现次数",
        yaxis=dict(type="category", automargin=True),
        height=max(320, 24 * len(terms) + 90),
        showlegend=False,
    )
    return fig


def show_wordcloud(freqs: dict[str, float], name: str, key: str) -> None:
    """A word cloud at screen size and a PNG download drawn at slide resolution on demand."""
    from analysis.output.wordclouds import SCREEN, SLIDE, render_wordcloud

    if not freqs:
        st.caption("没有可显示的关键词。")
        return
    items = dict(sorted(freqs.items(), key=lambda kv: -kv[1])[:150])
    png = render_wordcloud(items, *SCREEN)
    st.image(png, width="stretch", caption=name, output_format="PNG")  # PNG: no re-encoding
    st.download_button(
        "下载词云 PNG（幻灯片尺寸）",
        lambda: render_wordcloud(items, *SLIDE),
        file_name=f"{safe_name(name)}.png",
        mime="image/png",
        key=f"{key}_png",
        icon=":material/image:",
    )


# ---------------------------------------------------------------- comparison and presentation (issues 7, 8)


@st.cache_resource(show_spinner="正在对比两方…", max_entries=16)
def _comparison(
    path: str,
    revision: int,
    fingerprint: str,
    ids_a: tuple[int, ...],
    ids_b: tuple[int, ...],
    label_a: str,
    label_b: str,
    officialese: bool,
):
    from analysis.corpus.compare import compare_sides

    corpus = _corpus(path, revision)  # the whole corpus is the prior of the word statistic
    return compare_sides(corpus, ids_a, ids_b, get_texts(), label_a, label_b, officialese)


def get_comparison(ids_a, ids_b, label_a: str = "", label_b: str = ""):
    """The analysis.corpus.compare.Comparison of two sides, cached by store revision, resources,
    sides and the officialese switch (moving the measure threshold re-aligns it cheaply)."""
    store = get_store()
    return _comparison(
        store.location,
        store.revision(),
        get_texts().fingerprint(),
        tuple(sorted(int(i) for i in ids_a)),
        tuple(sorted(int(i) for i in ids_b)),
        label_a,
        label_b,
        officialese_on(),
    )
