"""The one save path of a report read from a file: its row and its identity record in one
transaction, used by the CLI, the upload page and the samples loader, so a crash between the two
writes cannot leave a report that never reaches 待确认."""

from __future__ import annotations

from analysis.core.models import Extracted
from analysis.store.database import AddResult, CorpusStore, new_record
from analysis.store.report_columns import stored_meta
from analysis.store.roster import has_identity, record_identity_in
from analysis.text.metadata import Metadata


def save_report(store: CorpusStore, filename: str, doc: Extracted, meta: Metadata) -> AddResult:
    """Store one report with its identity record, in one transaction; a duplicate whose identity
    row is missing gets it too."""
    with store._tx() as con:
        result = store.insert_in(con, new_record(filename, doc, stored_meta(meta)))
        if result.status == "added" or not has_identity(con, result.sha256):
            record_identity_in(con, result.sha256, meta)
    return result
