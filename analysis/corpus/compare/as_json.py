"""A comparison as a JSON-able dict (the CLI's output without --pptx/--xlsx/--html)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus.compare.comparison import Comparison


def _records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as JSON-able dicts (NaN -> None)."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else _plain(v)) for k, v in row.items()}
        for row in df.to_dict(orient="records")
    ]


def _plain(v: Any) -> Any:
    """numpy scalars as Python values."""
    return v.item() if isinstance(v, np.generic) else v


def comparison_to_dict(c: Comparison, n_terms: int = 30) -> dict:
    """A JSON-able dict of a comparison (the CLI output without --pptx/--xlsx)."""
    da, db = c.distinctive(n_terms)
    return {
        "label_a": c.label_a,
        "label_b": c.label_b,
        "reports_a": list(c.reports_a),
        "reports_b": list(c.reports_b),
        "chars_a": c.chars_a,
        "chars_b": c.chars_b,
        "similarity": c.similarity,
        "similarity_parts": c.similarity_parts,
        "summary": list(c.summary),
        "org_names": c.org_names,  # whether organization names were counted among the words
        "distinctive_a": _records(da.round(4)),
        "distinctive_b": _records(db.round(4)),
        "themes": _records(c.themes.table),
        "theme_evidence": _records(c.themes.evidence),
        "measures": {
            "threshold": c.measures.threshold,
            "strong_threshold": c.measures.strong_threshold,
            "pairs": _records(c.measures.pairs.drop(columns=["text_a", "text_b"])),
            "only_a": _records(c.measures.only_a.drop(columns=["text"])),
            "only_b": _records(c.measures.only_b.drop(columns=["text"])),
        },
        "numbers": _records(c.numbers),
        "formulations": _records(c.formulations),
    }
