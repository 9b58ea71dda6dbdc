"""JSON Lines input validated up front and output written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_JSON_TYPE_NAMES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
    dict: "object",
    list: "array",
}


class JsonlError(ValueError):
    """A malformed input line; the message names the file and line number."""


def read_jsonl(path: Path, required: dict[str, tuple[type, ...]]) -> list[dict[str, Any]]:
    """Read every line as a JSON object holding the ``required`` keys with those types.

    Blank lines are errors too (output lines correspond one-to-one to input lines).
    """
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise JsonlError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise JsonlError(f"{path}:{n}: expected a JSON object")
            for key, types in required.items():
                if not isinstance(row.get(key), types):
                    names = " or ".join(_JSON_TYPE_NAMES[t] for t in types)
                    raise JsonlError(f"{path}:{n}: '{key}' must be {names}")
            rows.append(row)
    return rows


def write_jsonl_atomic(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write rows to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
