"""Compare two sides (a branch, or a group of reports) in words, themes, practices, numbers, formulations.

A side is a set of report ids. `comparison.compare_sides` computes everything the comparison page and the
exports show and returns one frozen `comparison.Comparison`; every part is also a small pure function so the
page can recompute one of them (e.g. the practice alignment when the user moves the threshold).

One module per concern, each read as a sentence: compare.word_contrast, compare.theme_contrast,
compare.measure_alignment, compare.number_contrast, compare.formulation_contrast, compare.sides,
compare.comparison (the whole), compare.summary (plain Chinese), compare.explain (what each
statistic means, and the methods), compare.as_json (the CLI's JSON).
"""
