"""Row-level validation: every cell parsed to its type, every rule of TEMPLATES.md checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.normalize import (
    CellError,
    date_text_iso,
    enum_lookup,
    fast_date_iso,
    normalize_text,
    parse_bool,
    parse_date,
    parse_enum,
    parse_int,
    plain_text_mask,
)
from loaders.reader import RawTable, text_frame
from loaders.spec import (
    BOOL,
    DATE,
    ENUM,
    FRAMEWORK_RULES,
    INT,
    MAX_CRITERIA,
    MAX_QUESTIONS,
    TEXT,
    Column,
    Kind,
)


@dataclass(frozen=True)
class RowError:
    """Why one row was rejected: row as Excel shows it, column key, value, message in Thai and English."""

    row: int
    column: str
    value: str | None
    message_th: str
    message_en: str

    def as_dict(self) -> dict[str, object]:
        """The error as the command line's JSON object."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": f"{self.message_th} — {self.message_en}",
            "message_th": self.message_th,
            "message_en": self.message_en,
        }


@dataclass
class Validated:
    """The outcome of validating a file: clean rows, rejected rows, reasons."""

    kind: Kind
    clean_table: pa.Table  # accepted rows; canonical text per key (ISO dates, 'true'/'false', ints)
    clean_rows: list[int]  # Excel row numbers of the accepted rows
    rejected: pd.DataFrame  # rejected rows as the user wrote them, with their Excel row number
    errors: list[RowError] = field(default_factory=list)  # the first MAX_REASONS, whole rows
    columns: list[str] = field(default_factory=list)  # template keys present in the file
    total_rejected: int | None = None  # rows rejected in all (None: as many as `rejected`)
    total_errors: int | None = None  # reasons in all (None: as many as `errors`)

    @cached_property
    def clean(self) -> pd.DataFrame:
        """The accepted rows as a pandas frame of str or None (built on first use)."""
        return text_frame(self.clean_table)

    @property
    def accepted_count(self) -> int:
        """Number of rows accepted."""
        return self.clean_table.num_rows

    @property
    def rejected_count(self) -> int:
        """Number of rows rejected (all of them, listed or not)."""
        return len(self.rejected) if self.total_rejected is None else self.total_rejected

    @property
    def not_listed(self) -> int:
        """Rejected rows whose reasons are counted but not kept (past MAX_REASONS)."""
        return self.rejected_count - len(self.rejected)

    def not_listed_message(self) -> tuple[str, str] | None:
        """What to tell the user when some rejected rows are not listed (Thai, English)."""
        if self.not_listed <= 0:
            return None
        return (
            f"ยังมีแถวที่ไม่ผ่านการตรวจอีก {self.not_listed:,} แถว ไม่ได้แสดงรายการ "
            f"(แสดงเหตุผล {len(self.errors):,} รายการแรกเท่านั้น) กรุณาแก้ไขแถวที่แสดงแล้วนำเข้าใหม่",
            f"{self.not_listed:,} more rows rejected, not listed "
            f"(only the first {len(self.errors):,} reasons are kept); "
            "fix the rows listed and import the file again",
        )


def _iso(date: dt.date | None) -> str | None:
    """A date as ISO text, None for none."""
    return None if date is None else date.isoformat()


def _parser_for(col: Column) -> Callable[[object], str | None]:
    """A function turning one raw cell into canonical text for this column (or raising CellError)."""
    if col.type == DATE:
        # Cells reach the parser as normalised text, so the cached text path applies.
        return lambda v: date_text_iso(v) if isinstance(v, str) else _iso(parse_date(v))
    if col.type == BOOL:
        return lambda v: None if (b := parse_bool(v)) is None else ("true" if b else "false")
    if col.type == INT:

        def parse(v: object) -> str | None:
            n = parse_int(v)
            if n is None:
                return None
            if (col.min_value is not None and n < col.min_value) or (
                col.max_value is not None and n > col.max_value
            ):
                raise CellError(
                    f"ต้องอยู่ระหว่าง {col.min_value} ถึง {col.max_value}",
                    f"must be between {col.min_value} and {col.max_value}",
                )
            return str(n)

        return parse
    if col.type == ENUM:
        lookup = enum_lookup(col.values)
        allowed = ", ".join(f"{k} ({v[0]})" for k, v in col.values.items())
        return lambda v: parse_enum(v, lookup, allowed)
    return normalize_text


MAX_TEXT = 32_767  # characters in one cell, as Excel allows
# A file whose every row is wrong must cost no more than a good one: reasons are collected as
# arrays of row positions, and only the first MAX_REASONS (whole rows, in row order) become
# RowErrors that are listed, stored and downloadable; the rest are counted.
MAX_REASONS = 10_000
MAX_VALUE_SHOWN = 200  # characters of a rejected value kept with its reason, then "…"
MAX_ROWS_NAMED = 5  # other rows named in a "repeats in row …" reason


def shorten(value: str | None, limit: int = MAX_VALUE_SHOWN) -> str | None:
    """A value cut to `limit` characters with "…" (as it is stored and shown with its reason)."""
    if value is None or len(value) <= limit:
        return value
    return value[:limit] + "…"


# From this many distinct texts on, plain ones are picked out with Arrow before Python runs.
_MANY = 500


# Text that would be stored as garbage: C0 controls other than whitespace (ISO-2022 escapes and
# shifts among them), the replacement character of a lossy conversion, Thai UTF-8 read as Latin-1.
_GARBLED = r"[\x00-\x08\x0e-\x1b\x7f]|\x{FFFD}|à[\x{B8}\x{B9}]"


def _garbled(texts: pa.Array) -> np.ndarray:
    """True for each text that holds garbage characters (see _GARBLED)."""
    if len(texts) == 0:
        return np.zeros(0, dtype=bool)
    found = pc.match_substring_regex(texts, _GARBLED)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False).astype(bool)


def _text_values(
    dictionary: pa.Array, distinct: list[str | None]
) -> tuple[list[str | None], list[bool], list[int], list[CellError]]:
    """Distinct text cells normalised: values, blank flags, error indexes and the errors."""
    errors: list[CellError] = []
    if len(distinct) > _MANY:
        plain = plain_text_mask(dictionary)
        values = [c if p else normalize_text(c) for c, p in zip(distinct, plain, strict=True)]
    else:
        values = [normalize_text(cell) for cell in distinct]
    blank = [v is None for v in values]
    failed = [-1] * len(values)
    for i in np.flatnonzero(_garbled(dictionary)):
        values[i] = None
        failed[i] = len(errors)
        errors.append(
            CellError(
                "ข้อความอ่านไม่ได้ (มีอักขระควบคุมหรือถูกแปลงรหัสอักขระผิด เช่น ISO-2022-JP หรือ à¸…) "
                "กรุณาพิมพ์ใหม่หรือบันทึกไฟล์เป็น UTF-8",
                "unreadable text (control characters, or converted from a wrong encoding "
                "such as ISO-2022-JP or à¸…); type it again or save the file as UTF-8",
            )
        )
    for i, value in enumerate(values):
        if failed[i] >= 0:
            continue
        if value is not None and len(value) > MAX_TEXT:
            values[i] = None
            failed[i] = len(errors)
            errors.append(
                CellError(
                    f"ข้อความยาวเกิน {MAX_TEXT:,} ตัวอักษร (ขีดจำกัดของ Excel)",
                    f"text longer than {MAX_TEXT:,} characters (Excel's limit)",
                )
            )
    return values, blank, failed, errors


def _parsed_values(
    dictionary: pa.Array,
    distinct: list[str | None],
    parse: Callable[[object], str | None],
    fast: Callable[[pa.Array], list[str | None]] | None,
) -> tuple[list[str | None], list[bool], list[int], list[CellError]]:
    """Distinct cells parsed (the fast way first): values, blank flags, error indexes, errors."""
    errors: list[CellError] = []
    values = []
    blank = []
    failed = []
    settled = fast(dictionary) if fast is not None else [None] * len(distinct)
    for cell, done in zip(distinct, settled, strict=True):
        if done is not None:
            values.append(done)
            blank.append(False)
            failed.append(-1)
            continue
        text = normalize_text(cell)
        if text is None:
            values.append(None)
            blank.append(True)
            failed.append(-1)
            continue
        blank.append(False)
        try:
            values.append(parse(text))
            failed.append(-1)
        except CellError as exc:
            values.append(None)
            failed.append(len(errors))
            errors.append(exc)
    return values, blank, failed, errors


def _convert(
    raws: list[pa.ChunkedArray],
    parse: Callable[[object], str | None] | None,
    fast: Callable[[pa.Array], list[str | None]] | None = None,
) -> list[tuple[pa.Array, np.ndarray, np.ndarray, list[CellError]]]:
    """Parse columns that share one parser once per distinct value across them all.

    For each column returns the canonical values, a per-row blank mask, a per-row index into
    the returned errors (-1 where the cell parsed) and those errors. `parse` None means text;
    `fast` may settle many distinct values at once (None where `parse` must decide).
    """
    combined = pa.chunked_array([chunk for raw in raws for chunk in raw.chunks], pa.string())
    encoded = pc.dictionary_encode(combined).combine_chunks()
    distinct = encoded.dictionary.to_pylist()
    if parse is None:
        values, blank, failed, errors = _text_values(encoded.dictionary, distinct)
    else:
        values, blank, failed, errors = _parsed_values(encoded.dictionary, distinct, parse, fast)
    # The last slot stands for an empty cell.
    values.append(None)
    blank.append(True)
    failed.append(-1)
    index = pc.fill_null(encoded.indices, len(distinct)).to_numpy(zero_copy_only=False)
    value_array = pa.array(values, pa.string())
    blank_array = np.asarray(blank)
    failed_array = np.asarray(failed, dtype=np.int64)
    out = []
    offset = 0
    for raw in raws:
        part = index[offset : offset + len(raw)]
        offset += len(raw)
        out.append((value_array.take(part), blank_array[part], failed_array[part], errors))
    return out


def _convert_all(kind: Kind, raw: pa.Table) -> dict[str, tuple]:
    """Every column converted; the date columns share one pass over their distinct values."""
    converted: dict[str, tuple] = {}
    dates = [k for k in raw.column_names if kind.column(k).type == DATE]
    if dates:
        parse = _parser_for(kind.column(dates[0]))
        results = _convert([raw.column(k) for k in dates], parse, fast_date_iso)
        converted.update(zip(dates, results, strict=True))
    for key in raw.column_names:
        if key in converted:
            continue
        col = kind.column(key)
        parse = None if col.type == TEXT else _parser_for(col)
        converted[key] = _convert([raw.column(key)], parse)[0]
    return converted


@dataclass
class _Batch:
    """Rows rejected for one kind of reason about one column."""

    positions: np.ndarray  # row positions
    column: str
    message: Callable[[int], tuple[str, str]]  # (Thai, English) for the i-th position
    value: object  # shown value for every row, or ... for the row's own cell


class _Rejections:
    """Collects why rows are rejected as arrays, and makes RowErrors only for those kept."""

    def __init__(self, excel_rows: np.ndarray, raw: pa.Table) -> None:
        self.excel_rows = excel_rows
        self.raw = raw
        self.batches: list[_Batch] = []

    def add(self, pos: int, column: str, th: str, en: str, value: object = ...) -> None:
        """Reject the row at position `pos` for a reason about `column`."""
        self.add_positions(np.asarray([pos], dtype=np.int64), column, lambda i: (th, en), value)

    def add_mask(
        self, mask: np.ndarray, column: str, th: str, en: str, value: object = ...
    ) -> None:
        """Reject every row where `mask` is true."""
        self.add_positions(np.flatnonzero(mask), column, lambda i: (th, en), value)

    def add_positions(
        self,
        positions: np.ndarray,
        column: str,
        message: Callable[[int], tuple[str, str]],
        value: object = ...,
    ) -> None:
        """Reject the rows at `positions`; `message(i)` gives the reason of the i-th one."""
        if len(positions):
            self.batches.append(_Batch(positions.astype(np.int64), column, message, value))

    def _shown(self, batch: _Batch, pos: int) -> str | None:
        """The value shown with a reason: the cell as written, cut to MAX_VALUE_SHOWN."""
        value = batch.value
        if value is ...:
            names = self.raw.column_names
            value = self.raw.column(batch.column)[pos].as_py() if batch.column in names else None
        return shorten(None if value is None else str(value))

    def finish(self, limit: int) -> tuple[np.ndarray, np.ndarray, list[RowError], int]:
        """(every rejected position, the listed ones, their first reasons, reasons in all).

        Reasons are ordered by row then column key; a row is listed with all its reasons or not
        at all, and rows are listed until `limit` reasons are reached.
        """
        if not self.batches:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, [], 0
        positions = np.concatenate([b.positions for b in self.batches])
        which = np.concatenate(
            [np.full(len(b.positions), n, dtype=np.int64) for n, b in enumerate(self.batches)]
        )
        index = np.concatenate([np.arange(len(b.positions)) for b in self.batches])
        ranks = {c: r for r, c in enumerate(sorted({b.column for b in self.batches}))}
        column_rank = np.asarray([ranks[b.column] for b in self.batches], dtype=np.int64)[which]
        order = np.lexsort((column_rank, positions))
        ordered = positions[order]
        cut = min(limit, len(order))
        if 0 < cut < len(order) and ordered[cut] == ordered[cut - 1]:
            # Whole rows only: leave out the row the limit cuts through (unless it is the first).
            row_start = int(np.searchsorted(ordered, ordered[cut], "left"))
            cut = row_start or int(np.searchsorted(ordered, ordered[cut], "right"))
        errors = []
        for k in order[:cut]:
            batch = self.batches[which[k]]
            pos = int(positions[k])
            th, en = batch.message(int(index[k]))
            errors.append(
                RowError(int(self.excel_rows[pos]), batch.column, self._shown(batch, pos), th, en)
            )
        return np.unique(positions), np.unique(ordered[:cut]), errors, len(positions)


def _mask(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean Arrow array as a numpy mask (null counts as false)."""
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False).astype(bool)


class _Clean:
    """Canonical columns of the kept rows, by key."""

    def __init__(self, columns: dict[str, pa.Array], rows: int) -> None:
        self.columns = columns
        self.rows = rows

    def __contains__(self, key: str) -> bool:
        return key in self.columns

    def present(self, key: str) -> np.ndarray:
        """True where the column has a value (False everywhere when the column is absent)."""
        if key not in self.columns:
            return np.zeros(self.rows, dtype=bool)
        return _mask(pc.is_valid(self.columns[key]))

    def equals(self, key: str, value: str) -> np.ndarray:
        """True where the column holds this value."""
        if key not in self.columns:
            return np.zeros(self.rows, dtype=bool)
        return _mask(pc.equal(self.columns[key], value))


def _check_order(clean: _Clean, rej: _Rejections, earlier: str, later: str, kind: Kind) -> None:
    """Reject rows where the later date falls before the earlier one (ISO text compares as dates)."""
    if earlier not in clean or later not in clean:
        return
    bad = _mask(pc.less(clean.columns[later], clean.columns[earlier]))
    first = kind.column(earlier)
    rej.add_mask(bad, later, f"ต้องไม่ก่อน{first.th}", f"must not be before {first.en.lower()}")


def _identity(clean: _Clean, keys: tuple[str, ...]) -> pa.Array:
    """One text identity per row from the id columns (blank parts as empty text)."""
    parts = [pc.fill_null(clean.columns[k], "") for k in keys]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, " | ")


def _check_unique(clean: _Clean, rej: _Rejections, keys: tuple[str, ...], kind: Kind) -> None:
    """Reject every row whose identity repeats within the file, naming (some of) the other rows.

    Identities compare after trimming and case-folding: `DUP-1` and `dup-1 ` are one linkage.
    """
    if any(k not in clean for k in keys) or clean.rows == 0:
        return
    written = _identity(clean, keys)
    ident = pc.utf8_lower(written)
    has_id = clean.present(keys[0])
    counts = pc.value_counts(pc.filter(ident, pa.array(has_id)))
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(repeated) == 0:
        return
    dup = np.flatnonzero(_mask(pc.is_in(ident, value_set=repeated)) & has_id)
    group = pc.index_in(ident.take(pa.array(dup)), value_set=repeated).to_numpy()
    by_group = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[by_group], np.arange(len(repeated) + 1))
    label = kind.column(keys[0])

    def message(i: int) -> tuple[str, str]:
        """The reason of the i-th repeated row: the first few other rows of its group."""
        g = group[i]
        members = dup[by_group[starts[g] : starts[g + 1]]]
        others = [int(rej.excel_rows[p]) for p in members[: MAX_ROWS_NAMED + 1] if p != dup[i]]
        named = ", ".join(str(r) for r in others[:MAX_ROWS_NAMED])
        more = len(members) - 1 - min(len(others), MAX_ROWS_NAMED)
        th = f"{label.th}ซ้ำกับแถว {named}" + (f" และอีก {more:,} แถว" if more else "")
        en = f"{label.en} repeats in row {named}" + (f" and {more:,} more rows" if more else "")
        spellings = written.take(pa.array(members[: MAX_ROWS_NAMED + 1])).to_pylist()
        if len(set(spellings)) > 1:
            th += " (ไม่นับตัวพิมพ์เล็กหรือใหญ่และช่องว่างหัวท้าย)"
            en += " (letter case and surrounding spaces are ignored)"
        return f"{th} ในไฟล์เดียวกัน", f"{en} of the same file"

    rej.add_positions(dup, keys[0], message)


def _kind_rules(clean: _Clean, rej: _Rejections, kind: Kind) -> None:
    """The rules that involve more than one cell."""
    if kind.key == "register":
        _check_order(clean, rej, "mou_signed_on", "mou_expires_on", kind)
        _check_order(clean, rej, "requested_on", "responded_on", kind)
        _check_order(clean, rej, "cancelled_on", "cancellation_reported_on", kind)
        _check_order(clean, rej, "mou_drafted_on", "legal_reviewed_on", kind)
        _check_order(clean, rej, "legal_reviewed_on", "mou_approved_on", kind)
        if "status" in clean:
            rej.add_mask(
                clean.equals("status", "cancelled") & ~clean.present("cancelled_on"),
                "cancelled_on",
                "ต้องระบุวันที่ยกเลิกเมื่อสถานะเป็น ยกเลิก",
                "required when the status is cancelled",
            )
    elif kind.key == "surveys":
        answered = np.zeros(clean.rows, dtype=bool)
        for i in range(1, MAX_QUESTIONS + 1):
            answered |= clean.present(f"q{i}")
        rej.add_mask(
            ~answered,
            "q1",
            "ต้องตอบอย่างน้อยหนึ่งข้อ (คะแนน 1–5)",
            "at least one question must be answered (score 1–5)",
        )
    elif kind.key == "assessments" and "framework" in clean:
        for framework, (count, low, high) in FRAMEWORK_RULES.items():
            rows = clean.equals("framework", framework)
            if not rows.any():
                continue
            for i in range(1, MAX_CRITERIA + 1):
                key = f"c{i}"
                present = clean.present(key)
                if i <= count:
                    rej.add_mask(
                        rows & ~present,
                        key,
                        f"แบบ {framework} ต้องให้คะแนนครบ {count} เกณฑ์",
                        f"framework {framework} needs all {count} criteria scored",
                    )
                    if key in clean:
                        scores = pc.cast(clean.columns[key], pa.int64())
                        outside = pc.or_(pc.less(scores, low), pc.greater(scores, high))
                        rej.add_mask(
                            rows & present & _mask(outside),
                            key,
                            f"แบบ {framework} ให้คะแนนได้ {low}–{high}",
                            f"framework {framework} scores are {low}–{high}",
                        )
                else:
                    rej.add_mask(
                        rows & present,
                        key,
                        f"แบบ {framework} มีเพียง {count} เกณฑ์ ช่องนี้ต้องว่าง",
                        f"framework {framework} has only {count} criteria; leave this blank",
                    )
    _check_unique(clean, rej, kind.id_columns, kind)


def validate(table: RawTable) -> Validated:
    """Parse and check every row; good rows are kept as canonical text, bad rows with reasons."""
    kind = table.kind
    raw = table.table
    keys = list(raw.column_names)
    rows = raw.num_rows
    converted = _convert_all(kind, raw)
    blank_rows = np.ones(rows, dtype=bool)
    for key in keys:
        blank_rows &= converted[key][1]
    # Rows holding only blanks (or spaces and invisible characters) are no rows at all.
    keep = ~blank_rows
    kept = np.flatnonzero(keep)
    excel_rows = np.asarray(table.excel_rows, dtype=np.int64)[kept]
    if len(kept) < rows:
        take = pa.array(kept)
        raw = raw.take(take)
    else:
        take = None
    # Cells that are blank after normalisation count as empty, also in the rejected rows.
    rej = _Rejections(excel_rows, raw)
    columns: dict[str, pa.Array] = {}
    for key in keys:
        canonical, blank, failed, errors = converted[key]
        if take is not None:
            canonical, blank, failed = canonical.take(take), blank[kept], failed[kept]
        columns[key] = canonical
        where = np.flatnonzero(failed >= 0)
        if len(where):
            reason = failed[where]
            rej.add_positions(where, key, lambda i, r=reason, e=errors: (e[r[i]].th, e[r[i]].en))
        col = kind.column(key)
        if col.required:
            rej.add_mask(blank, key, f"ต้องระบุ{col.th}", f"{col.en} is required", None)
    for key in kind.required_columns:
        if key not in columns:  # the reader refuses such files; kept for direct callers
            rej.add_mask(
                np.ones(len(kept), dtype=bool),
                key,
                f"ต้องระบุ{kind.column(key).th}",
                f"{kind.column(key).en} is required",
            )
    clean = _Clean(columns, len(kept))
    _kind_rules(clean, rej, kind)
    bad, listed, errors, total_errors = rej.finish(MAX_REASONS)
    good = np.ones(len(kept), dtype=bool)
    good[bad] = False
    clean_table = pa.table(list(columns.values()), names=keys) if keys else pa.table({})
    if len(bad):
        clean_table = clean_table.filter(pa.array(good))
    return Validated(
        kind=kind,
        clean_table=clean_table,
        clean_rows=excel_rows[good].tolist(),
        rejected=_rejected_frame(raw, listed, excel_rows),
        errors=errors,
        columns=keys,
        total_rejected=len(bad),
        total_errors=total_errors,
    )


def _rejected_frame(raw: pa.Table, listed: np.ndarray, excel_rows: np.ndarray) -> pd.DataFrame:
    """The listed rejected rows as the user wrote them (blank-looking cells as None), with their row."""
    subset = raw.take(pa.array(listed, pa.int64()))
    frame = text_frame(subset)
    for key in frame.columns:
        frame[key] = [None if normalize_text(v) is None else v for v in frame[key]]
    frame.insert(0, "row", excel_rows[listed].tolist())
    return frame
