from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from worker.stages.parse import FeedParseError, canonical_url, clean_text, parse_feed

FIXTURES = Path(__file__).parent / "feeds_fixtures"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(name: str, **kwargs) -> object:
    kwargs.setdefault("now", NOW)
    return parse_feed(load(name), **kwargs)


# --- formats ---------------------------------------------------------------------------------------------


def test_it_reads_rss_2_with_clean_text_and_utc_dates() -> None:
    feed = parse("rss20.xml", url="https://gazette.example.org/rss")
    assert feed.format == "rss20"
    assert feed.title == "Harbour Town Gazette"
    assert feed.ttl_minutes == 30
    first, second, _ = feed.entries
    assert first.key == "guid:gazette-1001"
    assert first.title == "Ferry & barge collide near the north pier"
    assert first.text == "Two crew members were injured when a ferry struck a barge."
    assert first.published == datetime(2026, 3, 3, 8, 15, tzinfo=UTC)
    assert first.canonical_link == "https://gazette.example.org/news/ferry-barge"
    assert second.published == datetime(2026, 3, 3, 5, 0, tzinfo=UTC)
    assert second.text == "The square is open again \u2014 traders returned this morning."


def test_it_resolves_relative_links_against_the_feed_url() -> None:
    feed = parse("rss20.xml", url="https://gazette.example.org/rss")
    assert feed.entries[1].link == "https://gazette.example.org/news/market-square"


def test_it_reads_rss_1_0_and_its_update_period() -> None:
    feed = parse("rss10.xml")
    assert feed.format == "rss10"
    assert feed.ttl_minutes == 30
    assert [e.title for e in feed.entries] == ["Landslide blocks the valley road", "New footbridge opens"]
    assert feed.entries[0].link == "https://valley.example.net/a/landslide"
    assert feed.entries[0].published == datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def test_it_reads_atom_preferring_the_full_content_over_the_summary() -> None:
    feed = parse("atom.xml")
    assert feed.format == "atom10"
    assert feed.title == "Ridge & Plain Observer"
    storm, rail = feed.entries
    assert storm.key == "guid:tag:observer.example.com,2026:storm-silos"
    assert storm.text.startswith("Four people were hurt when the roof of a silo gave way")
    assert storm.published == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    assert storm.updated == datetime(2026, 3, 5, 11, 45, tzinfo=UTC)
    assert rail.title == "Rail line reopened"
    # No <published>: the <updated> date is the best date we have.
    assert rail.published == datetime(2026, 3, 4, 16, 0, tzinfo=UTC)


def test_it_reads_json_feed_1_1() -> None:
    feed = parse("jsonfeed11.json", content_type="application/feed+json")
    assert feed.format == "json11"
    assert feed.title == "Coastline Dispatch"
    boat, festival, note = feed.entries
    assert boat.key == "guid:cd-77"
    assert boat.text == "Five people were rescued; one is missing ."
    assert boat.canonical_link == "https://dispatch.example.io/posts/77"
    assert boat.updated == datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    assert festival.key == "guid:78"
    assert festival.link == "https://dispatch.example.io/posts/78"
    assert festival.published == datetime(2026, 3, 6, 1, 0, tzinfo=UTC)
    assert note.title == "" and note.published is None and note.link is None


def test_it_reads_json_feed_1_0_too() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1", "title": "Old", "items": [{"id": "1", "title": "x"}]}'
    )
    feed = parse_feed(body)
    assert feed.format == "json10"
    assert feed.entries[0].key == "guid:1"


def test_it_refuses_json_that_is_not_a_json_feed() -> None:
    with pytest.raises(FeedParseError) as err:
        parse_feed(b'{"status": "ok", "data": []}', content_type="application/json")
    assert err.value.kind == "not_a_feed"


def test_it_reports_broken_json_as_a_parse_error() -> None:
    with pytest.raises(FeedParseError) as err:
        parse_feed(
            b'{"version": "https://jsonfeed.org/version/1.1", "items": [', content_type="application/json"
        )
    assert err.value.kind == "parse"


# --- broken and odd input ----------------------------------------------------------------------------------


def test_an_html_error_page_served_as_a_feed_is_not_a_feed() -> None:
    with pytest.raises(FeedParseError) as err:
        parse("html_error_page.html", content_type="text/html")
    assert err.value.kind == "not_a_feed"


def test_an_empty_body_is_not_a_feed() -> None:
    with pytest.raises(FeedParseError) as err:
        parse_feed(b"  \n")
    assert err.value.kind == "not_a_feed"


def test_an_empty_but_valid_feed_has_no_entries_and_no_error() -> None:
    feed = parse("empty_rss.xml")
    assert feed.entries == []
    assert feed.title == "Quiet Hamlet News"


def test_truncated_xml_with_nothing_recoverable_is_a_parse_error() -> None:
    body = load("rss20.xml")
    cut = body[: body.index(b"<item>") - 20]
    with pytest.raises(FeedParseError) as err:
        parse_feed(cut + b"<ite")
    assert err.value.kind in ("parse", "not_a_feed")


def test_truncated_xml_keeps_the_entries_before_the_cut() -> None:
    body = load("rss20.xml")
    cut = body[: body.index(b"gazette-1003")]
    feed = parse_feed(cut, now=NOW)
    keys = [e.key for e in feed.entries]
    assert keys[:2] == ["guid:gazette-1001", "guid:gazette-1002"]


def test_garbage_bytes_are_not_a_feed() -> None:
    with pytest.raises(FeedParseError) as err:
        parse_feed(b"\x00\x01\x02 this is not xml at all \xff\xfe")
    assert err.value.kind in ("parse", "not_a_feed")


def test_a_wrongly_declared_encoding_still_yields_readable_text() -> None:
    # Declared UTF-8, actually Latin-1: the é (0xE9) is invalid UTF-8.
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Caf\xe9 news</title>'
        "<item><title>Caf\xe9 reopens</title><guid>enc-1</guid></item></channel></rss>"
    ).encode("latin-1")
    feed = parse_feed(body, content_type="application/rss+xml; charset=utf-8", now=NOW)
    assert feed.entries[0].key == "guid:enc-1"
    assert feed.entries[0].title == "Caf\xe9 reopens"


def test_it_honours_a_declared_non_utf8_encoding() -> None:
    body = (
        '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>\u041f\u043e\u0436\u0430\u0440 \u043d\u0430 \u0441\u043a\u043b\u0430\u0434\u0435</title>"
        "<guid>cyr-1</guid></item></channel></rss>"
    ).encode("windows-1251")
    feed = parse_feed(body, now=NOW)
    assert (
        feed.entries[0].title
        == "\u041f\u043e\u0436\u0430\u0440 \u043d\u0430 \u0441\u043a\u043b\u0430\u0434\u0435"
    )


def test_it_sniffs_utf16_from_the_byte_order_mark() -> None:
    text = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Wide bytes</title><guid>u16</guid></item></channel></rss>"
    )
    feed = parse_feed(text.encode("utf-16"), now=NOW)
    assert feed.entries[0].title == "Wide bytes"


def test_repeated_guids_in_one_document_stay_distinct() -> None:
    feed = parse("duplicate_guids.xml")
    assert [e.key for e in feed.entries] == ["guid:same-guid", "guid:same-guid#2", "guid:same-guid#3"]
    assert len({e.content_hash for e in feed.entries}) == 3


def test_entries_without_guid_fall_back_to_link_then_to_a_content_hash() -> None:
    feed = parse("no_link_no_date.xml")
    no_link, only_link, bare = feed.entries
    assert no_link.key.startswith("hash:") and no_link.link is None and no_link.published is None
    assert only_link.key == "link:https://bulletin.example.net/library"
    assert bare.title == "" and bare.key.startswith("hash:")
    assert no_link.key != bare.key


def test_future_dates_are_clamped_to_the_parse_time() -> None:
    feed = parse("future_dates.xml")
    future, past = feed.entries
    assert future.published == NOW
    assert past.published == datetime(2026, 3, 1, tzinfo=UTC)


# --- identity ------------------------------------------------------------------------------------------------


def rss_item(link: str, description: str = "Same text.", updated: str | None = None) -> bytes:
    extra = (
        f'<atom:updated xmlns:atom="http://www.w3.org/2005/Atom">{updated}</atom:updated>' if updated else ""
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Same title</title>'
        f"<link>{link}</link><description>{description}</description>{extra}</item></channel></rss>"
    ).encode()


def test_identity_is_stable_when_only_tracking_parameters_change() -> None:
    a = parse_feed(rss_item("https://news.example.com/story?id=5&amp;utm_source=rss"), now=NOW).entries[0]
    b = parse_feed(rss_item("https://NEWS.example.com:443/story?utm_medium=x&amp;id=5#top"), now=NOW).entries[
        0
    ]
    assert a.key == b.key == "link:https://news.example.com/story?id=5"
    assert a.content_hash == b.content_hash


def test_the_content_hash_changes_when_an_entry_is_revised_in_place() -> None:
    before = parse_feed(rss_item("https://news.example.com/quake", "Three people died."), now=NOW).entries[0]
    after = parse_feed(rss_item("https://news.example.com/quake", "Seven people died."), now=NOW).entries[0]
    assert before.key == after.key
    assert before.content_hash != after.content_hash


def test_the_content_hash_changes_when_only_the_updated_date_changes() -> None:
    a = parse_feed(rss_item("https://n.example.com/x", updated="2026-03-01T10:00:00Z"), now=NOW).entries[0]
    b = parse_feed(rss_item("https://n.example.com/x", updated="2026-03-01T11:00:00Z"), now=NOW).entries[0]
    assert a.key == b.key and a.content_hash != b.content_hash


def test_a_republished_pubdate_alone_is_not_an_edit() -> None:
    def item(date: str) -> bytes:
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>A</title>'
            f"<guid>g1</guid><pubDate>{date}</pubDate><description>B</description></item></channel></rss>"
        ).encode()

    a = parse_feed(item("Mon, 02 Mar 2026 10:00:00 GMT"), now=NOW).entries[0]
    b = parse_feed(item("Mon, 02 Mar 2026 11:00:00 GMT"), now=NOW).entries[0]
    assert a.content_hash == b.content_hash


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM/Path", "http://example.com/Path"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?utm_source=x&utm_campaign=y", "https://example.com/a"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&id=9", "https://example.com/a?id=9"),
        ("https://example.com/a?UTM_Source=x&q=%20space", "https://example.com/a?q=%20space"),
        ("https://example.com/a?flag&x=", "https://example.com/a?flag&x="),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("not a url", "not a url"),
    ],
)
def test_canonical_url_normalises_what_does_not_select_the_content(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_clean_text_strips_scripts_tags_and_double_escaping() -> None:
    assert clean_text("<p>a<script>x()</script> <b>b</b>&amp;c</p>") == "a b &c"
    assert clean_text("&lt;i&gt;word&lt;/i&gt; here") == "word here"
    assert clean_text(None) == ""


# --- feedparser's defences on the installed version -----------------------------------------------------


def test_billion_laughs_is_not_expanded() -> None:
    started = time.monotonic()
    try:
        feed = parse("billion_laughs.xml")
    except FeedParseError as exc:
        assert exc.kind in ("parse", "not_a_feed")
    else:
        for entry in feed.entries:
            assert "lollollol" not in entry.title + entry.text
            assert len(entry.text) < 10_000
    assert time.monotonic() - started < 5


def test_an_external_entity_cannot_read_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-4242")
    body = load("xxe.xml").replace(b"@SECRET_PATH@", str(secret).encode())
    try:
        feed = parse_feed(body, now=NOW)
    except FeedParseError as exc:
        assert exc.kind in ("parse", "not_a_feed")
        return
    for entry in feed.entries:
        assert "TOP-SECRET" not in entry.title + entry.text
    assert "TOP-SECRET" not in (feed.title or "")


def test_an_item_listed_twice_verbatim_is_kept_once() -> None:
    item = "<item><title>Same</title><guid>g-1</guid><description>Same words.</description></item>"
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{item}{item}</channel></rss>'
    assert [e.key for e in parse_feed(body.encode(), now=NOW).entries] == ["guid:g-1"]
