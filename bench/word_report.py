"""Time the Word draft of the analysis report on a generated corpus: `python -m bench.word_report 1000`.

Prints seconds for loading the corpus, building the briefing, and writing the .docx (issue 21's bar:
under 30 s at 1,000 reports). Results are reported in bench/README.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from analysis.corpus.loading import load_corpus, resource_texts
from analysis.output.briefing import build_briefing
from analysis.output.word_report import analysis_report_docx
from analysis.store.database import CorpusStore
from bench.generate import fill_store, generate_corpus


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = CorpusStore(Path(tmp) / "bench.db")
        fill_store(store, generate_corpus(n))
        t0 = time.perf_counter()
        corpus = load_corpus(store)
        t1 = time.perf_counter()
        b = build_briefing(corpus, resource_texts(store))
        t2 = time.perf_counter()
        data = analysis_report_docx(b)
        t3 = time.perf_counter()
    print(
        f"N={n}: load {t1 - t0:.1f} s, briefing {t2 - t1:.1f} s, docx {t3 - t2:.1f} s "
        f"({len(data) / 1e6:.1f} MB); draft total {t3 - t1:.1f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
