"""JSON Lines batch extraction for `newsmon extract`: input order kept, a clear error object per bad line,
optional worker processes that each load the model once."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

CHUNK = 32
_extractor: Any = None


def _parse(n: int, line: str) -> tuple[dict | None, dict | None]:
    """(item, None) for a usable line, (None, error object) for a malformed one."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, {"id": None, "error": f"invalid JSON: {exc.msg} (column {exc.colno})", "line": n}
    if not isinstance(obj, dict):
        return None, {"id": None, "error": "line is not a JSON object", "line": n}
    ident = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, {"id": ident, "error": 'missing or empty "text"', "line": n}
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        return None, {"id": ident, "error": '"title" must be a string or null', "line": n}
    return {"id": ident, "title": title, "text": text}, None


def _chunks(inputs: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for n, line in enumerate(inputs, start=1):
        if not line.strip():
            continue
        chunk.append((n, line))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _init(model: str) -> None:
    global _extractor
    from worker.stages.extract.core import Extractor

    _extractor = Extractor(model)
    _extractor.nlp  # noqa: B018 - load once per process, before the first chunk


def _work(chunk: list[tuple[int, str]], extractor: Any = None) -> list[tuple[bool, str]]:
    extractor = extractor or _extractor
    parsed = [(n, *_parse(n, line)) for n, line in chunk]
    good = [item for _, item, _ in parsed if item is not None]
    try:
        results: list[dict] = list(extractor.extract_many([(i["title"], i["text"]) for i in good]))
    except Exception:  # noqa: BLE001 - one bad article must not sink its batch: redo one by one
        results = []
        for i in good:
            try:
                results.append(extractor.extract(i["text"], i["title"]))
            except Exception as exc:  # noqa: BLE001 - reported in the error object
                results.append({"error": f"extraction failed: {type(exc).__name__}: {exc}"})
    out: list[tuple[bool, str]] = []
    it = iter(results)
    for n, item, error in parsed:
        if error is not None:
            out.append((True, json.dumps(error, ensure_ascii=False)))
            continue
        res = next(it)
        if "error" in res:
            out.append(
                (True, json.dumps({"id": item["id"], "error": res["error"], "line": n}, ensure_ascii=False))
            )
        else:
            out.append((False, json.dumps({"id": item["id"], **res}, ensure_ascii=False)))
    return out


def run_jsonl(
    inputs: Iterable[str], out: TextIO, *, model: str, workers: int = 1, progress: bool | None = None
) -> int:
    """Extract every JSON line of `inputs` into `out` in input order; return the number of error lines."""
    if progress is None:
        progress = sys.stderr.isatty()
    errors = done = 0

    def emit(lines: list[tuple[bool, str]]) -> None:
        nonlocal errors, done
        for is_error, line in lines:
            errors += is_error
            out.write(line + "\n")
            done += 1
        if progress:
            print(f"\rextracted {done} lines ({errors} errors)", end="", file=sys.stderr, flush=True)

    if workers <= 1:
        from worker.stages.extract.core import Extractor

        extractor = Extractor(model)
        for chunk in _chunks(inputs):
            emit(_work(chunk, extractor))
    else:
        # spawn, not fork: a forked copy of a threaded parent (Celery, web servers) can deadlock
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(workers, initializer=_init, initargs=(model,)) as pool:
            for lines in pool.imap(_work, _chunks(inputs)):
                emit(lines)
    if progress:
        print(file=sys.stderr)
    out.flush()
    return errors
