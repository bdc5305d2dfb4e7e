"""The roster (组织名录): matching names to it, a generated batch of office-named files, roster
files (CSV/xlsx, bad input), the store table, relabelling without re-analysis, the review queue."""

from __future__ import annotations

import io
import json
import random

import pytest

from analysis.core.models import Extracted
from analysis.store.roster import (
    accept_guess,
    add_entry,
    assign_entry,
    import_roster,
    load_roster,
    relabel,
    review_queue,
    save_roster,
)
from analysis.store.roster_file import (
    MAX_ROSTER_ROWS,
    RosterError,
    parse_roster,
    roster_frame,
    roster_from_frame,
)
from analysis.text.metadata import infer_metadata
from analysis.text.roster import Roster, RosterEntry, match_name, scan_text

pytestmark = pytest.mark.backends

# ---------------------------------------------------------------- a roster of 20 entries

ENTRIES = (
    RosterEntry("兴河集团党委", "", "党委", ("集团党委",)),
    RosterEntry("兴河集团机关党委", "兴河集团党委", "党委", ("集团机关党委",)),
    RosterEntry("机关第一党支部", "兴河集团机关党委", "党支部", ("机关一支部",)),
    RosterEntry("机关第二党支部", "兴河集团机关党委", "党支部", ("机关二支部",)),
    RosterEntry("兴河物业公司党总支", "兴河集团党委", "党总支", ("物业党总支",)),
    RosterEntry("物业公司客服党支部", "兴河物业公司党总支", "党支部", ("客服支部",)),
    RosterEntry("物业公司工程党支部", "兴河物业公司党总支", "党支部", ("工程支部",)),
    RosterEntry("兴河建设公司党委", "兴河集团党委", "党委", ("建设公司党委",)),
    RosterEntry("建设公司第一项目部党支部", "兴河建设公司党委", "党支部", ("一项目部支部",)),
    RosterEntry("建设公司第二项目部党支部", "兴河建设公司党委", "党支部", ("二项目部支部",)),
    RosterEntry("兴河能源公司党委", "兴河集团党委", "党委", ("能源公司党委", "兴河电力公司党委")),
    RosterEntry("能源公司运维党支部", "兴河能源公司党委", "党支部", ("运维支部",)),
    RosterEntry("能源公司调度党支部", "兴河能源公司党委", "党支部", ("调度支部",)),
    RosterEntry("兴河投资公司党支部", "兴河集团党委", "党支部", ("投资公司支部", "兴投支部")),
    RosterEntry("兴河物流公司联合党支部", "兴河集团党委", "联合党支部", ("物流联合支部",)),
    RosterEntry("兴河研究院党总支", "兴河集团党委", "党总支", ("研究院党总支",)),
    RosterEntry("研究院材料所党支部", "兴河研究院党总支", "党支部", ("材料所支部",)),
    RosterEntry("研究院离退休党支部", "兴河研究院党总支", "党支部", ("研究院老干部支部",)),
    RosterEntry("兴河酒店项目临时党支部", "兴河集团党委", "临时党支部", ("酒店临时支部",)),
    RosterEntry("兴河职工医院党委", "兴河集团党委", "党委", ("职工医院党委",)),
)
ROSTER = Roster(ENTRIES)

# How offices name files; {name} is how they wrote the organization.
FILE_PATTERNS = (
    "{name}{year}年度党建工作总结.docx",
    "{year}年{name}述职报告.pdf",
    "{name}关于{year}年党建工作情况的报告.docx",
    "{n:02d}_{name}{year}年工作总结.docx",
    "{name}创建先锋支部经验材料（{year}）.docx",
)
# A misspelt suffix, as typed in a hurry: 党支部 → 党之部 / 党支布, 党委 → 党季, 党总支 → 党总之.
TYPOS = {"党支部": ("党之部", "党支布"), "党委": ("党季",), "党总支": ("党总之",)}
BODY = (
    "一年来，支部坚持以党建引领中心工作，根据上级党委部署，全面提升支部组织力。\n"
    "一、主要做法\n（一）强化理论武装。\n二、下一步打算\n以实际行动确保我们支部建设全面进步。\n"
)


def _spellings(entry: RosterEntry, rng: random.Random) -> str:
    """One way an office writes this organization: the name, an alias, a normalized variant,
    a Traditional or full-width spelling, or a misspelt suffix."""
    name = entry.name
    way = rng.choice(["name", "alias", "short", "typo", "name", "alias"])
    if way == "alias" and entry.aliases:
        return rng.choice(entry.aliases)
    if way == "short":
        return name.replace("第一", "一").replace("第二", "二").replace("党支部", "支部")
    if way == "typo":
        for right, wrong in TYPOS.items():
            if name.endswith(right):
                return name[: -len(right)] + rng.choice(wrong)
    return name


def generated_batch(seed: int = 17) -> list[tuple[str, str | None]]:
    """40 office-named files: (file name, the roster entry it belongs to, None for the two that
    belong to no single entry: an organization not in the roster and an ambiguous redaction)."""
    rng = random.Random(seed)
    batch: list[tuple[str, str | None]] = []
    for n in range(38):
        entry = ENTRIES[n % len(ENTRIES)]
        pattern = FILE_PATTERNS[(n + n // len(ENTRIES)) % len(FILE_PATTERNS)]
        name = _spellings(entry, rng)
        batch.append((pattern.format(name=name, year=2019 + n % 6, n=n + 1), entry.name))
    batch.append(("兴河置业公司党支部2023年度党建工作总结.docx", None))
    batch.append(("2022年**公司党委述职报告.pdf", None))
    return batch


def test_generated_batch_is_varied():
    batch = generated_batch()
    names = [f for f, _ in batch]
    assert len(batch) == 40 and len(set(names)) == 40
    assert any(t in f for f in names for ts in TYPOS.values() for t in ts)  # typo'd suffixes
    assert any(a in f for f in names for e in ENTRIES for a in e.aliases)  # 简称


def test_generated_batch_matches_without_wrong_entries():
    """≥ 38 of 40 matched to the right entry, the rest in 待确认, none on a wrong entry."""
    right = wrong = review = 0
    for filename, want in generated_batch():
        meta = infer_metadata(BODY, filename, roster=ROSTER)
        if meta.branch_status == "matched":
            right += meta.branch == want
            wrong += meta.branch != want
        else:
            assert meta.branch_status == "待确认"
            review += 1
    assert wrong == 0
    assert right >= 38
    assert right + review == 40


# ---------------------------------------------------------------- matching (pure)


@pytest.mark.parametrize(
    "guess, expected, how",
    [
        ("机关第一党支部", "机关第一党支部", "名称"),
        ("机关一支部", "机关第一党支部", "别名"),
        ("机关第1支部", "机关第一党支部", "规范化"),
        ("中共机关第一党支部委员会", "机关第一党支部", "规范化"),
        ("兴河投資公司黨支部", "兴河投资公司党支部", "规范化"),
        ("兴河电力公司党委", "兴河能源公司党委", "别名"),
        ("**材料所党支部", "研究院材料所党支部", "脱敏"),
        ("集团兴河研究院党总支", "兴河研究院党总支", "简称"),
    ],
)
def test_match(guess, expected, how):
    found = match_name(guess, ROSTER)
    assert found.matched and found.entry is not None
    assert (found.entry.name, found.how) == (expected, how)


@pytest.mark.parametrize(
    "guess",
    ["机关第三党支部", "**公司党委", "**党支部", "兴河置业公司党支部", "", "第一党支部"],
)
def test_no_sure_match(guess):
    assert not match_name(guess, ROSTER).matched


def test_redaction_matches_only_a_unique_visible_part():
    roster = Roster((RosterEntry("中关村楼宇综合党委"), RosterEntry("望京楼宇综合党委")))
    found = match_name("**楼宇综合党委", roster)
    assert not found.matched
    assert set(found.candidates) == {"中关村楼宇综合党委", "望京楼宇综合党委"}
    one = Roster((RosterEntry("中关村楼宇综合党委"),))
    assert match_name("**楼宇综合党委", one).matched


@pytest.mark.parametrize(
    "text, expected",
    [
        ("能源公司运维党之部2023年总结", "能源公司运维党支部"),
        ("兴河建设公司党季述职报告", "兴河建设公司党委"),
        ("兴河建设公司第三党支部总结", None),
    ],
)
def test_scan_finds_misspelt_suffixes_only(text, expected):
    found = scan_text(text, ROSTER)
    assert (found.entry.name if found.matched and found.entry else None) == expected


# ---------------------------------------------------------------- roster files

HEADER = "名称,上级党组织,类型,别名\n"
GOOD = (
    HEADER
    + "兴河集团党委,,党委,集团党委\n机关第一党支部,兴河集团党委,党支部,机关一支部；一支部、机关1支部\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(encoding):
    roster = parse_roster("名录.csv", GOOD.encode(encoding))
    assert [e.name for e in roster.entries] == ["兴河集团党委", "机关第一党支部"]
    assert roster.get("机关第一党支部").aliases == ("机关一支部", "一支部", "机关1支部")


def test_english_headers():
    roster = parse_roster("r.csv", b"name,parent,type,aliases\nA\xe5\x85\x9a\xe5\xa7\x94,,,B;C\n")
    assert roster.entries[0].aliases == ("B", "C")


def _xlsx(rows, merge: str = "", second: bool = False) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    if merge:
        wb.active.merge_cells(merge)
    if second:
        wb.create_sheet("第二页").append(["名称"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_first_sheet():
    data = _xlsx(
        [["名称", "上级党组织", "类型", "别名"], ["兴河集团党委", None, "党委", "集团党委"]]
    )
    assert parse_roster("名录.xlsx", data).entries[0].aliases == ("集团党委",)


@pytest.mark.parametrize(
    "filename, data, words",
    [
        ("r.csv", HEADER + "甲党委,,,\n甲党委,,,\n", ["第 3 行", "第 2 行", "重复"]),
        ("r.csv", HEADER + "甲党委,,,\n,甲党委,党支部,\n", ["第 3 行", "名称为空"]),
        ("r.csv", HEADER + "甲党支部,乙党委,,\n", ["第 2 行", "乙党委", "不在名录中"]),
        ("r.csv", HEADER + "甲党委,乙党委,,\n乙党委,甲党委,,\n", ["第 2 行", "循环"]),
        ("r.csv", HEADER + "机关第一党支部,,,\n机关一支部,,,\n", ["第 3 行", "不同写法"]),
        ("r.csv", "单位,备注\n甲,乙\n", ["名称"]),
        (
            "r.csv",
            HEADER + "甲党委,,,\n" * 10_000,
            ["10000 行", f"第 {MAX_ROSTER_ROWS + 2} 行", "上限"],
        ),
        ("r.pdf", "x", [".xlsx"]),
    ],
)
def test_bad_csv_is_refused_naming_the_row(filename, data, words):
    with pytest.raises(RosterError) as err:
        parse_roster(filename, data.encode("utf-8"))
    for word in words:
        assert word in err.value.message


def test_xlsx_merged_cells_and_second_sheet_are_refused():
    rows = [["名称", "上级党组织"], ["甲党委", None], ["乙党支部", "甲党委"]]
    with pytest.raises(RosterError, match="第 3 行有合并单元格"):
        parse_roster("r.xlsx", _xlsx(rows, merge="A3:B3"))
    with pytest.raises(RosterError, match="「第二页」第 1 行"):
        parse_roster("r.xlsx", _xlsx(rows, second=True))


def test_xlsx_with_an_empty_second_sheet_is_read():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["名称", "上级党组织"])
    wb.active.append(["甲党委", None])
    wb.create_sheet("Sheet2")  # what Excel makes by default: empty, so harmless
    buf = io.BytesIO()
    wb.save(buf)
    assert [e.name for e in parse_roster("r.xlsx", buf.getvalue()).entries] == ["甲党委"]


def test_xlsx_of_10000_rows_is_refused_naming_the_row():
    rows = [["名称"]] + [[f"第{i}党支部"] for i in range(10_000)]
    with pytest.raises(RosterError) as err:
        parse_roster("r.xlsx", _xlsx(rows))
    assert f"第 {MAX_ROSTER_ROWS + 2} 行" in err.value.message and "10000 行" in err.value.message


@pytest.mark.parametrize(
    "rows, words",
    [
        ([("甲党委", ""), ("甲党委", "")], ["第 2 行", "第 1 行", "重复"]),
        ([("甲党委", ""), ("", "甲党委")], ["第 2 行", "名称为空"]),
        ([("甲党支部", "乙党委")], ["第 1 行", "不在名录中"]),
        ([("甲党委", "乙党委"), ("乙党委", "甲党委")], ["第 1 行", "循环"]),
    ],
)
def test_page_table_errors_name_the_row_as_the_table_numbers_it(rows, words):
    import pandas as pd

    frame = pd.DataFrame(
        [(n, p, "", "") for n, p in rows], columns=["名称", "上级党组织", "类型", "别名"]
    )
    with pytest.raises(RosterError) as err:
        roster_from_frame(frame)
    for word in words:
        assert word in err.value.message


def test_frame_round_trip():
    assert roster_from_frame(roster_frame(ROSTER)) == ROSTER


# ---------------------------------------------------------------- in the store


def _add(store, filename: str, text: str = BODY, roster: Roster | None = None) -> int:
    from analysis.store.roster import record_identity

    meta = infer_metadata(text + filename, filename, roster=roster)
    doc = Extracted(text=text + filename, fmt="txt", encoding="utf-8")
    res = store.add(filename, doc, meta.as_dict())
    record_identity(store, res.sha256, meta)
    return res.report_id


def test_roster_in_store_round_trip(store):
    assert len(load_roster(store)) == 0
    save_roster(store, ROSTER)
    assert load_roster(store) == ROSTER


def test_bad_roster_leaves_the_roster_in_use(store):
    save_roster(store, ROSTER)
    with pytest.raises(RosterError):
        import_roster(store, "r.csv", (HEADER + "甲党委,,,\n甲党委,,,\n").encode())
    assert load_roster(store) == ROSTER


def test_roster_relabels_without_reanalysis(store):
    rid = _add(store, "机关一支部2023年度工作总结.docx")
    assert store.get(rid).branch == "机关一支部"
    cached = {"x": 1}
    store.save_analyses("fp", {store.get(rid).sha256: cached})
    revision = store.revision()
    assert save_roster(store, ROSTER) == 1
    assert store.get(rid).branch == "机关第一党支部"
    assert store.revision() > revision  # pages reload their labels
    assert store.cached_analyses("fp", [store.get(rid).sha256]) == {store.get(rid).sha256: cached}


def test_review_queue_and_its_three_answers(store):
    save_roster(store, ROSTER)
    a = _add(store, "兴河置业公司党支部2023年度总结.docx", roster=ROSTER)
    b = _add(store, "兴河置业公司第二党支部2022年度总结.docx", roster=ROSTER)
    c = _add(store, "兴河物业客服中心党支部2021年度总结.docx", roster=ROSTER)
    queue = review_queue(store)
    assert set(queue["id"]) == {a, b, c}
    assert dict(zip(queue["id"], queue["识别结果"], strict=True))[a] == "兴河置业公司党支部"
    accept_guess(store, a)  # the guess is right as it is
    assign_entry(store, c, "物业公司客服党支部")  # it is this entry (guess kept as an alias)
    assert store.get(c).branch == "物业公司客服党支部"
    assert "兴河物业客服中心党支部" in load_roster(store).get("物业公司客服党支部").aliases
    add_entry(store, b, "兴河置业公司第二党支部", parent="兴河集团党委", kind="党支部")
    assert store.get(b).branch == "兴河置业公司第二党支部"
    assert review_queue(store).empty
    later = _add(store, "兴河物业客服中心党支部2024年度总结.docx", roster=load_roster(store))
    assert store.get(later).branch == "物业公司客服党支部"


def test_hand_edit_is_kept_by_relabel(store):
    rid = _add(store, "机关一支部2023年度工作总结.docx")
    store.update_metadata(rid, {"branch": "机关第二党支部"}, store.get(rid).version)
    save_roster(store, ROSTER)
    relabel(store)
    assert store.get(rid).branch == "机关第二党支部"


def test_roster_is_in_the_backup(store, new_db):
    from analysis.store.archive import export_archive, import_archive
    from analysis.store.database import CorpusStore

    save_roster(store, ROSTER)
    _add(store, "机关一支部2023年度工作总结.docx", roster=ROSTER)
    other = CorpusStore(new_db())
    result = import_archive(other, export_archive(store))
    assert not result.resource_problems
    assert load_roster(other) == ROSTER
    assert list(other.list_reports()["branch"]) == ["机关第一党支部"]


# ---------------------------------------------------------------- command line


def _cli(*args: str, capsys) -> tuple[int, str, str]:
    from analysis.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_analyze_with_roster_and_meta(tmp_path, capsys):
    (tmp_path / "名录.csv").write_text(
        HEADER + "兴河集团党委,,党委,集团党委\n", encoding="utf-8-sig"
    )
    (tmp_path / "metadata.csv").write_text(
        "filename,branch,year,kind\nb.txt,兴河置业公司党支部,2021,工作总结\n", encoding="utf-8"
    )
    a = tmp_path / "集团党委2023年度党建工作总结.txt"
    a.write_text(BODY, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(BODY + "另一份。", encoding="utf-8")
    code, out, err = _cli(
        "analyze",
        str(a),
        str(b),
        "--roster",
        str(tmp_path / "名录.csv"),
        "--meta",
        str(tmp_path / "metadata.csv"),
        "--workers",
        "1",
        capsys=capsys,
    )
    assert code == 0, err
    first, second = json.loads(out)
    assert (first["branch"], first["parent"], first["year"], first["branch_status"]) == (
        "兴河集团党委",
        "",
        2023,
        "matched",
    )
    assert first["branch_source"] == "名录" and first["year_source"] == "文件名"
    assert (second["branch"], second["kind"], second["branch_status"]) == (
        "兴河置业公司党支部",
        "年度总结",
        "待确认",
    )
    assert second["branch_source"] == "元数据表" and second["year_confidence"] == 1.0


def test_cli_bad_roster_is_a_chinese_error(tmp_path, capsys):
    bad = tmp_path / "r.csv"
    bad.write_text(HEADER + "甲党委,,,\n甲党委,,,\n", encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text(BODY, encoding="utf-8")
    code, _, err = _cli("analyze", str(doc), "--roster", str(bad), capsys=capsys)
    assert code == 2 and "第 3 行" in err


def test_cli_ingest_with_roster(tmp_path, capsys):
    from analysis.store.database import CorpusStore

    roster = tmp_path / "r.csv"
    roster.write_text(HEADER + "机关第一党支部,,党支部,机关一支部\n", encoding="gbk")
    doc = tmp_path / "机关一支部2022年度工作总结.txt"
    doc.write_text(BODY, encoding="utf-8")
    db = str(tmp_path / "c.db")
    code, out, err = _cli("ingest", str(doc), "--db", db, "--roster", str(roster), capsys=capsys)
    assert code == 0, err
    assert "机关第一党支部\tmatched" in out
    store = CorpusStore(db)
    assert list(store.list_reports()["branch"]) == ["机关第一党支部"]
    assert load_roster(store).get("机关第一党支部") is not None


# ---------------------------------------------------------------- uploads


def _zip(files: dict[str, bytes]) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_upload_batch_uses_its_sidecar_and_the_roster(store):
    from analysis.store import uploads

    save_roster(store, ROSTER)
    side = "文件名,支部,年份\n甲.txt,机关一支部,2021\n".encode("gbk")
    data = _zip(
        {
            "metadata.csv": side,
            "甲.txt": BODY.encode(),
            "兴河置业公司党支部2023年度工作总结.txt": (BODY + "乙").encode(),
        }
    )
    items = uploads.prepare_batch([("批量.zip", data)], store)
    by_name = {i.filename: i for i in items}
    assert by_name["metadata.csv"].status == "sidecar"
    first = by_name["甲.txt"].meta
    assert (first.branch, first.year, first.branch_status, first.year_source) == (
        "机关第一党支部",
        2021,
        "matched",
        "元数据表",
    )
    second = by_name["兴河置业公司党支部2023年度工作总结.txt"].meta
    assert (second.branch, second.branch_status) == ("兴河置业公司党支部", "待确认")
    saved = uploads.commit_batch(store, items)
    assert [i.status for i in saved].count("added") == 2
    queue = review_queue(store)
    assert list(queue["识别结果"]) == ["兴河置业公司党支部"]


def test_user_edit_before_saving_is_kept_as_confirmed(store):
    from analysis.store import uploads

    save_roster(store, ROSTER)
    items = uploads.prepare_batch([("无名.txt", BODY.encode())], store)
    assert items[0].meta.branch_status == "待确认"
    label = items[0].label
    saved = uploads.commit_batch(store, items, {label: {"branch": "兴河新能源公司党支部"}})
    assert store.get(saved[0].report_id).branch == "兴河新能源公司党支部"
    assert review_queue(store).empty


def test_typed_roster_alias_takes_the_roster_name_at_once(store):
    """A person types an alias before saving: the report is the roster's entry right away."""
    from analysis.store import uploads
    from analysis.store.roster import identity_frame

    save_roster(store, ROSTER)
    items = uploads.prepare_batch([("无名.txt", BODY.encode())], store)
    saved = uploads.commit_batch(store, items, {items[0].label: {"branch": "机关一支部"}})
    rid = saved[0].report_id
    assert store.get(rid).branch == "机关第一党支部"
    row = identity_frame(store).set_index("id").loc[rid]
    assert (row["status"], row["guess"]) == ("matched", "机关一支部")
    assert row["parent"] == ROSTER.get("机关第一党支部").parent
    assert review_queue(store).empty


def test_corpus_after_roster_change_has_new_labels_and_no_analysis(store, monkeypatch):
    """Pages reload the corpus on the store's revision: the new labels come with cached analyses."""
    import analysis.corpus.loading as loading

    rid = _add(store, "机关一支部2023年度工作总结.docx")
    before = loading.load_corpus(store, workers=1)
    assert before.label(rid) == "机关一支部"
    calls: list[int] = []

    def counting(missing, texts, workers):
        calls.append(len(missing))
        return iter(())

    monkeypatch.setattr(loading, "analyze_for_store", counting)
    save_roster(store, ROSTER)
    after = loading.load_corpus(store, workers=1)
    assert after.label(rid) == "机关第一党支部"
    assert calls == [0]  # nothing to analyze


WEAK_BODY = "2023年工作总结\n全年开展活动。\n其中，东风村党支部开展志愿服务。"


def test_weak_evidence_waits_in_the_queue_with_its_candidates(store):
    """No roster, no sure name: the branch stays empty, the report waits in 待确认 with the name
    the body mentions as a candidate, and a roster save keeps that candidate."""
    rid = _add(store, "无名.txt", WEAK_BODY)
    assert store.get(rid).branch == ""
    queue = review_queue(store).set_index("id")
    assert queue.loc[rid, "可能是"] == "东风村党支部"
    save_roster(store, Roster(()))
    assert review_queue(store).set_index("id").loc[rid, "可能是"] == "东风村党支部"
    save_roster(store, ROSTER)
    assert "东风村党支部" in review_queue(store).set_index("id").loc[rid, "可能是"]
