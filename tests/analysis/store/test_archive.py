"""Backup archive: export -> import loses nothing; unsafe or broken archives import nothing."""

from __future__ import annotations

import io
import json
import os
import warnings
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.models import Extracted
from analysis.store import archive
from analysis.store.database import CorpusStore
from tests.fixtures import make_zip_bomb

REPORTS = [
    (
        "a.txt",
        "兴城投资党支部2023年度工作总结\n一、主要做法\n一是加强组织领导。",
        ((1, "一、主要做法"),),
    ),
    ("b.docx", "楼宇综合党委经验材料\n推行“红色管家”服务，<script>alert(1)</script>", ()),
    ("c.pdf", "*公司支部\n支部坚持“三会一课”，满意度96.5%。", ()),
]
KEEP = (
    *("filename", "fmt", "encoding", "title", "branch", "organization", "year", "kind", "text"),
    *("ocr", "ocr_confidence", "original_title", "original_branch", "original_organization"),
)
ORIGINAL = {
    "original_title": "社區黨委總結",
    "original_branch": "社區黨委",
    "original_organization": "",
}


@pytest.fixture
def full_store(new_db) -> CorpusStore:
    """A store with edited metadata, a trashed report and two edited resources."""
    s = CorpusStore(new_db())
    ids = []
    for name, text, hints in REPORTS:
        scan = name.endswith(".pdf")  # read by OCR, written in Traditional
        doc = Extracted(
            text=text,
            fmt=name.rsplit(".", 1)[1],
            encoding="gb18030",
            hints=hints,
            ocr=scan,
            ocr_confidence=0.8731 if scan else None,
        )
        meta = {"title": name, "branch": f"支部{name}", "year": 2022, **(ORIGINAL if scan else {})}
        ids.append(s.add(name, doc, meta).report_id)
    s.update_metadata(ids[0], {"organization": "大兴城建", "kind": "年度总结"}, 1)
    s.delete(ids[2])
    s.set_resource("stopwords", "的\n了\n")
    s.set_resource("themes", "组织建设:\n  words: [三会一课]\n")
    return s


def _records(store: CorpusStore) -> list[dict]:
    return sorted(
        (
            {
                **{k: r[k] for k in KEEP},
                "hints": r["hints"],
                "added_at": r["added_at"],
                "deleted": bool(r["deleted_at"]),
            }
            for r in store.records()
        ),
        key=lambda r: r["text"],
    )


@pytest.mark.backends
def test_round_trip_loses_nothing(full_store, new_db):
    data = archive.export_archive(full_store)
    target = CorpusStore(new_db())
    result = archive.import_archive(target, data)
    assert (result.added, result.duplicates, result.failed, result.total) == (3, 0, (), 3)
    assert set(result.resources) == {"stopwords", "themes"}
    assert _records(target) == _records(full_store)
    assert target.resource_overrides() == full_store.resource_overrides()
    assert len(target.trash()) == 1


@pytest.mark.backends
def test_how_a_report_was_read_survives_the_round_trip(full_store, new_db):
    target = CorpusStore(new_db())
    archive.import_archive(target, archive.export_archive(full_store))
    scan = next(r for r in target.records() if r["filename"] == "c.pdf")
    assert (scan["ocr"], scan["ocr_confidence"]) == (True, 0.8731)
    assert {k: scan[k] for k in ORIGINAL} == ORIGINAL
    typed = next(r for r in target.records() if r["filename"] == "a.txt")
    assert (typed["ocr"], typed["ocr_confidence"], typed["original_title"]) == (False, None, "")


@pytest.mark.backends
def test_archive_written_before_these_fields_restores(full_store, new_db):
    """An older backup has no ocr / original_* in its entries: it restores, with the defaults."""
    keys = ("ocr", "ocr_confidence", *ORIGINAL)

    def drop(m):
        for entry in m["reports"]:
            for key in keys:
                entry.pop(key)

    data = _tamper_manifest(archive.export_archive(full_store), drop)
    target = CorpusStore(new_db())
    result = archive.import_archive(target, data)
    assert (result.added, result.n_failed) == (3, 0)
    assert all(not r["ocr"] and r["original_title"] == "" for r in target.records())


@pytest.mark.backends
def test_second_import_skips_duplicates(full_store, new_db):
    data = archive.export_archive(full_store)
    target = CorpusStore(new_db())
    archive.import_archive(target, data)
    again = archive.import_archive(target, data)
    assert (again.added, again.duplicates, again.resources) == (0, 3, ())
    assert len(target.list_reports(include_deleted=True)) == 3
    assert "已存在跳过 3 份" in again.summary()


@pytest.mark.backends
def test_import_restores_a_trashed_copy(full_store, new_db):
    target = CorpusStore(new_db())
    rid = target.add("x.txt", Extracted(text=REPORTS[0][1], fmt="txt"), {}).report_id
    target.delete(rid)
    result = archive.import_archive(target, archive.export_archive(full_store))
    assert result.restored == 1 and len(target.list_reports()) == 2


@pytest.mark.backends
def test_import_without_resources_keeps_the_targets(full_store, new_db):
    target = CorpusStore(new_db())
    target.set_resource("stopwords", "我的停用词\n")
    archive.import_archive(target, archive.export_archive(full_store), resources=False)
    assert target.resource_overrides() == {"stopwords": "我的停用词\n"}


def test_manifest_has_format_and_versions(full_store):
    with zipfile.ZipFile(io.BytesIO(archive.export_archive(full_store))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest["format"] == archive.FORMAT
    assert manifest["archive_version"] == archive.ARCHIVE_VERSION
    assert manifest["counts"] == {"reports": 3, "deleted": 1, "resources": 2}
    assert {r["file"] for r in manifest["reports"]} <= names
    assert archive.is_archive(archive.export_archive(full_store))


@pytest.mark.backends
def test_empty_store_round_trip(new_db):
    data = archive.export_archive(CorpusStore(new_db()))
    assert archive.import_archive(CorpusStore(new_db()), data).total == 0


# ---------------------------------------------------------------- hostile and broken archives


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _tamper_manifest(data: bytes, change) -> bytes:
    members = _members(data)
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    return _zip(members)


@pytest.mark.parametrize(
    "extra, fragment",
    [
        ("../../x.txt", "不允许的条目「../../x.txt」"),
        ("/etc/passwd", "不允许的条目"),
        ("reports/..\\..\\x.txt", "不允许的条目"),
        ("reports/000001.txt\x07.sh", "\\x07"),
        ("resources/../../themes.txt", "不允许的条目"),
    ],
)
def test_traversal_names_refuse_the_whole_archive(full_store, tmp_path, extra, fragment):
    members = _members(archive.export_archive(full_store))
    members[extra] = "党建".encode()
    target = CorpusStore(tmp_path / "dst.db")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(archive.ArchiveError) as err:
            archive.import_archive(target, _zip(members))
    finally:
        os.chdir(cwd)
    assert fragment in err.value.message
    assert len(target.list_reports(include_deleted=True)) == 0
    written = {p.name for p in tmp_path.rglob("*") if ".db" not in p.name}
    assert written == set()
    assert not (tmp_path.parent / "x.txt").exists()


def _bomb(name: str, size_mb: int) -> bytes:
    """A zip whose member `name` is `size_mb` MB of zeros (ratio about 1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b"{}")
        with zf.open(name, "w", force_zip64=True) as fh:
            for _ in range(size_mb):
                fh.write(b"\x00" * (1024 * 1024))
    return buf.getvalue()


def test_zip_bomb_is_refused(tmp_path):
    target = CorpusStore(tmp_path / "dst.db")
    for data in (
        make_zip_bomb(size_mb=20),
        _bomb("reports/000001.txt", 20),
        _bomb("reports/000002.txt", 80),
    ):
        with pytest.raises(archive.ArchiveError):
            archive.import_archive(target, data)
    assert len(target.list_reports(include_deleted=True)) == 0


def test_high_ratio_member_is_a_bomb(tmp_path):
    data = _zip({"manifest.json": b"{}", "reports/000001.txt": b"\x00" * (3 * 1024 * 1024)})
    with pytest.raises(archive.ArchiveError, match="压缩炸弹"):
        archive.read_archive(data)


def test_size_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 1000)
    with pytest.raises(archive.ArchiveError, match="超过 0 MB"):
        archive.read_archive(b"x" * 2000)
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 10**9)
    monkeypatch.setattr(archive, "MAX_MANIFEST_BYTES", 10)
    with pytest.raises(archive.ArchiveError, match="压缩炸弹"):
        archive.read_archive(_zip({"manifest.json": b"{" + b" " * 100 + b"}"}))
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 10)
    with pytest.raises(archive.ArchiveError, match="压缩炸弹"):
        archive.read_archive(_zip({"manifest.json": b"{}", "reports/000001.txt": b"x" * 100}))


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "不是有效的备份文件"),
        (b"PK\x03\x04 broken", "不是有效的备份文件"),
        ("党建报告".encode(), "不是有效的备份文件"),
    ],
)
def test_not_a_zip(data, fragment):
    with pytest.raises(archive.ArchiveError, match=fragment):
        archive.read_archive(data)


def test_zip_without_manifest():
    with pytest.raises(archive.ArchiveError, match="没有 manifest.json"):
        archive.read_archive(_zip({"reports/000001.txt": "党建".encode()}))


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda m: m.update(format="other"), "不是本系统导出的备份"),
        (lambda m: m.update(archive_version=99), "格式版本（99）比本程序新"),
        (lambda m: m.pop("archive_version"), "缺少格式版本"),
        (lambda m: m.update(reports={}), "报告列表格式不对"),
        (lambda m: m["resources"].update(evil="resources/evil.txt"), "不允许的条目"),
    ],
)
def test_bad_manifest_imports_nothing(full_store, tmp_path, change, fragment):
    data = _tamper_manifest(archive.export_archive(full_store), change)
    target = CorpusStore(tmp_path / "dst.db")
    with pytest.raises(archive.ArchiveError) as err:
        archive.import_archive(target, data)
    assert fragment in err.value.message
    assert len(target.list_reports(include_deleted=True)) == 0 and target.resource_overrides() == {}


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda e: e.update(sha256="abc"), "校验值不合法"),
        (lambda e: e.update(year="二〇二二"), "年份不合法"),
        (lambda e: e.update(hints=[["x", 1]]), "标题提示不合法"),
        (lambda e: e.update(title=["list"]), "第 1 份报告的字段 title 不合法"),
        (lambda e: e.update(added_at="x" * 100), "字段 added_at 不合法"),
        (lambda e: e.update(ocr="yes"), "字段 ocr 不合法"),
        (lambda e: e.update(ocr_confidence=7), "字段 ocr_confidence 不合法"),
        (lambda e: e.update(ocr_confidence="0.9"), "字段 ocr_confidence 不合法"),
        (lambda e: e.update(original_branch=3), "字段 original_branch 不合法"),
    ],
)
def test_bad_manifest_entry_skips_that_report_only(full_store, tmp_path, change, fragment):
    """One malformed entry is one failed report with its own reason, not a refused archive."""
    data = _tamper_manifest(archive.export_archive(full_store), lambda m: change(m["reports"][0]))
    target = CorpusStore(tmp_path / "dst.db")
    result = archive.import_archive(target, data)
    assert (result.added, result.n_failed) == (2, 1)
    assert fragment in result.failed[0] and "已跳过该报告" in result.failed[0]
    assert len(target.list_reports(include_deleted=True)) == 2


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "resources/themes.txt"])
def test_manifest_path_outside_reports_refuses_the_whole_backup(full_store, tmp_path, path):
    """Issue 30: the README says such a backup is refused whole; the rest was imported."""

    def change(m):
        m["reports"][0]["file"] = path

    data = _tamper_manifest(archive.export_archive(full_store), change)
    target = CorpusStore(tmp_path / "dst.db")
    with pytest.raises(archive.ArchiveError) as err:
        archive.import_archive(target, data)
    assert "不允许的条目" in err.value.message and "未写入任何内容" in err.value.message
    assert len(target.list_reports(include_deleted=True)) == 0


def test_duplicate_member_is_named_a_duplicate(full_store, tmp_path):
    """Issue 30: a member twice in the zip was called a malicious path."""
    import io
    import zipfile

    data = archive.export_archive(full_store)
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        zf.writestr("reports/000001.txt", "党建".encode())
    with pytest.raises(archive.ArchiveError) as err:
        archive.read_archive(buf.getvalue())
    assert "出现了不止一次" in err.value.message and "恶意" not in err.value.message


def test_long_metadata_field_round_trips(full_store, tmp_path):
    """Hole 4: the metadata editor allows a 5,000-character title; its backup must import."""
    rid = int(full_store.list_reports()["id"].iloc[0])
    full_store.update_metadata(rid, {"title": "党" * 5000, "branch": "支" * 1500}, 2)
    target = CorpusStore(tmp_path / "dst.db")
    result = archive.import_archive(target, archive.export_archive(full_store))
    assert (result.added, result.n_failed) == (3, 0)
    assert _records(target) == _records(full_store)


def test_repetitive_large_report_is_not_mistaken_for_a_bomb(tmp_path):
    """A 3 MB report of one repeated character deflates 1000:1: export stores it uncompressed."""
    source = CorpusStore(tmp_path / "src.db")
    source.add("a.txt", Extracted(text="党" * 1_000_000, fmt="txt"), {"title": "重复"})
    result = archive.import_archive(
        CorpusStore(tmp_path / "dst.db"), archive.export_archive(source)
    )
    assert (result.added, result.n_failed) == (1, 0)


def test_many_bad_entries_are_summarized(full_store, tmp_path):
    """A backup with thousands of bad entries: a count and the first reasons, not one each."""
    n = 5000

    def change(m):
        m["reports"] += [{"file": f"reports/{i:06d}.txt", "sha256": "0" * 64} for i in range(n)]

    data = _tamper_manifest(archive.export_archive(full_store), change)
    calls = []
    result = archive.import_archive(
        CorpusStore(tmp_path / "dst.db"), data, progress=lambda d, t: calls.append(d)
    )
    assert result.n_failed == n and len(result.failed) == archive.MAX_LISTED
    assert f"失败 {n} 份" in result.summary()
    text = result.problems()
    assert f"另有 {n - archive.MAX_LISTED} 条问题" in text
    assert len(text.splitlines()) == archive.MAX_LISTED + 1
    assert len(calls) <= archive.PROGRESS_STEPS + 1 and calls[-1] == n + 3


def test_manifest_not_json(full_store):
    members = _members(archive.export_archive(full_store))
    members["manifest.json"] = b"{not json"
    with pytest.raises(archive.ArchiveError, match="不是有效的 JSON"):
        archive.read_archive(_zip(members))


@pytest.mark.backends
def test_corrupt_report_is_skipped_others_imported(full_store, new_db):
    members = _members(archive.export_archive(full_store))
    members["reports/000001.txt"] = "被篡改的内容".encode()
    members["reports/000002.txt"] = b"\xff\xfe\x00bad"
    target = CorpusStore(new_db())
    result = archive.import_archive(target, _zip(members))
    assert result.added == 1 and len(result.failed) == 2
    assert "校验值不一致" in result.failed[0] and "UTF-8" in result.failed[1]
    assert "失败 2 份" in result.summary()


@pytest.mark.backends
def test_missing_report_member_is_skipped(full_store, new_db):
    members = _members(archive.export_archive(full_store))
    del members["reports/000003.txt"]
    result = archive.import_archive(CorpusStore(new_db()), _zip(members))
    assert result.added == 2 and "不存在" in result.failed[0]


@pytest.mark.backends
def test_broken_theme_dictionary_in_archive_is_not_applied(full_store, new_db):
    members = _members(archive.export_archive(full_store))
    members["resources/themes.txt"] = "组织建设:\n  words: [三会一课\n".encode()
    target = CorpusStore(new_db())
    result = archive.import_archive(target, _zip(members))
    assert result.added == 3 and result.resources == ("stopwords",)
    assert "主题词典" in result.resource_problems[0] and "themes" not in target.resource_overrides()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("userdict", "三会一课\n党建\x00引领\n", "控制字符"),
        ("userdict", "\x1b[2J党建\n", "控制字符"),
        ("userdict", "党" * 1_000_000 + "\n", "过长"),
        ("userdict", "啊" * 1000 + "\n", "太长"),
        ("stopwords", "的\n" + "了" * 5000 + "\n", "过长"),
        ("themes", "".join(f"t{i}:\n  words: [w{i}]\n" for i in range(600)), "主题超过 500 个"),
    ],
)
def test_imported_dictionaries_pass_the_editors_validation(
    full_store, tmp_path, name, content, fragment
):
    """Issue 16 hole 7: a backup cannot bring in what the editor would refuse."""
    from analysis.store.validation import validate_resource

    assert validate_resource(name, content)  # the editor refuses it ...
    members = _members(archive.export_archive(full_store))
    manifest = json.loads(members["manifest.json"])
    manifest["resources"][name] = f"resources/{name}.txt"
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    members[f"resources/{name}.txt"] = content.encode()
    target = CorpusStore(tmp_path / "dst.db")
    data = _zip(members, zipfile.ZIP_STORED)
    result = archive.import_archive(target, data)  # ... and so does the import
    assert result.added == 3 and name not in result.resources
    assert name not in target.resource_overrides()
    assert any(fragment in p for p in result.resource_problems), result.resource_problems


@pytest.mark.backends
def test_hostile_filename_in_manifest_is_sanitized(full_store, new_db):
    def change(m):
        m["reports"][0]["filename"] = "../../etc/\x07passwd.txt"

    data = _tamper_manifest(archive.export_archive(full_store), change)
    target = CorpusStore(new_db())
    archive.import_archive(target, data)
    names = set(target.list_reports(include_deleted=True)["filename"])
    assert "passwd.txt" in names and not any("/" in n or "\x07" in n for n in names)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data):
    try:
        archive.read_archive(data)
    except archive.ArchiveError as exc:
        assert exc.message


# ---------------------------------------------------------------- round trip over hostile metadata

_HOSTILE = [
    "",
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "\x00\x01\x1b[31m红\x7f",
    "\u202e支部\u200f\u200b",
    "党建🚩👍🏽",
    "党" * 100_000,
    "a\r\nb\n\tc",
    "../../etc/passwd",
    "<script>alert(1)</script>$$x$$![t](http://h/x.png)",
]
# Any text a store can hold (lone surrogates cannot be encoded, so no store holds them).
_odd = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
_field = st.one_of(st.sampled_from(_HOSTILE), _odd)
_record = st.fixed_dictionaries(
    {
        "filename": _field,
        "fmt": st.sampled_from(["txt", "docx", "pdf", ""]),
        "encoding": _field,
        "title": _field,
        "branch": _field,
        "organization": _field,
        "kind": _field,
        "year": st.one_of(st.none(), st.integers(1921, 2100)),
        "hints": st.lists(st.tuples(st.integers(1, 6), _odd), max_size=3),
        "deleted": st.booleans(),
        "body": _odd,
    }
)


def _comparable(store: CorpusStore) -> list[dict]:
    """Every stored field of every report (file names as import sanitizes them), by text."""
    from analysis.io.names import safe_filename

    out = [{**r, "filename": safe_filename(r["filename"])} for r in store.records()]
    return sorted(out, key=lambda r: r["text"])


@settings(max_examples=25, deadline=None)
@given(st.lists(_record, min_size=1, max_size=4))
def test_hostile_metadata_round_trips(tmp_path_factory, recs):
    """Issue 16 hole 4: whatever metadata a store holds, its own backup imports to the same records."""
    folder = tmp_path_factory.mktemp("rt")
    source = CorpusStore(folder / "src.db")
    for n, rec in enumerate(recs):
        deleted = "2024-01-02T03:04:05" if rec["deleted"] else None
        text = f"第{n}份报告\n{rec['body']}"
        source.add_record({**rec, "text": text, "deleted_at": deleted})
    target = CorpusStore(folder / "dst.db")
    result = archive.import_archive(target, archive.export_archive(source))
    assert result.n_failed == 0 and result.added == len(recs)
    assert _comparable(target) == _comparable(source)


def test_restore_into_a_damaged_store(full_store, tmp_path):
    """A bad backup moves nothing; a good one keeps the damaged file and fills a fresh store."""
    from tests.stores import damage, filled

    path = tmp_path / "corpus.db"
    filled(path, 20)
    damage(path, 0.5)
    with pytest.raises(archive.ArchiveError):
        archive.restore_damaged(path, b"PK\x03\x04 broken")
    assert path.exists() and not list(tmp_path.glob("corpus.db.damaged-*"))
    kept, result = archive.restore_damaged(path, archive.export_archive(full_store))
    assert kept.exists() and (result.added, result.n_failed) == (3, 0)
    assert _records(CorpusStore(path)) == _records(full_store)
