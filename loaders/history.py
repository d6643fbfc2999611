"""What the store remembers about imports: the upload log, rejected rows, register changes."""

from __future__ import annotations

import duckdb
import pandas as pd


def upload_history(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The latest uploads, newest first."""
    return (
        con.cursor()
        .execute(
            """SELECT upload_id, uploaded_at, file_name, kind, uploaded_by, source,
                  accepted, rejected, added, changed, unchanged, absent, is_sample, sha256
           FROM uploads ORDER BY upload_id DESC LIMIT ?""",
            [limit],
        )
        .df()
    )


def upload_rejections(con: duckdb.DuckDBPyConnection, upload_id: int) -> pd.DataFrame:
    """The rows one upload rejected, with their reasons."""
    return (
        con.cursor()
        .execute(
            """SELECT "row", "column", value, message_th, message_en
           FROM upload_rejections WHERE upload_id = ? ORDER BY "row", "column" """,
            [upload_id],
        )
        .df()
    )


def recent_changes(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The latest field changes recorded in the register, newest first."""
    return (
        con.cursor()
        .execute(
            """SELECT h.changed_at, h.linkage_id, l.partner_name, h.field, h.old_value, h.new_value,
                  h.upload_id, u.file_name
           FROM linkage_history h
           LEFT JOIN linkages l ON l.linkage_id = h.linkage_id
                AND coalesce(l.is_sample, false) = coalesce(h.is_sample, false)
           LEFT JOIN uploads u ON u.upload_id = h.upload_id
           ORDER BY h.changed_at DESC, h.linkage_id LIMIT ?""",
            [limit],
        )
        .df()
    )
