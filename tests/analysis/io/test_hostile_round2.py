"""The smaller holes of issue 30 (point 7): each file gets its real reason, on the upload path and
the CLI alike."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from analysis.io.ingest import IngestError, read_document
from analysis.store.uploads import read_upload
from tests.bad_files import W_NS, docx_with, long_comment_entity_docx, par

GOOD = "党建工作报告\n支部坚持三会一课，开展主题党日活动12次。\n".encode()


def _zip_with_symlink() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("报告.txt", GOOD)
        link = zipfile.ZipInfo("链接.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "build", "fragment"),
    [
        ("长注释实体.docx", long_comment_entity_docx, "XML 实体声明"),
        ("长注释实体1MB.docx", lambda: long_comment_entity_docx(1024), "XML 实体声明"),
        ("叉叉.txt", lambda: ("××××　×××\n" * 30).encode(), "全是脱敏符号"),
        ("星号.txt", lambda: b"*** ** ***\n" * 20, "全是脱敏符号"),
        (
            "网页.doc",
            lambda: "<html><body><p>党建报告</p></body></html>".encode(),
            "网页文件（HTML）",
        ),
        (
            "Word网页.doc",
            lambda: (
                b"\xef\xbb\xbf"
                + '<?xml version="1.0"?>\n<!-- saved -->\n<HTML xmlns:o="x">党建</HTML>'.encode()
            ),
            "网页文件（HTML）",
        ),
        ("网页.txt", lambda: "<!DOCTYPE html><title>党建</title>".encode(), "网页文件（HTML）"),
    ],
)
def test_each_file_gets_its_real_reason(name, build, fragment):
    with pytest.raises(IngestError) as err:
        read_document(name, build())
    assert fragment in err.value.message


def test_a_normal_docx_with_a_comment_still_reads():
    body = f'<w:document xmlns:w="{W_NS}"><w:body>{par("党建工作报告")}</w:body></w:document>'
    doc = b'<?xml version="1.0"?><!-- ' + b"y" * 100_000 + b" -->" + body.encode()
    assert "党建工作报告" in read_document("注释.docx", docx_with(document=doc)).text


def test_a_symlink_in_a_zip_is_named_as_one():
    items = read_upload("批量.zip", _zip_with_symlink())
    reasons = {i.filename: (i.status, i.reason) for i in items}
    assert reasons["报告.txt"][0] == "ready"
    assert reasons["链接.txt"][0] == "failed" and "符号链接" in reasons["链接.txt"][1]


@pytest.mark.parametrize(
    ("text", "warned"), [("党建报", True), ("党" * 19, True), ("党" * 40, False)]
)
def test_a_very_short_report_is_saved_with_a_warning(text, warned):
    (item,) = read_upload("短.txt", text.encode())
    assert item.status == "ready"
    assert ("内容很短" in item.reason) is warned


def test_the_cli_warns_of_a_short_report(tmp_path, capsys):
    from analysis.cli import main

    path = tmp_path / "短.txt"
    path.write_text("党建报", encoding="utf-8")
    assert main(["ingest", str(path), "--db", str(tmp_path / "c.db")]) == 0
    assert "内容很短（只有 3 个字）" in capsys.readouterr().err


def test_a_file_named_dot_dot_gets_a_chinese_reason():
    (item,) = read_upload("..", GOOD)
    assert item.status == "failed" and "不支持的文件格式" in item.reason
