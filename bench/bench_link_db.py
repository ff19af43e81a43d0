"""Per-article link cost on the real store: with 100,000 stored articles vs with 1,000.

    python bench/bench_link_db.py [--sizes 1000 100000] [--probe 200] [--database sqlite|postgresql]

Stored articles arrive at a steady rate (--per-day, default 143: 1,000 in the 7-day event window), so a
larger store is a longer history, as in production: what must not grow is the cost of that history. Each size gets a fresh database filled in bulk with synthetic events, their blocking keys,
articles and LSH bands (generated with the link stage's own functions). Then --probe new articles are
linked one by one with the real `link_article` transaction (duplicate check, candidate lookup, scoring,
figures, alert decision) and timed. Prints the per-article cost per size and the ratio (target <= 2x).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TYPES = ["battle", "explosion_remote_violence", "crime", "accident", "natural_disaster", "protest"]
WORDS = [
    "storm",
    "flood",
    "attack",
    "shooting",
    "blast",
    "convoy",
    "market",
    "village",
    "bridge",
    "police",
    "army",
    "rebels",
    "hospital",
    "school",
    "protest",
    "crash",
    "fire",
    "quake",
    "ferry",
    "mine",
    "camp",
    "border",
    "airport",
    "factory",
]


def synthetic(rng: random.Random, places: list[str], people: list[str], n: int):
    place = rng.choice(places)
    ents = rng.sample(people, 3) + [place]
    kind = rng.choice(TYPES)
    words = [rng.choice(WORDS) for _ in range(60)] + ents * 2
    rng.shuffle(words)
    title = f"{rng.choice(WORDS).title()} in {place}: {n} dead"
    body = f"At least {n} people were killed in {place}. " + " ".join(words) + "."
    return title, body, kind, place, ents


def fill(db_url: str, size: int, rng: random.Random, now: datetime, per_day: float) -> None:
    from worker.stages import link
    from worker.store.models import Article, ArticleBand, Event, EventKey

    engine = create_engine(db_url)
    places = [f"Town{i}" for i in range(5000)]
    people = [f"Person{i} Name{i}" for i in range(50000)]
    events, keys, articles, bands = [], [], [], []
    article_id, event_id = 0, 0
    while article_id < size:
        event_id += 1
        title, body, kind, place, ents = synthetic(rng, places, people, rng.randint(1, 50))
        seen = now - timedelta(days=(size - article_id) / per_day)
        feats = link.ArticleFeatures(
            article_id + 1, seen, title, body, kind, "XX", place, ents, {"killed": 3}
        )
        summary = link.new_event(feats, event_id)
        events.append(
            {
                "id": event_id,
                "title": title,
                "event_type": kind,
                "country": "XX",
                "place": place,
                "first_seen": seen,
                "last_seen": seen,
                "article_count": 3,
                "source_count": 1,
                "summary": {"entities": summary.entities, "terms": summary.terms, "totals": summary.totals},
                "current": {"killed": {"value": 3, "qualifier": None, "article_id": article_id + 1}},
                "created_at": seen,
            }
        )
        keys += [{"key": k, "event_id": event_id, "seq": event_id} for k in link.event_keys(feats)]
        for _ in range(3):
            article_id += 1
            body_n = body + f" Update {rng.random()}."
            sig = link.minhash_signature(body_n)
            articles.append(
                {
                    "id": article_id,
                    "entry_key": f"bench:{article_id}",
                    "title": title,
                    "text": body_n,
                    "content_hash": uuid.uuid4().hex,
                    "fingerprint": link.content_fingerprint(title, body_n),
                    "published_at": seen,
                    "first_seen_at": seen,
                    "updated_at": seen,
                    "version": 1,
                    "status": "linked",
                    "attempts": 0,
                    "is_backlog": False,
                    "signature": sig,
                    "event_id": event_id,
                    "linked_version": 1,
                }
            )
            bands += [{"band": b, "article_id": article_id} for b in link.lsh_bands(sig)]
    with engine.begin() as conn:
        for table, rows in ((Event, events), (EventKey, keys), (Article, articles), (ArticleBand, bands)):
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[i : i + 5000])
    engine.dispose()


def probe(settings, count: int, rng: random.Random, now: datetime) -> list[float]:
    from worker import pipeline
    from worker.stages import link
    from worker.store.db import transaction
    from worker.store.models import Article

    places = [f"Town{i}" for i in range(5000)]
    people = [f"Person{i} Name{i}" for i in range(50000)]
    ids = []
    with transaction(settings.database_url) as s:
        for n in range(count):
            title, body, kind, place, ents = synthetic(rng, places, people, rng.randint(1, 50))
            a = Article(
                entry_key=f"probe:{n}",
                title=title,
                text=body,
                content_hash=uuid.uuid4().hex,
                fingerprint=link.content_fingerprint(title, body),
                signature=link.minhash_signature(body),
                published_at=now,
                first_seen_at=now,
                status="extracted",
                extraction={
                    "event_type": kind,
                    "place": {"country": "XX", "city": place},
                    "entities": [{"text": e, "label": "GPE", "canonical": e} for e in ents],
                    "figures": [],
                    "totals": {"killed": rng.randint(1, 50)},
                },
            )
            s.add(a)
            s.flush()
            ids.append(a.id)
    times = []
    for aid in ids:
        started = time.perf_counter()
        pipeline.link_article(settings, aid, [], set())
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    ap.add_argument("--probe", type=int, default=200)
    ap.add_argument("--per-day", type=float, default=143.0, help="stored articles per day of history")
    ap.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = ap.parse_args()

    from worker.settings import load_settings
    from worker.store.db import engine_for, upgrade

    now = datetime.now(UTC)
    results = {}
    for size in args.sizes:
        rng = random.Random(size)
        if args.database == "sqlite":
            db_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
        else:
            name = f"newsmon_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            db_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
        upgrade(db_url)
        started = time.perf_counter()
        fill(db_url, size, rng, now, args.per_day)
        filled = time.perf_counter() - started
        settings = load_settings(database_url=db_url)
        probe(settings, 20, random.Random(1), now)  # warm caches and connections
        times = probe(settings, args.probe, random.Random(2), now)
        results[size] = statistics.median(times)
        print(
            f"{size:>7} stored articles (filled in {filled:.0f} s): link median {results[size] * 1000:.2f} ms, "
            f"p95 {sorted(times)[int(0.95 * len(times)) - 1] * 1000:.2f} ms per article"
        )
        engine_for(db_url).dispose()
        if args.database == "postgresql":
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    small, large = min(results), max(results)
    ratio = results[large] / results[small]
    print(f"ratio {large} vs {small}: {ratio:.2f}x (target <= 2x): {'OK' if ratio <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
