"""Administration: user accounts and roles, the audit trail, backups of the store (admins only)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from auth import sessions
from auth.audit import choices, entries
from auth.users import ROLES, AuthError, add_user, load_users, remove_user, reset_password, set_role
from loaders.backup import backup_now, list_backups
from loaders.store import StoreError, default_db_path
from ui import db, export_view, shell, sign_in, snapshot_view
from ui.i18n import fmt_date, has, pick, t

FLASH_KEY = "adm_flash"  # the last write's outcome, shown after the rerun (no widget owns it)
AUDIT_LIMIT = 5000


def _action_label(action: str) -> str:
    """An audit action's name in the language in use."""
    key = f"adm_action_{action}"
    return t(key) if has(key) else action


def _write(action: str, change: Callable[[], Any], detail: dict[str, object], done: str) -> None:
    """Make one account change as an admin (checked on the server), record it, then rerun."""
    sign_in.require("manage_users")
    try:
        change()
    except AuthError as exc:
        st.error(shell.plain(pick(exc.th, exc.en)), icon=":material/error:")
        return
    sign_in.record(action, detail)
    st.session_state[FLASH_KEY] = done
    st.rerun()


def _users_table() -> pd.DataFrame:
    """Every account as shown on the page (never its password hash), with its open sessions."""
    open_by_user: dict[str, int] = {}
    for found in sessions.listing():
        open_by_user[found.username] = open_by_user.get(found.username, 0) + 1
    rows = [
        {
            t("adm_col_username"): u.username,
            t("adm_col_name"): u.display_name,
            t("adm_col_role"): sign_in.role_label(u.role),
            t("adm_col_created"): _day(u.created_at),
            t("adm_col_sessions"): open_by_user.get(u.username, 0),
        }
        for u in load_users().values()
    ]
    return pd.DataFrame(rows)


def _sessions_view(me_token_id: str | None) -> None:
    """Open sign-ins (who, since when, until when), each of which can be ended."""
    st.markdown(f"**{t('adm_sessions')}**")
    st.caption(t("adm_sessions_intro"))
    found = sessions.listing()
    if not found:
        st.caption(t("adm_no_sessions"))
        return
    shown = pd.DataFrame(
        {
            t("adm_col_session"): [s.id[:8] for s in found],
            t("adm_col_username"): [s.username for s in found],
            t("adm_col_started"): [_day(s.started) for s in found],
            t("adm_col_expires"): [_day(s.expires) for s in found],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    labels = {
        s.id: f"{s.id[:8]} · {s.username} · {_day(s.started)}"
        + (f" ({t('adm_this_session')})" if s.id == me_token_id else "")
        for s in found
    }
    with st.form("adm_revoke_form", border=False):
        chosen = st.selectbox(
            t("adm_pick_session"), list(labels), format_func=labels.get, key="adm_revoke_pick"
        )
        revoke = st.form_submit_button(t("adm_btn_revoke"), key="adm_btn_revoke")
    if revoke and chosen:
        owner = next(s.username for s in found if s.id == chosen)
        _write(
            "session_revoked",
            lambda: sessions.revoke(chosen),
            {"username": owner, "session": chosen[:8]},
            t("adm_done_revoke", name=shell.plain(owner)),
        )


def _day(iso: str | None) -> str:
    """An ISO timestamp of the users file as users read it (BE in Thai)."""
    if not iso:
        return ""
    try:
        return fmt_date(dt.datetime.fromisoformat(iso), with_time=True)
    except ValueError:
        return iso


def _add_form() -> None:
    """Create an account."""
    with st.form("adm_add", clear_on_submit=False):
        st.markdown(f"**{t('adm_add')}**")
        left, right = st.columns(2)
        username = left.text_input(t("username"), key="adm_add_username")
        name = right.text_input(t("display_name"), key="adm_add_name")
        role = st.selectbox(
            t("adm_col_role"), ROLES, format_func=sign_in.role_label, key="adm_add_role"
        )
        left, right = st.columns(2)
        password = left.text_input(t("password"), type="password", key="adm_add_password")
        again = right.text_input(t("password_again"), type="password", key="adm_add_again")
        submitted = st.form_submit_button(t("adm_btn_add"), type="primary", key="adm_btn_add")
    if submitted:
        if password != again:
            st.error(t("passwords_differ"))
            return
        username, name = username.strip(), name.strip()
        _write(
            "user_added",
            lambda: add_user(username, password, role, name),
            {"username": username, "role": role},
            t("adm_done_add", name=shell.plain(username), role=sign_in.role_label(role)),
        )


def _manage_forms(me: str) -> None:
    """Reset a password, change a role, remove an account."""
    accounts = load_users()
    if not accounts:
        return
    st.markdown(f"**{t('adm_manage')}**")
    chosen = st.selectbox(t("adm_pick_user"), list(accounts), key="adm_pick")
    account = accounts[chosen]
    reset_col, role_col, remove_col = st.columns(3)
    with reset_col.form("adm_reset", border=True):
        st.caption(t("adm_reset"))
        password = st.text_input(t("adm_new_password"), type="password", key="adm_reset_password")
        again = st.text_input(t("password_again"), type="password", key="adm_reset_again")
        reset = st.form_submit_button(t("adm_btn_reset"), key="adm_btn_reset")
    with role_col.form("adm_role_form", border=True):
        st.caption(t("adm_role"))
        role = st.selectbox(
            t("adm_col_role"),
            ROLES,
            index=ROLES.index(account.role),
            format_func=sign_in.role_label,
            key="adm_role",
        )
        change_role = st.form_submit_button(t("adm_btn_role"), key="adm_btn_role")
    with remove_col.form("adm_remove_form", border=True):
        st.caption(t("adm_remove"))
        confirm = st.checkbox(t("adm_remove_confirm"), key="adm_remove_confirm")
        remove = st.form_submit_button(t("adm_btn_remove"), type="primary", key="adm_btn_remove")
    shown = shell.plain(chosen)
    if reset:
        if password != again:
            st.error(t("passwords_differ"))
            return
        _write(
            "password_reset",
            lambda: reset_password(chosen, password),
            {"username": chosen},
            t("adm_done_reset", name=shown),
        )
    if (change_role or remove) and chosen == me:
        st.error(t("adm_not_yourself"), icon=":material/block:")
        return
    if change_role and role != account.role:
        _write(
            "role_changed",
            lambda: set_role(chosen, role),
            {"username": chosen, "from": account.role, "to": role},
            t("adm_done_role", name=shown, role=sign_in.role_label(role)),
        )
    if remove:
        if not confirm:
            st.error(t("adm_confirm_first"))
            return
        _write(
            "user_removed",
            lambda: remove_user(chosen),
            {"username": chosen, "role": account.role},
            t("adm_done_remove", name=shown),
        )


def _detail_text(detail: str) -> str:
    """An entry's JSON detail as `key: value; …` (plain text in a table cell)."""
    try:
        values = json.loads(detail or "{}")
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return str(values)
    return "; ".join(f"{k}: {v}" for k, v in values.items())


def _audit_view() -> None:
    """The audit trail, filtered by action, user and dates, exportable."""
    st.caption(t("adm_audit_intro"))
    con = db.connection()
    known = choices(con)
    today = dt.date.today()
    first_day = known["days"][0] if known["days"] else today
    with st.form("adm_audit_filters", border=False):
        left, middle, right = st.columns([2, 2, 2])
        actions = left.multiselect(
            t("adm_f_actions"),
            known["actions"],
            format_func=_action_label,
            placeholder=t("adm_f_all"),
            key="adm_f_actions",
        )
        actors = middle.multiselect(
            t("adm_f_actors"), known["actors"], placeholder=t("adm_f_all"), key="adm_f_actors"
        )
        days = right.date_input(
            t("adm_f_days"),
            value=(max(first_day, today - dt.timedelta(days=90)), today),
            max_value=today,
            key="adm_f_days",
        )
        st.form_submit_button(t("adm_f_apply"), icon=":material/filter_alt:", key="adm_f_apply")
    since, until = (days + (days[-1],))[:2] if isinstance(days, tuple) and days else (None, None)
    found = entries(con, action=actions, actor=actors, since=since, until=until, limit=AUDIT_LIMIT)
    st.caption(
        t(
            "adm_range",
            since=fmt_date(since) if since else "–",
            until=fmt_date(until) if until else "–",
            n=f"{len(found):,}",
        )
    )
    if found.empty:
        st.info(t("adm_no_entries"), icon=":material/history:")
        return
    if len(found) >= AUDIT_LIMIT:
        st.caption(t("adm_capped", n=AUDIT_LIMIT))
    shown = pd.DataFrame(
        {
            t("adm_col_when"): [
                fmt_date(v.to_pydatetime(), with_time=True) for v in found["logged_at"]
            ],
            t("adm_col_actor"): found["actor"],
            t("adm_col_role"): [sign_in.role_label(r) if r else "" for r in found["role"]],
            t("adm_col_action"): [_action_label(a) for a in found["action"]],
            t("adm_col_detail"): [_detail_text(d) for d in found["detail"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    shell.download_buttons(shown, "audit_trail", key="adm_audit")


def _backups_view() -> None:
    """The backups beside the database, and a button to make one now."""
    path = default_db_path()
    st.caption(t("adm_backups_intro", db=shell.plain(path)))
    if st.button(t("adm_btn_backup"), icon=":material/backup:", key="adm_backup"):
        sign_in.require("make_backup")
        try:
            made = backup_now(db.connection(), path)
        except (OSError, StoreError) as exc:
            message = pick(exc.th, exc.en) if isinstance(exc, StoreError) else str(exc)
            st.error(shell.plain(message), icon=":material/error:")
        else:
            sign_in.record("backup_made", {"file": made.path.name, "size": made.size})
            st.session_state[FLASH_KEY] = t("adm_done_backup", file=shell.plain(made.path.name))
            st.rerun()
    found = list_backups(path)
    if not found:
        st.caption(t("adm_no_backups"))
    else:
        shown = pd.DataFrame(
            {
                t("adm_col_file"): [b.path.name for b in found],
                t("adm_col_label"): [b.label for b in found],
                t("adm_col_size"): [round(b.size / (1024 * 1024), 2) for b in found],
                t("adm_col_made"): [fmt_date(b.modified, with_time=True) for b in found],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(t("adm_restore_how"))
    st.code(
        f"python -m loaders restore {found[0].path if found else 'BACKUP'} --db {path}",
        language="bash",
    )


shell.access_guard()
shell.sample_banner()
me = sign_in.require("manage_users")
st.title(t("adm_title"))
st.caption(t("adm_intro"))
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

users_tab, audit_tab, backups_tab, public_tab = st.tabs(
    [t("adm_tab_users"), t("adm_tab_audit"), t("adm_tab_backups"), t("ex_public")]
)
with users_tab:
    if sign_in.oidc_configured():
        st.info(t("adm_oidc_note"), icon=":material/badge:")
    table = _users_table()
    if table.empty:
        st.caption(t("adm_no_users"))
    else:
        st.dataframe(table, hide_index=True, width="stretch")
    _add_form()
    _manage_forms(me["username"])
    _sessions_view(sign_in.session_id())
with audit_tab:
    _audit_view()
with backups_tab:
    _backups_view()
    snapshot_view.snapshot_section()
with public_tab:
    export_view.public_register_section(dt.date.today())
