"""The HTTP API on real SQLite and PostgreSQL databases, seeded through the real pipeline."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

SEED_SPEAKERS = {
    "Lavrov": "Sergey Lavrov",
    "Blinken": "Antony Blinken",
    "Ryabkov": "Sergei Ryabkov",
    "Dudakov": "Malek Dudakov",
    "Kafruni": "Alan Kafruni",
}
PROBLEM = "application/problem+json"

NEW_ARTICLE = (
    "GENEVA, Jan. 10. The talks went on for almost eight hours. \u201cWe had a difficult, "
    "long, very professional conversation,\u201d Deputy Foreign Minister Sergei Ryabkov told "
    "reporters after the meeting. Deputy Secretary of State Wendy Sherman said that the "
    "United States would not allow anyone to slam closed NATO's open door policy."
)


def all_pages(client, url: str) -> list[dict]:
    items, cursor = [], None
    while True:
        sep = "&" if "?" in url else "?"
        page = client.get(url + (f"{sep}cursor={cursor}" if cursor else "")).get_json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def assert_problem(resp, status: int) -> dict:
    assert resp.status_code == status
    assert resp.mimetype == PROBLEM
    body = resp.get_json()
    assert body["status"] == status and body["title"]
    return body


def test_healthz_and_readyz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.get_json()
    assert body["extractor"].startswith("extractor") and body["stance_model"].startswith("stance")


@pytest.mark.parametrize("query", list(SEED_SPEAKERS))
def test_quotes_by_speaker_have_scored_stance(client, query):
    items = all_pages(client, f"/quotes?speaker={query}")
    assert items, f"no quotes for {query}"
    for q in items:
        assert q["speaker"]["name"] == SEED_SPEAKERS[query]
        assert q["article"]["outlet"] and q["article"]["published_at"].startswith("2022-01")
        stance = q["stance"]
        assert stance["label"] in {"favor", "against", "neutral"}
        assert math.isclose(sum(stance["probabilities"].values()), 1.0, abs_tol=1e-4)
        assert stance["score"] == pytest.approx(stance["probabilities"][stance["label"]])
        assert stance["model"].startswith("stance") and stance["target"]
        assert datetime.fromisoformat(stance["created_at"]).utcoffset() == timedelta(0)
        assert q["text"] and q["end"] > q["start"]


@pytest.mark.parametrize("alias", ["lavrov", "Sergei Lavrov", "SERGEY LAVROV", "Mr. Lavrov"])
def test_speaker_filter_matches_aliases_case_insensitively(client, alias):
    names = {q["speaker"]["name"] for q in all_pages(client, f"/quotes?speaker={alias}")}
    assert names == {"Sergey Lavrov"}


def test_misspelled_seed_name_resolves_to_canonical(client):
    items = all_pages(client, "/quotes?speaker=Anthony Blinken")
    assert items and {q["speaker"]["name"] for q in items} == {"Antony Blinken"}


def test_speakers_lists_the_five_with_counts(client):
    speakers = {s["name"]: s for s in all_pages(client, "/speakers?limit=200")}
    for name in SEED_SPEAKERS.values():
        assert speakers[name]["quote_count"] >= 1, name
    one = client.get(f"/speakers/{speakers['Sergey Lavrov']['id']}").get_json()
    assert "Lavrov" in one["aliases"]
    summary = one["stance"]
    assert summary["quotes"] == sum(summary["counts"].values()) >= 1
    assert summary["label"] in {"favor", "against", "neutral"}


def test_stance_and_score_filters(client):
    items = all_pages(client, "/quotes?stance=against&min_score=0.5")
    for q in items:
        assert q["stance"]["label"] == "against" and q["stance"]["score"] >= 0.5
    total = len(all_pages(client, "/quotes"))
    by_label = sum(
        len(all_pages(client, f"/quotes?stance={s}")) for s in ("favor", "against", "neutral")
    )
    assert by_label == total


def test_type_article_and_date_filters(client):
    for kind in ("direct", "indirect"):
        items = all_pages(client, f"/quotes?type={kind}")
        assert items and all(q["type"] == kind for q in items)
    article = client.get("/articles").get_json()["items"][0]
    items = all_pages(client, f"/quotes?article={article['id']}")
    assert len(items) == article["quote_count"]
    assert all(q["article"]["id"] == article["id"] for q in items)
    day = all_pages(client, "/quotes?date_from=2022-01-22&date_to=2022-01-22")
    assert day and all(q["article"]["published_at"] == "2022-01-22" for q in day)


def test_cursor_pagination_walks_every_quote_once(client):
    everything = all_pages(client, "/quotes?limit=200")
    paged = all_pages(client, "/quotes?limit=3")
    assert [q["id"] for q in paged] == [q["id"] for q in everything]
    assert len({q["id"] for q in paged}) == len(paged)


def test_article_detail_has_quotes_with_offsets(client):
    article = client.get("/articles?limit=1").get_json()["items"][0]
    detail = client.get(f"/articles/{article['id']}").get_json()
    assert detail["quotes"]
    for q in detail["quotes"]:
        assert detail["text"][q["start"] : q["end"]] == q["text"]
        if q["cue"]:
            assert detail["text"][q["cue"]["start"] : q["cue"]["end"]] == q["cue"]["text"]


@pytest.mark.parametrize(
    "url",
    [
        "/quotes?stance=maybe",
        "/quotes?limit=0",
        "/quotes?limit=abc",
        "/quotes?cursor=%%%",
        "/quotes?min_score=2",
        "/quotes?date_from=yesterday",
        "/quotes?date_from=2022-02-01&date_to=2022-01-01",
        "/speakers?kind=robot",
        "/quotes?speaker_id=2147483648",
        "/quotes?article=18446744073709551615",
        "/quotes?cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
        "/speakers?q=Lav%00rov",
    ],
)
def test_invalid_query_parameters_are_400_problems(client, url):
    body = assert_problem(client.get(url), 400)
    assert body["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/quotes/999999",
        "/speakers/999999",
        "/articles/999999",
        "/nope",
        "/quotes/2147483648",
        "/articles/18446744073709551615",
    ],
)
def test_unknown_ids_are_404_problems(client, url):
    assert_problem(client.get(url), 404)


def test_a_wrong_method_is_a_405_problem_naming_the_allowed_ones(client):
    resp = client.delete("/quotes")
    assert_problem(resp, 405)
    assert "GET" in resp.headers["Allow"]


def test_a_failing_database_is_a_500_problem(module_database_url):
    from service import create_app
    from service.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": module_database_url, "QUOTEWISE_LOAD_SEEDS": False}
    )
    with app.app_context(), db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE stance_scores")
    body = assert_problem(app.test_client().get("/quotes?stance=favor"), 500)
    assert body["title"] == "Internal Server Error"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_post_article_is_idempotent_and_transactional(client):
    before = len(all_pages(client, "/articles"))
    bad = client.post("/articles", json={"text": NEW_ARTICLE, "published_at": "not a date"})
    assert_problem(bad, 422)
    assert_problem(client.post("/articles", json={}), 422)
    assert_problem(client.post("/articles", json={"text": NEW_ARTICLE + "\x00"}), 422)
    assert_problem(client.post("/articles", data="text", content_type="text/plain"), 415)
    assert_problem(client.post("/articles", data="{oops", content_type="application/json"), 400)
    assert len(all_pages(client, "/articles")) == before

    first = client.post(
        "/articles",
        json={"text": NEW_ARTICLE, "outlet": "Test Wire", "published_at": "2022-01-10"},
    )
    assert first.status_code == 201
    created = first.get_json()
    assert any(q["speaker"] and q["speaker"]["name"] == "Sergei Ryabkov" for q in created["quotes"])
    again = client.post("/articles", json={"text": NEW_ARTICLE + "\n"})
    assert again.status_code == 200
    assert again.get_json()["id"] == created["id"]
    assert len(all_pages(client, "/articles")) == before + 1


def test_openapi_documents_the_endpoints(client):
    spec = client.get("/openapi.json").get_json()
    for path in (
        "/quotes",
        "/quotes/{quote_id}",
        "/speakers",
        "/speakers/{speaker_id}",
        "/articles",
        "/articles/{article_id}",
        "/healthz",
        "/readyz",
    ):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200
