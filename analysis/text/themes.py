"""The theme dictionary and theme scoring: one import for callers, three modules by concern.

- `theme_dictionary`: the model, parsing (bounded, line-numbered errors), dumping, editing;
- `theme_scoring`: scores with evidence sentences, measure tagging, theme tables;
- `theme_results`: compact per-report results and their stored form.
"""

from __future__ import annotations

from analysis.text.theme_dictionary import (
    MAX_DICTIONARY_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_THEME_WORDS,
    MAX_THEMES,
    MAX_TOTAL_WORDS,
    MAX_WORD_CHARS,
    THEME_KEYS,
    Theme,
    ThemeDictionary,
    add_theme,
    add_word,
    check_word,
    dump_theme_dictionary,
    parse_theme_dictionary,
    remove_theme,
    remove_word,
)
from analysis.text.theme_results import (
    THEMES_VERSION,
    ReportThemes,
    report_themes,
    report_themes_from_dict,
    report_themes_to_dict,
    themes_fingerprint,
)
from analysis.text.theme_scoring import (
    MAX_EVIDENCE,
    TITLE_WEIGHT,
    _automaton,
    _tagger,
    evidence_sentence,
    hits_by_theme,
    measure_themes,
    per10k,
    score_themes,
    tag_measures,
    term_hits,
    theme_matrix,
    top_themes,
)

__all__ = [
    "MAX_DICTIONARY_CHARS",
    "MAX_EVIDENCE",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "MAX_THEMES",
    "MAX_THEME_WORDS",
    "MAX_TOTAL_WORDS",
    "MAX_WORD_CHARS",
    "THEMES_VERSION",
    "THEME_KEYS",
    "TITLE_WEIGHT",
    "ReportThemes",
    "Theme",
    "ThemeDictionary",
    "_automaton",
    "_tagger",
    "add_theme",
    "add_word",
    "check_word",
    "dump_theme_dictionary",
    "evidence_sentence",
    "hits_by_theme",
    "measure_themes",
    "parse_theme_dictionary",
    "per10k",
    "remove_theme",
    "remove_word",
    "report_themes",
    "report_themes_from_dict",
    "report_themes_to_dict",
    "score_themes",
    "tag_measures",
    "term_hits",
    "theme_matrix",
    "themes_fingerprint",
    "top_themes",
]
