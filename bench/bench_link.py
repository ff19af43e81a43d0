#!/usr/bin/env python3
"""Per-article cost of linking with a large history against a small one.

    .venv/bin/python bench/bench_link.py [--big 100000] [--small 1000] [--probes 500]

Stores SMALL and BIG synthetic articles in an InMemoryLinker, whose dict indexes stand in for the store's
key tables (event keys and LSH bands looked up by equality, newest first, capped per key), then times the
work the store does per new article: the duplicate lookup by band keys, the candidate lookup by event keys
and choose_event over the candidates. Articles arrive at the same rate in both runs, so BIG simply has a
longer past. Both histories are kept in memory and timed in alternating rounds (median), so that machine load and heap
size do not favour one of them. Prints the per-article cost of each and their ratio (target <= 2).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worker.stages import link  # noqa: E402
from worker.stages.link import (  # noqa: E402
    ArticleFeatures,
    InMemoryLinker,
    choose_event,
    minhash_signature,
)

START = datetime(2025, 1, 1, tzinfo=UTC)
PER_DAY = 400


def _words(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    # A third of the words come from a small common core, as function and news words do in real text.
    return [rng.choice(vocab[:300]) if rng.random() < 0.35 else rng.choice(vocab) for _ in range(n)]


class Stream:
    """Synthetic stories of 1-5 reports each, arriving PER_DAY a day."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = [f"w{i}" for i in range(50_000)]
        self.names = [f"Person{i} Surname{i % 997}" for i in range(20_000)]
        self.places = [f"Town{i}" for i in range(3_000)]
        self.n = 0
        self.story_id = 0
        self.story_of: dict[int, int] = {}

    def story(self) -> list[ArticleFeatures]:
        self.story_id += 1
        rng = self.rng
        core = _words(rng, self.vocab, 60)
        names = rng.sample(self.names, 3)
        place = rng.choice(self.places)
        out = []
        for _ in range(rng.randint(1, 5)):
            words = core[: rng.randint(30, 60)] + _words(rng, self.vocab, 40)
            rng.shuffle(words)
            when = START + timedelta(days=self.n / PER_DAY)
            out.append(
                ArticleFeatures(
                    article_id=self.n,
                    published=when,
                    title=" ".join(words[:8]),
                    text=" ".join(words),
                    event_type=rng.choice(["crime", "accident", "battle", "protest"]),
                    country="US",
                    place=place,
                    entities=names[: rng.randint(1, 3)] + [place],
                    totals={"killed": rng.randint(0, 5), "injured": None},
                )
            )
            self.story_of[self.n] = self.story_id
            self.n += 1
        return out

    def articles(self, count: int) -> list[ArticleFeatures]:
        out: list[ArticleFeatures] = []
        while len(out) < count:
            out.extend(self.story())
        return out[:count]


def build(
    stored: int, probes: int, seed: int
) -> tuple[InMemoryLinker, list[ArticleFeatures], list[list[int]]]:
    stream = Stream(seed)
    linker = InMemoryLinker()
    # The history is stored as already decided (one event per story), as the DB would hold it; linking it
    # article by article would only make the set-up slower.
    for art in stream.articles(stored):
        linker.record(art, minhash_signature(art.text), stream.story_of[art.article_id])
    probe_articles = stream.articles(probes)
    # Signatures are computed by the worker before the lookup, so they are not timed.
    return linker, probe_articles, [minhash_signature(a.text) for a in probe_articles]


def time_round(linker: InMemoryLinker, articles: list[ArticleFeatures], signatures: list[list[int]]) -> float:
    """Milliseconds per article for the duplicate lookup, the candidate lookup and choose_event."""
    started = time.perf_counter()
    for art, sig in zip(articles, signatures, strict=True):
        # A store builds summaries afresh from rows for each article, so no article may profit from memos
        # warmed by another (a small history's few events would stay in them, a large one's not).
        link._entity_words.cache_clear()
        link._terms.cache_clear()
        linker._duplicate_of(art, sig)
        choose_event(art, linker.candidates(art))
    return (time.perf_counter() - started) / len(articles) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    setups = {}
    for stored in (args.small, args.big):
        started = time.perf_counter()
        setups[stored] = build(stored, args.probes, args.seed)
        linker, articles, _ = setups[stored]
        cands = sum(len(linker.candidates(a)) for a in articles) / len(articles)
        print(
            f"stored={stored:>7}  set up in {time.perf_counter() - started:.0f}s  candidates/article: {cands:.1f}"
        )
    # Both histories stay in memory and the runs alternate, so machine load and heap size hit both alike.
    times: dict[int, list[float]] = {stored: [] for stored in setups}
    for _ in range(args.rounds):
        for stored, setup in setups.items():
            times[stored].append(time_round(*setup))
    median = {stored: statistics.median(t) for stored, t in times.items()}
    for stored, ms in median.items():
        print(f"stored={stored:>7}  per-article lookup+choose: {ms:.3f} ms (median of {args.rounds} rounds)")
    ratio = median[args.big] / median[args.small]
    print(f"ratio {args.big}/{args.small}: {ratio:.2f}x (target <= 2x)")
    return 0 if ratio <= 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
