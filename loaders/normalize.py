"""Cell-level parsing: Thai text normalisation, Thai digits, BE/CE dates, yes/no and enum labels."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.spec import ENGLISH_LABELS

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Full-width forms of ASCII (Ａ, １, －, typed with an East Asian input method or copied from such
# a document) as the ASCII they stand for: "ＤＵＰ－１" is the linkage "DUP-1". Only this block:
# NFKC would also split Thai sara am (LOCALE.md).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD = _INVISIBLE | _FULL_WIDTH
_HAS_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_SPACES = re.compile(r"\s+")

THAI_MONTHS = {
    "มกราคม": 1,
    "กุมภาพันธ์": 2,
    "มีนาคม": 3,
    "เมษายน": 4,
    "พฤษภาคม": 5,
    "มิถุนายน": 6,
    "กรกฎาคม": 7,
    "สิงหาคม": 8,
    "กันยายน": 9,
    "ตุลาคม": 10,
    "พฤศจิกายน": 11,
    "ธันวาคม": 12,
    "ม.ค.": 1,
    "ก.พ.": 2,
    "มี.ค.": 3,
    "เม.ย.": 4,
    "พ.ค.": 5,
    "มิ.ย.": 6,
    "ก.ค.": 7,
    "ส.ค.": 8,
    "ก.ย.": 9,
    "ต.ค.": 10,
    "พ.ย.": 11,
    "ธ.ค.": 12,
}
ENGLISH_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
THAI_MONTH_SHORT = [k for k, v in sorted(THAI_MONTHS.items(), key=lambda kv: kv[1]) if "." in k]
THAI_MONTH_FULL = [k for k, v in sorted(THAI_MONTHS.items(), key=lambda kv: kv[1]) if "." not in k]


def _month_key(name: str) -> str:
    """Month name with dots and spaces removed, for lenient matching (ส.ค. = สค = ส.ค)."""
    return name.replace(".", "").replace(" ", "")


_MONTH_LOOKUP: dict[str, int] = {_month_key(k): v for k, v in THAI_MONTHS.items()}
# Full names first, then short names whose letters may be followed by dots and spaces
# (ส.ค., สค, ส. ค.), longest first so มี.ค. is not read as ม.ค. and พ.ย. not as พ.
_MONTH_ALTERNATION = "|".join(
    sorted(
        {re.escape(k) for k in THAI_MONTHS}
        | {r"[.\s]*".join(map(re.escape, _month_key(k))) + r"(?:\s*\.)?" for k in THAI_MONTHS},
        key=len,
        reverse=True,
    )
)
# An optional time after a date: "10:30", "10:30:00", "10.30 น.".
_TIME = r"(?:\s*(?:t|\s)\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:น\.?)?)?"
# An optional weekday prefix: "วันที่", "วันพฤหัสบดีที่", "วันจันทร์ที่".
_PREFIX = r"(?:วัน\S{0,12}?ที่|วัน\S{0,12}?\s+ที่)?"
_THAI_TEXT_DATE = re.compile(
    rf"^{_PREFIX}\s*(\d{{1,2}})\s*({_MONTH_ALTERNATION})\s*,?\s*"
    rf"(?:พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)?\s*(\d{{2}}|\d{{4}}){_TIME}$"
)
_ENGLISH_TEXT_DATE = re.compile(r"^(\d{1,2})[\s\-]*([a-z]{3})[a-z]*\.?[\s\-,]*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(rf"^(\d{{4}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{1,2}}){_TIME}$")
_DMY_DATE = re.compile(
    rf"^{_PREFIX}\s*(\d{{1,2}})\s*([/.\-])\s*(\d{{1,2}})\s*\2\s*(\d{{2}}|\d{{4}}){_TIME}$"
)
_BRACKETED = re.compile(r"^(.+?)\s*[(\[（](.+?)[)\]）]$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")

# Excel's day zero (1900 system, with its leap-year bug folded in).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Dates outside these CE years are typing mistakes (a BE year read as CE, a lost digit).
MIN_YEAR = 1900
MAX_YEAR = 2200
# A bare number is read as an Excel serial day only within 1950-01-01 … 2200-12-31, so a
# year typed alone (2567) or a score (5) is not silently turned into a date.
_SERIAL_MIN = 18264
_SERIAL_MAX = 109939

# "√" (the square-root sign) is the tick most Thai office forms use.
YES = {"มี", "ใช่", "yes", "y", "1", "true", "✓", "✔", "√", "☑", "✅", "/", "t", "จริง", "เป็น"}
NO = {"ไม่มี", "ไม่ใช่", "ไม่", "no", "n", "0", "false", "✗", "✘", "☐", "-", "f", "เท็จ", "ไม่เป็น"}


class CellError(ValueError):
    """A cell value that cannot be read as its column's type; carries a bilingual message."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


def _is_clean(text: str) -> bool:
    """Whether normalize_text would leave this text as it is (checked with fast str methods)."""
    # isprintable() is false for every whitespace but the plain space and for every invisible
    # format character (U+200B, U+FEFF, U+00AD, NBSP, tabs, line breaks ...).
    return (
        text.isprintable()
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
        and (
            text.isascii()
            or (
                "\u0e4d\u0e32" not in text
                and "เเ" not in text
                and not _HAS_FULL_WIDTH.search(text)
                and unicodedata.is_normalized("NFC", text)
            )
        )
    )


def normalize_text(value: object) -> str | None:
    """Normalise Thai text so one agency is one name; None for blank."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = value if isinstance(value, str) else str(value)
    if _is_clean(text):
        return text or None
    return _normalize_full(text)


def _normalize_full(text: str) -> str | None:
    """The full normalisation of LOCALE.md, for text that needs it."""
    # Invisible characters go before NFC so marks they separated are put in order too
    # (otherwise normalising twice could give a different text); full-width ASCII with them.
    text = unicodedata.normalize("NFC", text.translate(_FOLD))
    text = text.replace("\u0e4d\u0e32", "\u0e33").replace("เเ", "แ")
    text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    return text or None


def header_key(value: object) -> str:
    """A header cell reduced for matching: normalised, no whitespace at all, lower case."""
    text = normalize_text(value) or ""
    return _SPACES.sub("", text).casefold()


def thai_digits_to_arabic(text: str) -> str:
    """Replace Thai digits ๐–๙ by 0–9."""
    return text.translate(THAI_DIGITS)


def _be_or_ce_year(year: int, two_digit: bool) -> int:
    """A year as written to a CE year: two-digit years are BE 25xx, years > 2400 are BE."""
    if two_digit:
        year += 2500
    if year > 2400:
        year -= 543
    return year


def _make_date(year: int, month: int, day: int) -> dt.date:
    """A date or a bilingual CellError when it does not exist."""
    try:
        date = dt.date(year, month, day)
    except (ValueError, OverflowError):
        raise CellError(
            f"ไม่มีวันที่นี้ในปฏิทิน (วัน {day} เดือน {month} ปี ค.ศ. {year})",
            f"no such calendar date (day {day}, month {month}, year {year} CE)",
        ) from None
    return _check_year(date)


def _check_year(date: dt.date) -> dt.date:
    """The date, or a CellError when its year is implausible (before 1900 or after 2200 CE)."""
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise CellError(
            f"ปีไม่สมเหตุสมผล (ปี ค.ศ. {date.year} หรือ พ.ศ. {date.year + 543})",
            f"implausible year ({date.year} CE, {date.year + 543} BE)",
        )
    return date


def excel_serial_to_date(serial: float) -> dt.date:
    """An Excel serial day number (1900 system) as a date."""
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _serial_date(serial: float) -> dt.date:
    """A bare number as an Excel serial date, or CellError when it cannot be a plausible date."""
    if _SERIAL_MIN <= serial <= _SERIAL_MAX:
        return excel_serial_to_date(serial)
    raise CellError(
        "ตัวเลขนี้ไม่ใช่วันที่ ใช้รูปแบบเช่น 15 ส.ค. 2567 หรือ 15/08/2567",
        "this number is not a date; use a form like 15 ส.ค. 2567 or 15/08/2567",
    )


def _fix_be_date(d: dt.date) -> dt.date:
    """A real date whose year is BE (typed into a date cell) moved back to CE."""
    if d.year > 2400:
        return _make_date(d.year - 543, d.month, d.day)
    return _check_year(d)


@lru_cache(maxsize=65536)
def date_text_iso(raw: str) -> str:
    """A date written as text as ISO text (YYYY-MM-DD), or CellError (cached: files repeat dates)."""
    return _parse_date_text(raw).isoformat()


@lru_cache(maxsize=65536)
def _parse_date_text(raw: str) -> dt.date:
    """Parse one date written as text (cached: registers repeat the same dates)."""
    text = thai_digits_to_arabic(normalize_text(raw) or "").casefold()
    if m := _ISO_DATE.match(text):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
        return _make_date(_be_or_ce_year(year, False), month, day)
    if m := _DMY_DATE.match(text):
        day, month, year = int(m[1]), int(m[3]), m[4]
        return _make_date(_be_or_ce_year(int(year), len(year) == 2), month, day)
    if m := _THAI_TEXT_DATE.match(text):
        day, month, year = int(m[1]), _MONTH_LOOKUP[_month_key(m[2])], m[3]
        return _make_date(_be_or_ce_year(int(year), len(year) == 2), month, day)
    if m := _ENGLISH_TEXT_DATE.match(text):
        month = ENGLISH_MONTHS.get(m[2])
        if month:
            year = m[3]
            year_ce = int(year) + 2000 if len(year) == 2 else _be_or_ce_year(int(year), False)
            return _make_date(year_ce, month, int(m[1]))
    if _NUMBER.match(text):
        return _serial_date(float(text))
    raise CellError(
        "อ่านวันที่ไม่ได้ ใช้รูปแบบเช่น 15 ส.ค. 2567, 15/08/2567 หรือ 2024-08-15",
        "unreadable date; use a form like 15 ส.ค. 2567, 15/08/2567 or 2024-08-15",
    )


def parse_date(value: object) -> dt.date | None:
    """A cell as a CE date: Excel dates, BE/CE text, Thai months, Thai digits; None for blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _fix_be_date(value.date())
    if isinstance(value, dt.date):
        return _fix_be_date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return None
        return _serial_date(value)
    text = str(value)
    if not text.strip() or normalize_text(text) is None:
        return None
    return _parse_date_text(text)


def parse_bool(value: object) -> bool | None:
    """A yes/no cell (มี/ไม่มี, ใช่/ไม่ใช่, yes/no, Y/N, 1/0, ✓) as a bool; None for blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        if value in (0, 1):
            return bool(value)
    text = normalize_text(value)
    if text is None:
        return None
    key = thai_digits_to_arabic(text).casefold().replace(" ", "")
    if key.endswith(".0"):
        key = key[:-2]
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError(
        "ต้องเป็น ใช่/ไม่ใช่ (มี/ไม่มี, Y/N, 1/0)",
        "must be yes or no (มี/ไม่มี, ใช่/ไม่ใช่, Y/N, 1/0)",
    )


def parse_int(value: object) -> int | None:
    """A whole-number cell, Thai digits and thousands separators allowed; None for blank."""
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return int(value)
        raise CellError("ต้องเป็นจำนวนเต็ม", "must be a whole number")
    text = normalize_text(value)
    if text is None:
        return None
    text = thai_digits_to_arabic(text).replace(",", "").replace(" ", "")
    if _NUMBER.match(text):
        number = float(text)
        if number.is_integer():
            return int(number)
    raise CellError("ต้องเป็นจำนวนเต็ม", "must be a whole number")


def enum_lookup(values: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map every accepted spelling (English key or Thai label, reduced) to the English key."""
    lookup: dict[str, str] = {}
    for key, labels in values.items():
        english = (ENGLISH_LABELS[key],) if key in ENGLISH_LABELS else ()
        for spelling in (key, key.replace("_", " "), *english, *labels):
            lookup[header_key(spelling)] = key
    return lookup


def parse_enum(value: object, lookup: dict[str, str], allowed: str) -> str | None:
    """An enum cell (Thai label or English key, any case) as its English key; None for blank."""
    text = normalize_text(value)
    if text is None:
        return None
    key = lookup.get(header_key(text))
    if key is None:
        key = lookup.get(header_key(thai_digits_to_arabic(text)))
    if key is None and (m := _BRACKETED.match(text)):
        # "ลับ (confidential)" or "confidential (ลับ)": either part may be the label.
        key = lookup.get(header_key(m[1])) or lookup.get(header_key(m[2]))
    if key is None:
        raise CellError(f"ค่าที่ใช้ได้: {allowed}", f"allowed values: {allowed}")
    return key


# The written forms most files use, matched exactly (already normalised, no Thai digits).
# Anything else, and any date these find impossible, goes through the full parser.
_FAST_ISO = r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?: \d{2}:\d{2}:\d{2})?$"
_FAST_DMY = r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})$"
_FAST_THAI = (
    r"^(?P<d>\d{1,2}) (?P<m>"
    + "|".join(re.escape(k) for k in sorted(THAI_MONTHS, key=len, reverse=True))
    + r") (?P<y>\d{4}|\d{2})$"
)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def fast_date_iso(texts: pa.Array) -> list[str | None]:
    """ISO text for the common date forms, computed for many cells at once; None = not sure.

    Gives exactly what `date_text_iso` gives wherever it gives a value; cells it leaves as
    None (other forms, Thai digits, impossible dates) need the full parser.
    """
    n = len(texts)
    out = np.full(n, None, dtype=object)
    if n == 0:
        return out.tolist()
    for pattern in (_FAST_ISO, _FAST_DMY, _FAST_THAI):
        found = pc.extract_regex(texts, pattern)
        matched = pc.is_valid(found).to_numpy(zero_copy_only=False)
        if not matched.any():
            continue
        rows = np.flatnonzero(matched)
        parts = found.take(pa.array(rows))
        day = np.asarray(pc.cast(parts.field("d"), pa.int64()))
        year_text = parts.field("y")
        year = np.asarray(pc.cast(year_text, pa.int64()))
        if pattern is _FAST_THAI:
            month_names = parts.field("m").to_pylist()
            month = np.array([THAI_MONTHS[m] for m in month_names], dtype=np.int64)
        else:
            month = np.asarray(pc.cast(parts.field("m"), pa.int64()))
        two_digit = np.asarray(pc.utf8_length(year_text)) == 2
        year = np.where(two_digit, year + 2500, year)
        year = np.where(year > 2400, year - 543, year)
        leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
        month_ok = (month >= 1) & (month <= 12)
        last_day = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
        ok = month_ok & (day >= 1) & (day <= last_day) & (year >= MIN_YEAR) & (year <= MAX_YEAR)
        if not ok.any():
            continue
        dates = (
            (year[ok] - 1970).astype("datetime64[Y]") + (month[ok] - 1).astype("timedelta64[M]")
        ).astype("datetime64[D]") + (day[ok] - 1).astype("timedelta64[D]")
        out[rows[ok]] = dates.astype(str)
    return out.tolist()


# Text made only of visible ASCII and Thai letters, digits and marks, words one space apart,
# is left as it is by normalize_text as long as it has no ํา or เเ and is already NFC.
_PLAIN_TEXT = r"^[\x21-\x7e\x{0e01}-\x{0e5b}]+(?: [\x21-\x7e\x{0e01}-\x{0e5b}]+)*$"


def plain_text_mask(texts: pa.Array) -> np.ndarray:
    """True for each text that normalize_text would return unchanged (checked many at once).

    False means "not sure": the text needs normalize_text.
    """
    if len(texts) == 0:
        return np.zeros(0, dtype=bool)
    plain = pc.match_substring_regex(texts, _PLAIN_TEXT)
    plain = pc.and_(plain, pc.invert(pc.match_substring(texts, "\u0e4d\u0e32")))
    plain = pc.and_(plain, pc.invert(pc.match_substring(texts, "เเ")))
    plain = pc.and_(plain, pc.equal(pc.utf8_normalize(texts, "NFC"), texts))
    return pc.fill_null(plain, False).to_numpy(zero_copy_only=False).astype(bool)
