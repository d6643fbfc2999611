"""Checks on a file before any reader opens it: its size, and an xlsx's zip directory (bombs, not a
workbook). Formulas need no check here: fastexcel returns the values Excel cached, never evaluates."""

from __future__ import annotations

import io
import tomllib
import zipfile

from loaders.store import PROJECT_ROOT

ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_MB = 50  # the same as server.maxUploadSize in .streamlit/config.toml
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # what all the parts of a workbook may expand to
MAX_RATIO = 100  # how much one part may expand (a real sheet: 5–30 times) ...
RATIO_GRACE = 1024 * 1024  # ... once it is bigger than this (tiny parts expand a lot)
WORKBOOK_PARTS = ("xl/workbook.xml", "xl/workbook.bin")  # xlsx/xlsm, xlsb


def max_upload_mb() -> int:
    """The size limit in MB: server.maxUploadSize of .streamlit/config.toml, else 50."""
    try:
        with (PROJECT_ROOT / ".streamlit" / "config.toml").open("rb") as handle:
            return int(tomllib.load(handle)["server"]["maxUploadSize"])
    except (OSError, KeyError, ValueError, TypeError, tomllib.TOMLDecodeError):
        return DEFAULT_MAX_MB


def _refuse(th: str, en: str, code: str) -> Exception:
    """A FileRefused (imported here: the reader imports this module)."""
    from loaders.reader import FileRefused

    return FileRefused(th, en, code=code)


def check_size(data: bytes, limit_mb: int | None = None) -> None:
    """Refuse a file over the size limit."""
    limit_mb = limit_mb or max_upload_mb()
    if len(data) > limit_mb * 1024 * 1024:
        size = len(data) / (1024 * 1024)
        raise _refuse(
            f"ไฟล์ใหญ่เกินไป ({size:,.1f} MB) ขนาดสูงสุดที่รับได้คือ {limit_mb} MB "
            "กรุณาแบ่งไฟล์หรือลบแถว/ชีตที่ไม่ใช้",
            f"the file is too large ({size:,.1f} MB); the limit is {limit_mb} MB. "
            "Split it or remove unused rows and sheets",
            "too_large",
        )


def check_workbook(data: bytes) -> None:
    """Refuse a zip that is damaged, holds no workbook, or would expand too far (a zip bomb).

    Only the zip's central directory is read: nothing is decompressed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _refuse(
            "ไฟล์ Excel นี้เสียหายหรือไม่ครบ (อาจดาวน์โหลดหรือคัดลอกมาไม่สมบูรณ์) กรุณาบันทึกไฟล์ใหม่จาก Excel",
            f"this Excel file is damaged or incomplete ({exc}); save it again from Excel",
            "unreadable",
        ) from exc
    names = {part.filename for part in parts}
    if not names.intersection(WORKBOOK_PARTS):
        raise _refuse(
            "ไฟล์นี้เป็นไฟล์บีบอัด (zip) แต่ไม่ใช่สมุดงาน Excel",
            "this file is a zip archive, not an Excel workbook",
            "unreadable",
        )
    total = sum(part.file_size for part in parts)
    too_dense = [
        part
        for part in parts
        if part.file_size > RATIO_GRACE and part.file_size > MAX_RATIO * max(part.compress_size, 1)
    ]
    if total > MAX_UNCOMPRESSED or too_dense:
        raise _refuse(
            f"ไฟล์ Excel นี้จะขยายเป็น {total / (1024 * 1024):,.0f} MB เมื่อเปิด "
            f"(อัตราขยายเกิน {MAX_RATIO} เท่า หรือเกิน {MAX_UNCOMPRESSED // (1024 * 1024)} MB) "
            "จึงไม่เปิดเพื่อความปลอดภัย กรุณาลบชีตหรือแถวที่ไม่ใช้ หรือบันทึกเป็น CSV",
            f"this Excel file would expand to {total / (1024 * 1024):,.0f} MB when opened "
            f"(over {MAX_RATIO} times its size or over {MAX_UNCOMPRESSED // (1024 * 1024)} MB), "
            "so it is not opened; remove unused sheets or rows, or save it as CSV",
            "zip_bomb",
        )


def check_upload(data: bytes, file_name: str = "") -> None:
    """Every check made before a file is read: size, then an xlsx's zip directory."""
    check_size(data)
    if data.startswith(ZIP_MAGIC):
        check_workbook(data)
