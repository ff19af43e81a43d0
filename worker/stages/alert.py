"""Alert rules: which figure changes deserve an alert, and what the alert says.

Pure functions over :class:`FigureChange` records produced by the link step. The store turns each fired
rule into a row keyed by :func:`alert_key` (a unique constraint makes the alert exactly-once) and hands the
:class:`AlertMessage` to the channels in :mod:`worker.stages.deliver`.

Rule semantics (documented for config/alerts.yaml):

* ``at_least: N`` alone fires when the figure crosses N (``old < N <= new`` or first figure ``>= N``);
* ``rise_by: N`` / ``rise_pct: X`` fire on a rise of at least N / X % (both must hold when both are set);
  with ``at_least`` as well, the threshold becomes a floor: rises count only once the figure is ``>= N``;
* ``new_event_at_least: N`` fires on the first figure of that kind for an event when it is ``>= N``;
* a rule with no condition fires on every new figure and every rise;
* a fall is never a rise: it fires only with ``corrections: true``, and then only when the figure that is
  being corrected had met the rule's threshold (so a rule never "corrects" something it did not alert on);
* ``is_backlog`` changes never fire.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

KINDS = ("killed", "injured", "missing", "kidnapped", "arrested", "displaced", "evacuated", "affected")
PAYLOAD_TYPE = "figure.changed"
PAYLOAD_VERSION = 1

# Rule and channel names end up in log lines, idempotency keys and CLI arguments: keep them plain.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_DEFAULT_CHANNELS = {"console": {"type": "console"}}


@dataclass
class FigureChange:
    """One change of an event's current figure, as produced by the link step."""

    event_id: int
    event_title: str
    event_type: str | None
    country: str | None
    place: str | None
    entities: list[str]
    keywords_text: str
    kind: str
    old: int | None
    new: int
    old_qualifier: str | None
    qualifier: str | None
    change: str
    sources: list[dict]
    evidence: str | None
    is_backlog: bool = False


@dataclass
class Rule:
    name: str
    kind: str = "killed"
    at_least: int | None = None
    rise_by: int | None = None
    rise_pct: float | None = None
    new_event_at_least: int | None = None
    event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    min_sources: int = 1
    channels: list[str] = field(default_factory=lambda: ["console"])
    digest_minutes: int | None = None
    corrections: bool = False


class RulesError(ValueError):
    """An invalid alerts file; the message names the file, the rule and the field."""


# --- loading ------------------------------------------------------------------------------------------

_INT_FIELDS = ("at_least", "rise_by", "new_event_at_least", "digest_minutes")
_LIST_FIELDS = ("event_types", "countries", "places", "entities", "keywords", "channels")
_RULE_FIELDS = {f.name for f in fields(Rule)}


def _rule_from(path: str, index: int, raw: Any) -> Rule:
    where = f"{path}: rules[{index}]"
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: a rule must be a mapping, got {type(raw).__name__}")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise RulesError(f"{where}: field 'name': required, letters, digits, '.', '_' or '-' (got {name!r})")
    where = f"{path}: rule {name!r}"
    unknown = sorted(set(raw) - _RULE_FIELDS)
    if unknown:
        raise RulesError(
            f"{where}: field {unknown[0]!r}: unknown field (known: {', '.join(sorted(_RULE_FIELDS))})"
        )
    values: dict[str, Any] = {"name": name}
    for key, value in raw.items():
        if key == "name":
            continue
        bad = f"{where}: field {key!r}:"
        if key == "kind":
            if value not in KINDS:
                raise RulesError(f"{bad} must be one of {', '.join(KINDS)} (got {value!r})")
        elif key in _INT_FIELDS:
            if value is None:
                pass
            elif (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < (1 if key != "at_least" else 0)
            ):
                raise RulesError(f"{bad} must be a whole number >= 1 (got {value!r})")
        elif key == "rise_pct":
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
            ):
                raise RulesError(f"{bad} must be a number > 0 (got {value!r})")
            value = None if value is None else float(value)
        elif key == "min_sources":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise RulesError(f"{bad} must be a whole number >= 1 (got {value!r})")
        elif key == "corrections":
            if not isinstance(value, bool):
                raise RulesError(f"{bad} must be true or false (got {value!r})")
        elif key in _LIST_FIELDS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise RulesError(f"{bad} must be a list of non-empty strings (got {value!r})")
            value = [v.strip() for v in value]
        values[key] = value
    rule = Rule(**values)
    if not rule.channels:
        raise RulesError(f"{where}: field 'channels': at least one channel is needed")
    return rule


def load_rules(path: str | Path) -> tuple[list[Rule], dict[str, dict]]:
    """Rules and channel specs from an alerts file. Raises RulesError naming the file, rule and field.

    A missing ``channels:`` section means the console channel only. Channel specs are checked for shape
    here (type known, required keys present); secrets are resolved later by ``deliver.build_channel``.
    """
    from worker.stages.deliver import ChannelConfigError, check_channel_spec

    spath = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{spath}: cannot read the alerts file: {exc}") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{spath}: not valid YAML: {exc}") from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise RulesError(f"{spath}: the top level must be a mapping with 'rules' and 'channels'")
    unknown = sorted(set(doc) - {"rules", "channels"})
    if unknown:
        raise RulesError(f"{spath}: field {unknown[0]!r}: unknown top-level section (known: channels, rules)")

    raw_channels = doc.get("channels")
    if raw_channels is None:
        raw_channels = dict(_DEFAULT_CHANNELS)
    if not isinstance(raw_channels, dict):
        raise RulesError(f"{spath}: field 'channels': must be a mapping of channel name to settings")
    channels: dict[str, dict] = {}
    for cname, spec in raw_channels.items():
        if not isinstance(cname, str) or not _NAME.match(cname):
            raise RulesError(f"{spath}: channel {cname!r}: field 'name': letters, digits, '.', '_' or '-'")
        try:
            check_channel_spec(cname, spec)
        except ChannelConfigError as exc:
            raise RulesError(f"{spath}: {exc}") from exc
        channels[cname] = dict(spec)

    raw_rules = doc.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RulesError(f"{spath}: field 'rules': must be a list of rules")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rules):
        rule = _rule_from(spath, i, raw)
        if rule.name in seen:
            raise RulesError(f"{spath}: rule {rule.name!r}: field 'name': defined twice")
        seen.add(rule.name)
        for cname in rule.channels:
            if cname not in channels:
                raise RulesError(
                    f"{spath}: rule {rule.name!r}: field 'channels': no channel named {cname!r} "
                    f"(defined: {', '.join(channels) or 'none'})"
                )
        rules.append(rule)
    return rules, channels


# --- deciding -----------------------------------------------------------------------------------------


def _fold(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _country_keys(value: str | None) -> set[str]:
    """Codes and names a country goes by, so a rule may say "SY", "SYR" or "Syria"."""
    folded = _fold(value)
    if not folded:
        return set()
    keys = {folded}
    try:
        import pycountry

        country = pycountry.countries.lookup(value.strip())
    except (LookupError, ImportError, AttributeError):
        return keys
    for attr in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
        v = getattr(country, attr, None)
        if v:
            keys.add(_fold(v))
    return keys


def _mentions(haystack: str, needle: str) -> bool:
    # Word boundaries so a keyword "ied" does not match "died".
    return re.search(r"(?<!\w)" + re.escape(_fold(needle)) + r"(?!\w)", _fold(haystack)) is not None


def _source_count(sources: list[dict]) -> int:
    return len({(s.get("url") or s.get("title") or repr(sorted(s.items()))) for s in sources})


def _passes_filters(change: FigureChange, rule: Rule) -> bool:
    if rule.event_types and _fold(change.event_type) not in {_fold(t) for t in rule.event_types}:
        return False
    if rule.countries:
        have = _country_keys(change.country)
        if not any(_country_keys(c) & have for c in rule.countries):
            return False
    if rule.places and not any(change.place and _mentions(change.place, p) for p in rule.places):
        return False
    if rule.entities:
        names = [e for e in change.entities if e]
        if not any(_mentions(name, wanted) for wanted in rule.entities for name in names):
            return False
    if rule.keywords and not any(_mentions(change.keywords_text, k) for k in rule.keywords):
        return False
    return _source_count(change.sources) >= rule.min_sources


def _condition_holds(change: FigureChange, rule: Rule) -> bool:
    old, new = change.old, change.new
    rises = rule.rise_by is not None or rule.rise_pct is not None
    if old is None:
        if new <= 0:
            return False
        if rule.new_event_at_least is not None and new >= rule.new_event_at_least:
            return True
        if rule.at_least is not None and not rises and new >= rule.at_least:
            return True
        return rule.at_least is None and rule.new_event_at_least is None and not rises
    if new > old:
        if rises:
            if rule.rise_by is not None and new - old < rule.rise_by:
                return False
            if rule.rise_pct is not None and (old > 0 and (new - old) * 100.0 / old < rule.rise_pct):
                return False
            return rule.at_least is None or new >= rule.at_least
        if rule.at_least is not None:
            return old < rule.at_least <= new
        return rule.new_event_at_least is None
    if new < old:
        if not rule.corrections:
            return False
        threshold = rule.at_least if rule.at_least is not None else rule.new_event_at_least
        return threshold is None or old >= threshold
    return False


def decide(change: FigureChange, rules: list[Rule]) -> list[Rule]:
    """The rules that fire for this change, in file order."""
    if change.is_backlog or change.kind not in KINDS:
        return []
    if change.change == "correction" and change.old is not None and change.new >= change.old:
        return []  # mislabelled: a "correction" that does not go down is not news
    return [
        rule
        for rule in rules
        if rule.kind == change.kind and _condition_holds(change, rule) and _passes_filters(change, rule)
    ]


def alert_key(rule: str, event_id: int, kind: str, new_value: int) -> str:
    """Idempotency key of one alert: the same rule never alerts twice on the same value of a figure."""
    return f"{rule}:{int(event_id)}:{kind}:{int(new_value)}"


# --- messages -----------------------------------------------------------------------------------------


# The extract contract's qualifiers, as a reader says them ("exact" goes without saying).
QUALIFIER_WORDS = {
    "exact": "",
    "at_least": "at least",
    "more_than": "more than",
    "about": "about",
    "up_to": "up to",
    "nearly": "nearly",
    "range": "up to",
}


def _figure(value: int | None, qualifier: str | None) -> str:
    if value is None:
        return "none"
    q = (qualifier or "").strip()
    q = QUALIFIER_WORDS.get(q, q.replace("_", " "))
    return f"{q} {value}" if q else str(value)


def clean_text(text: str | None) -> str:
    # Feed text is untrusted: control characters (CR/LF included) never reach a header or a log line.
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in (text or "")
    )
    return " ".join(cleaned.split())


def _safe_url(url: str | None) -> str | None:
    url = clean_text(url)
    return url if re.match(r"^https?://", url, re.IGNORECASE) else None


@dataclass
class AlertMessage:
    alert_id: str
    rule: str
    event_id: int
    event_title: str
    event_type: str | None
    place: str | None
    country: str | None
    kind: str
    old: int | None
    new: int
    qualifier: str | None
    old_qualifier: str | None
    change: str
    evidence: str | None
    sources: list[dict]
    entities: list[str]
    created_at: datetime

    @property
    def _title(self) -> str:
        return clean_text(self.event_title) or f"Event {self.event_id}"

    def headline(self) -> str:
        """One line: "Syria prison attack: at least 120 killed, up from 77"."""
        now = f"{_figure(self.new, self.qualifier)} {self.kind}"
        if self.old is None:
            return f"{self._title}: {now}"
        if self.new < self.old:
            return f"{self._title}: {self.kind} corrected to {_figure(self.new, self.qualifier)}, down from {self.old}"
        return f"{self._title}: {now}, up from {self.old}"

    def _verb(self) -> str:
        if self.old is None:
            return f"new {self.new}"
        if self.new < self.old:
            return f"corrected {self.old} -> {self.new}"
        return f"rose {self.old} -> {self.new}"

    def _where(self) -> str:
        return ", ".join(x for x in (clean_text(self.place), clean_text(self.country)) if x)

    def _source_label(self, s: dict) -> str:
        parts = [clean_text(s.get("title")) or clean_text(s.get("feed")) or "source"]
        extra = ", ".join(
            x for x in (clean_text(s.get("feed")), clean_text(str(s.get("published") or ""))) if x
        )
        if extra and parts[0] != extra:
            parts.append(f"({extra})")
        return " ".join(parts)

    def console_line(self) -> str:
        lines = [f"ALERT {self.kind} {self._verb()}: {self._title}"]
        for s in self.sources:
            url = _safe_url(s.get("url"))
            lines.append(f"  {url or '-'}  {self._source_label(s)}")
        return "\n".join(lines)

    def text(self) -> str:
        """Plain text without any link, for channels where links would be rewritten or unwanted."""
        lines = [self.headline(), ""]
        if self.evidence:
            lines += [f'"{clean_text(self.evidence)}"', ""]
        details = [
            ("Event type", clean_text(self.event_type)),
            ("Where", self._where()),
            ("Entities", ", ".join(clean_text(e) for e in self.entities[:10] if clean_text(e))),
            ("Rule", self.rule),
        ]
        lines += [f"{label}: {value}" for label, value in details if value]
        if self.sources:
            lines += ["", f"Sources ({len(self.sources)}):"]
            lines += [f"- {self._source_label(s)}" for s in self.sources]
        lines += ["", f"Alert {self.alert_id}"]
        # A title or evidence can itself contain a URL; strip it so the text form really is link-free.
        return re.sub(r"\bhttps?://\S+", "[link removed]", "\n".join(lines))

    def html(self) -> str:
        e = html_lib.escape
        out = [f"<h2>{e(self.headline())}</h2>"]
        if self.evidence:
            out.append(f"<blockquote>{e(clean_text(self.evidence))}</blockquote>")
        details = [
            ("Event type", clean_text(self.event_type)),
            ("Where", self._where()),
            ("Entities", ", ".join(clean_text(x) for x in self.entities[:10] if clean_text(x))),
            ("Rule", self.rule),
        ]
        rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in details if v)
        if rows:
            out.append(f"<table>{rows}</table>")
        if self.sources:
            items = []
            for s in self.sources:
                label = e(self._source_label(s))
                url = _safe_url(s.get("url"))
                items.append(f'<li><a href="{e(url)}">{label}</a></li>' if url else f"<li>{label}</li>")
            out.append(f"<p>Sources ({len(self.sources)}):</p><ul>{''.join(items)}</ul>")
        out.append(f"<p><small>Alert {e(self.alert_id)}</small></p>")
        return "\n".join(out)

    def payload(self) -> dict:
        """The versioned webhook/file JSON body, documented in docs/webhooks.md."""
        return _envelope(
            PAYLOAD_TYPE,
            self.created_at,
            {
                "alert_id": self.alert_id,
                "rule": self.rule,
                "headline": self.headline(),
                "event": {
                    "id": self.event_id,
                    "title": self.event_title,
                    "type": self.event_type,
                    "place": self.place,
                    "country": self.country,
                    "entities": list(self.entities),
                },
                "figure": {
                    "kind": self.kind,
                    "change": self.change,
                    "old": self.old,
                    "old_qualifier": self.old_qualifier,
                    "new": self.new,
                    "qualifier": self.qualifier,
                },
                "evidence": self.evidence,
                "sources": [
                    {
                        "url": s.get("url"),
                        "title": s.get("title"),
                        "published": _iso(s.get("published")),
                        "feed": s.get("feed"),
                    }
                    for s in self.sources
                ],
            },
        )


def _envelope(kind: str, created_at: datetime, data: dict) -> dict:
    """The versioned body every webhook and file payload shares."""
    created = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    return {
        "type": kind,
        "version": PAYLOAD_VERSION,
        "timestamp": created.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        v = value if value.tzinfo else value.replace(tzinfo=UTC)
        return v.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)


def _change_of(change: FigureChange) -> str:
    if change.old is None:
        return "new"
    if change.new < change.old:
        return "correction"
    return "rise"


def message_for(change: FigureChange, rule: Rule, alert_id: str, created_at: datetime) -> AlertMessage:
    return AlertMessage(
        alert_id=alert_id,
        rule=rule.name,
        event_id=change.event_id,
        event_title=change.event_title,
        event_type=change.event_type,
        place=change.place,
        country=change.country,
        kind=change.kind,
        old=change.old,
        new=change.new,
        qualifier=change.qualifier,
        old_qualifier=change.old_qualifier,
        change=change.change if change.change in ("new", "rise", "correction") else _change_of(change),
        evidence=change.evidence,
        sources=[dict(s) for s in change.sources],
        entities=list(change.entities),
        created_at=created_at,
    )


def sample_message(rule: Rule) -> AlertMessage:
    """A made-up alert that satisfies `rule`, for `newsmon alerts test <rule>`."""
    old = 12
    new = max(old + (rule.rise_by or 1), rule.at_least or 0, rule.new_event_at_least or 0)
    if rule.rise_pct:
        new = max(new, int(old * (1 + rule.rise_pct / 100.0)) + 1)
    now = datetime.now(UTC).replace(microsecond=0)
    return AlertMessage(
        alert_id=f"test_{rule.name}_{int(now.timestamp())}",
        rule=rule.name,
        event_id=0,
        event_title="[TEST] Sample event from newsmon",
        event_type=rule.event_types[0] if rule.event_types else "explosion_remote_violence",
        place=rule.places[0] if rule.places else "Sampletown",
        country=rule.countries[0] if rule.countries else None,
        kind=rule.kind,
        old=old,
        new=new,
        qualifier="at_least",
        old_qualifier=None,
        change="rise",
        evidence=f"This is a test alert: at least {new} people were {rule.kind}, officials in Sampletown said.",
        sources=[
            {
                "url": "https://example.org/newsmon-test-alert",
                "title": "Test alert sent by newsmon",
                "published": now.isoformat(),
                "feed": "newsmon test",
            }
        ],
        entities=list(rule.entities[:3]) or ["Sampletown"],
        created_at=now,
    )


# --- digests ------------------------------------------------------------------------------------------

DIGEST_PAYLOAD_TYPE = "figure.digest"


@dataclass
class DigestMessage:
    """Several alerts of one rule sent as one message (rules with ``digest_minutes``).

    It has the same methods as :class:`AlertMessage`, so every channel sends it unchanged.
    """

    alert_id: str
    rule: str
    messages: list[AlertMessage]
    created_at: datetime

    def headline(self) -> str:
        n = len(self.messages)
        if n == 1:
            return self.messages[0].headline()
        events = len({m.event_id for m in self.messages})
        return f"{n} alerts from rule {self.rule} on {events} event{'s' if events != 1 else ''}"

    def console_line(self) -> str:
        lines = [f"DIGEST {self.rule}: {len(self.messages)} alert{'s' if len(self.messages) != 1 else ''}"]
        lines += [m.console_line() for m in self.messages]
        return "\n".join(lines)

    def text(self) -> str:
        parts = [self.headline(), ""]
        parts += [m.text() for m in self.messages]
        return "\n\n".join(p for p in parts if p) + f"\n\nDigest {self.alert_id}"

    def html(self) -> str:
        body = "\n<hr>\n".join(m.html() for m in self.messages)
        return f"<h1>{html_lib.escape(self.headline())}</h1>\n{body}"

    def payload(self) -> dict:
        return _envelope(
            DIGEST_PAYLOAD_TYPE,
            self.created_at,
            {
                "alert_id": self.alert_id,
                "rule": self.rule,
                "headline": self.headline(),
                "alerts": [m.payload()["data"] for m in self.messages],
            },
        )


def digest_message(rule: str, messages: list[AlertMessage], created_at: datetime) -> DigestMessage:
    """One digest of `messages`, oldest first; its id is derived from the alert ids so a retry reuses it."""
    if not messages:
        raise ValueError("a digest needs at least one alert")
    ordered = sorted(messages, key=lambda m: (m.created_at, m.alert_id))
    digest = hashlib.sha256("\n".join(m.alert_id for m in ordered).encode("utf-8")).hexdigest()[:32]
    return DigestMessage(alert_id=f"digest_{digest}", rule=rule, messages=ordered, created_at=created_at)
