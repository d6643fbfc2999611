"""Row-level validation: every cell parsed to its type, every rule of TEMPLATES.md checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from loaders.normalize import (
    CellError,
    enum_lookup,
    normalize_text,
    parse_bool,
    parse_date,
    parse_enum,
    parse_int,
)
from loaders.reader import RawTable
from loaders.spec import (
    BOOL,
    DATE,
    ENUM,
    FRAMEWORK_RULES,
    INT,
    MAX_CRITERIA,
    MAX_QUESTIONS,
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
    clean: pd.DataFrame  # accepted rows; canonical text per key (ISO dates, 'true'/'false', ints)
    clean_rows: list[int]  # Excel row numbers of the accepted rows
    rejected: pd.DataFrame  # rejected rows as the user wrote them, with their Excel row number
    errors: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # template keys present in the file

    @property
    def accepted_count(self) -> int:
        """Number of rows accepted."""
        return len(self.clean)

    @property
    def rejected_count(self) -> int:
        """Number of rows rejected."""
        return len(self.rejected)


def _parser_for(col: Column) -> Callable[[object], str | None]:
    """A function turning one raw cell into canonical text for this column (or raising CellError)."""
    if col.type == DATE:
        return lambda v: d.isoformat() if (d := parse_date(v)) else None
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


def _convert(series: pd.Series, col: Column) -> tuple[pd.Series, pd.Series]:
    """Parse a column once per distinct value; return canonical values and per-row errors."""
    parse = _parser_for(col)
    values: dict[object, str | None] = {}
    errors: dict[object, CellError] = {}
    for raw in series.dropna().unique():
        try:
            values[raw] = parse(raw)
        except CellError as exc:
            errors[raw] = exc
    converted = series.map(values)
    converted = converted.astype(object).where(converted.notna(), None)
    failed = series.map(errors) if errors else pd.Series(None, index=series.index, dtype=object)
    return converted, failed


class _Rejections:
    """Collects row errors keyed by frame position."""

    def __init__(self, excel_rows: list[int], raw: pd.DataFrame) -> None:
        self.excel_rows = excel_rows
        self.raw = raw
        self.errors: list[tuple[int, RowError]] = []

    def add(self, pos: int, column: str, th: str, en: str, value: object = ...) -> None:
        """Reject the row at frame position `pos` for a reason about `column`."""
        if value is ...:
            value = self.raw[column].iat[pos] if column in self.raw else None
        shown = None if value is None else str(value)
        self.errors.append((pos, RowError(self.excel_rows[pos], column, shown, th, en)))

    def add_mask(self, mask: pd.Series, column: str, th: str, en: str) -> None:
        """Reject every row where `mask` is true."""
        for pos in mask.to_numpy().nonzero()[0]:
            self.add(int(pos), column, th, en)

    @property
    def positions(self) -> set[int]:
        """Frame positions of the rejected rows."""
        return {pos for pos, _ in self.errors}


def _present(frame: pd.DataFrame, key: str) -> pd.Series:
    """True where the column has a value (False everywhere when the column is absent)."""
    if key not in frame:
        return pd.Series(False, index=frame.index)
    return frame[key].notna()


def _check_order(
    frame: pd.DataFrame, rej: _Rejections, earlier: str, later: str, kind: Kind
) -> None:
    """Reject rows where the later date falls before the earlier one."""
    if earlier not in frame or later not in frame:
        return
    both = frame[earlier].notna() & frame[later].notna()
    bad = both & (frame[later].astype(str) < frame[earlier].astype(str))
    first = kind.column(earlier)
    rej.add_mask(bad, later, f"ต้องไม่ก่อน{first.th}", f"must not be before {first.en.lower()}")


def _check_unique(frame: pd.DataFrame, rej: _Rejections, keys: tuple[str, ...], kind: Kind) -> None:
    """Reject every row whose identity repeats within the file, naming the other rows."""
    if any(k not in frame for k in keys):
        return
    ident = frame[list(keys)].astype(str)
    has_id = frame[keys[0]].notna()
    dup = ident.duplicated(keep=False) & has_id
    if not dup.any():
        return
    groups = ident[dup].groupby(list(keys)).groups
    for _, idx in groups.items():
        positions = [frame.index.get_loc(i) for i in idx]
        rows = [rej.excel_rows[p] for p in positions]
        for p in positions:
            others = ", ".join(str(r) for r in rows if r != rej.excel_rows[p])
            label = kind.column(keys[0])
            rej.add(
                p,
                keys[0],
                f"{label.th}ซ้ำกับแถว {others} ในไฟล์เดียวกัน",
                f"{label.en} repeats in row {others} of the same file",
            )


def _kind_rules(frame: pd.DataFrame, rej: _Rejections, kind: Kind) -> None:
    """The rules that involve more than one cell."""
    if kind.key == "register":
        _check_order(frame, rej, "mou_signed_on", "mou_expires_on", kind)
        _check_order(frame, rej, "requested_on", "responded_on", kind)
        if "status" in frame:
            cancelled = frame["status"].eq("cancelled") & ~_present(frame, "cancelled_on")
            rej.add_mask(
                cancelled,
                "cancelled_on",
                "ต้องระบุวันที่ยกเลิกเมื่อสถานะเป็น ยกเลิก",
                "required when the status is cancelled",
            )
    elif kind.key == "surveys":
        answered = pd.Series(False, index=frame.index)
        for i in range(1, MAX_QUESTIONS + 1):
            answered |= _present(frame, f"q{i}")
        rej.add_mask(
            ~answered,
            "q1",
            "ต้องตอบอย่างน้อยหนึ่งข้อ (คะแนน 1–5)",
            "at least one question must be answered (score 1–5)",
        )
    elif kind.key == "assessments" and "framework" in frame:
        for framework, (count, low, high) in FRAMEWORK_RULES.items():
            rows = frame["framework"].eq(framework)
            for i in range(1, MAX_CRITERIA + 1):
                key = f"c{i}"
                present = _present(frame, key)
                if i <= count:
                    values = pd.to_numeric(frame[key], errors="coerce") if key in frame else None
                    rej.add_mask(
                        rows & ~present,
                        key,
                        f"แบบ {framework} ต้องให้คะแนนครบ {count} เกณฑ์",
                        f"framework {framework} needs all {count} criteria scored",
                    )
                    if values is not None:
                        rej.add_mask(
                            rows & present & ((values < low) | (values > high)),
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
    _check_unique(frame, rej, kind.id_columns, kind)


def validate(table: RawTable) -> Validated:
    """Parse and check every row; good rows are kept as canonical text, bad rows with reasons."""
    kind = table.kind
    raw = table.frame.reset_index(drop=True)
    # Cells holding only spaces or invisible characters are blank; blank rows are skipped.
    for key in raw.columns:
        blanks = [v for v in raw[key].dropna().unique() if normalize_text(v) is None]
        if blanks:
            raw.loc[raw[key].isin(blanks), key] = None
    keep = raw.notna().any(axis=1)
    raw = raw[keep].reset_index(drop=True)
    excel_rows = [r for r, k in zip(table.excel_rows, keep.tolist(), strict=True) if k]
    rej = _Rejections(excel_rows, raw)
    clean = pd.DataFrame(index=raw.index)
    for key in raw.columns:
        col = kind.column(key)
        values, failed = _convert(raw[key], col)
        clean[key] = values
        for pos in failed.notna().to_numpy().nonzero()[0]:
            exc = failed.iat[pos]
            rej.add(int(pos), key, exc.th, exc.en)
    for key in kind.required_columns:
        col = kind.column(key)
        rej.add_mask(raw[key].isna(), key, f"ต้องระบุ{col.th}", f"{col.en} is required")
    _kind_rules(clean, rej, kind)
    bad = sorted(rej.positions)
    good_mask = ~clean.index.isin(bad)
    rejected = raw.iloc[bad].copy()
    rejected.insert(0, "row", [excel_rows[p] for p in bad])
    errors = [e for _, e in sorted(rej.errors, key=lambda pe: (pe[1].row, pe[1].column))]
    return Validated(
        kind=kind,
        clean=clean[good_mask].reset_index(drop=True),
        clean_rows=[r for r, g in zip(excel_rows, good_mask, strict=True) if g],
        rejected=rejected.reset_index(drop=True),
        errors=errors,
        columns=list(raw.columns),
    )
