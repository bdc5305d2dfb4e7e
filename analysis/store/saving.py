"""The one save path of a report read from a file: its row and its identity record in one
transaction, used by the CLI, the upload page and the samples loader, so a crash between the two
writes cannot leave a report that never reaches 待确认.

`save_reports` stores many in one transaction (batch ingest): a crash keeps every batch committed
before it and none of the current one half-written (re-running the ingest adds the rest).
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.core.models import Extracted
from analysis.store.backends import Conn
from analysis.store.database import AddResult, CorpusStore, new_record
from analysis.store.report_columns import stored_meta
from analysis.store.roster import has_identity, record_identity_in
from analysis.text.metadata import Metadata

Report = tuple[str, Extracted, Metadata]  # (file name, document, metadata)


def _save_in(
    store: CorpusStore, con: Conn, filename: str, doc: Extracted, meta: Metadata
) -> AddResult:
    """Insert one report and its identity inside an open transaction; a duplicate whose identity
    row is missing gets it too."""
    result = store.insert_in(con, new_record(filename, doc, stored_meta(meta)))
    if result.status == "added" or not has_identity(con, result.sha256):
        record_identity_in(con, result.sha256, meta)
    return result


def save_report(store: CorpusStore, filename: str, doc: Extracted, meta: Metadata) -> AddResult:
    """Store one report with its identity record, in one transaction."""
    with store._tx() as con:
        return _save_in(store, con, filename, doc, meta)


def save_reports(store: CorpusStore, reports: Sequence[Report]) -> list[AddResult]:
    """Store many reports, each with its identity record, in one transaction (all or none)."""
    with store._tx() as con:
        return [_save_in(store, con, name, doc, meta) for name, doc, meta in reports]
