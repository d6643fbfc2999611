"""Sign-in for the dashboard: local accounts (or OpenID Connect via st.login), roles, first admin."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from auth import audit, first_run, handoff, sessions
from auth.roles import may, may_open
from auth.users import (
    ROLE_LABELS,
    ROLES,
    AuthError,
    add_user,
    authenticate,
    has_users,
    load_users,
    remember_device,
)
from ui import db, shell
from ui.i18n import pick, t
from ui.shell import plain

USER_KEY = "auth_user"  # {"username", "role", "display_name", "via"}; no widget owns it
TOKEN_KEY = "_auth_token"  # this session's remembered-sign-in token
COOKIE_ACTION_KEY = "_auth_cookie"  # cookie values for the browser, handed over on the next run


def role_label(role: str) -> str:
    """A role's name in the language in use."""
    th, en = ROLE_LABELS.get(role, (role, role))
    return pick(th, en)


def _oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml configures an OpenID Connect provider for st.login."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _oidc_user() -> dict[str, Any] | None:
    """The signed-in OIDC user with a role mapped from a claim (secrets [linkage_roles])."""
    if not st.user.is_logged_in:
        return None
    settings = st.secrets.get("linkage_roles", {})
    claim = settings.get("claim", "roles")
    mapping = settings.get("map", {})
    values = st.user.get(claim) or []
    values = [values] if isinstance(values, str) else list(values)
    roles = [mapping.get(v, v) for v in values]
    role = next((r for r in ("admin", "it_staff", "planner", "executive") if r in roles), None)
    name = st.user.get("email") or st.user.get("name") or "oidc-user"
    return {
        "username": name,
        "role": role,
        "display_name": st.user.get("name") or name,
        "via": "oidc",
    }


def oidc_configured() -> bool:
    """Whether sign-in goes through the organisation's OpenID Connect provider (st.login)."""
    return _oidc_configured()


def current_user() -> dict[str, Any] | None:
    """The signed-in user of this session (or of the browser's remembered sign-in), or None."""
    if _oidc_configured():
        return _oidc_user()
    user = st.session_state.get(USER_KEY)
    if user is None:
        return _resume_from_cookie()
    return _still_valid(user)


def _still_valid(user: dict[str, Any]) -> dict[str, Any] | None:
    """The session's user as the users file has it now: an account removed meanwhile is signed
    out, a changed role applies from the next run (not only at the next sign-in)."""
    account = load_users().get(user.get("username", ""))
    ended = TOKEN_KEY in st.session_state and sessions.resolve(st.session_state[TOKEN_KEY]) is None
    if account is None or ended:  # removed, or signed out by a reset or an administrator
        st.session_state.pop(USER_KEY, None)
        st.session_state.pop(TOKEN_KEY, None)
        return None
    if account.role != user.get("role"):
        user = {**user, "role": account.role}
        st.session_state[USER_KEY] = user
    return user


def _resume_from_cookie() -> dict[str, Any] | None:
    """A page reload opens a new session: take the user back from the sign-in cookie."""
    try:
        token = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # no browser request (tests, bare mode)
        return None
    if not isinstance(token, str):  # AppTest's context gives a stand-in object
        return None
    username = sessions.resolve(token)
    account = load_users().get(username) if username else None
    if account is None:
        return None
    user = {
        "username": account.username,
        "role": account.role,
        "display_name": account.display_name or account.username,
        "via": "local",
    }
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = token
    return user


def _cookie_script() -> None:
    """Hand the pending cookie values to the browser: the page posts a one-time code to
    serve.py, which sets them HttpOnly (the tokens never appear in the page)."""
    cookies = st.session_state.pop(COOKIE_ACTION_KEY, None)
    if not cookies:
        return
    code = handoff.offer(cookies)
    st.html(
        f"<script>fetch({json.dumps(handoff.ROUTE)}, {{method: 'POST', body: "
        f"{json.dumps(code)}, credentials: 'same-origin'}});</script>",
        unsafe_allow_javascript=True,
    )


def _browser_cookie(name: str) -> str | None:
    """A cookie the browser sent with this session's connection (None outside a browser)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser request (tests, bare mode)
        return None
    return value if isinstance(value, str) else None


def _client_address() -> str:
    """The address the browser connects from (the proxy's, behind a reverse proxy)."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser request
        return ""
    return address if isinstance(address, str) else ""  # AppTest gives a stand-in object


def _first_admin_page() -> None:
    """Create the first administrator: only while no user exists, only with the one-time code
    printed on the server's terminal (auth/first_run.py)."""
    first_run.code()  # printed now if serve.py did not already
    st.title(t("first_title"))
    st.caption(t("first_intro"))
    with st.form("first_admin"):
        typed_code = st.text_input(t("first_code"), type="password")
        username = st.text_input(t("username"), value="admin")
        display_name = st.text_input(t("display_name"))
        password = st.text_input(t("password"), type="password")
        again = st.text_input(t("password_again"), type="password")
        submitted = st.form_submit_button(t("first_create"), type="primary")
    if submitted:
        if password != again:
            st.error(t("passwords_differ"))
            return
        if has_users():  # someone else was quicker: this page no longer exists
            st.rerun()
        if not first_run.matches(typed_code):
            audit.record(db.connection(), username.strip()[:64], "", "first_admin_code_wrong")
            st.error(t("first_code_wrong"))
            return
        try:
            user = add_user(username.strip(), password, "admin", display_name.strip())
        except AuthError as exc:
            st.error(plain(pick(exc.th, exc.en)))
            return
        first_run.spend()
        _sign_in(user.username, user.role, user.display_name, "first_admin_created")
        st.rerun()


def _sign_in(username: str, role: str, display_name: str, action: str = "sign_in") -> None:
    """Remember the user in this session and write the audit entry."""
    st.session_state[USER_KEY] = {
        "username": username,
        "role": role,
        "display_name": display_name or username,
        "via": "local",
    }
    token = sessions.start(username)
    st.session_state[TOKEN_KEY] = token
    st.session_state[COOKIE_ACTION_KEY] = {
        sessions.COOKIE: token,
        sessions.DEVICE_COOKIE: remember_device(username),
    }
    audit.record(db.connection(), username, role, action)


def _sign_in_page() -> None:
    """The sign-in form for local accounts (wrong passwords make only their client wait)."""
    st.title(t("signin_title"))
    st.caption(t("signin_intro"))
    with st.form("sign_in"):
        username = st.text_input(t("username"))
        password = st.text_input(t("password"), type="password")
        submitted = st.form_submit_button(t("btn_signin"), type="primary")
    if submitted:
        try:
            user = authenticate(
                username.strip(),
                password,
                client=_client_address(),
                device=_browser_cookie(sessions.DEVICE_COOKIE),
            )
        except AuthError as exc:
            audit.record(db.connection(), username.strip()[:64], "", "sign_in_failed")
            st.error(plain(pick(exc.th, exc.en)))
            return
        _sign_in(user.username, user.role, user.display_name)
        st.rerun()


def signed_in_user() -> dict[str, Any] | None:
    """The signed-in user if they have a role in the dashboard, else None."""
    user = current_user()
    return user if user is not None and user.get("role") in ROLES else None


def sign_in_view() -> None:
    """The only page shown before sign-in: the sign-in form, or the first-run admin page."""
    _cookie_script()
    user = current_user()
    if _oidc_configured():
        if user is not None:
            st.warning(t("no_role"))
            st.button(t("btn_signout"), on_click=st.logout)
        else:
            st.title(t("signin_title"))
            st.caption(t("signin_intro"))
            st.button(t("signin_oidc"), on_click=st.login, type="primary")
    elif not has_users():
        _first_admin_page()
    else:
        _sign_in_page()


def session_id() -> str | None:
    """The listed id of this browser's session (sessions.Session.id), if signed in locally."""
    token = st.session_state.get(TOKEN_KEY)
    return sessions.session_id(token) if token else None


def sign_out() -> None:
    """Forget the session's user."""
    user = st.session_state.pop(USER_KEY, None)
    sessions.end(st.session_state.pop(TOKEN_KEY, None))
    st.session_state[COOKIE_ACTION_KEY] = {sessions.COOKIE: None}
    if user:
        audit.record(db.connection(), user["username"], user["role"], "sign_out")
    if _oidc_configured():
        st.logout()


def sidebar_account(user: dict[str, Any]) -> None:
    """Who is signed in, with the sign-out button, in the sidebar."""
    with st.sidebar:
        _cookie_script()
    name = plain(user["display_name"])  # typed by an administrator or sent by the OIDC provider
    st.sidebar.caption(t("signed_in_as", name=name, role=role_label(user["role"])))
    st.sidebar.button(t("btn_signout"), on_click=sign_out, key="sign_out", icon=":material/logout:")


def sign_in_pages(pages: dict[str, list[Any]]) -> list[Any]:
    """Before sign-in: the sign-in form under every page's URL path (nothing else is shown)."""
    return [
        st.Page(
            sign_in_view,
            title=t("signin_title"),
            url_path=_declared_path(page),
            default=bool(getattr(page, "_default", False)),
        )
        for entries in pages.values()
        for page in entries
    ]


def visible_pages(pages: dict[str, list[Any]], user: dict[str, Any]) -> dict[str, list[Any]]:
    """Only the pages this user's role may open (others are neither listed nor reachable)."""
    allowed: dict[str, list[Any]] = {}
    for group, entries in pages.items():
        kept = [p for p in entries if may_open(user["role"], _declared_path(p))]
        if kept:
            allowed[group] = kept
    return allowed


def _declared_path(page: Any) -> str:
    """The URL path a page was declared with (`url_path` reads "" for the default page)."""
    return page.url_path or str(getattr(page, "_url_path", ""))


def stop_if_read_only() -> None:
    """In roll-up mode (read-only for everyone), say so and end the page's run here."""
    if db.rollup_dir() is not None:
        st.info(t("rollup_read_only"), icon=":material/lock:")
        shell.stop()


def require(action: str) -> dict[str, Any]:
    """Check, on the server, that the signed-in user may make this write; stop the run if not."""
    user = current_user()
    role = user.get("role") if user else None
    stop_if_read_only()  # a roll-up of snapshots is read-only for everyone
    if not may(role, action):
        st.error(t("not_allowed", role=role_label(role or "-")))
        shell.stop()
    return user  # type: ignore[return-value]


def can(action: str) -> bool:
    """Whether the signed-in user may make this write (to show or hide its controls)."""
    user = current_user()
    if db.rollup_dir() is not None:  # read-only: no upload, edit or save is offered
        return False
    return may(user.get("role") if user else None, action)


def record(action: str, detail: dict[str, object] | None = None) -> None:
    """Write an audit entry for the signed-in user."""
    user = current_user() or {"username": "", "role": ""}
    audit.record(db.connection(), user["username"], user["role"], action, detail)
