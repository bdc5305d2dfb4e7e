"""Formulations (提法) of two sides: who uses which, and the Chinese wording of that status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd

from analysis.core.models import Formulation

# Status codes of a formulation or a measure, and their Chinese wording ({a}/{b}: side labels).
STATUS_BOTH, STATUS_A, STATUS_B = "both", "a", "b"
STATUS_TEXT = {STATUS_BOTH: "双方共有", STATUS_A: "仅{a}", STATUS_B: "仅{b}"}

FORMULATION_COLUMNS = ["term", "count_a", "count_b", "numbered", "status"]


def formulations_compare(
    forms_a: Iterable[Formulation], forms_b: Iterable[Formulation]
) -> pd.DataFrame:
    """Formulations and named initiatives of both sides with counts; status both / a / b.

    Sorted shared first, then A's, then B's, each by total count.
    """
    ca: Counter[str] = Counter()
    cb: Counter[str] = Counter()
    numbered: dict[str, bool] = {}
    for counter, forms in ((ca, forms_a), (cb, forms_b)):
        for f in forms:
            counter[f.term] += f.count
            numbered[f.term] = numbered.get(f.term, False) or f.numbered
    rows = []
    for term in set(ca) | set(cb):
        status = STATUS_BOTH if ca[term] and cb[term] else (STATUS_A if ca[term] else STATUS_B)
        rows.append((term, ca[term], cb[term], numbered[term], status))
    rank = {STATUS_BOTH: 0, STATUS_A: 1, STATUS_B: 2}
    rows.sort(key=lambda r: (rank[r[4]], -(r[1] + r[2]), r[0]))
    return pd.DataFrame(rows, columns=FORMULATION_COLUMNS)


def status_text(status: str, label_a: str, label_b: str) -> str:
    """Chinese wording of a status code, e.g. "仅兴城投资党支部"."""
    return STATUS_TEXT.get(status, status).format(a=label_a, b=label_b)
