"""The two sides of a comparison: forming them from report metadata, naming them and their
reports, pooling their term counts, and the term's contexts on each side."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

import pandas as pd

from analysis.core.facts import normalize_year
from analysis.corpus.loading import Corpus
from analysis.corpus.search import kwic
from analysis.text.keywords import is_term
from analysis.text.lexicon import Lexicon
from analysis.text.org_terms import org_name_terms
from analysis.text.orgnames import is_org_name

# Ways of forming a side from report metadata, with their Chinese labels for pickers.
GROUP_BY = ("branch", "organization", "year", "kind")  # columns of corpus.reports (names: labels)


def group_options(reports: pd.DataFrame) -> dict[str, list]:
    """For each way of grouping (GROUP_BY), the values present in the corpus, sorted."""
    out: dict[str, list] = {}
    for col in GROUP_BY:
        if col not in reports.columns:
            out[col] = []
            continue
        values = [v for v in reports[col].dropna().tolist() if v != ""]
        if col == "year":
            values = [int(v) for v in values]
        out[col] = sorted(set(values), key=lambda v: (str(type(v)), v))
    return out


def group_ids(reports: pd.DataFrame, by: str, value: object) -> list[int]:
    """Ids of the reports whose `by` column (branch/organization/year/kind) equals `value`."""
    if by not in reports.columns:
        return []
    col = reports[by]
    if by == "year":
        year = normalize_year(value)
        mask = col.map(lambda y: year is not None and normalize_year(y) == year).astype(bool)
    else:
        mask = col.astype(str) == str(value)
    return [int(i) for i in reports.index[mask.fillna(False)]]


def side_label(corpus: Corpus, ids: Sequence[int], fallback: str = "") -> str:
    """A name for a side: the report's label, the shared branch/organization/year, or
    "<first report>等N份"; `fallback` when there is no report."""
    ids = [i for i in ids if i in corpus.analyses]
    if not ids:
        return fallback or "（无报告）"
    if len(ids) == 1:
        return corpus.label(ids[0])
    rows = corpus.reports.loc[ids]
    for col in ("branch", "organization", "year"):
        values = [str(v) for v in rows[col]] if col in rows.columns else [""]
        if len(set(values)) == 1 and values[0] not in ("", "nan", "None", "<NA>"):
            return f"{values[0]}年" if col == "year" else values[0]
    return f"{corpus.label(ids[0])}等{len(ids)}份"


def report_names(corpus: Corpus, ids: Sequence[int]) -> dict[int, str]:
    """A unique display name per report id (its label, with year/id added on collisions)."""
    names: dict[int, str] = {}
    seen: Counter[str] = Counter(corpus.label(i) for i in ids)
    for i in ids:
        name = corpus.label(i)
        if seen[name] > 1:
            year = normalize_year(corpus.reports.loc[i].get("year"))
            name = f"{name}（{year}·{i}）" if year else f"{name}（{i}）"
        names[i] = name
    return names


def org_terms(corpus: Corpus, ids: Iterable[int], known: Iterable[str] = ()) -> frozenset[str]:
    """The terms of these reports that are organization names (analysis.text.org_terms): names
    found in each report plus its metadata branch and organization, plus those of `known` (e.g.
    side labels) that are organization names (a label may be a report title); over several
    reports, only terms that are names in most of their occurrences (see below).

    The names found in a report's text come with its analysis (`Analysis.org_names`), so this
    costs well under a millisecond per report (bench: `org_terms_ms_per_report`)."""
    known = [k for k in known if k and is_org_name(k)]
    ids = [i for i in ids if i in corpus.analyses]
    meta = _metadata_names(corpus.reports, ids)
    flagged: Counter[str] = Counter()  # occurrences in reports where the term is a name
    for i in ids:
        a = corpus.analyses[i]
        names = [n for n in (*meta.get(i, ()), *known) if isinstance(n, str) and n]
        for t in org_name_terms(a.cleaned.text, a.term_counts, names, a.org_names):
            flagged[t] += a.term_counts.get(t, 0)
    if len(ids) <= 1:
        return frozenset(flagged)
    total = {t: sum(corpus.analyses[i].term_counts.get(t, 0) for i in ids) for t in flagged}
    return pooled_org_terms(flagged, total)


def pooled_org_terms(flagged: Mapping[str, int], total: Mapping[str, int]) -> frozenset[str]:
    """The organization-name terms of several reports, from each term's occurrences in reports
    where it is a name (`flagged`) and in all of them (`total`).

    A term goes when most of its occurrences are in reports where it is a name, or when it is an
    organization name itself. A plain union would drop 服务 or 建设 from hundreds of reports
    because one branch is a 服务中心 or a 项目建设部."""
    return frozenset(
        t
        for t, n in flagged.items()
        if 2 * n > total.get(t, 0) or n == total.get(t, 0) or is_org_name(t)
    )


def _metadata_names(reports: pd.DataFrame, ids: list[int]) -> dict[int, tuple[object, object]]:
    """Report id -> (branch, organization), read column-wise: a row lookup per report would cost
    more than finding its names."""
    rows = reports.loc[[i for i in ids if i in reports.index]]
    none = pd.Series(None, index=rows.index, dtype=object)
    cols = [rows[c] if c in rows.columns else none for c in ("branch", "organization")]
    return dict(zip(map(int, rows.index), zip(*cols, strict=True), strict=True))


def side_term_counts(
    corpus: Corpus,
    ids: Iterable[int],
    lex: Lexicon | None = None,
    officialese: bool = True,
    exclude: Collection[str] = frozenset(),
) -> Counter:
    """Pooled term counts of a side; officialese removed when on (needs the lexicon), and the
    terms of `exclude` (e.g. `org_terms`) removed."""
    total: Counter[str] = Counter()
    for i in ids:
        if i in corpus.analyses:
            total.update(corpus.analyses[i].term_counts)
    if lex is None:
        return Counter({t: c for t, c in total.items() if t not in exclude})
    return Counter(
        {
            t: c
            for t, c in total.items()
            if c > 0
            and t not in exclude
            and is_term(lex, t)
            and not (officialese and t in lex.officialese)
        }
    )


def term_contexts(
    corpus: Corpus,
    ids_a: Sequence[int],
    ids_b: Sequence[int],
    term: str,
    width: int = 30,
    limit: int = 50,
) -> pd.DataFrame:
    """KWIC lines of `term` on both sides: side ("A"/"B"), report, left, hit, right, sentence.

    Raises AnalysisError (Chinese message) for an empty or unusable term, as analysis.corpus.search.kwic.
    """
    frames = []
    names = report_names(corpus, list(dict.fromkeys([*ids_a, *ids_b])))
    for side, ids in (("A", ids_a), ("B", ids_b)):
        texts: dict[Hashable, str] = {
            i: corpus.analyses[i].cleaned.text for i in ids if i in corpus.analyses
        }
        lines = kwic(texts, term, width=width, limit=limit)
        lines.insert(0, "side", side)
        lines.insert(1, "report", lines["id"].map(names))
        frames.append(lines)
    out = pd.concat(frames, ignore_index=True)
    return out[["side", "report", "left", "hit", "right", "sentence"]]
