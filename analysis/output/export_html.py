"""A standalone HTML report (briefing or comparison) that opens offline, and the plotly figures it uses.

plotly.js is embedded inline once (no CDN), word clouds are data: URIs, there is no external
stylesheet or font: the file makes no network request. All user text is escaped.

The `fig_*` builders are pure (data in, plotly Figure out) and also serve the pages.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.core import palette
from analysis.corpus.compare import Comparison, diverging_terms, top_theme_differences
from analysis.output.briefing import Briefing, ReportSection, comparison_tables, formulation_columns

Progress = Callable[[int, int], None]

FONT_FAMILY = (
    '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)
SIDE_COLORS = palette.SIDE_COLORS
SIDE_LIGHT = {"A": "#EBA3AE", "B": "#A9C0E0"}
HEAT_SCALE = palette.HEAT_SCALE
RED, GOLD = "#C8102E", "#E8A317"
HTML_ROWS = 60  # table rows shown in the HTML (the Excel workbook has all)
CLOUD_PX = (1200, 675)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def _layout(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    """Common look: Chinese font, white background, title, compact margins."""
    fig.update_layout(
        title=dict(text=html.escape(title), x=0.01),
        font=dict(family=FONT_FAMILY.replace('"', ""), size=14),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
    )
    return fig


def fig_diverging(c: Comparison, n: int = 15) -> go.Figure:
    """Distinctive terms as a diverging bar chart of z-scores (A right, B left; pale = not significant)."""
    rows = diverging_terms(c.words, n)
    colors = [
        (SIDE_COLORS if sig else SIDE_LIGHT)[side]
        for side, sig in zip(rows.get("side", []), rows.get("significant", []), strict=True)
    ]
    hover = [
        f"{html.escape(t)}<br>{html.escape(c.label_a)}：{a} 次<br>{html.escape(c.label_b)}：{b} 次<br>z = {z:.2f}"
        for t, a, b, z in zip(
            rows.get("term", []),
            rows.get("count_a", []),
            rows.get("count_b", []),
            rows.get("z", []),
            strict=True,
        )
    ]
    fig = go.Figure(
        go.Bar(
            x=list(rows.get("z", [])),
            y=[html.escape(t) for t in rows.get("term", [])],
            orientation="h",
            marker_color=colors,
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_vline(x=0, line_color="#444")
    fig.update_xaxes(
        title_text=f"← {html.escape(c.label_b)} 更常用　z 值　{html.escape(c.label_a)} 更常用 →",
        zeroline=False,
        gridcolor="#eee",
    )
    fig.update_yaxes(type="category")
    return _layout(fig, "区分两方的词语（对数优势比 z 值）", max(420, 26 * len(rows) + 120))


def fig_radar(c: Comparison) -> go.Figure:
    """The two theme profiles on a radar chart."""
    t = c.themes.table
    fig = go.Figure()
    for side, label, col in (("A", c.label_a, "score_a"), ("B", c.label_b, "score_b")):
        theta = [html.escape(x) for x in t["theme"]]
        fig.add_trace(
            go.Scatterpolar(
                r=list(t[col]) + list(t[col])[:1],
                theta=theta + theta[:1],
                name=html.escape(label),
                line=dict(color=SIDE_COLORS[side], width=3),
                fill="toself",
                opacity=0.55,
            )
        )
    fig.update_layout(
        polar=dict(radialaxis=dict(visible=True, gridcolor="#ddd")), legend=dict(orientation="h")
    )
    return _layout(fig, "主题侧重（每万字命中句数）", 560)


def fig_scatter(c: Comparison, label_top: int = 12) -> go.Figure:
    """Every term's frequency in A against B (per 10,000 words), distinctive terms coloured."""
    s = c.scatter
    fig = go.Figure()
    for side, name in (("A", f"{c.label_a} 特色"), ("B", f"{c.label_b} 特色"), ("", "其他")):
        part = s[s["side"] == side]
        top = (
            set(
                part.reindex(part["z"].abs().sort_values(ascending=False).index).head(label_top)[
                    "term"
                ]
            )
            if side
            else set()
        )
        fig.add_trace(
            go.Scatter(
                x=part["freq_a"],
                y=part["freq_b"],
                mode="markers+text" if side else "markers",
                text=[html.escape(t) if t in top else "" for t in part["term"]],
                textposition="top center",
                name=html.escape(name),
                marker=dict(
                    color=SIDE_COLORS.get(side, "#BBBBBB"), size=8 if side else 6, opacity=0.8
                ),
                hovertext=[
                    f"{html.escape(t)}<br>{html.escape(c.label_a)}：{a} 次（{fa}/万词）<br>{html.escape(c.label_b)}：{b} 次（{fb}/万词）"
                    for t, a, b, fa, fb in zip(
                        part["term"],
                        part["count_a"],
                        part["count_b"],
                        part["freq_a"],
                        part["freq_b"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    top = float(max(s["freq_a"].max(), s["freq_b"].max())) if len(s) else 1.0
    fig.add_shape(type="line", x0=0, y0=0, x1=top, y1=top, line=dict(color="#999", dash="dot"))
    fig.update_xaxes(title_text=f"{html.escape(c.label_a)}（每万词）", gridcolor="#eee")
    fig.update_yaxes(title_text=f"{html.escape(c.label_b)}（每万词）", gridcolor="#eee")
    return _layout(fig, "词频对照（每个点是一个词）", 560)


def fig_numbers(c: Comparison) -> go.Figure:
    """Indicator counts per category, A and B side by side."""
    by = (
        c.numbers.groupby("category_label", sort=False)[["count_a", "count_b"]].sum()
        if len(c.numbers)
        else pd.DataFrame(columns=["count_a", "count_b"])
    )
    fig = go.Figure()
    for side, label, col in (("A", c.label_a, "count_a"), ("B", c.label_b, "count_b")):
        fig.add_trace(
            go.Bar(
                x=[html.escape(x) for x in by.index],
                y=list(by[col]),
                name=html.escape(label),
                marker_color=SIDE_COLORS[side],
            )
        )
    fig.update_layout(barmode="group", legend=dict(orientation="h"))
    fig.update_yaxes(title_text="指标项数", gridcolor="#eee")
    return _layout(fig, "数字指标（按类别的项数）", 420)


def fig_keywords(b: Briefing, n: int = 20) -> go.Figure:
    """The corpus's top keywords as horizontal bars."""
    kw = b.keywords.head(n).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=list(kw["次数"]),
            y=[html.escape(t) for t in kw["关键词"]],
            orientation="h",
            marker_color=RED,
        )
    )
    fig.update_yaxes(type="category")
    return _layout(fig, "高频关键词", max(420, 24 * len(kw) + 120))


def fig_heatmap(b: Briefing) -> go.Figure:
    """Branches x themes heatmap (hits per 10,000 characters)."""
    m = b.theme_matrix
    fig = go.Figure(
        go.Heatmap(
            z=m.to_numpy(),
            x=[html.escape(str(x)) for x in m.columns],
            y=[html.escape(str(y)) for y in m.index],
            colorscale=HEAT_SCALE,
            hovertemplate="%{y}<br>%{x}：%{z:.1f}<extra></extra>",
            colorbar=dict(title="每万字"),
        )
    )
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_xaxes(type="category", tickangle=-30)
    return _layout(fig, "主题热力图（支部 × 主题）", max(360, 40 * len(m.index) + 200))


def fig_formulations(b: Briefing, n: int = 15) -> go.Figure:
    """The formulations used by most reports."""
    f = b.formulations.head(n).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=list(f["报告数"]),
            y=[html.escape(t) for t in f["提法"]],
            orientation="h",
            marker_color=GOLD,
        )
    )
    fig.update_yaxes(type="category")
    fig.update_xaxes(title_text="使用的报告数", dtick=1)
    return _layout(fig, "常用提法", max(360, 24 * len(f) + 120))


# ---------------------------------------------------------------------------------------------
# HTML assembly
# ---------------------------------------------------------------------------------------------

CSS = f"""
body {{ font-family: {FONT_FAMILY}; color: #2b1a1a; margin: 0; background: #faf7f2; }}
main {{ max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; background: white; }}
header {{ background: {RED}; color: white; padding: 28px 32px; }}
header h1 {{ margin: 0 0 6px; font-size: 30px; }}
header p {{ margin: 0; opacity: .9; }}
h2 {{ color: {RED}; border-bottom: 3px solid {GOLD}; padding-bottom: 6px; margin-top: 40px; }}
h3 {{ color: #5a1010; margin-top: 28px; }}
.kpis {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 14px; }}
.kpi {{ border: 1px solid {GOLD}; background: #fffaf0; border-radius: 6px; padding: 14px; text-align: center; }}
.kpi b {{ display: block; font-size: 30px; color: {RED}; white-space: nowrap; }}
table.data {{ border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0 4px; }}
table.data th {{ background: {RED}; color: white; text-align: left; padding: 6px 8px; }}
table.data td {{ border-bottom: 1px solid #eee; padding: 5px 8px; vertical-align: top; }}
table.data tr:nth-child(even) td {{ background: #faf6f0; }}
.note {{ color: #777; font-size: 13px; }}
.clouds {{ display: flex; gap: 16px; flex-wrap: wrap; }}
.clouds figure {{ flex: 1 1 480px; margin: 0; }}
.clouds img, img.cloud {{ width: 100%; border: 1px solid #ddd; }}
main > img.cloud {{ max-width: 860px; display: block; margin: 12px auto; }}
.sideA {{ color: {SIDE_COLORS["A"]}; }} .sideB {{ color: {SIDE_COLORS["B"]}; }}
ul.summary li {{ margin: 6px 0; line-height: 1.6; }}
.cols {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }}
.cols div {{ border-top: 4px solid {GOLD}; padding-top: 6px; }}
"""


class _Page:
    """Accumulates HTML parts; embeds plotly.js inline with the first figure only."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.js_done = False

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, tag: str, text: str, cls: str = "") -> None:
        attr = f' class="{cls}"' if cls else ""
        self.parts.append(f"<{tag}{attr}>{html.escape(str(text))}</{tag}>")

    def figure(self, fig: go.Figure, name: str) -> None:
        config = {
            "displaylogo": False,
            "responsive": True,
            "toImageButtonOptions": {
                "format": "png",
                "filename": name,
                "width": 1600,
                "height": 900,
            },
        }
        self.parts.append(
            pio.to_html(
                fig,
                full_html=False,
                include_plotlyjs=not self.js_done,
                config=config,
                include_mathjax=False,
            )
        )
        self.js_done = True

    def table(self, df: pd.DataFrame, rows: int = HTML_ROWS) -> None:
        if df.empty:
            self.text("p", "（无数据）", "note")
            return
        shown = df.head(rows).astype(object)
        shown = shown.where(shown.notna(), "")  # <NA> of nullable columns shows as blank
        self.parts.append(shown.to_html(index=False, escape=True, classes="data", border=0))
        if len(df) > rows:
            self.text("p", f"仅显示前 {rows} 行，共 {len(df)} 行；完整数据见 Excel 导出。", "note")

    def image(self, png: bytes, alt: str, cls: str = "cloud") -> None:
        data = base64.b64encode(png).decode("ascii")
        self.parts.append(
            f'<img class="{cls}" alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
        )

    def render(self, title: str, subtitle: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header><main>"
            + "\n".join(self.parts)
            + "</main></body></html>\n"
        )


def _comparison_body(page: _Page, c: Comparison, k: int | None = None) -> None:
    """The sections of one comparison: summary, words, themes, measures, numbers, formulations."""
    from analysis.output.wordclouds import render_wordcloud

    prefix = f"对比{k}：" if k else ""
    page.add(
        f'<h2>{html.escape(prefix)}<span class="sideA">{html.escape(c.label_a)}</span> 与 '
        f'<span class="sideB">{html.escape(c.label_b)}</span></h2>'
    )
    page.text("p", f"A：{'、'.join(c.reports_a)}；B：{'、'.join(c.reports_b)}", "note")
    page.text("h3", f"小结（总体相似度 {c.similarity:.2f}）")
    page.add(
        '<ul class="summary">' + "".join(f"<li>{html.escape(s)}</li>" for s in c.summary) + "</ul>"
    )
    page.text("h3", "用词")
    page.figure(fig_diverging(c), "区分词")
    page.add('<div class="clouds">')
    for side, label, freqs in (("A", c.label_a, c.freqs_a), ("B", c.label_b, c.freqs_b)):
        page.add(
            f'<figure><figcaption class="side{side}">{html.escape(label)} 词云（同一比例）</figcaption>'
        )
        page.image(
            render_wordcloud(
                freqs,
                *CLOUD_PX,
                palette=palette.SIDE_CLOUD_PALETTES[side],
                max_words=80,
                scale_max=c.cloud_scale,
            ),
            f"{label} 词云",
        )
        page.add("</figure>")
    page.add("</div>")
    page.figure(fig_scatter(c), "词频对照")
    page.text("h3", "主题")
    page.figure(fig_radar(c), "主题雷达")
    top = top_theme_differences(c.themes.table, 8)
    page.table(
        top.rename(
            columns={
                "theme": "主题",
                "score_a": c.label_a,
                "score_b": c.label_b,
                "diff": "差值",
                "count_a": f"{c.label_a}命中",
                "count_b": f"{c.label_b}命中",
            }
        )
    )
    tables = comparison_tables(c)
    page.text("h3", f"相近举措（相似度 ≥ {c.measures.threshold:.2f}）")
    page.table(
        tables["相近举措"].drop(
            columns=[col for col in tables["相近举措"].columns if col.endswith("原文")]
        )
    )
    page.text("h3", f"仅 {c.label_a} 有的举措")
    page.table(tables["仅A举措"].drop(columns=["原文"]))
    page.text("h3", f"仅 {c.label_b} 有的举措")
    page.table(tables["仅B举措"].drop(columns=["原文"]))
    page.text("h3", "数字指标")
    page.figure(fig_numbers(c), "数字指标")
    page.table(tables["数字指标对比"])
    page.text("h3", "提法")
    page.add('<div class="cols">')
    for name, terms in formulation_columns(c).items():
        page.add(
            f"<div><b>{html.escape(name)}（{len(terms)}）</b><p>{html.escape('、'.join(terms) or '（无）')}</p></div>"
        )
    page.add("</div>")


def comparison_html(c: Comparison, progress: Progress | None = None) -> str:
    """A standalone HTML page of one comparison."""
    page = _Page()
    _comparison_body(page, c)
    if progress:
        progress(1, 1)
    return page.render(f"{c.label_a} 与 {c.label_b}：支部对比", "党建报告分析看板 · 支部对比")


def _section_body(page: _Page, s: ReportSection) -> None:
    """One chosen report: meta line, themes, practices, indicators, formulations."""
    page.text("h3", f"{s.name}：{s.title}")
    page.text("p", s.meta, "note")
    themes = s.themes[s.themes["命中次数"] > 0].sort_values("得分", ascending=False)
    if len(themes):
        page.text(
            "p",
            "主要主题："
            + "、".join(
                f"{t}（{v:.1f}）"
                for t, v in zip(themes["主题"].head(5), themes["得分"].head(5), strict=True)
            ),
        )
    page.table(s.measures[["举措", "主题", "所在章节"]])
    if len(s.indicators):
        page.text("p", "数字指标：", "note")
        page.table(s.indicators[["对象", "原文", "类别", "脱敏"]], rows=20)
    if len(s.formulations):
        page.text("p", "提法：" + "、".join(s.formulations["提法"]))


def briefing_html(b: Briefing, progress: Progress | None = None) -> str:
    """A standalone HTML briefing: overview KPIs, theme heatmap, keywords (chart + cloud),
    formulations, chosen reports, chosen comparisons."""
    from analysis.output.wordclouds import render_wordcloud

    total = 4 + len(b.sections) + len(b.comparisons)
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress:
            progress(done[0], total)

    page = _Page()
    for note in b.notes:
        page.text("p", note, "note")
    page.text("h2", "语料概览")
    page.add(
        '<div class="kpis">'
        + "".join(
            f'<div class="kpi"><b>{html.escape(k.value)}</b>{html.escape(k.label)}'
            + (f"（{html.escape(k.note)}）" if k.note else "")
            + "</div>"
            for k in b.kpis
        )
        + "</div>"
    )
    page.table(b.reports.drop(columns=[c for c in ("加入时间",) if c in b.reports.columns]))
    step()
    page.text("h2", "主题分布")
    if not b.theme_matrix.empty:
        page.figure(fig_heatmap(b), "主题热力图")
    step()
    page.text("h2", "高频关键词")
    page.text("p", "已去除公文套话" if b.officialese else "含公文套话", "note")
    if len(b.keywords):
        page.figure(fig_keywords(b), "高频关键词")
        page.image(render_wordcloud(b.keyword_freqs, *CLOUD_PX, max_words=120), "词云")
    step()
    page.text("h2", "常用提法")
    if len(b.formulations):
        page.figure(fig_formulations(b), "常用提法")
        page.table(b.formulations, rows=30)
    step()
    if b.sections:
        page.text("h2", "报告详情")
    for s in b.sections:
        _section_body(page, s)
        step()
    for k, c in enumerate(b.comparisons, start=1):
        _comparison_body(page, c, k)
        step()
    return page.render(b.title, b.subtitle)


_FETCH_ATTRS = {"src", "href", "data", "poster", "srcset", "background", "action", "formaction"}
# A CSS reference that the browser would fetch, e.g. "@import url(http://x)" or "url('https://x')".
_CSS_FETCH = re.compile(
    r"""(?:@import\s+(?:url\(\s*)?["']?|url\(\s*["']?)\s*(?:https?:)?//""", re.I
)
# An attribute value pointing at the network: "http://…", "https://…" or protocol-relative "//…".
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)


class _RefFinder(HTMLParser):
    """Collects fetchable external references: element src/href/… attributes (not <a> links),
    inline style attributes and <style> blocks (script bodies are code, not references)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if tag != "a" and name in _FETCH_ATTRS and _REMOTE.match(value):
                self.refs.append(f"<{tag} {name}={value}>")
            if name == "style" and _CSS_FETCH.search(value):
                self.refs.append(f"<{tag} style={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += [m.group(0) for m in _CSS_FETCH.finditer(data)]


def external_references(markup: str) -> list[str]:
    """Fetchable external references in an HTML page; an empty list means it opens offline."""
    finder = _RefFinder()
    finder.feed(markup)
    finder.close()
    return finder.refs
