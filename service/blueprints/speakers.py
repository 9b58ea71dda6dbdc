"""``/speakers``: canonical speakers with quote counts and stance summaries."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import func, or_, select

from ml.pipeline import default_target
from ml.types import STANCE_LABELS
from schemas.speakers import SpeakerArgs, SpeakerDetailSchema, SpeakerGetArgs, SpeakerPageSchema
from service.blueprints import id_rule, query_arguments
from service.blueprints.pagination import paginate
from service.extensions import db
from service.models import Alias, Quote, Speaker, StanceScore

blp = Blueprint("speakers", __name__, url_prefix="/speakers", description="Canonical speakers.")


def _with_counts(speakers: list[Speaker]) -> list[Speaker]:
    ids = [s.id for s in speakers]
    counts = dict(
        db.session.execute(
            select(Quote.speaker_id, func.count(Quote.id))
            .where(Quote.speaker_id.in_(ids))
            .group_by(Quote.speaker_id)
        ).all()
    )
    for s in speakers:
        s.quote_count = counts.get(s.id, 0)  # type: ignore[attr-defined]
    return speakers


def stance_summary(speaker_id: int, target: str) -> dict[str, Any]:
    """Counts and mean probabilities of a speaker's current stance scores toward ``target``."""
    scores = list(
        db.session.scalars(
            select(StanceScore)
            .join(StanceScore.quote)
            .where(
                Quote.speaker_id == speaker_id,
                StanceScore.target == target,
                StanceScore.current.is_(True),
            )
        )
    )
    counts = Counter(s.label for s in scores)
    n = len(scores)
    mean = {
        lab: (sum(s.probabilities[lab] for s in scores) / n if n else 0.0) for lab in STANCE_LABELS
    }
    return {
        "target": target,
        "quotes": n,
        "counts": {lab: counts.get(lab, 0) for lab in STANCE_LABELS},
        "mean_probabilities": mean,
        "label": max(mean, key=mean.get) if n else None,
    }


@blp.route("")
@query_arguments(blp, SpeakerArgs)
@blp.response(200, SpeakerPageSchema)
def list_speakers(args: dict[str, Any]):
    """List speakers with their number of quotes; ``q`` searches names and aliases."""
    query = select(Speaker)
    if "q" in args:
        like = f"%{args['q']}%"
        query = query.outerjoin(Speaker.aliases).where(
            or_(Speaker.name.ilike(like), Alias.name.ilike(like))
        )
    if "kind" in args:
        query = query.where(Speaker.kind == args["kind"])
    page = paginate(query, Speaker.id, args["limit"], args["cursor"])
    _with_counts(page["items"])
    return page


@blp.route(id_rule("speaker_id"))
@query_arguments(blp, SpeakerGetArgs)
@blp.response(200, SpeakerDetailSchema)
def get_speaker(args: dict[str, Any], speaker_id: int):
    """One speaker, with aliases, quote count and stance summary toward the target."""
    speaker = db.get_or_404(Speaker, speaker_id, description=f"No speaker with id {speaker_id}.")
    _with_counts([speaker])
    speaker.stance = stance_summary(speaker_id, args.get("target") or default_target())  # type: ignore[attr-defined]
    return speaker
