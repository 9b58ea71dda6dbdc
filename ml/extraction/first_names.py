"""Rebuild the table of first names and their usual gender (``ml/artifacts/first_names.tsv``).

The source is the name–gender data of nomquamgender (MIT): first names seen at least
``MIN_COUNT`` times in its national name registers and given to one gender at least
``MIN_SHARE`` of the time. Only its data file is read, so it installs without pandas:
``pip install --no-deps nomquamgender==0.1.4 && python -m ml.extraction.first_names``.
"""

from __future__ import annotations

import json
import re
from importlib.util import find_spec
from pathlib import Path

from ml.extraction.gender import FEMALE, FIRST_NAMES, MALE

MIN_COUNT = 200
MIN_SHARE = 0.9
_HEADER = f"""\
# First names and their usual gender (count >= {MIN_COUNT}, share >= {MIN_SHARE}), derived from
# the name data of nomquamgender 0.1.4, Copyright (c) 2022 Ian Van Buskirk, MIT License
# (https://github.com/ianvanbuskirk/nomquamgender). Rebuilt by: python -m ml.extraction.first_names
"""


def build(out: Path = FIRST_NAMES) -> int:
    """Write the first-name table from nomquamgender's data; returns the number of names."""
    spec = find_spec("nomquamgender")  # its data only: importing it would load pandas
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is missing: pip install --no-deps nomquamgender==0.1.4")
    source = Path(spec.submodule_search_locations[0]) / "name_data.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    rows = []
    for name, (_, count, female_share, *_) in sorted(data.items()):
        if count < MIN_COUNT or not re.fullmatch(r"[a-z]+", name):
            continue
        if female_share >= MIN_SHARE:
            rows.append((name, FEMALE))
        elif 1 - female_share >= MIN_SHARE:
            rows.append((name, MALE))
    out.write_text(_HEADER + "".join(f"{n}\t{g}\n" for n, g in rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(f"{build()} first names written to {FIRST_NAMES}")
