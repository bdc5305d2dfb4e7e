"""Unit (organization) names of a report: the unit inside the branch's name, then the file name,
the title, the 落款 and the opening, and the parent a `隶属于…` sentence names. Split from
identity, whose name readers it uses."""

from __future__ import annotations

from analysis.text.identity import (
    BELONGS,
    CONFIDENCE,
    SRC_BODY,
    SRC_FILE,
    SRC_SIGN,
    SRC_TITLE,
    Guess,
    dedupe_guesses,
    opening,
    party_names,
    signature_lines,
    unit_names,
)
from analysis.text.orgnames import prepare


def organization_guesses(
    text: str, stem: str, titles: list[str], branch: Guess | None
) -> list[Guess]:
    """Unit names: the unit inside the branch's name, then file name, title, 落款, opening."""
    out: list[Guess] = []
    if branch and isinstance(branch.value, str):
        unit = _unit_of(branch.value)
        if unit:
            out.append(Guess(unit, branch.source, branch.confidence))
    for source, places in (
        (SRC_FILE, [stem]),
        (SRC_TITLE, titles),
        (SRC_SIGN, signature_lines(text)),
        (SRC_BODY, [opening(text, titles[0] if titles else "")]),
    ):
        for place in places:
            units = unit_names(place, subjects_only=source == SRC_BODY)
            out.extend(Guess(u, source, CONFIDENCE[source]) for u in units)
    m = BELONGS.search(prepare(text[:3000]))  # "隶属于大兴城建开发集团公司党委"
    parent_unit = _unit_of(party_names(m.group(1))[0]) if m and party_names(m.group(1)) else ""
    if parent_unit:
        out.append(Guess(parent_unit, SRC_BODY, CONFIDENCE[SRC_BODY]))
    return dedupe_guesses(out)


def _unit_of(name: str) -> str:
    """The unit a party organization's name starts with (`市第一人民医院内科党总支` → `市第一人民医院`)."""
    inside = [u for u in unit_names(name) if name.startswith(u)]
    return max(inside, key=len) if inside else ""
