"""Snapshot of the keyword, theme and tagging outputs, to prove a speed change leaves them unchanged.

The inputs are fixed once and stored with the outputs: each report's cleaned text and outline
items (from the sample reports, the accuracy sets heldout/tune and generated reports), and the
resource texts. Other modules' changes (cleaning, outline parsing) therefore do not move the
snapshot; only keywords.py, lexicon.py and the theme modules do.

    python -m bench.text_snapshot --write   # record (only before a speed change)
    python -m bench.text_snapshot           # compare; exit 1 and name the first difference
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SNAPSHOT = HERE / "text_snapshot.json.gz"
SOURCES = (ROOT / "data" / "samples", HERE / "accuracy" / "reports" / "heldout",
           HERE / "accuracy" / "reports" / "tune")  # fmt: skip
GENERATED = 60  # generated reports (seed 0) added to the real ones


def build_inputs() -> dict:
    """Cleaned texts and outline items of the source reports, with the resource texts."""
    from analysis.core.resources import default_texts
    from analysis.text.clean import clean_text
    from analysis.text.outline import parse_structure
    from bench.generate import generate_corpus

    raw = [(p.name, p.read_text("utf-8")) for d in SOURCES for p in sorted(d.glob("*.txt"))]
    raw += [(f"gen:{r.filename}", r.text) for r in generate_corpus(GENERATED, 0)]
    reports = []
    for name, text in raw:
        cleaned = clean_text(text).text
        items = [[m.title, m.text] for m in parse_structure(cleaned, ()).measures]
        reports.append({"name": name, "text": cleaned, "items": items})
    rt = default_texts()
    resources = {k: getattr(rt, k) for k in ("userdict", "stopwords", "officialese", "themes")}
    return {"resources": resources, "reports": reports}


def outputs(inputs: dict) -> list[dict]:
    """Every output of the keyword and theme modules for each stored input, as JSON data."""
    from analysis.core.models import Measure, to_dict
    from analysis.core.resources import ResourceTexts
    from analysis.text.keywords import count_terms, keyword_table, top_keywords
    from analysis.text.lexicon import build_lexicon
    from analysis.text.theme_dictionary import parse_theme_dictionary
    from analysis.text.theme_results import report_themes, report_themes_to_dict
    from analysis.text.theme_scoring import score_themes, tag_measures

    rt = ResourceTexts(**inputs["resources"])
    lex = build_lexicon(rt)
    d = parse_theme_dictionary(rt.themes)
    out: list[dict] = []
    docs, chars = {}, {}
    for r in inputs["reports"]:
        text = r["text"]
        items = [Measure(t, 1, "", (), x, 0, len(x)) for t, x in r["items"]]
        terms, bigrams = count_terms(lex, text)
        docs[r["name"]], chars[r["name"]] = terms, len(text)
        scores = score_themes(text, d)
        out.append({
            "name": r["name"],
            "terms": list(terms.items()),
            "bigrams": list(bigrams.items()),
            "top": [to_dict(k) for k in top_keywords(terms, len(text), lex, n=30)],
            "scores": list(scores.scores.items()),
            "counts": list(scores.counts.items()),
            "hits": [to_dict(h) for h in scores.hits],
            "measures": [list(m.themes) for m in tag_measures(items, d)],
            "compact": report_themes_to_dict(report_themes(text, items, d), d),
        })  # fmt: skip
    for officialese in (True, False):
        table = keyword_table(docs, chars, lex, officialese=officialese)
        out.append({"name": f"keyword_table:{officialese}", "rows": table.values.tolist()})
    return json.loads(json.dumps(out, ensure_ascii=False))


def first_difference(expected: list[dict], actual: list[dict]) -> str:
    """Where two snapshots first differ ('' when equal)."""
    if len(expected) != len(actual):
        return f"{len(expected)} entries recorded, {len(actual)} now"
    for e, a in zip(expected, actual, strict=True):
        for key in e:
            if e[key] != a.get(key):
                return f"{e['name']}: {key}"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="record inputs and outputs")
    args = parser.parse_args(argv)
    if args.write:
        inputs = build_inputs()
        data = {"inputs": inputs, "outputs": outputs(inputs)}
        with gzip.open(SNAPSHOT, "wt", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        print(f"wrote {SNAPSHOT} ({len(inputs['reports'])} reports)")
        return 0
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as f:
        data = json.load(f)
    diff = first_difference(data["outputs"], outputs(data["inputs"]))
    print(diff or f"unchanged ({len(data['inputs']['reports'])} reports)")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
