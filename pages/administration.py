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
from ui.settings_editor import settings_editor

FLASH_KEY = (
    "administration_flash"  # the last write's outcome, shown after the rerun (no widget owns it)
)
AUDIT_LIMIT = 5000


def _action_label(action: str) -> str:
    """An audit action's name in the language in use."""
    key = f"administration_action_{action}"
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
            t("administration_col_username"): u.username,
            t("administration_col_name"): u.display_name,
            t("administration_col_role"): sign_in.role_label(u.role),
            t("administration_col_created"): _day(u.created_at),
            t("administration_col_sessions"): open_by_user.get(u.username, 0),
        }
        for u in load_users().values()
    ]
    return pd.DataFrame(rows)


def _sessions_view(me_token_id: str | None) -> None:
    """Open sign-ins (who, since when, until when), each of which can be ended."""
    st.markdown(f"**{t('administration_sessions')}**")
    st.caption(t("administration_sessions_intro"))
    found = sessions.listing()
    if not found:
        st.caption(t("administration_no_sessions"))
        return
    shown = pd.DataFrame(
        {
            t("administration_col_session"): [s.id[:8] for s in found],
            t("administration_col_username"): [s.username for s in found],
            t("administration_col_started"): [_day(s.started) for s in found],
            t("administration_col_expires"): [_day(s.expires) for s in found],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    labels = {
        s.id: f"{s.id[:8]} · {s.username} · {_day(s.started)}"
        + (f" ({t('administration_this_session')})" if s.id == me_token_id else "")
        for s in found
    }
    with st.form("administration_revoke_form", border=False):
        chosen = st.selectbox(
            t("administration_pick_session"),
            list(labels),
            format_func=labels.get,
            key="administration_revoke_pick",
        )
        revoke = st.form_submit_button(
            t("administration_btn_revoke"), key="administration_btn_revoke"
        )
    if revoke and chosen:
        owner = next(s.username for s in found if s.id == chosen)
        _write(
            "session_revoked",
            lambda: sessions.revoke(chosen),
            {"username": owner, "session": chosen[:8]},
            t("administration_done_revoke", name=shell.plain(owner)),
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
    with st.form("administration_add", clear_on_submit=False):
        st.markdown(f"**{t('administration_add')}**")
        left, right = st.columns(2)
        username = left.text_input(t("username"), key="administration_add_username")
        name = right.text_input(t("display_name"), key="administration_add_name")
        role = st.selectbox(
            t("administration_col_role"),
            ROLES,
            format_func=sign_in.role_label,
            key="administration_add_role",
        )
        left, right = st.columns(2)
        password = left.text_input(
            t("password"), type="password", key="administration_add_password"
        )
        again = right.text_input(
            t("password_again"), type="password", key="administration_add_again"
        )
        submitted = st.form_submit_button(
            t("administration_btn_add"), type="primary", key="administration_btn_add"
        )
    if submitted:
        if password != again:
            st.error(t("passwords_differ"))
            return
        username, name = username.strip(), name.strip()
        _write(
            "user_added",
            lambda: add_user(username, password, role, name),
            {"username": username, "role": role},
            t("administration_done_add", name=shell.plain(username), role=sign_in.role_label(role)),
        )


def _manage_forms(me: str) -> None:
    """Reset a password, change a role, remove an account."""
    accounts = load_users()
    if not accounts:
        return
    st.markdown(f"**{t('administration_manage')}**")
    chosen = st.selectbox(t("administration_pick_user"), list(accounts), key="administration_pick")
    account = accounts[chosen]
    _act_on_account(me, chosen, account, _account_forms(account))


def _account_forms(account) -> dict[str, Any]:
    """The three small forms for the chosen account; what was asked in them."""
    reset_col, role_col, remove_col = st.columns(3)
    asked: dict[str, Any] = {}
    with reset_col.form("administration_reset", border=True):
        st.caption(t("administration_reset"))
        asked["password"] = st.text_input(
            t("administration_new_password"), type="password", key="administration_reset_password"
        )
        asked["again"] = st.text_input(
            t("password_again"), type="password", key="administration_reset_again"
        )
        asked["reset"] = st.form_submit_button(
            t("administration_btn_reset"), key="administration_btn_reset"
        )
    with role_col.form("administration_role_form", border=True):
        st.caption(t("administration_role"))
        asked["role"] = st.selectbox(
            t("administration_col_role"),
            ROLES,
            index=ROLES.index(account.role),
            format_func=sign_in.role_label,
            key="administration_role",
        )
        asked["change_role"] = st.form_submit_button(
            t("administration_btn_role"), key="administration_btn_role"
        )
    with remove_col.form("administration_remove_form", border=True):
        st.caption(t("administration_remove"))
        asked["confirm"] = st.checkbox(
            t("administration_remove_confirm"), key="administration_remove_confirm"
        )
        asked["remove"] = st.form_submit_button(
            t("administration_btn_remove"), type="primary", key="administration_btn_remove"
        )
    return asked


def _act_on_account(me: str, chosen: str, account, asked: dict[str, Any]) -> None:
    """Carry out what was asked in the account forms (never on one's own role or account)."""
    shown = shell.plain(chosen)
    if asked["reset"]:
        if asked["password"] != asked["again"]:
            st.error(t("passwords_differ"))
            return
        _write(
            "password_reset",
            lambda: reset_password(chosen, asked["password"]),
            {"username": chosen},
            t("administration_done_reset", name=shown),
        )
    if (asked["change_role"] or asked["remove"]) and chosen == me:
        st.error(t("administration_not_yourself"), icon=":material/block:")
        return
    role = asked["role"]
    if asked["change_role"] and role != account.role:
        _write(
            "role_changed",
            lambda: set_role(chosen, role),
            {"username": chosen, "from": account.role, "to": role},
            t("administration_done_role", name=shown, role=sign_in.role_label(role)),
        )
    if asked["remove"]:
        if not asked["confirm"]:
            st.error(t("administration_confirm_first"))
            return
        _write(
            "user_removed",
            lambda: remove_user(chosen),
            {"username": chosen, "role": account.role},
            t("administration_done_remove", name=shown),
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
    st.caption(t("administration_audit_intro"))
    con = db.connection()
    known = choices(con)
    today = dt.date.today()
    first_day = known["days"][0] if known["days"] else today
    with st.form("administration_audit_filters", border=False):
        left, middle, right = st.columns([2, 2, 2])
        actions = left.multiselect(
            t("administration_f_actions"),
            known["actions"],
            format_func=_action_label,
            placeholder=t("administration_f_all"),
            key="administration_f_actions",
        )
        actors = middle.multiselect(
            t("administration_f_actors"),
            known["actors"],
            placeholder=t("administration_f_all"),
            key="administration_f_actors",
        )
        days = right.date_input(
            t("administration_f_days"),
            value=(max(first_day, today - dt.timedelta(days=90)), today),
            max_value=today,
            key="administration_f_days",
        )
        st.form_submit_button(
            t("administration_f_apply"), icon=":material/filter_alt:", key="administration_f_apply"
        )
    since, until = (days + (days[-1],))[:2] if isinstance(days, tuple) and days else (None, None)
    found = entries(con, action=actions, actor=actors, since=since, until=until, limit=AUDIT_LIMIT)
    st.caption(
        t(
            "administration_range",
            since=fmt_date(since) if since else "–",
            until=fmt_date(until) if until else "–",
            n=f"{len(found):,}",
        )
    )
    if found.empty:
        st.info(t("administration_no_entries"), icon=":material/history:")
        return
    if len(found) >= AUDIT_LIMIT:
        st.caption(t("administration_capped", n=AUDIT_LIMIT))
    shown = _audit_table(found)
    st.dataframe(shown, hide_index=True, width="stretch")
    shell.download_buttons(shown, "audit_trail", key="administration_audit")


def _audit_table(found: pd.DataFrame) -> pd.DataFrame:
    """The audit entries as shown: dates as users read them, actions and roles in words."""
    return pd.DataFrame(
        {
            t("administration_col_when"): [
                fmt_date(v.to_pydatetime(), with_time=True) for v in found["logged_at"]
            ],
            t("administration_col_actor"): found["actor"],
            t("administration_col_role"): [
                sign_in.role_label(r) if r else "" for r in found["role"]
            ],
            t("administration_col_action"): [_action_label(a) for a in found["action"]],
            t("administration_col_detail"): [_detail_text(d) for d in found["detail"]],
        }
    )


def _backups_view() -> None:
    """The backups beside the database, and a button to make one now."""
    path = default_db_path()
    st.caption(t("administration_backups_intro", db=shell.plain(path)))
    if st.button(
        t("administration_btn_backup"), icon=":material/backup:", key="administration_backup"
    ):
        sign_in.require("make_backup")
        try:
            made = backup_now(db.connection(), path)
        except (OSError, StoreError) as exc:
            message = pick(exc.th, exc.en) if isinstance(exc, StoreError) else str(exc)
            st.error(shell.plain(message), icon=":material/error:")
        else:
            sign_in.record("backup_made", {"file": made.path.name, "size": made.size})
            st.session_state[FLASH_KEY] = t(
                "administration_done_backup", file=shell.plain(made.path.name)
            )
            st.rerun()
    found = list_backups(path)
    if not found:
        st.caption(t("administration_no_backups"))
    else:
        shown = pd.DataFrame(
            {
                t("administration_col_file"): [b.path.name for b in found],
                t("administration_col_label"): [b.label for b in found],
                t("administration_col_size"): [round(b.size / (1024 * 1024), 2) for b in found],
                t("administration_col_made"): [fmt_date(b.modified, with_time=True) for b in found],
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(t("administration_restore_how"))
    st.code(
        f"python -m loaders restore {found[0].path if found else 'BACKUP'} --db {path}",
        language="bash",
    )


def _backups_and_snapshot() -> None:
    """The backups, then the Parquet snapshot for a ministry roll-up (issue 16)."""
    _backups_view()
    snapshot_view.snapshot_section()


def _users_view(me: str) -> None:
    """The accounts, the forms that change them and the open sessions."""
    if sign_in.oidc_configured():
        st.info(t("administration_oidc_note"), icon=":material/badge:")
    table = _users_table()
    if table.empty:
        st.caption(t("administration_no_users"))
    else:
        st.dataframe(table, hide_index=True, width="stretch")
    _add_form()
    _manage_forms(me)
    _sessions_view(sign_in.session_id())


shell.access_guard()
shell.sample_banner()
me = sign_in.require("manage_users")
st.title(t("administration_title"))
st.caption(t("administration_intro"))
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

shell.sections(
    "administration",
    [
        (t("administration_tab_users"), lambda: _users_view(me["username"])),
        (
            t("administration_tab_settings"),
            lambda: settings_editor(db.connection(), dt.date.today()),
        ),
        (t("administration_tab_audit"), _audit_view),
        (t("administration_tab_backups"), _backups_and_snapshot),
        (t("ex_public"), lambda: export_view.public_register_section(dt.date.today())),
    ],
)
