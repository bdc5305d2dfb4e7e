"""Old and foreign word-processor files (.doc, .wps, .rtf, .odt) converted to .docx by LibreOffice.

`soffice --headless --convert-to docx` runs in a private temporary folder with its own user
profile (so conversions can run side by side and leave nothing behind), in its own process group,
under a time limit (DJ_CONVERT_TIMEOUT_S, default 60 s): on time-out the whole group is killed and
the file is refused with a clear message while the batch goes on. Without LibreOffice the message
says to save the file as .docx or to install LibreOffice. A password-protected .doc is recognised
from its header (the FIB's fEncrypted flag) before any conversion is tried.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from analysis.core.settings import settings
from analysis.io.errors import (
    MSG_CONVERT_FAILED,
    MSG_CONVERT_MISSING,
    MSG_CONVERT_TIMEOUT,
    MSG_DOC_ENCRYPTED,
    IngestError,
)
from analysis.io.limits import MAX_FILE_BYTES, convert_seconds

logger = logging.getLogger(__name__)

# What each convertible kind is called in a message.
KIND_NAMES = {
    "doc": "旧版 Word（.doc）",
    "wps": "WPS 文字（.wps）",
    "rtf": "RTF",
    "odt": "OpenDocument 文本（.odt）",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_FIB_ENCRYPTED = 0x0100  # fEncrypted in the FIB's flag word (offset 0x0A of WordDocument)
_MAX_OUTPUT_BYTES = 5 * MAX_FILE_BYTES  # a converted .docx far beyond its source is refused


def soffice_path() -> str | None:
    """The LibreOffice executable: DJ_SOFFICE when set, else soffice/libreoffice on PATH."""
    configured = settings().soffice or ""
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_odt(data: bytes) -> bool:
    """True for an OpenDocument text (its 'mimetype' member says so)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.read("mimetype")[:64].strip() == _ODT_MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False


def doc_is_encrypted(data: bytes) -> bool:
    """True for a Word 97-2003 (or WPS) binary file whose header marks it password-protected."""
    import olefile

    try:  # a stream, never bytes: olefile takes bytes shorter than a header for a file name
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                return False
            with ole.openstream("WordDocument") as stream:
                fib = stream.read(12)
    except Exception:  # olefile raises many types on damaged files; LibreOffice decides then
        logger.warning("OLE header unreadable", exc_info=True)
        return False
    return len(fib) == 12 and bool(int.from_bytes(fib[10:12], "little") & _FIB_ENCRYPTED)


def _command(soffice: str, workdir: Path, source: Path) -> list[str]:
    """The soffice command line: headless, private profile, output next to the source."""
    profile = (workdir / "profile").as_uri()
    return [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(workdir / "out"),
        str(source),
    ]


def _run(command: list[str], seconds: float, workdir: Path, name: str) -> None:
    """Run the converter in its own process group; kill the whole group at the time limit."""
    env = {**os.environ, "HOME": str(workdir), "TMPDIR": str(workdir)}
    proc = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        command,
        cwd=workdir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise IngestError(MSG_CONVERT_TIMEOUT.format(kind=name, limit=round(seconds, 1))) from exc
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    _kill_group(proc)  # a helper process left behind in the group
    logger.debug("soffice exited %s: %s", proc.returncode, output[-500:])


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the converter's process group (soffice starts soffice.bin as a child) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is already gone
        os.killpg(proc.pid, signal.SIGKILL)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        logger.warning("converter process %d did not exit after SIGKILL", proc.pid)


def convert_to_docx(data: bytes, kind: str, *, seconds: float | None = None) -> bytes:
    """The .docx LibreOffice makes of a .doc/.wps/.rtf/.odt file; IngestError when it cannot."""
    name = KIND_NAMES.get(kind, kind)
    if kind in ("doc", "wps") and doc_is_encrypted(data):
        raise IngestError(MSG_DOC_ENCRYPTED.format(kind=name))
    soffice = soffice_path()
    if soffice is None:
        raise IngestError(MSG_CONVERT_MISSING.format(kind=name))
    limit = convert_seconds() if seconds is None else seconds
    with tempfile.TemporaryDirectory(prefix="dj-convert-") as tmp:
        workdir = Path(tmp)
        (workdir / "out").mkdir()
        source = workdir / f"input.{kind}"
        source.write_bytes(data)
        try:
            _run(_command(soffice, workdir, source), limit, workdir, name)
        except OSError as exc:
            logger.warning("LibreOffice could not be started: %r", exc)
            raise IngestError(MSG_CONVERT_MISSING.format(kind=name)) from exc
        result = workdir / "out" / "input.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise IngestError(MSG_CONVERT_FAILED.format(kind=name))
        if result.stat().st_size > _MAX_OUTPUT_BYTES:
            raise IngestError(MSG_CONVERT_FAILED.format(kind=name))
        return result.read_bytes()
