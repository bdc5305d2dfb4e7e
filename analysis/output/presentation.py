"""Presentation mode (汇报模式) and the comparison page's figures: pure builders, no streamlit.

A presentation is a sequence of slides planned from the user's choices (`plan_slides`, cheap) and
built one at a time when shown (`build_slide`): each slide is a title plus one plotly figure, or
word-cloud images, with at most a few plain-text lines. `projector_style` restyles any figure for a
projector: big fonts, thick lines, high-contrast reds and golds on white.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.core import palette
from analysis.core.facts import count_practices
from analysis.corpus.compare import (
    GROUP_BY,
    Comparison,
    group_ids,
    group_options,
    similarity_label,
    status_text,
)
from analysis.corpus.kpis import corpus_kpis as kpis_of
from analysis.corpus.loading import Corpus
from analysis.corpus.tables import practice_rows

# ---------------------------------------------------------------------------------------------
# Projector look
# ---------------------------------------------------------------------------------------------

# High-contrast reds and golds that survive a washed-out projector; A/B keep the page's colours.
PROJECTOR_PALETTE = ("#B00020", "#D49A00", "#6E0A12", "#E8590C", "#8C6D00", "#D6336C")
SIDE_COLORS, HEAT_SCALE = palette.SIDE_COLORS, palette.HEAT_SCALE
PROJECTOR_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
FONT_SIZE = 22  # base font of slide figures (about 1.6x the page charts)
TICK_SIZE = 20
LINE_WIDTH = 5
SLIDE_HEIGHT = 560  # px of a slide figure: title + figure + controls fit a 1366x768 projector
TEXT_SLIDE_HEIGHT = 420  # px of a figure with text lines beneath it
SLIDE_PX = (1920, 1080)  # word clouds and PNG downloads at slide resolution
MEASURES_PER_SLIDE = 8  # table rows readable from the back of a room
ONLY_ROWS = 8  # practices per side on the "only one side has" slide
MAX_MEASURE_PAGES = 3
MAX_HEAT_ROWS = 15  # branches on one heatmap slide
TEXT_CHARS = 48  # longest cell text on a table slide


def projector_style(fig: go.Figure, height: int = SLIDE_HEIGHT) -> go.Figure:
    """Restyle a figure in place for a projector (big fonts, thick lines, palette); returns it."""
    fig.update_layout(
        template="simple_white",
        font=dict(family=PROJECTOR_FONT, size=FONT_SIZE, color="#1A1A1A"),
        colorway=list(PROJECTOR_PALETTE),
        height=height,
        title=dict(text=None),
        margin=dict(l=20, r=20, t=30, b=20),
        legend=dict(font=dict(size=FONT_SIZE), orientation="h", y=1.08, x=0),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    axis = dict(
        tickfont=dict(size=TICK_SIZE, color="#1A1A1A"),
        title_font=dict(size=FONT_SIZE, color="#1A1A1A"),
        linewidth=2,
        showline=True,
        automargin=True,
    )
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_polars(
        angularaxis=dict(tickfont=dict(size=FONT_SIZE, color="#1A1A1A"), linewidth=2),
        radialaxis=dict(tickfont=dict(size=TICK_SIZE - 4, color="#333333"), linewidth=2),
    )
    fig.for_each_trace(_thicken)
    return fig


def _thicken(trace: Any) -> None:
    """Thick lines and big markers for line-like traces; big cell text for heatmaps and tables."""
    kind = trace.type
    if kind in ("scatter", "scattergl", "scatterpolar"):
        trace.update(line=dict(width=LINE_WIDTH))
        size = trace.marker.size if isinstance(trace.marker.size, int | float) else 8
        trace.update(marker=dict(size=max(12, size)), textfont=dict(size=FONT_SIZE - 2))
    elif kind == "heatmap":
        trace.update(textfont=dict(size=FONT_SIZE), xgap=2, ygap=2)
    elif kind == "bar":
        trace.update(textfont=dict(size=FONT_SIZE), marker_line=dict(width=0))


# ---------------------------------------------------------------------------------------------
# Sides of a comparison, as plain strings (session state and widgets hold them)
# ---------------------------------------------------------------------------------------------


def side_key(by: str, value: Any) -> str:
    """A side as a string "by:value", e.g. "branch:兴城投资党支部" or "year:2023"."""
    return f"{by}:{value}"


def parse_side(key: str) -> tuple[str, str]:
    """(by, value) of a side key; an unknown grouping reads as a branch."""
    by, _, value = str(key).partition(":")
    return (by, value) if by in GROUP_BY else ("branch", str(key))


def side_name(key: str) -> str:
    """How a side is named in titles: the branch/organization/kind, or "2023年"."""
    by, value = parse_side(key)
    return f"{value}年" if by == "year" else value


def side_text(key: str) -> str:
    """A side as a picker option, e.g. "支部：兴城投资党支部", "年份：2023年"."""
    by, _ = parse_side(key)
    return f"{GROUP_BY[by]}：{side_name(key)}"


def side_options(reports: pd.DataFrame) -> list[str]:
    """Every side of the corpus: each branch, then each organization, year and kind."""
    opts = group_options(reports)
    return [side_key(by, v) for by in GROUP_BY for v in opts.get(by, [])]


def side_ids(reports: pd.DataFrame, key: str) -> list[int]:
    """Report ids of a side."""
    by, value = parse_side(key)
    return group_ids(reports, by, value)


def default_pair(options: Sequence[Any]) -> tuple[int, int]:
    """Indexes of the default sides: the first two options (the same one if there is only one)."""
    return 0, (1 if len(options) > 1 else 0)


# ---------------------------------------------------------------------------------------------
# Figures of the comparison page (and of comparison slides)
# ---------------------------------------------------------------------------------------------


def similarity_figure(c: Comparison) -> go.Figure:
    """Overall similarity and its four parts as horizontal bars on a 0-1 scale."""
    from analysis.corpus.compare import SIMILARITY_PARTS

    names = ["总体", *[SIMILARITY_PARTS.get(k, k) for k in c.similarity_parts]]
    values = [c.similarity, *c.similarity_parts.values()]
    colors = [PROJECTOR_PALETTE[1], *[PROJECTOR_PALETTE[0]] * len(c.similarity_parts)]
    fig = go.Figure(
        go.Bar(
            x=values[::-1],
            y=names[::-1],
            orientation="h",
            marker_color=colors[::-1],
            text=[f"{v:.2f}" for v in values[::-1]],
            textposition="outside",
            hovertemplate="%{y}相似度：%{x:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 1.12], title_text="相似度（0 = 毫无共同之处，1 = 完全相同）")
    fig.update_yaxes(type="category")
    fig.update_layout(
        title=f"总体相似度 {c.similarity:.2f}（{similarity_label(c.similarity)}）",
        showlegend=False,
        height=320,
    )
    return fig


def scatter_floor(scatter: pd.DataFrame) -> float:
    """Where a zero frequency is drawn on the log axes: half the smallest non-zero frequency."""
    values = pd.concat([scatter["freq_a"], scatter["freq_b"]]) if len(scatter) else pd.Series()
    positive = values[values > 0]
    return float(positive.min()) / 2 if len(positive) else 0.5


def _jitter(values: pd.Series, terms: pd.Series, axis: int, spread: float = 0.06) -> list[float]:
    """Values moved by a stable ±`spread` factor per term, so terms with equal counts do not
    hide one another (hover still shows the exact counts)."""
    out = []
    for v, t in zip(values, terms, strict=True):
        u = zlib.crc32(f"{axis}{t}".encode()) / 0xFFFFFFFF  # stable in [0, 1]
        out.append(float(v) * (1 + spread * (2 * u - 1)))
    return out


def scatter_figure(c: Comparison, label_top: int = 10) -> go.Figure:
    """Every term's frequency in A against B (per 10,000 words, log axes), WebGL; customdata =
    the term. A term missing on one side sits on that side's floor line (scatter_floor).

    Distinctive terms are coloured by side and the strongest are labelled; hover shows the counts.
    """
    s = c.scatter
    floor = scatter_floor(s)
    fig = go.Figure()
    groups = (("", "其他词"), ("A", f"{c.label_a} 特色词"), ("B", f"{c.label_b} 特色词"))
    for side, name in groups:
        part = s[s["side"] == side] if len(s) else s
        strongest = part.assign(_a=part["z"].abs()).nlargest(label_top, "_a") if side else part[:0]
        top = set(strongest["term"])
        fig.add_trace(
            go.Scattergl(
                x=_jitter(part["freq_a"].clip(lower=floor), part["term"], 0),
                y=_jitter(part["freq_b"].clip(lower=floor), part["term"], 1),
                mode="markers+text" if side else "markers",
                text=[_esc(t) if t in top else "" for t in part["term"]],
                textposition="top center",
                name=_esc(name),
                customdata=list(part["term"]),
                marker=dict(
                    color=SIDE_COLORS.get(side, "#A8A8A8"), size=10 if side else 7, opacity=0.75
                ),
                hovertext=[
                    f"{_esc(t)}<br>{_esc(c.label_a)}：{a} 次（每万词 {fa}）"
                    f"<br>{_esc(c.label_b)}：{b} 次（每万词 {fb}）<br>z = {z:.2f}"
                    for t, a, b, fa, fb, z in zip(
                        part["term"],
                        part["count_a"],
                        part["count_b"],
                        part["freq_a"],
                        part["freq_b"],
                        part["z"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    top = float(max(s["freq_a"].max(), s["freq_b"].max())) if len(s) else 1.0
    fig.add_shape(
        type="line", x0=floor, y0=floor, x1=top, y1=top, line=dict(color="#999", dash="dot")
    )
    fig.update_xaxes(type="log", dtick="D2", title_text=f"{_esc(c.label_a)}（每万词，对数坐标）")
    fig.update_yaxes(type="log", dtick="D2", title_text=f"{_esc(c.label_b)}（每万词，对数坐标）")
    fig.update_layout(
        title="词频对照（每个点是一个词；对角线上两方一样常用，贴着左边或下边的词只有一方用）",
        height=600,
        legend=dict(orientation="h", y=-0.15),
    )
    return fig


def side_cloud(
    c: Comparison, side: str, size: tuple[int, int] = SLIDE_PX, max_words: int = 80
) -> bytes:
    """One side's word cloud on the comparison's common scale, in the side's colour."""
    from analysis.output.wordclouds import render_wordcloud

    freqs = c.freqs_a if side == "A" else c.freqs_b
    items = dict(sorted(freqs.items(), key=lambda kv: -kv[1])[:150])
    return render_wordcloud(
        items,
        *size,
        palette=palette.SIDE_CLOUD_PALETTES[side],
        max_words=max_words,
        scale_max=c.cloud_scale,
    )


def numbers_table_figure(c: Comparison) -> go.Figure:
    """Indicators of both sides by category as a table figure (redacted figures as 已脱敏)."""
    n = c.numbers
    cols = ["类别", _esc(c.label_a), _esc(c.label_b)]
    if n.empty:
        cells = [["—"], ["没有提取到数字指标"], [""]]
    else:
        cats = [
            f"{lab}（{u}）" if u else lab
            for lab, u in zip(n["category_label"], n["unit"], strict=True)
        ]
        cells = [cats, [_clip(v) for v in n["display_a"]], [_clip(v) for v in n["display_b"]]]
    return _table_figure(cols, cells, [1.2, 3, 3], header_colors=("#6E0A12", *SIDE_COLORS.values()))


def pairs_table_figure(c: Comparison, n: int = 8) -> go.Figure:
    """The most similar measure pairs (A's practice, similarity, B's practice) as a table figure."""
    p = c.measures.pairs.head(n)
    cols = [_esc(c.label_a), "相似度", _esc(c.label_b)]
    if p.empty:
        cells = [["没有相近的做法"], ["—"], [""]]
    else:
        cells = [
            [_clip(t) for t in p["title_a"]],
            [f"{v:.2f}" for v in p["similarity"]],
            [_clip(t) for t in p["title_b"]],
        ]
    return _table_figure(
        cols, cells, [3, 1, 3], header_colors=(SIDE_COLORS["A"], "#6E0A12", SIDE_COLORS["B"])
    )


def only_table_figure(c: Comparison, n: int = ONLY_ROWS) -> go.Figure:
    """The practices only one side has, A's and B's side by side (at most `n` each)."""
    a = [_clip(t) for t in c.measures.only_a["title"].head(n)]
    b = [_clip(t) for t in c.measures.only_b["title"].head(n)]
    rows = max(len(a), len(b), 1)
    a += [""] * (rows - len(a))
    b += [""] * (rows - len(b))
    if not any(a) and not any(b):
        a, b = ["（无：每项做法在对方都有相近的）"], [""]
    cols = [f"只有 {_esc(c.label_a)} 有", f"只有 {_esc(c.label_b)} 有"]
    return _table_figure(cols, [a, b], [1, 1], header_colors=tuple(SIDE_COLORS.values()))


def _table_figure(
    header: Sequence[str],
    columns: Sequence[Sequence[str]],
    widths: Sequence[float],
    header_colors: Sequence[str] = (),
) -> go.Figure:
    """A plotly table with a red header and large cells (user text escaped by the caller)."""
    fills = list(header_colors) or [PROJECTOR_PALETTE[0]] * len(header)
    fig = go.Figure(
        go.Table(
            columnwidth=list(widths),
            header=dict(
                values=[f"<b>{h}</b>" for h in header],
                fill_color=fills,
                font=dict(color="white", size=FONT_SIZE + 2),
                align="left",
                height=52,
            ),
            cells=dict(
                values=[list(col) for col in columns],
                fill_color=[["#FFFFFF", "#FBF3E4"] * (len(columns[0]) // 2 + 1)],
                font=dict(size=FONT_SIZE + 2, color="#1A1A1A"),
                align="left",
                height=50,
            ),
        )
    )
    return fig


def _esc(text: Any) -> str:
    """User text made inert for plotly labels (plotly reads a subset of HTML)."""
    return html.escape(str(text), quote=False)


def _clip(text: Any, n: int = TEXT_CHARS) -> str:
    """Escaped text cut to `n` characters for a slide cell."""
    s = " ".join(str(text).split())
    return _esc(s if len(s) <= n else s[: n - 1] + "…")


# ---------------------------------------------------------------------------------------------
# Corpus figures of the slides
# ---------------------------------------------------------------------------------------------


def corpus_kpis(corpus: Corpus) -> list[tuple[str, str, str]]:
    """Headline figures of a corpus as (label, value, unit): `analysis.corpus.kpis`, formatted."""
    return [(k.label, k.value, k.note) for k in kpis_of(corpus).items()]


def kpi_figure(kpis: Sequence[tuple[str, str, str]], per_row: int = 4) -> go.Figure:
    """Headline figures as big tiles: the value in red, its label and unit beneath."""
    fig = go.Figure()
    rows = max(1, -(-len(kpis) // per_row))
    gap = 0.03
    w = (1 - gap * (per_row - 1)) / per_row
    h = (1 - gap * (rows - 1)) / rows
    for k, (label, value, unit) in enumerate(kpis):
        r, col = divmod(k, per_row)
        x0, y1 = col * (w + gap), 1 - r * (h + gap)
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x0 + w,
            y0=y1 - h,
            y1=y1,
            xref="paper",
            yref="paper",
            fillcolor="#FFF8E7",
            line=dict(color=PROJECTOR_PALETTE[1], width=3),
        )
        size = 72 if len(value) <= 5 else 48
        fig.add_annotation(
            x=x0 + w / 2,
            y=y1 - h * 0.42,
            xref="paper",
            yref="paper",
            text=f"<b>{_esc(value)}</b>",
            showarrow=False,
            xanchor="center",
            yanchor="middle",
            font=dict(size=size, color=PROJECTOR_PALETTE[0]),
        )
        fig.add_annotation(
            x=x0 + w / 2,
            y=y1 - h * 0.8,
            xref="paper",
            yref="paper",
            text=_esc(f"{label}（{unit}）" if unit else label),
            showarrow=False,
            xanchor="center",
            yanchor="middle",
            font=dict(size=FONT_SIZE + 2, color="#333333"),
        )
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    return fig


def heatmap_figure(matrix: pd.DataFrame) -> go.Figure:
    """Branches x themes (hits per 10,000 characters), values written in the cells."""
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[_esc(c) for c in matrix.columns],
            y=[_esc(i) for i in matrix.index],
            colorscale=HEAT_SCALE,
            texttemplate="%{z:.0f}",
            hovertemplate="%{y}<br>%{x}：%{z:.1f} 次/万字<extra></extra>",
            colorbar=dict(title=dict(text="次/万字")),
        )
    )
    fig.update_xaxes(side="top", type="category", tickangle=-30)
    fig.update_yaxes(type="category", autorange="reversed")
    return fig


def bar_figure(
    labels: Sequence[str], values: Sequence[float], color: str, x_title: str
) -> go.Figure:
    """Horizontal bars, largest on top, values written at the bar ends."""
    fig = go.Figure(
        go.Bar(
            x=list(values)[::-1],
            y=[_esc(t) for t in labels][::-1],
            orientation="h",
            marker_color=color,
            text=[f"{v:g}" for v in values][::-1],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(type="category")
    fig.update_layout(showlegend=False)
    return fig


def measures_table_figure(rows: pd.DataFrame, start: int = 0) -> go.Figure:
    """A report's practices (举措, 主题, 所在章节) numbered from `start` + 1, as a table figure."""
    if rows.empty:
        cols = [["—"], ["未识别到举措"], [""]]
    else:
        cols = [
            [str(start + k + 1) for k in range(len(rows))],
            [_clip(t) for t in rows["举措"]],
            [_clip(t, 16) for t in rows["主题"]],
        ]
    return _table_figure(["序号", "举措", "主题"], cols, [0.5, 5, 1.6])


# ---------------------------------------------------------------------------------------------
# The slide sequence
# ---------------------------------------------------------------------------------------------

VIEWS = {
    "kpis": "概览 KPIs",
    "heatmap": "主题热力图",
    "wordcloud": "关键词词云",
    "keywords": "高频关键词",
    "formulations": "常用提法",
    "measures": "某报告的举措",
    "comparison": "某对比",
}
DEFAULT_VIEWS = ("kpis", "heatmap", "wordcloud", "measures", "comparison")
COMPARISON_PARTS = {
    "summary": "总体相似度",
    "words": "区分词",
    "clouds": "词云对照",
    "themes": "主题侧重",
    "pairs": "相近做法",
    "only": "各自独有的做法",
    "numbers": "数字指标",
}


@dataclass(frozen=True)
class SlideSpec:
    """What one slide shows (cheap to plan; the content is built only when shown)."""

    view: str  # a key of VIEWS
    title: str
    report_id: int | None = None  # "measures"
    page: int = 0  # "measures": which page of the report's practices
    pages: int = 1
    pair: tuple[str, str] | None = None  # "comparison": side keys
    part: str = ""  # "comparison": a key of COMPARISON_PARTS


@dataclass(frozen=True, eq=False)
class Slide:
    """A built slide: title, one figure or word-cloud images, a few plain-text lines."""

    title: str
    subtitle: str = ""
    figure: go.Figure | None = None
    images: tuple[tuple[str, Callable[[], bytes]], ...] = ()  # (caption, PNG builder)
    lines: tuple[str, ...] = ()  # plain text: escape before rendering as Markdown
    name: str = ""  # file-name stem of downloads


def _practice_count(corpus: Corpus, rid: int) -> int:
    """Number of practices found in a report (`facts.count_practices`)."""
    a = corpus.analyses.get(rid)
    return count_practices(a.structure.measures) if a else 0


def plan_slides(
    views: Sequence[str],
    corpus: Any,
    report_ids: Sequence[int] = (),
    pairs: Sequence[tuple[str, str]] = (),
) -> list[SlideSpec]:
    """The slides of the chosen views, in their order; a report's practices or a comparison
    expand to several slides. Unknown views and reports no longer in the corpus are skipped."""
    specs: list[SlideSpec] = []
    for view in dict.fromkeys(views):
        if view == "measures":
            for rid in report_ids:
                if rid not in corpus.analyses:
                    continue
                n = _practice_count(corpus, rid)
                pages = max(1, min(MAX_MEASURE_PAGES, -(-n // MEASURES_PER_SLIDE)))
                for p in range(pages):
                    suffix = f"（{p + 1}/{pages}）" if pages > 1 else ""
                    title = f"{corpus.label(rid)}：主要举措{suffix}"
                    specs.append(SlideSpec(view, title, report_id=int(rid), page=p, pages=pages))
        elif view == "comparison":
            for a, b in pairs:
                for part, name in COMPARISON_PARTS.items():
                    title = f"{side_name(a)} 与 {side_name(b)}：{name}"
                    specs.append(SlideSpec(view, title, pair=(a, b), part=part))
        elif view in VIEWS:
            specs.append(SlideSpec(view, VIEWS[view].replace("概览 KPIs", "语料概览")))
    return specs


def clamp_index(index: Any, n: int) -> int:
    """A valid slide index for a sequence of `n` slides (0 when empty or unreadable)."""
    try:
        i = int(index)
    except (TypeError, ValueError):
        return 0
    return max(0, min(i, n - 1)) if n > 0 else 0


@dataclass(frozen=True, eq=False)
class Sources:
    """Where slides get their data; the page passes cached versions of these callables."""

    corpus: Any
    theme_names: tuple[str, ...]
    theme_scores: Callable[[], pd.DataFrame]  # analysis.corpus.tables.SCORE_COLUMNS
    keywords: Callable[[], pd.DataFrame]  # analysis.text.keywords.KEYWORD_COLUMNS (term, count, …)
    formulations: Callable[[], pd.DataFrame]  # analysis.corpus.tables.FORMULATION_COLUMNS
    measures: Callable[
        [int], pd.DataFrame
    ]  # a report's practices, analysis.corpus.tables.MEASURE_COLUMNS
    compare: Callable[[str, str], Comparison | None]  # side keys -> comparison (None: empty side)
    officialese: bool = True


def default_sources(corpus: Any, texts: Any, officialese: bool = True) -> Sources:
    """Sources computed directly (CLI, tests); each callable computes once."""
    from analysis.corpus import tables
    from analysis.corpus.compare import compare_sides
    from analysis.text.keywords import keyword_table
    from analysis.text.lexicon import build_lexicon
    from analysis.text.themes import parse_theme_dictionary

    d = parse_theme_dictionary(texts.themes)

    @lru_cache(maxsize=1)
    def scores() -> pd.DataFrame:
        return tables.theme_scores_frame(corpus, d)

    @lru_cache(maxsize=1)
    def keywords() -> pd.DataFrame:
        lex = build_lexicon(texts)
        an = corpus.analyses
        docs = {i: a.term_counts for i, a in an.items()}
        chars = {i: a.chars for i, a in an.items()}
        return keyword_table(docs, chars, lex, officialese=officialese, n=200)

    def measures(rid: int) -> pd.DataFrame:
        return tables.measures_frame(corpus.subset([rid]), d)

    def compare(a: str, b: str) -> Comparison | None:
        ia, ib = side_ids(corpus.reports, a), side_ids(corpus.reports, b)
        if not ia or not ib:
            return None
        return compare_sides(corpus, ia, ib, texts, side_name(a), side_name(b), officialese)

    return Sources(
        corpus=corpus,
        theme_names=tuple(d.names),
        theme_scores=scores,
        keywords=keywords,
        formulations=lambda: tables.formulations_frame(corpus),
        measures=measures,
        compare=compare,
        officialese=officialese,
    )


def _kpis_slide(spec: SlideSpec, src: Sources) -> Slide:
    n = len(src.corpus.reports)
    return Slide(spec.title, f"共 {n} 份报告", kpi_figure(corpus_kpis(src.corpus)), name="语料概览")


def _heatmap_slide(spec: SlideSpec, src: Sources) -> Slide:
    from analysis.corpus.tables import branch_theme_matrix

    matrix = branch_theme_matrix(src.theme_scores(), src.theme_names)
    if matrix.empty or not src.theme_names:
        return Slide(spec.title, lines=("没有可计算主题得分的报告或主题词典为空。",))
    note = "每万字命中句数，颜色越深越侧重"
    if len(matrix) > MAX_HEAT_ROWS:
        matrix = matrix.loc[matrix.sum(axis=1).nlargest(MAX_HEAT_ROWS).index]
        note += f"；只显示主题总得分最高的 {MAX_HEAT_ROWS} 个支部"
    return Slide(spec.title, note, heatmap_figure(matrix), name="主题热力图")


def _cloud_builder(
    freqs: dict[str, float], scale_max: float | None = None, max_words: int = 100
) -> Callable[[], bytes]:
    """A PNG builder of a word cloud at slide resolution."""
    from analysis.output.wordclouds import render_wordcloud

    items = dict(sorted(freqs.items(), key=lambda kv: -kv[1])[:150])
    return lambda: render_wordcloud(items, *SLIDE_PX, max_words=max_words, scale_max=scale_max)


def _wordcloud_slide(spec: SlideSpec, src: Sources) -> Slide:
    kw = src.keywords()
    if kw.empty:
        return Slide(spec.title, lines=("没有可显示的关键词。",))
    freqs = dict(zip(kw["term"], kw["count"].astype(float), strict=True))
    note = "已去除公文套话" if src.officialese else "含公文套话"
    return Slide(
        spec.title,
        f"全部报告的高频词（{note}）",
        images=(("语料词云", _cloud_builder(freqs)),),
        name="语料词云",
    )


def _keywords_slide(spec: SlideSpec, src: Sources, n: int = 15) -> Slide:
    kw = src.keywords().head(n)
    if kw.empty:
        return Slide(spec.title, lines=("没有可显示的关键词。",))
    fig = bar_figure(
        list(kw["term"]), [int(v) for v in kw["count"]], PROJECTOR_PALETTE[0], "出现次数"
    )
    return Slide(spec.title, f"出现次数最多的 {len(kw)} 个词", fig, name="高频关键词")


def _formulations_slide(spec: SlideSpec, src: Sources, n: int = 12) -> Slide:
    f = src.formulations().head(n)
    if f.empty:
        return Slide(spec.title, lines=("没有识别到提法。",))
    fig = bar_figure(
        list(f["提法"]), [int(v) for v in f["报告数"]], PROJECTOR_PALETTE[1], "使用的报告数"
    )
    fig.update_xaxes(dtick=1)
    return Slide(spec.title, "按使用的报告数排序", fig, name="常用提法")


def _measures_slide(spec: SlideSpec, src: Sources) -> Slide:
    rid = spec.report_id
    if rid is None or rid not in src.corpus.analyses:
        return Slide(spec.title, lines=("该报告已不在语料中。",))
    rows = src.measures(rid)
    if "类型" in rows.columns:
        rows = practice_rows(rows)
    start = spec.page * MEASURES_PER_SLIDE
    part = rows.iloc[start : start + MEASURES_PER_SLIDE]
    title = str(src.corpus.reports.loc[rid].get("title") or "")
    sub = f"共 {len(rows)} 项举措" + (f" · {title}" if title else "")
    if spec.page == spec.pages - 1 and len(rows) > spec.pages * MEASURES_PER_SLIDE:
        sub += f"（只展示前 {spec.pages * MEASURES_PER_SLIDE} 项）"
    return Slide(
        spec.title, sub, measures_table_figure(part, start), name=f"{src.corpus.label(rid)}_举措"
    )


def _comparison_slide(spec: SlideSpec, src: Sources) -> Slide:
    from analysis.output.export_html import fig_diverging, fig_radar

    a, b = spec.pair or ("", "")
    c = src.compare(a, b)
    if c is None:
        return Slide(spec.title, lines=("对比的一方在当前语料中没有报告。",))
    sides = f"A：{c.label_a}（{len(c.reports_a)} 份）  B：{c.label_b}（{len(c.reports_b)} 份）"
    name = f"{c.label_a}_vs_{c.label_b}_{COMPARISON_PARTS.get(spec.part, spec.part)}"
    if spec.part == "summary":
        return Slide(
            spec.title, sides, similarity_figure(c), lines=tuple(c.summary[1:4]), name=name
        )
    if spec.part == "words":
        if c.words.empty or not (c.words["z"].abs() > 0).any():
            return Slide(spec.title, sides, lines=("两方用词没有差别。",), name=name)
        return Slide(
            spec.title, "条越长越有特色；浅色：差异未达统计显著", fig_diverging(c, 10), name=name
        )
    if spec.part == "clouds":
        images = (
            (f"A：{c.label_a}", lambda: side_cloud(c, "A")),
            (f"B：{c.label_b}", lambda: side_cloud(c, "B")),
        )
        return Slide(spec.title, "两幅词云同一比例：字号大小可直接比较", images=images, name=name)
    if spec.part == "themes":
        return Slide(spec.title, "每万字命中主题词的句数", fig_radar(c), name=name)
    if spec.part == "pairs":
        m = c.measures
        lines = (
            f"{status_text('a', c.label_a, c.label_b)}的做法 {len(m.only_a)} 项，"
            f"{status_text('b', c.label_a, c.label_b)}的做法 {len(m.only_b)} 项",
        )
        sub = f"{len(m.pairs)} 对相近做法（文本相似度 ≥ {m.threshold:.2f}）"
        if m.pairs.empty:
            none = f"在文本相似度阈值 {m.threshold:.2f} 下，两方没有相近的做法。"
            return Slide(spec.title, sub, lines=(none, *lines), name=name)
        return Slide(spec.title, sub, pairs_table_figure(c), lines=lines, name=name)
    if spec.part == "only":
        m = c.measures
        sub = f"{c.label_a} 独有 {len(m.only_a)} 项，{c.label_b} 独有 {len(m.only_b)} 项"
        if max(len(m.only_a), len(m.only_b)) > ONLY_ROWS:
            sub += f"（各列前 {ONLY_ROWS} 项）"
        return Slide(spec.title, sub, only_table_figure(c), name=name)
    return Slide(spec.title, sides, numbers_table_figure(c), name=name)


_BUILDERS: dict[str, Callable[[SlideSpec, Sources], Slide]] = {
    "kpis": _kpis_slide,
    "heatmap": _heatmap_slide,
    "wordcloud": _wordcloud_slide,
    "keywords": _keywords_slide,
    "formulations": _formulations_slide,
    "measures": _measures_slide,
    "comparison": _comparison_slide,
}


def build_slide(spec: SlideSpec, src: Sources, height: int = SLIDE_HEIGHT) -> Slide:
    """Build one planned slide from `src`; figures come projector-styled, shorter when text
    lines follow them so the whole slide fits one screen."""
    slide = _BUILDERS.get(spec.view, _kpis_slide)(spec, src)
    if slide.figure is not None:
        projector_style(slide.figure, min(height, TEXT_SLIDE_HEIGHT) if slide.lines else height)
    return slide
