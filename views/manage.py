"""数据管理: upload reports, edit their metadata, trash, edit dictionaries, backup and migration.

Writes (upload, edit, delete, resource edits, import) need the admin password when one is configured
(DJ_ADMIN_PASSWORD or Streamlit secrets `admin_password`); viewing stays open. Every user-provided
text is shown through tables or escaped, never as HTML. Each tab lives in its own module.
"""

from __future__ import annotations

import streamlit as st

from views import admin, new_words, roster, snapshot
from views.manage_backup import backup_tab
from views.manage_dictionaries import resources_tab
from views.manage_metadata import metadata_tab
from views.manage_upload import upload_tab

st.title("数据管理")
store = snapshot.get_store()
can_write = admin.admin_gate()
tab_upload, tab_meta, tab_res, tab_backup = st.tabs(
    ["上传报告", "报告元数据", "词典与资源", "备份与迁移"]
)
with tab_upload:
    upload_tab(store, can_write)
with tab_meta:
    metadata_tab(store, can_write)
    roster.section(store, can_write)
with tab_res:
    resources_tab(store, can_write)
    new_words.section(store, can_write)
with tab_backup:
    backup_tab(store, can_write)
