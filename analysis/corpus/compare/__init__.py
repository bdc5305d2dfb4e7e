"""Compare two sides (a branch, or a group of reports) in words, themes, practices, numbers, formulations.

A side is a set of report ids. `compare_sides` computes everything the comparison page and the
exports show and returns one frozen `Comparison`; every part is also a small pure function so the
page can recompute one of them (e.g. the practice alignment when the user moves the threshold).

One module per concern, each read as a sentence: compare.word_contrast, compare.theme_contrast,
compare.measure_alignment, compare.number_contrast, compare.formulation_contrast, compare.sides,
compare.comparison (the whole), compare.summary (plain Chinese), compare.explain (what each
statistic means, and the methods), compare.as_json (the CLI's JSON).
"""

from analysis.core.facts import REDACTED
from analysis.corpus.compare.as_json import comparison_to_dict
from analysis.corpus.compare.comparison import (
    Comparison,
    compare_sides,
    overall_similarity,
    realign,
    similarity_parts,
)
from analysis.corpus.compare.explain import METHODS, PER_10K, READING, method_notes, reading
from analysis.corpus.compare.formulation_contrast import (
    FORMULATION_COLUMNS,
    STATUS_A,
    STATUS_B,
    STATUS_BOTH,
    STATUS_TEXT,
    formulations_compare,
    status_text,
)
from analysis.corpus.compare.measure_alignment import (
    DEFAULT_THRESHOLD,
    ONLY_COLUMNS,
    PAIR_COLUMNS,
    STRONG_THRESHOLD,
    TIER_POSSIBLE,
    TIER_STRONG,
    TIER_TEXT,
    MeasureAlignment,
    align_measures,
    assign_pairs,
    comparable_practice,
    measure_similarity,
    practice_measures,
    practice_units,
    split_paragraphs,
)
from analysis.corpus.compare.number_contrast import (
    INDICATOR_DETAIL_COLUMNS,
    NUMBER_COLUMNS,
    indicator_details,
    indicators_side_by_side,
    normalize_unit,
    shown_unit,
)
from analysis.corpus.compare.sides import (
    GROUP_BY,
    group_ids,
    group_options,
    org_terms,
    report_names,
    side_label,
    side_term_counts,
    term_contexts,
)
from analysis.corpus.compare.summary import SIMILARITY_PARTS, measure_sentences, summarize
from analysis.corpus.compare.theme_contrast import (
    EVIDENCE_COLUMNS,
    THEME_COLUMNS,
    ThemeProfile,
    theme_profiles,
    top_theme_differences,
)
from analysis.corpus.compare.word_contrast import (
    LOG_ODDS_COLUMNS,
    SCATTER_COLUMNS,
    Z_DISTINCTIVE,
    cosine,
    distinctive_terms,
    diverging_terms,
    jaccard,
    log_odds_dirichlet,
    similarity,
    similarity_label,
    term_scatter,
)

__all__ = [
    "METHODS",
    "PER_10K",
    "READING",
    "STRONG_THRESHOLD",
    "TIER_POSSIBLE",
    "TIER_STRONG",
    "TIER_TEXT",
    "assign_pairs",
    "measure_sentences",
    "method_notes",
    "org_terms",
    "practice_units",
    "reading",
    "split_paragraphs",
    "DEFAULT_THRESHOLD",
    "EVIDENCE_COLUMNS",
    "FORMULATION_COLUMNS",
    "GROUP_BY",
    "INDICATOR_DETAIL_COLUMNS",
    "LOG_ODDS_COLUMNS",
    "NUMBER_COLUMNS",
    "ONLY_COLUMNS",
    "PAIR_COLUMNS",
    "REDACTED",
    "SCATTER_COLUMNS",
    "SIMILARITY_PARTS",
    "STATUS_A",
    "STATUS_B",
    "STATUS_BOTH",
    "STATUS_TEXT",
    "THEME_COLUMNS",
    "Z_DISTINCTIVE",
    "Comparison",
    "MeasureAlignment",
    "ThemeProfile",
    "align_measures",
    "comparable_practice",
    "compare_sides",
    "comparison_to_dict",
    "cosine",
    "distinctive_terms",
    "diverging_terms",
    "formulations_compare",
    "group_ids",
    "group_options",
    "indicator_details",
    "indicators_side_by_side",
    "jaccard",
    "log_odds_dirichlet",
    "measure_similarity",
    "normalize_unit",
    "overall_similarity",
    "practice_measures",
    "realign",
    "report_names",
    "side_label",
    "side_term_counts",
    "similarity",
    "shown_unit",
    "similarity_label",
    "similarity_parts",
    "status_text",
    "summarize",
    "term_contexts",
    "term_scatter",
    "theme_profiles",
    "top_theme_differences",
]
