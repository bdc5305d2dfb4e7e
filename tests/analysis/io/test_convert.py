""".doc, .wps, .rtf and .odt read through LibreOffice (analysis/io/convert.py).

The old-format files are made in the test by converting a generated .docx with soffice itself;
the tests needing LibreOffice are skipped (with the reason) where it is not installed. A converter
that hangs is a fake soffice script that sleeps: it must be killed, with its children, at the limit.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.io.convert import convert_to_docx, doc_is_encrypted
from analysis.io.errors import IngestError
from analysis.io.ingest import read_document
from tests.conftest import ROOT, SAMPLES

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def sample_docx(path: Path) -> bytes:
    """A .docx of a sample report, one paragraph per line, with two heading paragraphs."""
    import docx

    document = docx.Document()
    lines = SAMPLES[1].read_text(encoding="utf-8").strip().split("\n")
    document.add_heading("2023年度党支部工作总结", level=1)
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path.read_bytes()


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sample as .docx and as LibreOffice's .doc, .rtf and .odt of it (and the .doc as .wps)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) not installed")
    tmp = tmp_path_factory.mktemp("formats")
    out = {"docx": sample_docx(tmp / "s.docx")}
    profile = (tmp / "profile").as_uri()
    for target in ("doc", "rtf", "odt"):
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
            + ["--outdir", str(tmp), str(tmp / "s.docx")],
            check=True,
            capture_output=True,
            timeout=300,
        )
        out[target] = (tmp / f"s.{target}").read_bytes()
    out["wps"] = out["doc"]  # WPS writes its .wps text files in the Word 97 binary format
    return out


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "wps", "rtf", "odt"])
def test_converted_formats_read_like_the_docx(formats: dict[str, bytes], fmt: str) -> None:
    reference = read_document("报告.docx", formats["docx"])
    doc = read_document(f"报告.{fmt}", formats[fmt])
    assert doc.fmt == fmt
    assert doc.text == reference.text
    assert doc.hints == reference.hints


@needs_soffice
def test_content_decides_not_the_extension(formats: dict[str, bytes]) -> None:
    """An .rtf named .txt and a .doc named .docx are still converted."""
    assert read_document("a.txt", formats["rtf"]).fmt == "rtf"
    assert read_document("a.docx", formats["doc"]).fmt == "doc"


def _encrypt_flag(data: bytes) -> bytes:
    """The .doc with its FIB's fEncrypted flag set, as Word marks a password-protected file."""
    import olefile

    with olefile.OleFileIO(data) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
    fib[10:12] = (int.from_bytes(fib[10:12], "little") | 0x0100).to_bytes(2, "little")
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"enc-{os.getpid()}.doc"
    tmp.write_bytes(data)
    try:
        with olefile.OleFileIO(str(tmp), write_mode=True) as ole:
            ole.write_stream("WordDocument", bytes(fib))
        return tmp.read_bytes()
    finally:
        tmp.unlink()


@needs_soffice
def test_password_protected_doc_gets_the_password_message(formats: dict[str, bytes]) -> None:
    locked = _encrypt_flag(formats["doc"])
    assert doc_is_encrypted(locked) and not doc_is_encrypted(formats["doc"])
    for name in ("机密.doc", "机密.wps"):
        with pytest.raises(IngestError) as err:
            read_document(name, locked)
        assert "密码" in err.value.message and "另存为" in err.value.message


def test_without_libreoffice_the_message_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DJ_SOFFICE", str(tmp_path / "no-such-soffice"))
    rtf = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}}\\f0 \\u20826?\\u24314? report}"
    with pytest.raises(IngestError) as err:
        read_document("报告.rtf", rtf)
    message = err.value.message
    assert "另存为" in message and ".docx" in message and "LibreOffice" in message


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("报告.rtf", b"{\\rtf1 hello}", "RTF"),
        ("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "旧版 Word"),
        ("报告.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "WPS"),
    ],
)
def test_kind_is_named_without_libreoffice(
    monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, kind: str
) -> None:
    monkeypatch.setenv("DJ_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(IngestError) as err:
        read_document(name, data)
    assert kind in err.value.message


def _fake_soffice(folder: Path, body: str) -> Path:
    """An executable 'soffice' shell script in `folder`."""
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _alive(pid: int) -> bool:
    """True while process `pid` exists and is not a zombie."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return status != "Z"


def test_hanging_converter_is_killed_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "pids"
    _fake_soffice(bin_dir, f"sleep 300 &\necho $! >> {pids}\necho $$ >> {pids}\nsleep 300")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("DJ_SOFFICE", raising=False)
    monkeypatch.setenv("DJ_CONVERT_TIMEOUT_S", "2")
    hung = tmp_path / "挂起.rtf"
    hung.write_bytes(b"{\\rtf1 hello}")
    good = tmp_path / "好.txt"
    good.write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "analyze", str(hung), str(good)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
    )
    assert "转换超时" in proc.stderr and "挂起.rtf" in proc.stderr
    assert "好.txt" in proc.stdout  # the next file of the batch was analyzed
    for pid in map(int, pids.read_text().split()):
        assert not _alive(pid), f"converter process {pid} survived"


def test_hanging_converter_limit_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = _fake_soffice(tmp_path, "sleep 300")
    monkeypatch.setenv("DJ_SOFFICE", str(script))
    started = time.monotonic()
    with pytest.raises(IngestError) as err:
        convert_to_docx(b"{\\rtf1 hello}", "rtf", seconds=1)
    assert "超时" in err.value.message and "1 秒" in err.value.message
    assert time.monotonic() - started < 30


def test_converter_without_output_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DJ_SOFFICE", str(_fake_soffice(tmp_path, "exit 0")))
    with pytest.raises(IngestError) as err:
        read_document("坏.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert "无法转换" in err.value.message and "另存为" in err.value.message
