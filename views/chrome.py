"""Streamlit's own English, in Chinese: one style block, injected once per run from app.py.

Streamlit 1.67 has no UI language setting, and the file uploader, the empty select lists, the skip
link and the input hints take no text parameter. Where a setting exists it is used instead
(.streamlit/config.toml: client.disableDataExport, server.maxUploadSize; widget placeholders).
The rest is hidden by stable `data-testid` selectors and replaced by CSS `content` in Chinese;
the table/chart toolbars (Search, Fullscreen, Show/hide columns: English tooltips that cannot be
translated) are hidden: every table has its own CSV/Excel buttons and every chart its PNG button.
"""

from __future__ import annotations

import streamlit as st

from analysis.service import SUPPORTED, max_file_bytes

UPLOAD_BUTTON = "选择文件"
DROP_HINT = "拖放文件到此处，或点击「选择文件」"
REPORT_UPLOADER = "uploader_"  # key prefix of 数据管理 › 上传报告's uploader (views/manage_upload)
NO_MATCH = "没有匹配的选项"
SKIP_LINK = "跳到正文"
ENTER_HINT = "按回车键确认"
AREA_HINT = "点击输入框外即可确认"
SELECT_ALL = "全选"
SELECT_MATCHES = "选择全部匹配项"
FULLSCREEN = "全屏"
CLOSE_FULLSCREEN = "退出全屏"
ENGLISH_PLACEHOLDERS = ("Choose an option", "Choose options", "Choose a date")


def _css_text(text: str) -> str:
    """`text` as a CSS string literal (our own constants, escaped all the same)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def upload_limit_mb() -> float:
    """What Streamlit accepts per uploaded file (server.maxUploadSize), in MB."""
    return float(st.get_option("server.maxUploadSize"))


def report_upload_hint() -> str:
    """The report uploader's hint: how to add files, the real size limits and the accepted types."""
    types = "、".join([*SUPPORTED, ".zip"])
    report_mb = max_file_bytes() / (1024 * 1024)
    return (
        f"{DROP_HINT}；单个报告不超过 {report_mb:g} MB，"
        f"压缩包（.zip）不超过 {upload_limit_mb():g} MB；支持 {types}"
    )


def generic_upload_hint() -> str:
    """Every other uploader's hint (its label names the file types)."""
    return f"{DROP_HINT}；单个文件不超过 {upload_limit_mb():g} MB"


def replace_text(selector: str, text: str) -> str:
    """CSS hiding the text of `selector`'s children and showing `text` in their place."""
    return (
        f"{selector} > * {{ display: none !important; }}\n"
        f"{selector}::after {{ content: {_css_text(text)}; }}\n"
    )


def replace_inline(selector: str, text: str, size: str = "0.875rem") -> str:
    """CSS showing `text` instead of the text of `selector`, keeping the element (and the list
    layout around it) in place."""
    return (
        f"{selector} {{ font-size: 0 !important; }}\n"
        f"{selector}::after {{ content: {_css_text(text)}; font-size: {size}; }}\n"
    )


def _tooltip(selector: str, text: str) -> str:
    """CSS giving a plotly toolbar button (tooltip drawn from its data-title) a Chinese tooltip."""
    return f"{selector}::after {{ content: {_css_text(text)} !important; }}\n"


def style_block() -> str:
    """The whole style block (pure, for tests)."""
    dropzone = '[data-testid="stFileUploaderDropzone"]'
    instructions = '[data-testid="stFileUploaderDropzoneInstructions"] > div'
    report = f'[class*="st-key-{REPORT_UPLOADER}"] {instructions}'
    placeholders = ", ".join(f'input[placeholder="{p}"]::placeholder' for p in ENGLISH_PLACEHOLDERS)
    rules = [
        replace_text(f'{dropzone} button [data-testid="stMarkdownContainer"]', UPLOAD_BUTTON),
        replace_text(instructions, generic_upload_hint()),
        f"{instructions}::after {{ font-size: 0.875rem; opacity: 0.6; line-height: 1.5; }}\n",
        f"{report}::after {{ content: {_css_text(report_upload_hint())}; }}\n",
        replace_inline('[role="listbox"][data-empty] [role="option"] span', NO_MATCH),
        replace_inline('[data-key="__select_all__"] [data-item-hl]', SELECT_ALL),
        replace_inline('[data-key="__select_matches__"] [data-item-hl]', SELECT_MATCHES),
        _tooltip('.modebar-btn[data-title="Fullscreen"]', FULLSCREEN),
        _tooltip('.modebar-btn[data-title="Close fullscreen"]', CLOSE_FULLSCREEN),
        '[data-testid="stSkipToContent"] { font-size: 0 !important; }\n',
        '[data-testid="stSkipToContent"]::after '
        f"{{ content: {_css_text(SKIP_LINK)}; font-size: 1rem; }}\n",
        replace_text('[data-testid="stTextInput"] [data-testid="InputInstructions"]', ENTER_HINT),
        replace_text('[data-testid="stNumberInput"] [data-testid="InputInstructions"]', ENTER_HINT),
        replace_text('[data-testid="stTextArea"] [data-testid="InputInstructions"]', AREA_HINT),
        f"{placeholders} {{ color: transparent !important; }}\n",
        '[data-testid="stElementToolbar"] { display: none !important; }\n',
    ]
    return "<style>\n" + "".join(rules) + "</style>"


def inject() -> None:
    """Add the style block to this run's page (style-only st.html takes no space)."""
    st.html(style_block())
