"""Streamlit building blocks shared by the pages: store access, language, page shell, exports."""
