"""The seed corpus: article metadata in ``seeds/articles.json``, texts in ``seeds/articles/``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from service.ingest import ArticleIn


def load_seed_articles(seeds_dir: Path) -> list[ArticleIn]:
    """The seed articles with their metadata, in file order."""
    meta = json.loads((seeds_dir / "articles.json").read_text(encoding="utf-8"))
    items = []
    for m in meta:
        with (seeds_dir / "articles" / m["file"]).open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        items.append(
            ArticleIn(
                text=text,
                title=m.get("title"),
                outlet=m.get("outlet"),
                url=m.get("url"),
                published_at=date.fromisoformat(m["published_at"])
                if m.get("published_at")
                else None,
                language=m.get("language", "en"),
            )
        )
    return items
