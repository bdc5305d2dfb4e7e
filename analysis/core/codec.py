"""How analyses are stored: zlib-compressed UTF-8 JSON (shared by the pipeline and the store)."""

from __future__ import annotations

import json
import zlib


def encode_analysis(analysis: object) -> bytes:
    """An Analysis (or its `to_dict` dict) as stored: zlib-compressed UTF-8 JSON.

    Dataclasses are encoded through their `__dict__` (same JSON as `to_dict`, without the slow
    recursive copy of `dataclasses.asdict`); level 3 compresses almost as well as 6, 2x faster.
    """
    return zlib.compress(json.dumps(analysis, ensure_ascii=False, default=vars).encode(), 3)


def decode_json(blob: bytes) -> object:
    """Inverse of `encode_analysis`: the stored JSON value."""
    return json.loads(zlib.decompress(blob))
