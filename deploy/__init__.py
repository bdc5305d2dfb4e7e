"""The multi-process deployment of the app: N Streamlit processes behind nginx (deploy/README.md)."""
