"""The corpus store: round trip, duplicates, transactions, edits with conflict detection, trash;
on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.models import AnalysisError, Extracted
from analysis.store.caches import content_hash
from analysis.store.connection_url import is_url
from analysis.store.database import ConflictError, CorpusStore
from tests.stores import damage, filled

pytestmark = pytest.mark.backends
ROOT = Path(__file__).resolve().parents[3]

DOC = Extracted(text="一、主要做法\n支部坚持“三会一课”。", fmt="txt", encoding="utf-8")
META = {"branch": "兴城投资党支部", "organization": "大兴城建", "year": 2022, "kind": "经验材料"}


def test_round_trip(store):
    res = store.add("a.txt", DOC, META)
    assert res.status == "added"
    got = store.get(res.report_id)
    assert (got.text, got.branch, got.year, got.fmt) == (DOC.text, "兴城投资党支部", 2022, "txt")
    df = store.list_reports()
    assert list(df["branch"]) == ["兴城投资党支部"]
    assert df.loc[0, "raw_length"] == len(DOC.text)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("支部现有党员22名", "支部现有党员22名", True),
        ("支部现有党员22名", "支部现有党员22名\r\n", True),
        ("支部现有党员22名", "支部现有党员23名", False),
    ],
)
def test_content_hash(a, b, same):
    assert (content_hash(a) == content_hash(b)) is same


def test_duplicate_is_stored_once(store):
    first = store.add("a.txt", DOC, META)
    second = store.add("copy.txt", DOC, {})
    assert second.status == "duplicate" and second.report_id == first.report_id
    assert len(store.list_reports()) == 1


@pytest.mark.parametrize(
    "wanted, expected",
    [
        ([], []),
        ([2], ["二支部"]),
        ([3, 1, 3], ["一支部", "三支部"]),  # by id, each once
        ([4], []),  # in the trash
        ([99], []),  # no such report
        (range(1, 1500), ["一支部", "二支部", "三支部"]),  # more ids than one IN (...) binds
    ],
)
def test_list_reports_of_some_ids(store, monkeypatch, wanted, expected):
    for i, name in enumerate(["一支部", "二支部", "三支部", "四支部"], start=1):
        doc = Extracted(text=f"{name}坚持“三会一课”，第{i}份。", fmt="txt", encoding="utf-8")
        assert store.add(f"{i}.txt", doc, {"branch": name}).report_id == i
    store.delete(4)
    got = store.list_reports(ids=wanted)
    assert list(got["branch"]) == expected
    every = store.list_reports()
    same = every[every["id"].isin(list(wanted))].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, same, check_dtype=bool(expected))  # same rows and types


def test_hints_round_trip(store):
    doc = Extracted(text="标题\n正文", fmt="docx", hints=((1, "标题"),))
    rid = store.add("x.docx", doc, {}).report_id
    assert store.get(rid).hints == ((1, "标题"),)


def test_update_metadata_with_conflict(store):
    rid = store.add("a.txt", DOC, META).report_id
    v = store.get(rid).version
    v2 = store.update_metadata(rid, {"branch": "新支部", "year": "2023"}, v)
    assert store.get(rid).branch == "新支部" and store.get(rid).year == 2023
    with pytest.raises(ConflictError, match="已被其他人修改"):
        store.update_metadata(rid, {"branch": "旧版本的修改"}, v)
    assert store.get(rid).version == v2


@pytest.mark.parametrize(
    "year, expected", [("2023", 2023), ("", None), ("abc", None), (1800, None)]
)
def test_year_is_lenient(store, year, expected):
    rid = store.add("a.txt", DOC, META).report_id
    store.update_metadata(rid, {"year": year}, store.get(rid).version)
    assert store.get(rid).year == expected


def test_delete_restore_purge(store):
    rid = store.add("a.txt", DOC, META).report_id
    rev = store.revision()
    store.delete(rid)
    assert store.revision() > rev
    assert len(store.list_reports()) == 0 and len(store.trash()) == 1
    store.restore(rid)
    assert len(store.list_reports()) == 1
    store.delete(rid)
    assert store.add("again.txt", DOC, {}).status == "restored"
    store.purge(rid)
    assert len(store.list_reports(include_deleted=True)) == 0


def test_failed_transaction_leaves_nothing(store, monkeypatch):
    """An error inside the insert rolls the whole report back."""
    bad = Extracted(text="正文", fmt="txt", hints=((1, object()),))  # not JSON-serializable
    with pytest.raises(TypeError):
        store.add("bad.txt", bad, {})
    assert len(store.list_reports(include_deleted=True)) == 0


def test_analysis_cache(store):
    store.save_analyses("fp", {"abc": {"x": [1, "党建"]}})
    assert store.cached_analyses("fp", ["abc", "zzz"]) == {"abc": {"x": [1, "党建"]}}
    assert store.cached_analyses("other", ["abc"]) == {}


def test_resources_override_and_reset(store):
    store.set_resource("stopwords", "# 停用词\n的\n")
    assert store.resource_overrides() == {"stopwords": "# 停用词\n的\n"}
    store.reset_resource("stopwords")
    assert store.resource_overrides() == {}


def test_schema_version_recorded(store):
    assert store.get_meta("schema_version") == "1"


def test_newer_schema_refuses_to_open(db_location):
    CorpusStore(db_location).set_meta("schema_version", "99")
    with pytest.raises(AnalysisError, match="比本程序新"):
        CorpusStore(db_location)


def test_reopened_store_keeps_everything(db_location):
    first = CorpusStore(db_location)
    rid = first.add("a.txt", DOC, META).report_id
    first.save_analyses("fp", {content_hash(DOC.text): {"x": 1}})
    again = CorpusStore(db_location)
    assert again.get(rid).text == DOC.text and again.revision() == first.revision()
    assert again.cached_analyses("fp", [content_hash(DOC.text)]) == {
        content_hash(DOC.text): {"x": 1}
    }


def test_records_round_trip_through_add_record(store, new_db):
    """Export records of one store into another (the archive path): same data, same dates."""
    store.add("a.txt", Extracted(text="标题\n正文", fmt="docx", hints=((1, "标题"),)), META)
    store.delete(store.add("b.txt", DOC, {}).report_id)
    target = CorpusStore(new_db())
    assert [target.add_record(r).status for r in store.records()] == ["added", "added"]
    assert list(target.records()) == list(store.records())
    assert [r.status for r in map(target.add_record, store.records())] == ["duplicate"] * 2


def test_nul_characters_are_dropped(store):
    """PostgreSQL text cannot hold NUL: both backends store the text without it."""
    res = store.add_record({"text": "党建\x00工作", "filename": "n.txt"})
    assert store.get(res.report_id).text == "党建工作"
    assert res.sha256 == content_hash("党建工作")


@pytest.mark.parametrize(
    "location, url",
    [
        ("data/corpus.db", False),
        ("postgresql://u:p@h:5432/db", True),
        ("postgres://h/db", True),
        ("mysql://h/db", False),
    ],
)
def test_is_url(location, url):
    assert is_url(location) is url


def _writer(path: str, worker: int) -> None:
    s = CorpusStore(path)
    for i in range(15):
        s.add(f"{worker}-{i}.txt", Extracted(text=f"报告{worker}-{i} 党建工作", fmt="txt"), {})
        # every worker also adds one shared report: it must end up stored once
        s.add("shared.txt", Extracted(text="共同的报告", fmt="txt"), {})


def test_concurrent_writers_lose_nothing(db_location):
    path = db_location
    CorpusStore(path)
    procs = [mp.Process(target=_writer, args=(path, w)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    df = CorpusStore(path).list_reports()
    assert len(df) == 4 * 15 + 1


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://dj:s3cret@127.0.0.1:1/corpus", "postgresql://dj@127.0.0.1:1/corpus"),
        ("postgres://dj:p%40ss@127.0.0.1:1/db?sslmode=disable", "postgres://dj@127.0.0.1:1/db"),
        ("postgresql://dj:p@ss@127.0.0.1:1/db", "postgresql://***@127.0.0.1:1/db"),
        (
            "postgresql://127.0.0.1:1/db?password=s3cret&user=dj",
            "postgresql://127.0.0.1:1/db?user=dj",
        ),
        ("postgresql://dj:s3cret@[bad/db", "postgresql://dj@[bad/db"),  # echoed by libpq
    ],
)
def test_connection_failure_names_the_store_without_its_password(url, shown):
    with pytest.raises(AnalysisError) as err:
        CorpusStore(url)
    message = err.value.message
    assert message.startswith("数据库连接失败") and "请检查连接串、服务器和权限" in message
    assert shown in message
    assert err.value.__cause__ is None and err.value.__suppress_context__


# Every way a password can be written into a location (hole 1 of issue 16): each password's
# pieces are distinctive, so any of them showing up anywhere is a leak.
PASSWORD_FORMS = [
    ("postgresql://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),
    ("postgres://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),
    ("postgresql://dj:Kx9%40Qz7%2FVb2@127.0.0.1:1/dj", "Kx9@Qz7/Vb2"),  # encoded @ and /
    ("postgresql://dj:Kx9%3AQz7%25Vb2@127.0.0.1:1/dj", "Kx9:Qz7%Vb2"),  # encoded : and %
    ("postgresql://dj:Kx9/Qz7Vb2@127.0.0.1:1/dj", "Kx9/Qz7Vb2"),  # unencoded /
    ("postgresql://dj:pa/ssWORD@127.0.0.1:1/dj", "pa/ssWORD"),  # the form the hostile test used
    ("postgresql://dj:Kx9@Qz7Vb2@127.0.0.1:1/dj", "Kx9@Qz7Vb2"),  # unencoded @
    ("postgresql://dj:Kx9:Qz7Vb2@127.0.0.1:1/dj", "Kx9:Qz7Vb2"),  # unencoded :
    ("postgresql://dj:Kx9%Qz7Vb2@127.0.0.1:1/dj", "Kx9%Qz7Vb2"),  # unencoded %
    ("postgresql://dj:Kx9%zzQz7@127.0.0.1:1/dj", "Kx9%zzQz7"),  # a broken escape
    ("postgresql://dj:K/x9@Qz7:V?b2#@127.0.0.1:1/dj", "K/x9@Qz7:V?b2#"),  # all at once
    ("postgresql://dj:Kx9 Qz7Vb2@127.0.0.1:1/dj", "Kx9 Qz7Vb2"),  # a space
    ("postgresql://:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),  # no user
    ("postgresql://127.0.0.1:1/dj?user=dj&password=Kx9Qz7Vb2", "Kx9Qz7Vb2"),
    ("postgresql://127.0.0.1:1/dj?password=Kx9%2FQz7%40Vb2&user=dj", "Kx9/Qz7@Vb2"),
    ("postgresql://127.0.0.1:1/dj?user=dj&password=Kx9@Qz7/Vb2", "Kx9@Qz7/Vb2"),
    ("postgresql://127.0.0.1:1/dj?PassWord=Kx9Qz7Vb2", "Kx9Qz7Vb2"),
    ("postgresql://dj:Kx9Qz7Vb2@[bad/dj", "Kx9Qz7Vb2"),  # malformed: libpq quotes the URI
    ("postgresql://dj:Kx9Qz7Vb2@127.0.0.1:port/dj", "Kx9Qz7Vb2"),
    ("postgresql://dj:Kx9Qz7Vb2@", "Kx9Qz7Vb2"),
    ("postgresql://dj:Kx9Qz7Vb2", "Kx9Qz7Vb2"),  # "@host" forgotten: read as host dj, port …
    ("postgresql://dj:Kx9Qz7Vb2@127.0.0.1:1/dj?bogus=1", "Kx9Qz7Vb2"),
    ("PostgreSQL://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),  # unsupported spellings
    ("postgresql+psycopg://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),
    (" postgresql://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),
    ("mysql://dj:Kx9Qz7Vb2@127.0.0.1:1/dj", "Kx9Qz7Vb2"),
    ("host=127.0.0.1 port=1 user=dj password=Kx9Qz7Vb2", "Kx9Qz7Vb2"),
]


def password_forms(secret: str) -> set[str]:
    """The password as written, percent-encoded and decoded, and each of its pieces of three or
    more characters (libpq splits a password with an unencoded / or @ and quotes the pieces)."""
    from urllib.parse import quote, unquote

    forms = {secret, unquote(secret), quote(secret, safe=""), quote(unquote(secret), safe="")}
    pieces = {p for f in forms for p in re.split(r"[/@:?#%\s]+", f) if len(p) >= 3}
    return forms | pieces


def assert_hidden(text: str, secret: str) -> None:
    leaked = sorted(f for f in password_forms(secret) if f in text)
    assert not leaked, f"password shown: {leaked} in {text!r}"


@pytest.mark.parametrize("url, secret", PASSWORD_FORMS)
def test_no_form_of_the_password_in_the_message_or_the_log(
    url, secret, caplog, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # a location taken for a path must not create files in the repo
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AnalysisError) as err:
        CorpusStore(url)
    assert_hidden(err.value.message, secret)
    assert_hidden(caplog.text, secret)
    chained = err.value.__cause__ or (
        None if err.value.__suppress_context__ else err.value.__context__
    )
    assert chained is None  # a chained driver error would print the URL in a traceback
    assert not list(tmp_path.iterdir()), "a connection string was taken for a file path"


@pytest.mark.parametrize("url, secret", [f for f in PASSWORD_FORMS if is_url(f[0])])
def test_no_form_of_the_password_in_the_location(url, secret):
    """`location` (shown on pages, the cache key) is rebuilt without any form of the password."""
    from analysis.store.backends import PostgresDB as _Postgres

    shown = _Postgres(url).location
    assert shown.startswith("postgres")
    assert_hidden(shown, secret)


@pytest.mark.parametrize("url, secret", PASSWORD_FORMS)
def test_cli_never_prints_the_password(url, secret, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "list", "--db", url],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and out.stderr.startswith("错误: "), out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    assert_hidden(out.stdout + out.stderr, secret)


def test_location_is_safe_to_show(store, db_location):
    """The cache key and anything shown: the SQLite path, or the URL without the password."""
    if store.path is not None:
        assert store.location == db_location
    else:
        password = urlsplit(db_location).password
        assert store.location.startswith("postgres") and "@" in store.location
        assert not password or f":{password}@" not in store.location


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_pooled_connections_survive_a_server_restart(store, pg_server, monkeypatch):
    """Connections killed by the server while idle in the pool are replaced, not reported."""
    import os

    import analysis.store.backends

    store.add("a.txt", DOC, META)
    pids = [con.info.backend_pid for con, _ in store._db._idle[os.getpid()]]
    pg_server[1].execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [pids])
    monkeypatch.setattr(analysis.store.backends, "PING_AFTER_S", 0.0)
    assert len(store.list_reports()) == 1


def _not_a_database(tmp):
    (tmp / "not.db").write_text("这不是数据库" * 100)
    return tmp / "not.db"


def _under_a_file(tmp):
    (tmp / "file").write_text("x")
    return tmp / "file" / "corpus.db"


@pytest.mark.parametrize(
    "make",
    [_not_a_database, lambda tmp: tmp, _under_a_file],
    ids=["not-db", "folder", "under-file"],
)
def test_unopenable_sqlite_path_gets_a_chinese_message(tmp_path, make):
    location = make(tmp_path)
    with pytest.raises(AnalysisError) as err:
        CorpusStore(location)
    assert err.value.message.startswith(f"无法打开语料库数据库 {location}")
    assert "DJ_DB" in err.value.message


# ---------------------------------------------------------------- damaged database (issue 16 hole 9)


def _file_bytes(path) -> bytes:
    """The main file and its write-ahead log, if any (a write would change one of them)."""
    wal = path.parent / (path.name + "-wal")
    return path.read_bytes() + b"|" + (wal.read_bytes() if wal.exists() else b"")


DAMAGE_AT = pytest.mark.parametrize("where", [0.3, 0.5, 0.77], ids=["30%", "50%", "77%"])


@DAMAGE_AT
def test_damaged_file_is_refused_at_open_with_one_chinese_message(tmp_path, where):
    from analysis.store.integrity import StoreDamagedError

    path = tmp_path / "corpus.db"
    filled(path)
    damage(path, where)
    with pytest.raises(StoreDamagedError) as err:
        CorpusStore(path)
    message = err.value.message
    assert message.startswith(f"语料库数据库已损坏（{path}：")
    assert "停止一切写入" in message and "从备份恢复" in message and "\n" not in message
    assert "\ufffd" not in message and "Traceback" not in message


@DAMAGE_AT
def test_damage_seen_while_open_stops_every_write(tmp_path, where):
    """The store was healthy when opened; its first failing read marks it damaged for good."""
    from analysis.store.integrity import StoreDamagedError

    path = tmp_path / "corpus.db"
    store = filled(path)
    damage(path, where)
    with pytest.raises(StoreDamagedError):
        for _ in store.records():  # reads every page
            pass
    assert store.damaged is not None
    before = _file_bytes(path)
    for write in (
        lambda: store.add("new.txt", Extracted(text="新报告" * 300, fmt="txt"), {}),
        lambda: store.set_resource("stopwords", "的\n"),
        lambda: store.delete(1),
        lambda: store.update_metadata(1, {"title": "改"}, 1),
    ):
        with pytest.raises(StoreDamagedError):
            write()
    assert _file_bytes(path) == before  # nothing written after the damage was seen


def test_integrity_check_reports_health_and_damage(tmp_path):
    path = tmp_path / "corpus.db"
    store = filled(path, 20)
    healthy = store.integrity_check()
    assert healthy.ok and healthy.lines == () and "通过" in healthy.summary()
    damage(path, 0.5)
    report = store.integrity_check()
    assert not report.ok and report.lines and "已损坏" in report.summary()
    assert store.damaged is not None  # the check itself stops writes


def test_damaged_file_moved_aside_gives_a_fresh_store(tmp_path):
    """The restore path: the damaged file is renamed (kept), a new store opens at its place."""
    from analysis.store.integrity import move_aside

    path = tmp_path / "corpus.db"
    filled(path, 20)
    damage(path, 0.5)
    kept = move_aside(path)
    assert kept.exists() and not path.exists() and kept.name.startswith("corpus.db.damaged-")
    fresh = CorpusStore(path)
    assert len(fresh.list_reports()) == 0 and fresh.damaged is None


def test_a_file_that_is_not_sqlite_is_not_called_damaged(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"\x00" * 8192)
    with pytest.raises(AnalysisError) as err:
        CorpusStore(bogus)
    assert err.value.message.startswith("无法打开语料库数据库")


# ---------------------------------------------------------------- round trip (issue 15)

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
_meta = st.fixed_dictionaries(
    {
        "branch": _text,
        "organization": _text,
        "kind": _text,
        "title": st.one_of(_text, st.sampled_from(['=HYPERLINK("http://x")', "党" * 20_000])),
        "year": st.one_of(st.none(), st.integers(1921, 2100)),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=_text.filter(lambda t: t.strip()),
    meta=_meta,
    hints=st.lists(st.tuples(st.integers(1, 6), _text), max_size=3),
)
def test_add_then_get_round_trips(tmp_path_factory, body, meta, hints):
    """Whatever text and metadata a report has, `get` returns what `add` stored."""
    from analysis.core.escape import stored_name

    store = CorpusStore(tmp_path_factory.mktemp("rt") / "corpus.db")
    doc = Extracted(text=body, fmt="txt", encoding="utf-8", hints=tuple(hints))
    got = store.get(store.add("a.txt", doc, meta).report_id)
    text = body.replace("\x00", "")  # PostgreSQL text cannot hold NUL: dropped on every backend
    assert (got.text, got.raw_length, got.hints) == (text, len(text), tuple(hints))
    # names are stored on one line without control or bidi characters (issue 30)
    stored = [stored_name(meta[k]) for k in ("branch", "organization", "kind", "title")]
    assert [got.branch, got.organization, got.kind, got.title] == stored
    assert got.year == meta["year"]


@DAMAGE_AT
def test_salvage_keeps_every_readable_report_and_no_damaged_one(tmp_path, where):
    """Without a backup: what still reads (text matching its hash) becomes an ordinary backup."""
    from analysis.store import archive
    from analysis.store.salvage import salvage_archive

    path = tmp_path / "corpus.db"
    healthy = {r["sha256"]: r for r in filled(path, 60).records()}
    damage(path, where)
    before = path.read_bytes()
    salvage = salvage_archive(path)
    assert path.read_bytes() == before  # read-only
    assert salvage.saved + salvage.lost == 60 and salvage.lost >= 1, salvage
    target = CorpusStore(tmp_path / "new.db")
    result = archive.import_archive(target, salvage.data)
    assert (result.added, result.n_failed) == (salvage.saved, 0)
    for rec in target.records():
        assert rec == healthy[rec["sha256"]]


def test_an_upload_batch_stops_at_a_damaged_store(tmp_path):
    """Not one 「保存失败，请稍后重试」 per file: the batch stops with the damage message."""
    from analysis.store import uploads
    from analysis.store.integrity import StoreDamagedError

    path = tmp_path / "corpus.db"
    store = filled(path, 40)
    damage(path, 0.5)
    assert not store.integrity_check().ok
    files = [(f"新{i}.txt", f"新报告{i}，支部坚持三会一课。".encode()) for i in range(3)]
    with pytest.raises(StoreDamagedError):
        uploads.process_batch(store, files)


# ---------------------------------------------------------------- how a report was read (OCR,
# original writing of a Traditional report): stored, read back, migrated into old stores

ORIGINALS = {
    "original_title": "社區黨委工作總結",
    "original_branch": "社區黨委",
    "original_organization": "某某社區",
}


@pytest.mark.parametrize(
    ("doc", "meta", "ocr", "confidence", "originals"),
    [
        (DOC, META, False, None, ("", "", "")),
        (
            Extracted(text=DOC.text, fmt="pdf", ocr=True, ocr_confidence=0.9312),
            META,
            True,
            0.9312,
            ("", "", ""),
        ),
        (
            Extracted(text=DOC.text, fmt="image", ocr=True, ocr_confidence=None),
            {**META, **ORIGINALS},
            True,
            None,
            tuple(ORIGINALS.values()),
        ),
    ],
)
def test_reading_fields_round_trip(store, doc, meta, ocr, confidence, originals):
    rid = store.add("a.pdf", doc, meta).report_id
    got = store.get(rid)
    assert (got.ocr, got.ocr_confidence) == (ocr, confidence)
    assert (got.original_title, got.original_branch, got.original_organization) == originals
    row = store.list_reports().set_index("id").loc[rid]
    assert bool(row["ocr"]) is ocr
    assert (None if row["ocr_confidence"] is pd.NA else row["ocr_confidence"]) == confidence
    assert tuple(row[k] for k in ORIGINALS) == originals
    (rec,) = store.records()
    assert (rec["ocr"], rec["ocr_confidence"]) == (ocr, confidence)
    assert tuple(rec[k] for k in ORIGINALS) == originals


def test_a_renamed_field_loses_its_original_writing(store):
    rid = store.add("a.txt", DOC, {**META, "title": "社区党委工作总结", **ORIGINALS}).report_id
    store.update_metadata(rid, {"branch": "改名党支部", "title": "社区党委工作总结"}, 1)
    got = store.get(rid)
    assert got.original_branch == ""  # no longer how the report writes the branch
    assert got.original_title == "社區黨委工作總結"  # the title was saved unchanged
    assert got.original_organization == "某某社區"


_OLD_REPORTS = """CREATE TABLE reports (
    id {id}, sha256 TEXT NOT NULL UNIQUE, filename TEXT NOT NULL, fmt TEXT NOT NULL,
    encoding TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
    branch TEXT NOT NULL DEFAULT '', organization TEXT NOT NULL DEFAULT '', year INTEGER,
    kind TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, hints TEXT NOT NULL DEFAULT '[]',
    chars INTEGER NOT NULL, added_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1, deleted_at TEXT)"""
_OLD_ROW = (
    "INSERT INTO reports(sha256, filename, fmt, title, text, chars, added_at, updated_at)"
    " VALUES ('{sha}', 'old.txt', 'txt', '旧报告', '旧报告正文', 5, '2024-01-01', '2024-01-01')"
)


def _old_store(location: str, backend: str) -> None:
    """A store as the first release made it: the reports table without the added columns."""
    sha = content_hash("旧报告正文")
    if backend == "sqlite":
        con = sqlite3.connect(location)
        con.execute(_OLD_REPORTS.format(id="INTEGER PRIMARY KEY AUTOINCREMENT"))
        con.execute(_OLD_ROW.format(sha=sha))
        con.commit()
        con.close()
        return
    import psycopg

    with psycopg.connect(location, autocommit=True) as con:
        con.execute(_OLD_REPORTS.format(id="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"))
        con.execute(_OLD_ROW.format(sha=sha))


def test_old_store_gets_the_new_columns_in_place(db_location, backend):
    _old_store(db_location, backend)
    store = CorpusStore(db_location)
    (old,) = store.list_reports().itertuples()
    assert (old.title, old.ocr, old.original_title) == ("旧报告", False, "")
    assert old.ocr_confidence is pd.NA
    doc = Extracted(text="新的扫描报告", fmt="pdf", ocr=True, ocr_confidence=0.88)
    rid = store.add("scan.pdf", doc, META).report_id
    again = CorpusStore(db_location)  # a second open finds nothing to add
    assert again.get(rid).ocr_confidence == 0.88
    assert again.get(int(old.id)).text == "旧报告正文"


def test_ocr_text_is_kept_by_file_hash_and_purged_with_its_report(store):
    doc = Extracted(text=DOC.text, fmt="pdf", ocr=True, ocr_confidence=0.9)
    assert store.scan_text("f" * 64) is None
    store.save_scan_text("f" * 64, doc)
    assert store.scan_text("f" * 64) == ("pdf", DOC.text, 0.9)
    rid = store.add("scan.pdf", doc, META).report_id
    store.delete(rid)
    assert store.scan_text("f" * 64) is not None  # the trash keeps it: a restore needs no OCR
    store.purge(rid)
    assert store.scan_text("f" * 64) is None  # gone for good means the OCR text too


@pytest.mark.parametrize(
    ("row", "ocr", "shown"),
    [
        ({"ocr": True, "ocr_confidence": 0.91}, (True, 0.91), {}),
        ({"ocr": False, "ocr_confidence": 0.91}, (False, None), {}),
        ({"ocr": True, "ocr_confidence": pd.NA}, (True, None), {}),
        ({}, (False, None), {}),  # a corpus read from files: no such columns
        (
            {
                "original_title": "社區黨委總結",
                "original_branch": "",
                "original_organization": None,
            },
            (False, None),
            {"title": "社區黨委總結"},
        ),
    ],
)
def test_reading_of_a_reports_row(row, ocr, shown):
    from analysis.store.report_columns import original_writing, read_by_ocr

    assert read_by_ocr(row) == ocr
    assert original_writing(row) == shown
