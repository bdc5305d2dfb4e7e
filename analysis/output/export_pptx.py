"""PowerPoint decks (python-pptx, 16:9) of a comparison and of a briefing.

Charts are native PowerPoint charts (editable in PowerPoint and WPS: bar, column, radar), word
clouds are PNG pictures, tables are tables. The decks are built in output.slide_parts (fonts, text,
tables, charts), output.comparison_slides and output.briefing_slides; this module is their front.
"""
