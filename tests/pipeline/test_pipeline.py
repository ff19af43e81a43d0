"""The pipeline on real databases (SQLite and PostgreSQL), real feeds over HTTP and the real extractor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from sqlalchemy import select

from tests.conftest import ROOT
from worker import embedded, pipeline, runtime
from worker.store.db import transaction
from worker.store.models import Alert, Article, Delivery, Event, EventFigure, Feed

SAMPLES = ROOT / "samples" / "feeds"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request):
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def write_feeds(tmp_path, *urls: str, first_fetch_alerts: bool = True):
    path = tmp_path / "feeds.yaml"
    lines = ["feeds:"]
    for url in urls:
        lines += [
            f"  - url: {url}",
            "    full_text: false",
            f"    first_fetch_alerts: {str(first_fetch_alerts).lower()}",
        ]
    path.write_text("\n".join(lines) + "\n")
    return path


KILLED_RISE = {"name": "killed-rise", "kind": "killed", "rise_by": 1}


def write_alerts(tmp_path, rule: dict, channel: str = "desk", **config):
    """An alerts file whose one rule sends through one channel, named `channel` and set up by `config`."""
    alerts = {"channels": {channel: config}, "rules": [{**rule, "channels": [channel]}]}
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml.safe_dump(alerts))
    return path


def test_the_sample_story_becomes_one_event_whose_killed_figure_rises_to_120(db_url, make_settings, capsys):
    settings = make_settings(database_url=db_url)
    report = embedded.run_pass(settings, all_feeds=True)
    assert not report.feed_errors
    with transaction(db_url) as s:
        articles = list(s.scalars(select(Article)))
        hasakeh = {a.event_id for a in articles if "Hasakeh" in a.text}
        assert len(hasakeh) == 1, "the three Hasakeh reports are one event"
        event = s.get(Event, hasakeh.pop())
        assert event.current["killed"]["value"] == 120
        timeline = [
            (f.value, f.change)
            for f in s.scalars(
                select(EventFigure)
                .where(EventFigure.event_id == event.id, EventFigure.kind == "killed")
                .order_by(EventFigure.id)
            )
        ]
        assert timeline[0] == (77, "new") and timeline[-1] == (120, "rise")
        floods = {a.event_id for a in articles if "Kerala" in a.text}
        assert floods and floods.isdisjoint({event.id})
    assert "ALERT killed rose 77 -> 120" in capsys.readouterr().out


def test_a_second_pass_on_the_same_database_alerts_nothing_twice(db_url, make_settings, capsys):
    settings = make_settings(database_url=db_url)
    embedded.run_pass(settings, all_feeds=True)
    first = capsys.readouterr().out
    assert "ALERT" in first
    embedded.run_pass(settings, all_feeds=True)
    assert "ALERT" not in capsys.readouterr().out
    with transaction(db_url) as s:
        keys = list(s.scalars(select(Alert.dedupe_key)))
        assert len(keys) == len(set(keys))


def test_a_revised_entry_is_the_same_article_queued_again(
    db_url, make_settings, httpserver, tmp_path, capsys
):
    current = {"body": (SAMPLES / "updates" / "hasakeh-1.xml").read_bytes()}
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: __import__("werkzeug").Response(current["body"], content_type="application/rss+xml")
    )
    feeds = write_feeds(tmp_path, httpserver.url_for("/feed.xml"))
    alerts = write_alerts(tmp_path, KILLED_RISE, type="console")
    settings = make_settings(database_url=db_url, feeds_file=feeds, alerts_file=alerts)
    embedded.run_pass(settings, all_feeds=True)
    current["body"] = (SAMPLES / "updates" / "hasakeh-2.xml").read_bytes()
    report = embedded.run_pass(settings, all_feeds=True)
    assert report.articles == 1
    with transaction(db_url) as s:
        (article,) = s.scalars(select(Article)).all()
        assert article.version == 2
        event = s.get(Event, article.event_id)
        assert event.current["killed"]["value"] == 120
    out = capsys.readouterr().out
    assert "ALERT killed rose 77 -> 120" in out


def test_a_broken_feed_never_stops_the_others(db_url, make_settings, httpserver, tmp_path):
    httpserver.expect_request("/gone.xml").respond_with_data("no", status=404)
    httpserver.expect_request("/page.xml").respond_with_data(
        "<html><body>Oops</body></html>", content_type="text/html"
    )
    feeds = write_feeds(
        tmp_path, httpserver.url_for("/gone.xml"), httpserver.url_for("/page.xml"), str(SAMPLES / "wire.xml")
    )
    settings = make_settings(database_url=db_url, feeds_file=feeds)
    report = embedded.run_pass(settings, all_feeds=True)
    assert len(report.feed_errors) == 2
    with transaction(db_url) as s:
        feeds_by_url = {f.url: f for f in s.scalars(select(Feed))}
        gone = feeds_by_url[httpserver.url_for("/gone.xml")]
        assert gone.error_streak == 1 and gone.last_error_kind == "http_4xx"
        assert gone.next_check_at > datetime.now(UTC)
        assert feeds_by_url[httpserver.url_for("/page.xml")].last_error_kind == "not_a_feed"
        assert s.scalar(select(Article).where(Article.title.contains("death toll rises")))


def test_old_entries_of_a_new_feed_are_stored_without_alerts(db_url, make_settings, tmp_path, capsys):
    feeds = write_feeds(tmp_path, str(SAMPLES / "wire.xml"), first_fetch_alerts=False)
    settings = make_settings(database_url=db_url, feeds_file=feeds)
    embedded.run_pass(settings, all_feeds=True)
    assert "ALERT" not in capsys.readouterr().out
    with transaction(db_url) as s:
        assert all(a.is_backlog for a in s.scalars(select(Article)))
        assert s.scalar(select(Alert)) is None


def test_a_syndicated_copy_is_a_duplicate_and_raises_no_alert(db_url, make_settings, httpserver, tmp_path):
    wire = (SAMPLES / "wire.xml").read_text()
    copy = wire.replace("sample-wire-", "reprint-").replace("wire.example.org", "reprint.example.com")
    httpserver.expect_request("/copy.xml").respond_with_data(copy, content_type="application/rss+xml")
    feeds = write_feeds(tmp_path, str(SAMPLES / "wire.xml"), httpserver.url_for("/copy.xml"))
    settings = make_settings(database_url=db_url, feeds_file=feeds)
    embedded.run_pass(settings, all_feeds=True)
    with transaction(db_url) as s:
        articles = list(s.scalars(select(Article).order_by(Article.id)))
        copies = [a for a in articles if "reprint" in (a.url or "")]
        assert copies and all(a.duplicate_of is not None for a in copies)
        assert len({a.event_id for a in articles}) == 1
        alerted = list(s.scalars(select(Alert)))
        assert len(alerted) == len({(a.rule, a.event_id, a.kind, a.new_value) for a in alerted})


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_receiver_down_then_failing_then_back_gets_the_alert_exactly_once(db_url, make_settings, tmp_path):
    """Down (connection refused), then 500, then 429 with Retry-After, then 204: received once, and the
    Retry-After is honoured in the schedule."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    statuses = [500, 429, 204]
    received = []

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = statuses.pop(0)
            received.append((status, self.headers.get("webhook-id")))
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "7200")
            self.end_headers()

    port = free_port()
    alerts = write_alerts(
        tmp_path,
        {"name": "killed-100", "kind": "killed", "at_least": 100},
        "hook",
        type="webhook",
        url=f"http://127.0.0.1:{port}/hook",
    )
    feeds = write_feeds(tmp_path, str(SAMPLES / "updates" / "hasakeh-2.xml"))
    settings = make_settings(database_url=db_url, feeds_file=feeds, alerts_file=alerts)
    embedded.run_pass(settings, all_feeds=True)  # the receiver is down
    with transaction(db_url) as s:
        (delivery,) = s.scalars(select(Delivery)).all()
        assert delivery.status == "failed" and delivery.attempts == 1
        delivery_id = delivery.id
    server = ThreadingHTTPServer(("127.0.0.1", port), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        channels = runtime.channels()
        waits = []
        for _ in range(3):
            with transaction(db_url) as s:
                s.get(Delivery, delivery_id).next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)
            waits.append(pipeline.deliver(settings, delivery_id, channels).retry_in)
        # Already sent: another attempt (a retried task, a sweep) sends nothing.
        assert pipeline.deliver(settings, delivery_id, channels).status == "sent"
    finally:
        server.shutdown()
    assert [r[0] for r in received] == [500, 429, 204]
    assert waits[1] >= 7200, "Retry-After asked for two hours"
    assert len({r[1] for r in received}) == 1, "every attempt carries the same webhook-id"
    with transaction(db_url) as s:
        assert s.get(Delivery, delivery_id).attempts == 4


def test_an_alert_reaches_a_real_smtp_server_once(db_url, make_settings, tmp_path):
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    port = free_port()
    inbox = Inbox()
    smtpd = Controller(inbox, hostname="127.0.0.1", port=port)
    smtpd.start()
    try:
        alerts = write_alerts(
            tmp_path,
            KILLED_RISE,
            type="email",
            host="127.0.0.1",
            port=port,
            security="none",
            sender="newsmon@example.org",
            recipients=["desk@example.org"],
        )
        settings = make_settings(database_url=db_url, alerts_file=alerts)
        embedded.run_pass(settings, all_feeds=True)
        embedded.run_pass(settings, all_feeds=True)
    finally:
        smtpd.stop()
    (mail,) = inbox.messages
    assert "120" in mail["Subject"] and "77" in mail["Subject"]
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_body(("plain",)) is not None and mail.get_body(("html",)) is not None


def test_a_digest_rule_sends_its_window_of_alerts_as_one_message(db_url, make_settings, tmp_path):
    import json

    out = tmp_path / "digest.jsonl"
    alerts = write_alerts(
        tmp_path,
        {"name": "every-killed", "kind": "killed", "digest_minutes": 60},
        "log",
        type="file",
        path=str(out),
    )
    settings = make_settings(database_url=db_url, alerts_file=alerts)
    report = embedded.run_pass(settings, all_feeds=True)
    assert report.deliveries == {"pending": 3}, "held until the window ends"
    assert not out.exists()
    with transaction(db_url) as s:
        keys = {d.digest_key for d in s.scalars(select(Delivery))}
        assert len(keys) == 1
        for d in s.scalars(select(Delivery)):
            d.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)
    embedded.run_pass(settings, all_feeds=True)
    (line,) = out.read_text().splitlines()
    digest = json.loads(line)
    assert digest["type"] == "figure.digest"
    assert sorted(a["figure"]["new"] for a in digest["data"]["alerts"]) == [12, 77, 120]
    with transaction(db_url) as s:
        assert {d.status for d in s.scalars(select(Delivery))} == {"sent"}


def test_a_feed_broken_for_a_day_raises_one_operator_alert_and_keeps_being_polled(
    db_url, make_settings, httpserver, tmp_path, capsys
):
    httpserver.expect_request("/down.xml").respond_with_data("busy", status=503)
    feeds = write_feeds(tmp_path, httpserver.url_for("/down.xml"))
    settings = make_settings(database_url=db_url, feeds_file=feeds)
    embedded.run_pass(settings, all_feeds=True)
    assert "ALERT Feed broken" not in capsys.readouterr().out, "one failure is not an incident yet"
    with transaction(db_url) as s:
        feed = s.scalar(select(Feed))
        feed.first_error_at = datetime.now(UTC) - timedelta(hours=25)
    for _ in range(2):
        embedded.run_pass(settings, all_feeds=True)
    out = capsys.readouterr().out
    assert out.count("ALERT Feed broken") == 1
    assert "http_5xx" in out and httpserver.url_for("/down.xml") in out
    with transaction(db_url) as s:
        feed = s.scalar(select(Feed))
        assert feed.error_streak == 3 and feed.enabled and feed.next_check_at > datetime.now(UTC)


def test_one_cycle_of_hostile_feeds_records_each_error_and_spares_the_good_feed(
    sqlite_url, make_settings, httpserver, tmp_path
):
    import gzip

    from werkzeug import Response

    fixtures = ROOT / "tests" / "stages" / "feeds_fixtures"
    good = (SAMPLES / "wire.xml").read_bytes()
    bomb = gzip.compress(b"<rss>" + b" " * (8 * 1024 * 1024) + b"</rss>")
    routes = {
        "/truncated.xml": Response(good[: len(good) // 3], content_type="application/rss+xml"),
        "/bomb.xml": Response(bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"}),
        "/laughs.xml": Response(
            (fixtures / "billion_laughs.xml").read_bytes(), content_type="application/xml"
        ),
        "/error-page.xml": Response(
            (fixtures / "html_error_page.html").read_bytes(), content_type="text/html"
        ),
        "/loop.xml": Response("", status=302, headers={"Location": "/loop.xml"}),
        "/empty.xml": Response((fixtures / "empty_rss.xml").read_bytes(), content_type="application/rss+xml"),
        "/good.xml": Response(good, content_type="application/rss+xml"),
    }
    for path, response in routes.items():
        httpserver.expect_request(path).respond_with_response(response)
    feeds = write_feeds(tmp_path, *(httpserver.url_for(p) for p in routes))
    settings = make_settings(
        database_url=sqlite_url, feeds_file=feeds, max_feed_bytes=1024 * 1024, fetch_timeout=5
    )
    report = embedded.run_pass(settings, all_feeds=True)
    with transaction(settings.database_url) as s:
        by_path = {f.url.rsplit("/", 1)[1]: f for f in s.scalars(select(Feed))}
        assert by_path["bomb.xml"].last_error_kind == "too_large"
        assert by_path["loop.xml"].last_error_kind == "redirects"
        assert by_path["error-page.xml"].last_error_kind == "not_a_feed"
        assert by_path["empty.xml"].error_streak == 0, "an empty feed is not an error"
        assert by_path["good.xml"].error_streak == 0
        assert all(f.next_check_at > datetime.now(UTC) for f in by_path.values()), (
            "every feed is polled again"
        )
        titles = {
            a.title for a in s.scalars(select(Article).where(Article.feed_id == by_path["good.xml"].id))
        }
        assert "Syria prison attack: death toll rises to 120" in titles
        assert all(len(a.text or "") < 100_000 for a in s.scalars(select(Article))), "no entity expansion"
    assert len(report.feed_errors) >= 3


PAGE = """<html><head><title>Bridge collapse</title></head><body>
<nav>Home | World | Sport | Weather</nav>
<article><h1>Bridge collapse in Riverton kills nine</h1>
<p>Nine people were killed and 14 injured when a road bridge collapsed over the Dane river in Riverton on
Tuesday evening, the regional fire service said.</p>
<p>Rescue divers searched the water through the night for two people still missing, and engineers
inspected the remaining spans of the forty-year-old bridge, which had been due for repairs next spring.</p>
<p>The mayor declared three days of mourning and asked residents to avoid the riverbank.</p></article>
<footer>Cookie settings. Subscribe to our newsletter.</footer></body></html>"""


@pytest.mark.parametrize("full_text", [True, False])
def test_a_summary_only_entry_gets_its_article_page_unless_the_feed_says_no(
    sqlite_url, make_settings, httpserver, tmp_path, full_text
):
    httpserver.expect_request("/story").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Short</title>
      <item><guid>bridge-1</guid><link>{httpserver.url_for("/story")}</link>
      <title>Bridge collapse in Riverton</title><description>A bridge collapsed.</description></item>
    </channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"feeds:\n  - url: {httpserver.url_for('/feed.xml')}\n    full_text: {str(full_text).lower()}\n"
    )
    settings = make_settings(database_url=sqlite_url, feeds_file=path)
    embedded.run_pass(settings, all_feeds=True)
    with transaction(sqlite_url) as s:
        (article,) = s.scalars(select(Article)).all()
    if full_text:
        assert "Rescue divers searched the water" in article.text
        assert "Cookie settings" not in article.text
        assert article.extraction["totals"]["killed"] == 9
    else:
        assert article.text == "A bridge collapsed."


def test_a_410_gone_disables_the_channel_for_later_alerts(db_url, make_settings, httpserver, tmp_path):
    from worker.store.models import DisabledEndpoint

    httpserver.expect_request("/hook", method="POST").respond_with_data("", status=410)
    alerts = write_alerts(
        tmp_path,
        {"name": "every-killed", "kind": "killed"},
        "hook",
        type="webhook",
        url=httpserver.url_for("/hook"),
    )
    settings = make_settings(database_url=db_url, alerts_file=alerts)
    embedded.run_pass(settings, all_feeds=True)
    assert len(httpserver.log) == 1, "after the 410 nothing more is sent to that endpoint"
    with transaction(db_url) as s:
        assert s.get(DisabledEndpoint, "hook") is not None
        assert {d.status for d in s.scalars(select(Delivery))} == {"dead"}


def test_an_apprise_channel_notifies_a_real_service(db_url, make_settings, httpserver, tmp_path, monkeypatch):
    """Apprise's generic JSON service (json://) posting to a local server stands in for Slack & co."""
    pytest.importorskip("apprise", reason="the optional apprise extra is not installed")
    httpserver.expect_request("/notify", method="POST").respond_with_data("ok")
    monkeypatch.setenv("TEST_APPRISE_URLS", f"json://{httpserver.host}:{httpserver.port}/notify")
    alerts = write_alerts(tmp_path, KILLED_RISE, type="apprise", urls_env="TEST_APPRISE_URLS")
    settings = make_settings(database_url=db_url, alerts_file=alerts)
    embedded.run_pass(settings, all_feeds=True)
    (request, _), *rest = httpserver.log
    assert not rest
    body = request.get_json()
    assert "77" in body["title"] and "120" in body["title"]
