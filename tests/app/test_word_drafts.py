"""Issue 21 in the app: the Word drafts are built with a progress bar and offered for download on
汇报模式 (the analysis report of the filtered corpus), 支部对比 (one comparison) and 报告详情."""

from __future__ import annotations

import pytest

from tests.app.helpers import open_app_page


def _built(at, key: str) -> list[str]:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return [d.proto.label for d in at.get("download_button")]


@pytest.mark.parametrize(
    "page, state, key, label",
    [
        ("views/present.py", {}, "pm_build_docx", "下载 Word"),
        ("views/compare.py", {"cmp_tab": "导出"}, "cmp_docx_build", "下载 Word"),
        ("views/report.py", {}, "rp_docx_build", "下载 Word 分析"),
    ],
)
def test_word_draft_is_built_and_offered(sample_db, page, state, key, label):
    at = open_app_page(page, **state)
    assert label in _built(at, key)
