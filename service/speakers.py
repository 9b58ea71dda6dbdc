"""Stored speakers: the registry synchronised into the database, unknown speakers created."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ml.speakers import RegistryEntry, SpeakerRegistry, normalize_name
from service.models import Alias, Speaker

MAX_NAME_CHARS = 300


def _alias_names(name: str, kind: str, aliases: tuple[str, ...] = ()) -> set[str]:
    names = {name, *aliases}
    words = name.split()
    if kind == "person" and len(words) > 1:
        names.add(words[-1])  # surname: "Lavrov", "Dudakov"
    return names


def _add_aliases(speaker: Speaker, names: set[str]) -> None:
    have = {a.normalized for a in speaker.aliases}
    for alias in sorted(names):
        key = normalize_name(alias)
        if key and key not in have:
            speaker.aliases.append(Alias(name=alias, normalized=key))
            have.add(key)


def sync_registry(session: Session, registry: SpeakerRegistry) -> None:
    """Insert or update every registry entry and its aliases (no commit)."""
    existing = {s.name: s for s in session.scalars(select(Speaker))}
    for entry in registry.entries:
        speaker = existing.get(entry.name)
        if speaker is None:
            speaker = Speaker(name=entry.name)
            session.add(speaker)
        speaker.kind, speaker.role, speaker.in_registry = entry.kind, entry.role, True
        _add_aliases(speaker, _alias_names(entry.name, entry.kind, entry.aliases))


def speaker_for(session: Session, entry: RegistryEntry | None, name: str | None) -> Speaker | None:
    """The stored speaker for a resolved registry entry, or for an unknown name (created)."""
    if entry is not None:
        name = entry.name
    name = (name or "").strip()[:MAX_NAME_CHARS]
    if not name:
        return None
    speaker = session.scalar(select(Speaker).where(Speaker.name == name))
    if speaker is None:
        speaker = Speaker(name=name, kind=entry.kind if entry else "person", in_registry=False)
        session.add(speaker)
        _add_aliases(speaker, _alias_names(name, speaker.kind))
    return speaker


def speaker_ids_matching(session: Session, query: str) -> list[int]:
    """Ids of the speakers whose name or an alias equals ``query`` (folded)."""
    key = normalize_name(query)
    return list(session.scalars(select(Alias.speaker_id).where(Alias.normalized == key).distinct()))
