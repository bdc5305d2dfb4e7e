"""Old import point of the page helpers, kept for views/compare.py and views/present.py until they
move to the helper modules (data, theme_data, search_data, filters, widgets, admin)."""

from views.admin import can_write
from views.data import EMPTY_HINT, corpus_keywords, formulations, get_corpus, get_store, get_texts
from views.filters import empty_state, filtered_corpus, officialese_on
from views.search_data import get_comparison
from views.theme_data import evidence_sentences, get_theme_dictionary, theme_tables
from views.widgets import safe_name, show_chart, show_table, show_wordcloud, table_downloads

__all__ = [
    "EMPTY_HINT",
    "can_write",
    "corpus_keywords",
    "empty_state",
    "evidence_sentences",
    "filtered_corpus",
    "formulations",
    "get_comparison",
    "get_corpus",
    "get_store",
    "get_texts",
    "get_theme_dictionary",
    "officialese_on",
    "safe_name",
    "show_chart",
    "show_table",
    "show_wordcloud",
    "table_downloads",
    "theme_tables",
]
