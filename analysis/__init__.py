"""Analysis layer of 党建报告分析看板: pure Python, no Streamlit. See README for the module map."""
