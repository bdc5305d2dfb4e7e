"""The theme dictionary and theme scoring: one import for callers, three modules by concern.

- `theme_dictionary`: the model, parsing (bounded, line-numbered errors), dumping, editing;
- `theme_scoring`: scores with evidence sentences, measure tagging, theme tables;
- `theme_results`: compact per-report results and their stored form.
"""

from __future__ import annotations
