"""Launcher: dashboard.py served with HttpOnly sign-in cookies and guarded Streamlit endpoints.

`./scripts/start` runs `streamlit run serve.py` (what it adds: auth/web.py). While no account
exists it prints the one-time code that creating the first administrator needs."""

from __future__ import annotations

import plotly.express  # noqa: F401  imported while the server starts, not in the first page's run
import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from auth import first_run, handoff
from auth.users import has_users
from auth.web import GuardEndpoints, set_cookies, start_upload_sweeper
from ui import failure_notice, shell, sign_in  # noqa: F401  the router's modules, loaded at start too
from ui.db import prepare_in_background
from ui.routing import use_the_router_only

use_the_router_only()  # pages/ is the router's folder of views, never Streamlit's legacy pages
# The store is opened, and the sample loaded on a first start, while the server comes up: the
# first page shows a progress bar until that is done, never a blank screen (ui/db.py).
prepare_in_background()

if not has_users():
    first_run.code()  # on the terminal of ./scripts/start, before any browser comes

start_upload_sweeper()  # files of browser sessions that are gone are dropped (auth/web.py)
app = st.App(
    "dashboard.py",
    routes=[Route(handoff.ROUTE, set_cookies, methods=["POST"])],
    middleware=[Middleware(GuardEndpoints)],
)
