"""雷同检测: passages two reports share, each report's 文字复制比, and what changed since last year.

One definition of "shared" for the page, the export and the command line:
`normalise` (what matching ignores), `prints` (winnowed fingerprints), `index` (fingerprint ->
reports, document frequency, 通用表述), `passages` (exact spans on the index's candidate pairs)
and `check` (one report's check and the corpus' pairs).
"""
