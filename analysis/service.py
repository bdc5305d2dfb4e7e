"""The door from the pages into analysis: what views/ and app.py use of the store, the text
analysis and the readers, named in one place.

Pages import from here, from analysis.corpus and analysis.output (the layers that build what a
page shows) and analysis.core (types, facts, escaping); never from analysis.io, analysis.text or
analysis.store directly (import-linter contract in pyproject.toml). A page's need of a lower
layer is thus visible in one list, and a change there has one place to look.
"""

from __future__ import annotations

from analysis.io.limits import max_file_bytes
from analysis.io.ocr import confidence_badge, low_confidence_warning
from analysis.io.zipped import SUPPORTED
from analysis.store import archive, auth, roster_file, uploads
from analysis.store import roster as rosters
from analysis.store.connection_url import is_url
from analysis.store.database import ConflictError, CorpusStore, default_location
from analysis.store.edits import changed_fields
from analysis.store.integrity import StoreDamagedError, check_store
from analysis.store.report_columns import original_writing, read_by_ocr
from analysis.store.salvage import salvage_archive
from analysis.text import keywords, theme_dictionary
from analysis.text.lexicon import Lexicon, build_lexicon
from analysis.text.metadata import KINDS
from analysis.text.pipeline import failure_message
from analysis.text.roster import Roster
from analysis.text.theme_dictionary import (
    ThemeDictionary,
)

__all__ = [
    "KINDS",
    "SUPPORTED",
    "ConflictError",
    "CorpusStore",
    "Lexicon",
    "Roster",
    "StoreDamagedError",
    "ThemeDictionary",
    "archive",
    "auth",
    "build_lexicon",
    "changed_fields",
    "check_store",
    "confidence_badge",
    "default_location",
    "failure_message",
    "is_url",
    "low_confidence_warning",
    "max_file_bytes",
    "original_writing",
    "read_by_ocr",
    "salvage_archive",
    "uploads",
    "keywords",
    "roster_file",
    "rosters",
    "theme_dictionary",
]
