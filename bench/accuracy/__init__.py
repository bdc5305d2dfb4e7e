"""Accuracy harness: a labelled evaluation set of reports and the scores of the extraction on it.

`python -m bench.accuracy` (or `make accuracy`) prints recall and precision per category and per
layout, and the worst misses. The reports under reports/ were written for this project in the
shapes of real published reports; the five seeds (data/samples) are scored with their labels too.
"""
