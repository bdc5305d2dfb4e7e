"""The editable text resources (user dictionary, stopwords, officialese, themes, known formulations)
and their fingerprint.

Defaults ship as UTF-8 files in data/; users may override any of them (stored in the corpus store).
Parsing each resource is the job of the module that uses it (keywords, themes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# resource name -> default file under data/
RESOURCE_FILES: dict[str, str] = {
    "userdict": "userdict.txt",
    "stopwords": "stopwords.txt",
    "officialese": "officialese.txt",
    "themes": "themes.yaml",
    "formulations": "formulations.txt",
}

RESOURCE_LABELS: dict[str, str] = {
    "userdict": "用户词典",
    "stopwords": "通用停用词",
    "officialese": "公文套话停用词",
    "themes": "主题词典",
    "formulations": "已知提法",
}


@dataclass(frozen=True)
class ResourceTexts:
    """The raw text of every resource; hashable so builders can be cached on it."""

    userdict: str = ""
    stopwords: str = ""
    officialese: str = ""
    themes: str = ""
    formulations: str = ""

    def fingerprint(self) -> str:
        """Content hash of all resources: part of every analysis cache key."""
        h = hashlib.sha256()
        for name in RESOURCE_FILES:
            h.update(name.encode())
            h.update(getattr(self, name).encode("utf-8"))
        return h.hexdigest()[:16]

    def core_fingerprint(self) -> str:
        """Hash of what per-report analysis depends on (not the theme dictionary): segmentation
        and the known formulations."""
        h = hashlib.sha256()
        for name in ("userdict", "stopwords", "formulations"):
            h.update(getattr(self, name).encode("utf-8"))
        return h.hexdigest()[:16]


@lru_cache(maxsize=4)
def default_texts(data_dir: Path = DATA_DIR) -> ResourceTexts:
    """The shipped defaults, read once."""
    values = {
        name: (data_dir / fname).read_text(encoding="utf-8") if (data_dir / fname).exists() else ""
        for name, fname in RESOURCE_FILES.items()
    }
    return ResourceTexts(**values)


def with_overrides(base: ResourceTexts, overrides: Mapping[str, str]) -> ResourceTexts:
    """`base` with the user's edited resources in place of the defaults."""
    known = {k: v for k, v in overrides.items() if k in RESOURCE_FILES}
    return replace(base, **known)
