"""The speaker registry: canonical names, kinds, roles and aliases, and name resolution.

A name found in an article ("Sergei Lavrov", "Mr. Lavrov", "Anthony Blinken", "the
Russian Foreign Minister") resolves to a registry entry through its aliases, after folding
case, accents and honorifics; full names also match by surname when the first names are
spelling variants of each other (Sergei/Sergey, Anthony/Antony).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from ml.paths import SEEDS_DIR

DEFAULT_REGISTRY = SEEDS_DIR / "speakers.json"
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "professor", "sir", "madam", "the"}
_FIRST_NAME_SIMILARITY = 0.85


def normalize_name(name: str) -> str:
    """Fold case, accents, possessives, punctuation and leading honorifics of a name."""
    s = unidecode(name).lower()
    s = re.sub(r"['\u2019]s\b", "", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    words = s.split()
    while words and words[0] in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class RegistryEntry:
    """One canonical speaker of the registry."""

    name: str
    kind: str = "person"
    role: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


class SpeakerRegistry:
    """Resolves names to canonical registry entries."""

    def __init__(self, entries: list[RegistryEntry]):
        self.entries = entries
        self._by_alias: dict[str, RegistryEntry] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                self._by_alias.setdefault(normalize_name(alias), entry)

    @classmethod
    def load(cls, path: Path | None = None) -> SpeakerRegistry:
        """Read a registry JSON file: a list of ``{name, kind, role, aliases}`` objects."""
        raw = json.loads(Path(path or DEFAULT_REGISTRY).read_text(encoding="utf-8"))
        return cls(
            [
                RegistryEntry(
                    name=r["name"],
                    kind=r.get("kind", "person"),
                    role=r.get("role"),
                    aliases=tuple(r.get("aliases", ())),
                )
                for r in raw
            ]
        )

    def resolve(self, name: str | None) -> RegistryEntry | None:
        """The registry entry a name denotes, or None when it denotes no known speaker.

        Leading words are dropped one by one, so a title before a name still resolves
        ("Russian Deputy Foreign Minister Sergei Ryabkov" -> "Sergei Ryabkov").
        """
        words = normalize_name(name or "").split()
        for k in range(len(words)):
            entry = self._lookup(words[k:])
            if entry is not None:
                return entry
        return None

    def _lookup(self, words: list[str]) -> RegistryEntry | None:
        key = " ".join(words)
        if key in self._by_alias:
            return self._by_alias[key]
        if len(words) < 2:
            return None
        for alias, entry in self._by_alias.items():
            alias_words = alias.split()
            if (
                entry.kind == "person"
                and len(alias_words) == len(words)
                and alias_words[-1] == words[-1]
                and JaroWinkler.similarity(alias_words[0], words[0]) >= _FIRST_NAME_SIMILARITY
            ):
                return entry
        return None

    def canonical(self, name: str | None) -> str | None:
        """The canonical name for ``name``; an unknown name is returned as it is."""
        entry = self.resolve(name)
        return entry.name if entry else (name or None)
