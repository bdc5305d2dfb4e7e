"""新词发现 on 数据管理: candidates with examples; one click adds a word and keywords change."""

from __future__ import annotations

from tests.app.helpers import open_app_page, paged_values


def _candidates(at):
    return next(df.value for df in at.dataframe if "内部结合紧密程度" in df.value.columns)


def test_candidates_and_add_to_userdict(isolated_db):
    at = open_app_page("views/manage.py")
    found = _candidates(at)
    words = list(found["词语"])
    assert "兴城投资" in words[:20] and "大兴城建" in words[:20]
    assert all(found["例句"].str.len() > 0)
    at.selectbox(key="nw_word").select("兴城投资").run()
    at.button(key="nw_user").click().run()
    assert not at.exception
    assert any("已把「兴城投资」加入用户词典" in s.value for s in at.success)
    assert "兴城投资" not in list(_candidates(at)["词语"])  # now a word of the lexicon
    from analysis.corpus.loading import resource_texts
    from analysis.store.database import CorpusStore

    assert "兴城投资 nz" in resource_texts(CorpusStore(isolated_db)).userdict


def _overview_keywords(at) -> str:
    at.switch_page("views/overview.py").run()
    assert not at.exception
    return " ".join(map(str, paged_values(at, "关键词", "ov_keywords_page")))


def test_keywords_change_on_the_overview_without_restart(isolated_db):
    # 兴城投资 is part of a branch's name: shown only with the sidebar's 显示机构名称 on
    at = open_app_page("views/manage.py", org_names=True)
    assert "兴城投资" not in _overview_keywords(at)
    at.switch_page("views/manage.py").run()
    at.selectbox(key="nw_word").select("兴城投资").run()
    at.button(key="nw_user").click().run()
    assert "兴城投资" in _overview_keywords(at)


def test_adding_needs_the_admin_password(isolated_db, monkeypatch):
    monkeypatch.setenv("DJ_ADMIN_PASSWORD", "正确的密码")
    at = open_app_page("views/manage.py")
    assert not _candidates(at).empty
    assert not [b for b in at.button if b.key in ("nw_user", "nw_stop")]
    assert any("管理员登录" in i.value for i in at.info)


def test_candidates_download_as_csv_and_excel(isolated_db, monkeypatch):
    from streamlit.testing.v1 import app_test

    from tests.app.downloads_check import KeptMediaFiles, check_table_download, table_keys

    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFiles)
    at = open_app_page("views/manage.py")
    assert "nw_table" in table_keys(at)
    check_table_download(at, "nw_table", _candidates(at))
