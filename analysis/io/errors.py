"""Why a file cannot be read (or saved): `IngestError` and every Chinese message a user is shown.

Each message says what went wrong and what the user can do (every one contains "请"). The specific
reasons (a macro, an XML entity, a table too large, too many pages …) keep a hostile or unusual file
from being reported as merely "damaged".
"""

from __future__ import annotations

import errno

from analysis.core.models import AnalysisError


class IngestError(AnalysisError):
    """A file that cannot be read; `message` (Chinese) says why and what the user can do."""


class NeedsOcr(IngestError):
    """A scan (an image, a PDF page without text) met when reading with OCR put off: the caller
    reads it again with OCR later (in the worker pool), so scans never hold up the other files."""

    def __init__(self) -> None:
        super().__init__("这是扫描件或图片，需要 OCR 识别，稍后识别。")


_RESAVE = "请在 Word 或 WPS 中打开它，重新“另存为”.docx 后再上传。"

MSG_EMPTY = "文件是空的（0 字节）。请检查是否选错了文件，或重新导出后再上传。"
MSG_BLANK = "文件里只有空白字符，没有可分析的文字。请检查文件内容后重新上传。"
MSG_NOT_TEXT = (
    "不是文本文件：内容是二进制数据（可能是改了扩展名的其他文件）。"
    "请上传 .txt、.docx 或 .pdf 格式的报告原文。"
)
MSG_IMAGE = (
    "这是一个图片文件（{kind}），不是文档，无法直接提取文字。"
    "请上传报告原文（.txt、.docx、.pdf），或先用 OCR 工具把图片识别成文字。"
)
MSG_DOCX_BROKEN = "Word 文件已损坏或不是有效的 .docx 文件，无法打开。" + _RESAVE
MSG_DOCM = (
    "这是含宏的 Word 文档（.docm），为安全起见不读取含宏的文档。"
    "请在 Word 或 WPS 中“另存为”不含宏的 .docx 后再上传。"
)
MSG_XML_ENTITY = (
    "Word 文件里含有 XML 实体声明（DOCTYPE/ENTITY），正常的 Word 文件不会有，"
    "可能是被篡改或恶意构造的文件，已拒绝读取。" + _RESAVE
)
MSG_XML_DEEP = "Word 文件的 XML 嵌套过深，可能是被篡改或恶意构造的文件，已拒绝读取。" + _RESAVE
MSG_TABLE_DEEP = (
    "Word 文件里的表格嵌套过深（表格里套表格超过 {limit} 层），已拒绝读取。"
    "请把嵌套的表格改为普通表格或正文后再上传。"
)
MSG_TABLE_TOO_BIG = (
    "Word 文件里的表格过大（共 {count:,} 个单元格，上限 {limit:,} 个），已拒绝读取。"
    "请删去大的数据表格（可另存为 Excel）后，再上传报告正文。"
)
MSG_TOO_MANY_PARAGRAPHS = (
    "Word 文件的段落过多（{count:,} 段，上限 {limit:,} 段），已拒绝读取。"
    "请检查文件是否异常，或把它拆分成几个文件后再上传。"
)
MSG_DOCX_TOO_MANY_PARTS = (
    "Word 文件内部的部件过多（{count:,} 个，上限 {limit:,} 个），不像正常的 Word 文件，已拒绝读取。"
    + _RESAVE
)
MSG_OLE = (
    "这是旧版 Word（.doc/.wps）文件，无法直接读取。请在 Word 或 WPS 中“另存为”.docx 后再上传。"
)
MSG_OFFICE_ENCRYPTED = (
    "这是设置了打开密码的 Office 文件，无法读取内容。"
    "请在 Word 或 WPS 中取消密码，“另存为”.docx 后再上传。"
)
MSG_OFFICE_OTHER = (
    "这是 Excel 或 PowerPoint 文件，不是 Word 报告。请上传 .txt、.docx 或 .pdf 格式的报告。"
)
MSG_ODF = (
    "这是 OpenDocument（.odt/.ods/.odp）文件，无法直接读取。"
    "请在 WPS、Word 或 LibreOffice 中“另存为”.docx 后再上传。"
)
MSG_CONVERT_MISSING = (
    "这是{kind}文件，需要 LibreOffice 转换后才能读取，但本机没有安装 LibreOffice。"
    "请在 Word 或 WPS 中打开它，“另存为”.docx 后再上传；或请管理员安装 LibreOffice（安装方法见 README）。"
)
MSG_CONVERT_TIMEOUT = (
    "{kind}文件转换超时（超过 {limit:g} 秒），已跳过此文件，其余文件不受影响。"
    "请在 Word 或 WPS 中“另存为”.docx 后再上传（管理员可用环境变量 DJ_CONVERT_TIMEOUT_S 调整时限）。"
)
MSG_CONVERT_FAILED = "{kind}文件无法转换（文件可能已损坏、设置了密码或不是该格式）。" + _RESAVE
MSG_DOC_ENCRYPTED = (
    "这是设置了打开密码的{kind}文件，无法读取内容。"
    "请在 Word 或 WPS 中取消密码，“另存为”.docx 后再上传。"
)
MSG_OCR_NO_TEXT = (
    "OCR 文字识别没有在{what}里找到文字（可能是空白页、图片太模糊或分辨率太低）。"
    "请上传清晰的扫描件或照片（建议 200 dpi 以上），或报告原文（.docx、.txt）。"
)
MSG_OCR_TOO_MANY_PAGES = (
    "需要 OCR 识别的扫描页过多（{count:,} 页，上限 {limit:,} 页），已拒绝读取。"
    "请只保留报告本身的页面后再上传（管理员可用环境变量 DJ_OCR_MAX_PAGES 调整上限）。"
)
MSG_IMAGE_TOO_BIG = (
    "图片尺寸过大（{width:,}×{height:,} 像素，上限 {limit:,} 万像素），可能是异常文件，已拒绝读取。"
    "请把图片缩小（或按 200–300 dpi 重新扫描）后再上传。"
)
MSG_IMAGE_BROKEN = (
    "图片文件（{kind}）已损坏或不完整，无法读取。请重新导出、重新扫描或重新拍摄后再上传。"
)
MSG_RTF = "这是 RTF 格式的文件，无法直接读取。" + _RESAVE
MSG_PDF_PASSWORD = (
    "PDF 有密码保护，无法读取内容。请在 PDF 阅读器中移除密码（或导出一份无密码的副本）后再上传。"
)
MSG_PDF_BROKEN = "PDF 文件已损坏或格式不正确，无法读取。请重新导出或重新下载该 PDF 后再上传。"
MSG_PDF_SCANNED = (
    "该 PDF 没有文字层，可能是扫描件，需要先 OCR 识别：请用 WPS 或 Adobe 的“文字识别”功能"
    "转成可复制的文字后再上传。"
)
MSG_PDF_TOO_MANY_PAGES = (
    "PDF 页数过多（{count:,} 页，上限 {limit:,} 页），已拒绝读取。"
    "请只保留报告本身的页面（可用 PDF 阅读器拆分或另存）后再上传。"
)
MSG_PDF_PAGE_TOO_BIG = (
    "PDF 第 {page} 页的内容过大（{mb:.0f} MB，上限 {limit:g} MB），可能是异常文件，已拒绝读取。"
    "请重新导出该 PDF（或另存为 .docx）后再上传。"
)
MSG_ENCODING = (
    "无法识别文件的文字编码，读出来会是乱码。请用记事本或 WPS 打开该文件，"
    "“另存为”UTF-8 编码后再上传。"
)
MSG_TOO_BIG = (
    "文件大小为 {size:.1f} MB，超过上限 {limit:g} MB。请拆分文件或删除其中的图片后再上传"
    "（管理员可用环境变量 DJ_MAX_FILE_MB 调整上限）。"
)
MSG_TIMEOUT = (
    "读取文件超时（超过 {limit:g} 秒），文件可能过大或结构异常，已跳过此文件，其余文件不受影响。"
    "请拆分文件或另存为 .docx/.txt 后再上传（管理员可用环境变量 DJ_READ_TIMEOUT_S 调整时限）。"
)
MSG_UNSUPPORTED = (
    "不支持的文件格式“{ext}”。目前支持 .txt、.docx、.doc、.wps、.rtf、.odt、.pdf、"
    "图片（.jpg、.png、.tif），以及把这些文件打包的 .zip。"
    "请转换格式后再上传。"
)
MSG_NO_CHINESE = (
    "未检测到中文内容：本工具用于分析中文党建报告。请确认是否选错了文件，或文件内容是否为乱码。"
)
MSG_ALL_REDACTED = "文件内容全是脱敏符号（如 ×、*），没有可分析的文字。请上传脱敏前的报告，或只替换其中的人名和数字。"
MSG_HTML = (
    "这是网页文件（HTML），不是 Word 文档或纯文本，扩展名与内容不符。"
    "请用 Word 或浏览器打开后另存为 .docx 或 .txt 再上传。"
)
MSG_ZIP_SYMLINK = "压缩包里的这个条目是符号链接（指向别处的快捷方式），不是报告文件，已跳过。"
MSG_ZIP_IN_READ = "这是一个压缩包，请通过批量上传导入（会自动解压其中的 .txt、.docx、.pdf）。"
MSG_ZIP_BROKEN = "压缩包已损坏或不是有效的 .zip 文件，无法解压。请重新压缩后再上传。"
MSG_ZIP_BOMB = (
    "压缩包解压后过大或压缩比异常（疑似“压缩炸弹”），已拒绝处理。请解压后分批上传其中的报告文件。"
)
MSG_ZIP_TOO_MANY = "压缩包里的文件过多（超过 {limit} 个），已拒绝处理。请分成几个较小的压缩包上传。"
MSG_ZIP_EMPTY = (
    "压缩包里没有可用的报告文件（支持 .txt、.docx、.doc、.wps、.rtf、.odt、.pdf 和图片）。"
    "请检查压缩包内容后再上传。"
)
MSG_ZIP_ENCRYPTED = "压缩包里的这个文件有密码保护，无法解压。请去掉密码后重新压缩再上传。"
MSG_ZIP_NESTED = "压缩包里的压缩包不会自动展开。请先把它解压，再上传其中的报告文件。"
MSG_UNEXPECTED = (
    "读取文件时出现意外错误（{kind}），已跳过此文件，其余文件不受影响。"
    "请把该文件另存为 .docx 或 .txt 后再试。"
)
MSG_READ_FAILED = "无法读取文件：{reason}。请检查路径和权限。"
MSG_DISK_FULL = (
    "磁盘空间不足，{what}未能写入。请清理磁盘空间（或联系管理员）后重试；此前已保存的报告不受影响。"
)

# SQLite's result code for "database or disk is full" (sqlite3.Error.sqlite_errorcode).
_SQLITE_FULL = 13
# PostgreSQL's SQLSTATE for disk_full.
_PG_DISK_FULL = "53100"
# OS error numbers for a full disk or an exhausted quota.
_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def is_disk_full(exc: BaseException) -> bool:
    """True when `exc` (OSError, SQLite or PostgreSQL error, or one it wraps) means no disk space."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return True
        if getattr(current, "sqlite_errorcode", None) == _SQLITE_FULL:
            return True
        if getattr(current, "sqlstate", None) == _PG_DISK_FULL:
            return True
        current = current.__cause__ or current.__context__
    return False


def disk_full_message(what: str = "文件") -> str:
    """The Chinese message for a full disk, naming what could not be written."""
    return MSG_DISK_FULL.format(what=what)
