"""JSON Lines batch extraction (the `newsmon extract` command): ordered output, per-line errors, processes."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

_worker_extractor: Any = None


def _parse_line(n: int, line: str) -> tuple[dict | None, dict | None]:
    """(item, None) for a usable line, (None, error object) for a malformed one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, {"id": None, "error": f"invalid JSON: {exc.msg} at column {exc.colno}", "line": n}
    if not isinstance(obj, dict):
        return None, {"id": None, "error": "a line must be a JSON object", "line": n}
    ident = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, {"id": ident, "error": 'missing or empty "text"', "line": n}
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        return None, {"id": ident, "error": '"title" must be a string or null', "line": n}
    return {"id": ident, "title": title, "text": text}, None


def _chunks(inputs: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for n, line in enumerate(inputs, start=1):
        if not line.strip():
            continue
        chunk.append((n, line))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _init_worker(model: str) -> None:
    global _worker_extractor
    from worker.stages.extract import Extractor

    _worker_extractor = Extractor(model)
    _ = _worker_extractor.nlp  # load once per process, before the first chunk


def _process_chunk(chunk: list[tuple[int, str]], extractor: Any = None) -> list[str]:
    extractor = extractor or _worker_extractor
    parsed = [(n, *_parse_line(n, line)) for n, line in chunk]
    good = [item for _, item, _ in parsed if item is not None]
    try:
        results = list(extractor.extract_many([(i["title"], i["text"]) for i in good]))
    except Exception:
        # one bad article must not sink its batch: redo it one by one to isolate the failure
        results = []
        for i in good:
            try:
                results.append(extractor.extract(i["text"], i["title"]))
            except Exception as exc:  # noqa: BLE001 - reported in the error object
                results.append({"error": f"extraction failed: {type(exc).__name__}: {exc}"})
    out = []
    it = iter(results)
    for n, item, error in parsed:
        if error is not None:
            out.append(json.dumps(error, ensure_ascii=False))
            continue
        result = next(it)
        if "error" in result:
            out.append(
                json.dumps({"id": item["id"], "error": result["error"], "line": n}, ensure_ascii=False)
            )
        else:
            out.append(json.dumps({"id": item["id"], **result}, ensure_ascii=False))
    return out


def run_jsonl(
    inputs: Iterable[str], out: TextIO, *, model: str, workers: int = 1, progress: bool | None = None
) -> int:
    """Extract every JSON line of `inputs` into `out` in input order; return the number of error lines."""
    if progress is None:
        progress = sys.stderr.isatty()
    errors = done = 0
    chunk_size = 16

    def emit(lines: list[str]) -> None:
        nonlocal errors, done
        for line in lines:
            if '"error": ' in line and json.loads(line).keys() == {"id", "error", "line"}:
                errors += 1
            out.write(line + "\n")
            done += 1
        if progress:
            print(f"\rextracted {done} lines", end="", file=sys.stderr, flush=True)

    if workers <= 1:
        from worker.stages.extract import Extractor

        extractor = Extractor(model)
        for chunk in _chunks(inputs, chunk_size):
            emit(_process_chunk(chunk, extractor))
    else:
        # spawn: a forked copy of a threaded parent (web servers, Celery) can deadlock
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(workers, initializer=_init_worker, initargs=(model,)) as pool:
            for lines in pool.imap(_process_chunk, _chunks(inputs, chunk_size)):
                emit(lines)
    if progress:
        print(file=sys.stderr)
    out.flush()
    return errors
