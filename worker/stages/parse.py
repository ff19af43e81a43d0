"""Parse feed bytes into entries with a stable identity and a hash of what an edit would change.

RSS 0.9x/1.0/2.0 and Atom go through feedparser (always on bytes, so it sees the declared and sniffed
encodings and never fetches anything itself); JSON Feed 1.0/1.1 is parsed here because feedparser does not
read it.

Entry identity (`Entry.key`): "guid:<guid>", else "link:<canonical link>", else "hash:<sha256 of title and
text>". A GUID repeated inside one document (a publisher bug, but a common one) must not merge two
different items, so the second and later occurrences get "#2", "#3", ... appended to the key, in document
order; an exact repeat (same key, title, text and updated) is one item listed twice and is dropped.
`content_hash` covers title, text and `updated`: it changes when a publisher revises an entry in
place, which is how a revised death toll is recognised as an update of the same article.

Dates are tz-aware UTC. A date in the future (bad clock or time zone at the publisher) is clamped to the
parse time, so an entry can never pretend to be newer than it can be and cannot distort scheduling.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import feedparser

# Query parameters that only track the click, never select the content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "s_cid",
        "vero_id",
        "wt_mc",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "at_medium",
        "at_campaign",
        "cmpid",
        "ocid",
        "ito",
        "ftag",
        "spm",
        "guccounter",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}
JSON_FEED_VERSIONS = {
    "https://jsonfeed.org/version/1": "json10",
    "http://jsonfeed.org/version/1": "json10",
    "https://jsonfeed.org/version/1.1": "json11",
    "http://jsonfeed.org/version/1.1": "json11",
}
_ABSOLUTE = ("http://", "https://")
_SY_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}


@dataclass
class Entry:
    key: str
    guid: str | None
    link: str | None
    canonical_link: str | None
    title: str
    text: str
    content_hash: str
    published: datetime | None
    updated: datetime | None


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    ttl_minutes: int | None
    entries: list[Entry]
    format: str  # feedparser's version ("rss20", "rss10", "atom10", ...) or "json10" / "json11"


class FeedParseError(Exception):
    """kind "not_a_feed": the body is something else (an HTML error page served with 200, plain JSON, an
    empty body); kind "parse": it looks like a feed but is too broken to yield any entry. A valid feed with
    no entries is not an error (entries=[])."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind

    def __reduce__(self):
        return (type(self), (self.kind, str(self)))


# --- text --------------------------------------------------------------------------------------------

_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_WS = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """HTML reduced to plain text: scripts/styles dropped, tags removed, entities decoded, whitespace
    collapsed. Fast on purpose (a regex pass, not an HTML parser): it runs on every entry of every poll."""
    if not value:
        return ""
    if "<" in value:
        value = _DROP_BLOCKS.sub(" ", value)
        value = _TAG.sub(" ", value)
    if "&" in value:
        value = html.unescape(value)
        # Doubly escaped markup ("&amp;lt;b&amp;gt;") shows up as tags only after the first unescape.
        if "<" in value and ">" in value:
            value = html.unescape(_TAG.sub(" ", value))
    return _WS.sub(" ", value).strip()


# --- URLs -------------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """A URL normalised for identity: scheme and host lower-cased, default port and fragment dropped,
    tracking parameters (utm_*, fbclid, gclid, mc_cid, ...) dropped, remaining parameters sorted, an empty
    path made "/". Percent-encoding of the kept parameters is preserved as sent."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if not scheme or not host:
        return url
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    path = parts.path or "/"
    kept = []
    for pair in parts.query.split("&"):
        if not pair:
            continue
        name = unquote_plus(pair.split("=", 1)[0]).lower()
        if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
            continue
        kept.append(pair)
    kept.sort()
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


# --- parsing -----------------------------------------------------------------------------------------


def parse_feed(
    content: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse RSS, Atom or JSON Feed bytes. `url` resolves relative links; `now` (default: the current
    time) is the clamp for future dates. Raises FeedParseError."""
    now = now or datetime.now(UTC)
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise FeedParseError("not_a_feed", "empty body")
    ctype = (content_type or "").lower()
    if head[:1] in (b"{", b"[") or ("json" in ctype and head[:1] != b"<"):
        return _parse_json_feed(content, url=url, now=now)
    return _parse_xml_feed(content, content_type=content_type, url=url, now=now)


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lower()
    return b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered or b"<head" in lowered


def _parse_xml_feed(
    content: bytes, *, content_type: str | None, url: str | None, now: datetime
) -> ParsedFeed:
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    # No content-location: feedparser would then urljoin every element against it (a third of its time);
    # entry links are resolved against `url` below, which is the only place a base URL matters to us.
    # HTML sanitising and relative-URI rewriting inside content are skipped: the content is reduced to plain
    # text right after, so both would be work thrown away (and they dominate feedparser's time).
    d = feedparser.parse(content, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    version = d.get("version") or ""
    raw_entries = d.get("entries") or []
    if not version and not raw_entries:
        if _looks_like_html(content[:2048]):
            raise FeedParseError("not_a_feed", "an HTML page, not a feed")
        if d.get("bozo"):
            raise FeedParseError("parse", f"not parseable as a feed: {d.get('bozo_exception')}")
        raise FeedParseError("not_a_feed", "no RSS, Atom or JSON Feed root element")
    if d.get("bozo") and not raw_entries and _is_fatal_xml_error(d.get("bozo_exception")):
        raise FeedParseError("parse", f"broken feed with no entries: {d.get('bozo_exception')}")
    feed = d.get("feed") or {}
    feed_link = feed.get("link") or url
    base = url or feed_link
    entries = []
    for raw in raw_entries:
        guid = _str_or_none(raw.get("id"))
        link = _str_or_none(raw.get("link"))
        if link and base and not link.startswith(_ABSOLUTE):
            link = urljoin(base, link)
        title = clean_text(raw.get("title"))
        text = _best_text(raw)
        published = _struct_to_dt(raw.get("published_parsed"), now)
        # dict.get: feedparser's own get() falls back from updated to published, which would make a
        # republished pubDate look like an edit and hide which entries really carry an update date.
        updated = _struct_to_dt(dict.get(raw, "updated_parsed"), now)
        if published is None:
            published = updated or _struct_to_dt(raw.get("created_parsed"), now)
        entries.append(
            _make_entry(guid, link, title, text, published, updated, raw_updated=dict.get(raw, "updated"))
        )
    entries = _dedupe_keys(entries)
    return ParsedFeed(
        title=clean_text(feed.get("title")) or None,
        link=_str_or_none(feed_link),
        ttl_minutes=_ttl_minutes(feed),
        entries=entries,
        format=version or "unknown",
    )


def _is_fatal_xml_error(exc: Any) -> bool:
    # feedparser flags harmless things as bozo too (an encoding override, a non-XML content type); only a
    # real XML error with nothing recovered makes the document unusable.
    return exc is not None and not isinstance(
        exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType
    )


def _best_text(raw: Any) -> str:
    best = ""
    for item in raw.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if value and len(value) > len(best):
            best = value
    summary = raw.get("summary") or ""
    if len(summary) > len(best):
        best = summary
    return clean_text(best)


def _struct_to_dt(value: Any, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
    return min(when, now)


def _ttl_minutes(feed: Any) -> int | None:
    ttl = str(feed.get("ttl") or "").strip()
    if ttl.isdigit() and int(ttl) > 0:
        return int(ttl)
    period = str(feed.get("sy_updateperiod") or "").strip().lower()
    if period in _SY_PERIOD_MINUTES:
        freq = str(feed.get("sy_updatefrequency") or "1").strip()
        freq_n = int(freq) if freq.isdigit() and int(freq) > 0 else 1
        return max(1, _SY_PERIOD_MINUTES[period] // freq_n)
    return None


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _make_entry(
    guid: str | None,
    link: str | None,
    title: str,
    text: str,
    published: datetime | None,
    updated: datetime | None,
    *,
    raw_updated: str | None = None,
) -> Entry:
    canonical = canonical_url(link) if link else None
    if guid:
        key = f"guid:{guid}"
    elif canonical:
        key = f"link:{canonical}"
    else:
        key = "hash:" + _sha256(title + "\n" + text)
    hashed = title + "\n" + text
    if updated is not None or raw_updated:
        hashed += "\n" + (updated.isoformat() if updated is not None else str(raw_updated))
    return Entry(
        key=key,
        guid=guid,
        link=link,
        canonical_link=canonical,
        title=title,
        text=text,
        content_hash=_sha256(hashed),
        published=published,
        updated=updated,
    )


def _dedupe_keys(entries: list[Entry]) -> list[Entry]:
    """Suffix repeated keys with "#2", "#3", ...; drop an exact repeat (same key and same content), which is
    one item listed twice rather than two items sharing a GUID."""
    counts: dict[str, int] = {}
    hashes: dict[str, set[str]] = {}
    kept = []
    for entry in entries:
        seen = hashes.setdefault(entry.key, set())
        if entry.content_hash in seen:
            continue
        seen.add(entry.content_hash)
        count = counts.get(entry.key, 0) + 1
        counts[entry.key] = count
        if count > 1:
            entry.key = f"{entry.key}#{count}"
        kept.append(entry)
    return kept


# --- JSON Feed -----------------------------------------------------------------------------------------


def _parse_json_feed(content: bytes, *, url: str | None, now: datetime) -> ParsedFeed:
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FeedParseError("parse", f"invalid JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise FeedParseError("not_a_feed", "JSON, but not a JSON Feed object")
    version = JSON_FEED_VERSIONS.get(str(doc.get("version") or "").strip())
    if version is None:
        raise FeedParseError("not_a_feed", "JSON without a JSON Feed version")
    items = doc.get("items")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise FeedParseError("parse", "JSON Feed 'items' is not a list")
    feed_link = _str_or_none(doc.get("home_page_url")) or url
    base = url or _str_or_none(doc.get("feed_url")) or feed_link
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        guid = _str_or_none(item.get("id"))
        link = _str_or_none(item.get("url")) or _str_or_none(item.get("external_url"))
        if link and base and not link.startswith(_ABSOLUTE):
            link = urljoin(base, link)
        title = clean_text(_as_str(item.get("title")))
        texts = [_as_str(item.get(k)) for k in ("content_html", "content_text", "summary")]
        text = clean_text(max(texts, key=len))
        updated = _iso_to_dt(item.get("date_modified"), now)
        published = _iso_to_dt(item.get("date_published"), now) or updated
        entries.append(
            _make_entry(
                guid,
                link,
                title,
                text,
                published,
                updated,
                raw_updated=_str_or_none(item.get("date_modified")),
            )
        )
    entries = _dedupe_keys(entries)
    return ParsedFeed(
        title=clean_text(_as_str(doc.get("title"))) or None,
        link=feed_link,
        ttl_minutes=None,
        entries=entries,
        format=version,
    )


def _as_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _iso_to_dt(value: Any, now: datetime) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(when.astimezone(UTC), now)
