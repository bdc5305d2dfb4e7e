"""The five seeds against a roster that lacks some of them: with a roster in use, every report
that matches no entry waits in 待确认, none is assigned silently, the matched ones are matched —
whether the seeds were in the store before the roster came, or are uploaded after it."""

from __future__ import annotations

import io
import zipfile

import pytest

from analysis.core.resources import DATA_DIR
from analysis.corpus.loading import ensure_samples
from analysis.store.roster import identity_frame, review_queue, save_roster
from analysis.text.metadata import read_sidecar
from analysis.text.roster import Roster, RosterEntry

pytestmark = pytest.mark.backends
SAMPLES = DATA_DIR / "samples"
BUREAU = "省机关事务管理局党委"
# Written the way the office's roster has them: one by its name, one by a short alias.
ROSTER = Roster(
    (
        RosterEntry(BUREAU, "", "党委"),
        RosterEntry("会堂礼宾服务党支部", BUREAU, "党支部"),
        RosterEntry("大兴城建开发集团党委", "", "党委"),
        RosterEntry("兴城投资公司党支部", "大兴城建开发集团党委", "党支部", ("兴城投资党支部",)),
        RosterEntry("兴河置业公司党支部", "大兴城建开发集团党委", "党支部"),
    )
)
MATCHED = {
    "001_c036426d61770ccd.txt": "会堂礼宾服务党支部",
    "002_e12e4fffa2e8dea5.txt": "兴城投资公司党支部",
}
UNMATCHED = {  # not in the roster: their own names, waiting for a person
    "000_998eab85674eb478.txt": "后勤集团*公司支部",
    "003_abae4ccbb5c18466.txt": "**楼宇综合党委",
    "004_8e724b280b7831f1.txt": "×××××公司党委",
}


def _by_file(store) -> dict[str, tuple[str, str, str]]:
    df = identity_frame(store)
    return {
        fn: (branch, status, parent)
        for fn, branch, status, parent in zip(
            df["filename"], df["branch"], df["status"], df["parent"], strict=True
        )
    }


def _check(store) -> None:
    found = _by_file(store)
    for fn, name in MATCHED.items():
        entry = ROSTER.get(name)
        assert entry is not None
        assert found[fn] == (name, "matched", entry.parent), fn
    for fn, name in UNMATCHED.items():
        assert found[fn] == (name, "待确认", ""), fn  # its own name, no roster entry, no parent
    assert set(review_queue(store)["文件"]) == set(UNMATCHED)


def test_seeds_in_the_store_then_a_roster(store):
    assert ensure_samples(store) == 5
    save_roster(store, ROSTER)
    _check(store)


@pytest.mark.parametrize("with_sidecar", [True, False])
def test_seeds_uploaded_under_a_roster(store, with_sidecar):
    from analysis.store import uploads

    save_roster(store, ROSTER)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in sorted(SAMPLES.glob("*.txt")):
            zf.writestr(path.name, path.read_bytes())
        if with_sidecar:
            zf.writestr("metadata.csv", (SAMPLES / "metadata.csv").read_bytes())
    items = uploads.prepare_batch([("示例.zip", buf.getvalue())], store)
    saved = uploads.commit_batch(store, items)
    assert [i.status for i in saved].count("added") == 5
    found = _by_file(store)
    queue = set(review_queue(store)["文件"])
    side = read_sidecar(SAMPLES / "metadata.csv")
    for fn, (branch, status, parent) in found.items():
        if status == "matched":  # matched only to the right entry, and only those in the roster
            assert MATCHED.get(fn) == branch, (fn, branch)
            assert parent == ROSTER.get(branch).parent
        else:  # everything else waits for a person: nothing silently assigned
            assert status == "待确认" and fn in queue, (fn, status)
            assert ROSTER.get(branch) is None
    if with_sidecar:
        _check(store)
        assert {fn: side[fn].branch for fn in UNMATCHED} == UNMATCHED
