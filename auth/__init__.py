"""Who may do what: local accounts, roles and their permissions, and the audit trail (no Streamlit)."""
