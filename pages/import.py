"""Upload: choose or detect the kind, see what would change, then import or cancel; upload history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.export import to_xlsx
from loaders.history import upload_history
from loaders.importer import Preview, commit, preview
from loaders.reader import FileRefused
from loaders.sample import load_sample, remove_sample, store_is_empty
from loaders.sample_rows import sample_like_ids
from loaders.spec import KINDS
from loaders.store import StoreError
from loaders.templates import template_filename, template_xlsx
from ui import db, shell, sign_in
from ui.i18n import fmt_date, kind_label, lang, pick, t
from ui.uploads import PREVIEW_KEY

UPLOADER_KEY = "upload_file"
REMOVE_SAMPLE_KEY = "upload_remove_sample"


def _forget_preview() -> None:
    """Drop the current preview (cancel, or a new file chosen)."""
    st.session_state.pop(PREVIEW_KEY, None)


def _reasons_table(prev: Preview) -> pd.DataFrame:
    """Why rows were rejected, in the language in use."""
    rows = [
        {
            t("col_row"): e.row,
            t("col_column"): _column_label(prev, e.column),
            t("col_value"): e.value,
            t("col_message"): pick(e.message_th, e.message_en),
        }
        for e in prev.validated.errors
    ]
    return pd.DataFrame(rows)


def _column_label(prev: Preview, key: str) -> str:
    """A column's header in the language in use."""
    try:
        return prev.kind.column(key).label(lang())
    except KeyError:
        return key


def _rejected_workbook(prev: Preview) -> bytes:
    """The rejected rows as the user wrote them plus a reasons sheet, as .xlsx."""
    rejected = prev.validated.rejected.copy()
    reasons = (
        pd.DataFrame(
            [(e.row, e.column, pick(e.message_th, e.message_en)) for e in prev.validated.errors],
            columns=["row", "column", "message"],
        )
        .groupby("row")
        .apply(
            lambda g: "; ".join(f"{c}: {m}" for c, m in zip(g["column"], g["message"], strict=True))
        )
    )
    rejected.insert(1, "reason", rejected["row"].map(reasons))
    rejected = rejected.rename(
        columns={c: _column_label(prev, c) for c in rejected.columns if c not in ("row", "reason")}
        | {"row": t("col_row"), "reason": t("col_message")}
    )
    return to_xlsx({t("m_rejected"): rejected, t("reasons"): _reasons_table(prev)})


def _templates() -> None:
    """Empty templates to download, one per kind of file, in Thai or English."""
    with st.expander(t("templates"), icon=":material/description:"):
        st.caption(t("templates_help"))
        template_lang = st.radio(
            t("template_lang"),
            ["th", "en"],
            format_func=lambda code: "ไทย" if code == "th" else "English",
            horizontal=True,
            key="template_lang",
        )
        cols = st.columns(len(KINDS))
        for col, kind in zip(cols, KINDS, strict=True):
            col.download_button(
                kind_label(kind),
                data=template_xlsx(kind, template_lang),
                file_name=template_filename(kind, template_lang),
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key=f"template_{kind}",
                icon=":material/download:",
                on_click="ignore",
            )


def _kind_and_file() -> tuple[str, object]:
    """Steps 1 and 2: the kind of file (or found out) and the file itself."""
    st.subheader(t("step_kind"))
    kind_choice = st.selectbox(
        t("step_kind"),
        ["auto", *KINDS],
        format_func=lambda k: t("kind_auto") if k == "auto" else kind_label(k),
        key="upload_kind",
        label_visibility="collapsed",
    )
    st.subheader(t("step_file"))
    upload = st.file_uploader(
        t("step_file"),
        type=["xlsx", "xls", "xlsm", "csv"],
        key=UPLOADER_KEY,
        label_visibility="collapsed",
    )
    return kind_choice, upload


def _held(con: object, upload: object, kind_choice: str) -> tuple[tuple, object]:
    """The file's preview (read once per file and kind), a refusal, or the import's outcome."""
    token = (upload.file_id, kind_choice)
    held = st.session_state.get(PREVIEW_KEY)
    if held is None or held[0] != token:
        with st.spinner(t("reading")):
            try:
                prev = preview(
                    con,
                    upload.getvalue(),
                    upload.name,
                    None if kind_choice == "auto" else kind_choice,
                )
                st.session_state[PREVIEW_KEY] = (token, prev)
            except FileRefused as exc:
                # A copy without traceback: the caught one's frames hold the file's bytes, which
                # then outlived the upload as long as the session (or its state) did.
                refused = FileRefused(exc.th, exc.en, code=exc.code)
                st.session_state[PREVIEW_KEY] = (token, refused)
    held = st.session_state[PREVIEW_KEY][1]
    return token, held


def _imported(held: dict) -> None:
    """What the import did: sample removed, rows added, changed, unchanged."""
    if held.get("sample_removed"):
        st.success(
            t("sample_removed", n=sum(held["sample_removed"].values())),
            icon=":material/delete:",
        )
    if held["upload_id"] is None:
        st.info(t("imported_nothing"), icon=":material/info:")
    else:
        st.success(
            t(
                "imported",
                added=held["added"],
                changed=held["changed"],
                unchanged=held["unchanged"],
                id=held["upload_id"],
            ),
            icon=":material/check_circle:",
        )


def _refused(held: FileRefused) -> None:
    """Why the file was refused; nothing was stored."""
    st.error(f"**{t('refused')}** — {shell.plain(pick(held.th, held.en))}", icon=":material/block:")
    st.caption(t("refused_nothing"))


def _sample_choice(prev: Preview) -> bool:
    """Warnings about sample data; returns whether to remove the sample with this import."""
    remove_now = False
    if prev.sample_loaded:
        st.warning(
            t("up_sample_loaded", n=f"{sum(prev.sample_rows.values()):,}"),
            icon=":material/science:",
        )
        if sign_in.can("manage_sample"):
            remove_now = st.checkbox(
                t("up_remove_sample"),
                value=True,
                help=t("up_remove_sample_help"),
                key=REMOVE_SAMPLE_KEY,
            )
        if not remove_now:
            st.caption(t("up_sample_stays"))
    look_alike = sample_like_ids(prev.added + prev.changed_ids + prev.unchanged)
    if look_alike:
        st.warning(
            t(
                "up_sample_like_ids",
                n=len(look_alike),
                ids=shell.plain(", ".join(look_alike[:3])),
            ),
            icon=":material/warning:",
        )
    return remove_now


def _counts(prev: Preview) -> None:
    """How many rows are accepted, rejected, added, changed (and absent, for a register)."""
    validated = prev.validated
    m = st.columns(5)
    m[0].metric(t("m_accepted"), validated.accepted_count)
    m[1].metric(t("m_rejected"), validated.rejected_count)
    m[2].metric(t("m_added"), len(prev.added))
    m[3].metric(t("m_changed"), len(prev.changed_ids))
    if prev.kind.key == "register":
        m[4].metric(t("m_absent"), len(prev.absent))


def _rejections(prev: Preview, file_name: str) -> None:
    """Why rows were rejected, and the rejected rows to download, fix and send again."""
    validated = prev.validated
    if validated.errors:
        st.markdown(f"#### {t('reasons')}")
        st.dataframe(_reasons_table(prev), hide_index=True, width="stretch")
        not_listed = validated.not_listed_message()  # "N more rows rejected, not listed"
        if not_listed is not None:
            st.warning(pick(*not_listed), icon=":material/info:")
        st.download_button(
            t("download_rejected"),
            data=_rejected_workbook(prev),
            file_name=f"{shell.file_name('rejected_' + file_name.rsplit('.', 1)[0])}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="download_rejected",
            icon=":material/download:",
            on_click="ignore",
        )


def _id_lists(prev: Preview) -> None:
    """The IDs added, the fields changed and the IDs absent from the file, folded."""
    if prev.added:
        with st.expander(f"{t('added_list')} ({len(prev.added)})"):
            st.dataframe(pd.DataFrame({t("col_id"): prev.added}), hide_index=True, width="stretch")
    if len(prev.changes):
        with st.expander(f"{t('changes_list')} ({len(prev.changed_ids)})", expanded=True):
            changes = prev.changes.assign(
                field=prev.changes["field"].map(lambda k: _column_label(prev, k))
            )
            changes.columns = [t("col_id"), t("col_field"), t("col_old"), t("col_new")]
            st.dataframe(changes, hide_index=True, width="stretch")
    if prev.absent:
        with st.expander(f"{t('absent_list')} ({len(prev.absent)})"):
            st.dataframe(pd.DataFrame({t("col_id"): prev.absent}), hide_index=True, width="stretch")


def _do_import(con: object, prev: Preview, token: tuple, remove_now: bool) -> None:
    """Store the checked file (and remove the sample if asked), then show the outcome."""
    user = sign_in.require("upload")
    if remove_now:
        sign_in.require("manage_sample")
    try:
        result = commit(
            con,
            prev,
            uploaded_by=user["username"],
            source="upload",
            remove_sample=remove_now,
        )
    except StoreError as exc:
        st.error(shell.plain(pick(exc.th, exc.en)))
    else:
        outcome = result.as_dict()
        if result.sample_removed is not None:
            sign_in.record("sample_removed", result.sample_removed)
        sign_in.record(
            "upload",
            {k: outcome[k] for k in ("file", "kind", "upload_id", "accepted", "rejected")},
        )
        db.data_changed()
        st.session_state[PREVIEW_KEY] = (token, outcome)
        st.rerun()


def _import_buttons(con: object, prev: Preview, token: tuple, remove_now: bool) -> None:
    """Import and cancel; a duplicate or an empty file cannot be imported."""
    validated = prev.validated
    if prev.duplicate_of is not None:
        st.info(t("duplicate_file", id=prev.duplicate_of), icon=":material/info:")
    elif validated.accepted_count == 0:
        st.warning(t("nothing_to_import"))
    left, right = st.columns([1, 4])
    do_import = left.button(
        t("btn_import", n=validated.accepted_count),
        type="primary",
        disabled=validated.accepted_count == 0
        or (prev.duplicate_of is not None and not remove_now),
        key="btn_import",
    )
    if right.button(t("btn_cancel"), key="btn_cancel"):
        _forget_preview()
        st.rerun()
    if do_import:
        _do_import(con, prev, token, remove_now)


def _preview(con: object, prev: Preview, token: tuple, file_name: str) -> None:
    """Step 3: what the file would change, and the buttons to import or cancel."""
    st.info(t("detected_kind", kind=kind_label(prev.kind.key)), icon=":material/search:")
    remove_now = _sample_choice(prev)
    _counts(prev)
    _rejections(prev, file_name)
    _id_lists(prev)
    _import_buttons(con, prev, token, remove_now)


def _file_step(con: object, upload: object, kind_choice: str) -> None:
    """Step 3 for the chosen file: its outcome, its refusal or its preview."""
    token, held = _held(con, upload, kind_choice)
    st.subheader(t("step_preview"))
    if isinstance(held, dict):  # imported already: show the outcome, not a new preview
        _imported(held)
    elif isinstance(held, FileRefused):
        _refused(held)
    else:
        _preview(con, held, token, upload.name)


def _history(con: object) -> None:
    """The uploads so far, newest first."""
    st.subheader(t("history"))
    history = upload_history(con)
    if history.empty:
        st.caption(t("no_history"))
    else:
        shown = history.drop(columns=["sha256"]).copy()
        shown["uploaded_at"] = shown["uploaded_at"].map(
            lambda v: fmt_date(v.to_pydatetime(), with_time=True)
        )
        shown["kind"] = shown["kind"].map(kind_label)
        shown["is_sample"] = shown["is_sample"].map(lambda v: t("yes") if v else "")
        shown.columns = [t(f"h_{c}") for c in shown.columns]
        st.dataframe(shown, hide_index=True, width="stretch")
        shell.download_buttons(shown, "upload_history", key="history")


def _sample_data(con: object) -> None:
    """Remove the sample data, or load it into an empty store."""
    if db.has_sample():
        st.divider()
        if st.button(
            t("sample_remove"),
            help=t("sample_remove_help"),
            icon=":material/delete:",
            key="remove_sample",
        ):
            sign_in.require("manage_sample")
            removed = remove_sample(con)
            sign_in.record("sample_removed", removed)
            db.data_changed()
            st.toast(t("sample_removed", n=sum(removed.values())))
            st.rerun()
    elif store_is_empty(con):
        st.divider()
        if st.button(t("sample_load"), icon=":material/science:", key="load_sample"):
            sign_in.require("manage_sample")
            loaded = load_sample(con)
            sign_in.record("sample_loaded", loaded)
            db.data_changed()
            st.rerun()


shell.access_guard()
shell.sample_banner()
st.title(t("upload_title"))
st.caption(t("upload_intro"))
sign_in.stop_if_read_only()  # a roll-up of snapshots takes no upload
con = db.connection()
_templates()
kind_choice, upload = _kind_and_file()
if upload is None:
    _forget_preview()
else:
    _file_step(con, upload, kind_choice)
_history(con)
_sample_data(con)
