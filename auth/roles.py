"""Roles and what each may do: pages it may open and writes it may make."""

from __future__ import annotations

from auth.users import ROLES

VIEW_PAGES = ("overview", "scorecard", "operations", "comparisons", "egov-score")

# Page (its URL path) -> roles that may open it. A page not listed here is for admins only.
PAGE_ROLES: dict[str, tuple[str, ...]] = {
    **{page: ROLES for page in VIEW_PAGES},
    "across-agencies": ROLES,  # roll-up mode only (dashboard.py)
    "what-if": ("planner", "admin"),
    "import": ("it_staff", "admin"),
    "administration": ("admin",),
}

# Write action -> roles that may make it.
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "upload": ("it_staff", "admin"),
    "manage_sample": ("it_staff", "admin"),
    "download_template": ("it_staff", "admin"),
    "save_assessment": ("planner", "admin"),
    "edit_targets": ("admin",),
    "manage_users": ("admin",),
    "view_audit": ("admin",),
    "make_backup": ("admin",),
    "publish_register": ("admin",),
    "make_snapshot": ("admin",),
}


def may_open(role: str | None, url_path: str) -> bool:
    """Whether a role may open the page at this URL path."""
    return role is not None and role in PAGE_ROLES.get(url_path, ("admin",))


def may(role: str | None, action: str) -> bool:
    """Whether a role may make this write."""
    return role is not None and role in ACTION_ROLES.get(action, ())
