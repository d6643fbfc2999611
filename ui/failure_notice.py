"""What a user sees when a page fails: a reference number that the server log has, never a
traceback, an exception message or a server path (those go to the log only)."""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from loaders.store import StoreError, default_db_path, latest_backup
from ui.i18n import t

LOG = logging.getLogger("linkage.dashboard")
if not logging.getLogger().handlers and not LOG.handlers:  # Streamlit configures its own only
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)


class PageFailed(Exception):
    """What a user is shown in place of a page's exception: a message with its reference only.

    Shown with st.exception (so tests still see a failed page as an exception) but created,
    never raised: it has no traceback, and its type reads as the localised word "Error".
    """

    def __init__(self, message: str, title: str) -> None:
        super().__init__(message)
        self.alternate_name = title  # Streamlit shows this instead of the class name


def reference() -> str:
    """A short random reference that ties what a user saw to a line of the server log."""
    return secrets.token_hex(4).upper()


def log_failure(exc: BaseException, what: str) -> str:
    """Log an exception with its traceback under a new reference; return the reference."""
    ref = reference()
    LOG.error("ref %s: %s", ref, what, exc_info=exc)
    return ref


def store_unavailable(exc: StoreError) -> None:
    """Say the database cannot be opened, without its path: the log has the details.

    An administrator also sees the latest backup's file name (never its folder).
    """
    if exc.busy:
        log_failure(exc, "database busy")
        st.warning(t("store_busy"), icon=":material/hourglass_top:")  # label in ui/i18n.py
        return
    ref = log_failure(exc, f"database unavailable: {exc.en}")
    st.error(t("store_damaged", ref=ref), icon=":material/error:")
    if _is_admin():
        backup = latest_backup(default_db_path())
        text = t("store_backup_name", name=backup.name) if backup else t("store_no_backup")
        st.text(text)  # plain text: a backup's label was typed by someone


def _is_admin() -> bool:
    """Whether the signed-in user may make backups (False when that cannot be told)."""
    try:
        from ui import sign_in  # imported here: sign_in draws with modules that import this one

        return sign_in.can("make_backup")
    except Exception:  # the users or sessions file unreadable too: tell nobody
        return False


@contextmanager
def reported() -> Iterator[None]:
    """Run a page: an exception is logged with a reference and the user sees only that reference.

    st.stop, st.rerun and page switches are not exceptions (Streamlit's control flow passes).
    """
    try:
        yield
    except StoreError as exc:
        store_unavailable(exc)
    except Exception as exc:
        ref = log_failure(exc, "page failed")
        st.exception(PageFailed(t("error_ref", ref=ref), t("error_title")))
