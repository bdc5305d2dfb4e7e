"""The one home of plotly figures: each chart is built once here and styled for its medium.

Builders (comparison.py, briefing.py, tables.py, corpus.py) return a neutral figure whose every
user-controlled label is escaped with `style.label`; `style.for_screen`, `style.for_document` and
`style.for_projector` dress it for a page, a standalone HTML/PNG export or a presentation screen.
Pages, presentation mode and the exports all call the same builder, so a chart never differs
between them.
"""
