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


@pytest.mark.parametrize(
    "page, state, key",
    [
        ("views/present.py", {}, "pm_build_docx"),
        ("views/compare.py", {"cmp_tab": "导出"}, "cmp_docx_build"),
    ],
)
def test_signature_fields_and_a_bad_date(sample_db, page, state, key):
    """Both export forms ask for 落款单位 and 成文日期 (today in Chinese form by default); a date
    that is not one shows a Chinese error and no Word button until it is corrected."""
    import datetime as dt

    at = open_app_page(page, **state)
    today = dt.date.today()
    assert at.text_input(key="draft_date").value == f"{today.year}年{today.month}月{today.day}日"
    at.text_input(key="draft_office").set_value("中共示例区委组织部").run()
    at.text_input(key="draft_date").set_value("明天").run()
    assert any("日期格式" in e.value for e in at.error)
    assert key not in [b.key for b in at.button]
    at.text_input(key="draft_date").set_value("2026-12-07").run()
    assert not at.error
    assert key in [b.key for b in at.button]
