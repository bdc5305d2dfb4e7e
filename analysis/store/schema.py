"""The corpus store's tables, the same on SQLite and PostgreSQL.

Columns added to `reports` after the first release are in analysis/store/report_columns.py
(ADDED_COLUMNS): every open adds those an older store lacks. New tables are simply created.
"""

from analysis.store.facts import FACTS_SCHEMA

# {id} and {blob} are the two types spelled differently by the backends (analysis/store/backends.py).
SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    id {id},
    sha256 TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    fmt TEXT NOT NULL,
    encoding TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    branch TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    year INTEGER,
    kind TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    hints TEXT NOT NULL DEFAULT '[]',
    chars INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS analyses (
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    data {blob} NOT NULL,
    PRIMARY KEY (sha256, fingerprint)
);
CREATE TABLE IF NOT EXISTS resources (
    name TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roster (
    position INTEGER NOT NULL,
    name TEXT PRIMARY KEY,
    parent TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS identities (
    sha256 TEXT PRIMARY KEY,
    guess TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    confidence REAL NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    parent TEXT NOT NULL DEFAULT '',
    candidates TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS scans (
    file_sha256 TEXT PRIMARY KEY,
    text_sha256 TEXT NOT NULL,
    fmt TEXT NOT NULL,
    text TEXT NOT NULL,
    confidence DOUBLE PRECISION,
    created_at TEXT NOT NULL
);
"""
    + FACTS_SCHEMA
)
