from __future__ import annotations

import base64
import email
import email.policy
import io
import json
import pickle
import random
import shutil
import socket
import ssl
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from werkzeug.wrappers import Response

from worker.stages.alert import AlertMessage, digest_message
from worker.stages.deliver import (
    CHANNEL_TYPES,
    RETRY_SCHEDULE,
    AppriseChannel,
    ChannelConfigError,
    ConsoleChannel,
    DeliveryError,
    EmailChannel,
    FileChannel,
    WebhookChannel,
    build_channel,
    retry_delay,
)
from worker.stages.httpdates import parse_retry_after

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()


def make_message(**over) -> AlertMessage:
    fields = dict(
        alert_id="msg_0f1e2d3c",
        rule="killed-rise",
        event_id=42,
        event_title="Ferry capsizes off Lake Varna",
        event_type="accident",
        place="Lake Varna",
        country="KE",
        kind="killed",
        old=9,
        new=14,
        qualifier="at least",
        old_qualifier=None,
        change="rise",
        evidence="At least 14 passengers drowned after the ferry overturned, the harbour master said.",
        sources=[
            {
                "url": "https://one.example/ferry",
                "title": "Ferry overturns",
                "published": "2026-05-01T10:00:00Z",
                "feed": "One",
            },
        ],
        entities=["Lake Varna", "Harbour Authority"],
        created_at=datetime(2026, 5, 1, 10, 5, tzinfo=UTC),
    )
    fields.update(over)
    return AlertMessage(**fields)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- console and file -------------------------------------------------------------------------------


def test_the_console_channel_prints_the_console_line():
    out = io.StringIO()
    assert ConsoleChannel(out).send(make_message()) is None
    assert out.getvalue().startswith("ALERT killed rose 9 -> 14: Ferry capsizes off Lake Varna\n")
    assert "https://one.example/ferry" in out.getvalue()


def test_the_file_channel_appends_one_json_payload_per_line(tmp_path):
    path = tmp_path / "out" / "alerts.jsonl"
    channel = FileChannel(path)
    channel.send(make_message())
    channel.send(make_message(alert_id="msg_second", new=20))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["data"]["alert_id"] for line in lines] == ["msg_0f1e2d3c", "msg_second"]


def test_an_unwritable_file_is_a_delivery_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DeliveryError):
        FileChannel(blocker / "alerts.jsonl").send(make_message())


# --- webhook ----------------------------------------------------------------------------------------


def hook(httpserver, secret: str | None = SECRET, **kw) -> WebhookChannel:
    return WebhookChannel(httpserver.url_for("/hook"), secret, allow_private_networks=True, **kw)


def test_a_signed_webhook_verifies_with_the_standard_webhooks_library(httpserver):
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("", status=204)
    assert hook(httpserver).send(make_message()) == "HTTP 204"
    request, _ = httpserver.log[0]
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["webhook-id"] == "msg_0f1e2d3c"
    assert request.headers["webhook-signature"].startswith("v1,")
    payload = Webhook(SECRET).verify(request.get_data(), dict(request.headers))
    assert payload["type"] == "figure.changed" and payload["version"] == 1
    assert payload["data"]["figure"]["new"] == 14


def test_a_tampered_body_fails_verification(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("ok")
    hook(httpserver).send(make_message())
    request, _ = httpserver.log[0]
    body = request.get_data().replace(b"14", b"41")
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body, dict(request.headers))


def test_the_webhook_id_is_the_alert_id_on_every_retry(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/hook").respond_with_data("ok", status=200)
    channel = hook(httpserver)
    with pytest.raises(DeliveryError):
        channel.send(make_message())
    assert channel.send(make_message()) == "HTTP 200"
    ids = [req.headers["webhook-id"] for req, _ in httpserver.log]
    assert ids == ["msg_0f1e2d3c", "msg_0f1e2d3c"]
    for req, _ in httpserver.log:
        Webhook(SECRET).verify(req.get_data(), dict(req.headers))


def test_without_a_secret_the_post_is_plain_and_unsigned(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=200)
    hook(httpserver, secret=None).send(make_message())
    request, _ = httpserver.log[0]
    assert "webhook-signature" not in request.headers
    assert json.loads(request.get_data())["data"]["alert_id"] == "msg_0f1e2d3c"


def test_a_redirect_is_not_followed_and_is_permanent(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_response(
        Response(status=301, headers={"Location": "http://127.0.0.1:1/elsewhere"})
    )
    with pytest.raises(DeliveryError) as info:
        hook(httpserver).send(make_message())
    assert info.value.permanent and not info.value.disable_endpoint
    assert "301" in str(info.value)
    assert len(httpserver.log) == 1


def test_410_gone_is_permanent_and_disables_the_endpoint(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("gone", status=410)
    with pytest.raises(DeliveryError) as info:
        hook(httpserver).send(make_message())
    assert info.value.permanent and info.value.disable_endpoint


def test_429_is_retryable_and_carries_retry_after(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    with pytest.raises(DeliveryError) as info:
        hook(httpserver).send(make_message())
    assert not info.value.permanent
    assert info.value.retry_after == 120


def test_500_is_retryable(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("oops", status=500)
    with pytest.raises(DeliveryError) as info:
        hook(httpserver).send(make_message())
    assert not info.value.permanent and info.value.retry_after is None
    assert "HTTP 500" in str(info.value)


def test_other_4xx_is_permanent(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("bad signature", status=401)
    with pytest.raises(DeliveryError) as info:
        hook(httpserver).send(make_message())
    assert info.value.permanent and not info.value.disable_endpoint


def test_a_receiver_that_is_down_then_failing_then_back_gets_the_alert_once(httpserver):
    """Down, 500, 429 with Retry-After, then 200: every failure is retryable and one request succeeds."""
    url = httpserver.url_for("/hook")
    down = WebhookChannel(
        f"http://127.0.0.1:{free_port()}/hook", SECRET, allow_private_networks=True, timeout=2
    )
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=500)
    httpserver.expect_oneshot_request("/hook").respond_with_data(
        "", status=429, headers={"Retry-After": "30"}
    )
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=204)
    up = WebhookChannel(url, SECRET, allow_private_networks=True)
    retry_afters = []
    delivered = None
    for attempt, channel in enumerate([down, up, up, up], start=1):
        try:
            delivered = channel.send(make_message())
            break
        except DeliveryError as exc:
            assert not exc.permanent
            assert retry_delay(attempt, exc.retry_after) is not None
            retry_afters.append(exc.retry_after)
    assert delivered == "HTTP 204"
    assert retry_afters == [None, None, 30]
    ok = [r for r, resp in httpserver.log if 200 <= resp.status_code < 300]
    assert len(ok) == 1 and len(httpserver.log) == 3


def test_a_receiver_that_never_answers_times_out_retryably():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts into the backlog but never replies
        port = listener.getsockname()[1]
        channel = WebhookChannel(
            f"http://127.0.0.1:{port}/hook", SECRET, timeout=0.3, allow_private_networks=True
        )
        with pytest.raises(DeliveryError) as info:
            channel.send(make_message())
    assert not info.value.permanent
    assert "timed out" in str(info.value)


def test_a_webhook_to_a_private_address_is_blocked_unless_allowed(httpserver):
    httpserver.expect_request("/hook").respond_with_data("", status=200)
    with pytest.raises(DeliveryError) as info:
        WebhookChannel(httpserver.url_for("/hook"), SECRET).send(make_message())
    assert info.value.permanent
    assert "127.0.0.1" in str(info.value) or "private" in str(info.value)
    assert httpserver.log == []


def test_the_connection_itself_is_guarded_even_if_the_name_resolved_public_a_moment_before(httpserver):
    """The URL check runs first, but the guard that counts sits in the connection: DNS rebinding between
    the two cannot reach a private address."""
    from worker.stages.fetch import FetchError

    httpserver.expect_request("/hook").respond_with_data("", status=200)
    channel = WebhookChannel(httpserver.url_for("/hook"), SECRET)
    with pytest.raises(FetchError) as info:
        channel._http().post(httpserver.url_for("/hook"), content=b"{}")
    assert info.value.kind == "blocked_address"
    assert httpserver.log == []


def test_the_webhook_reuses_one_keep_alive_connection(httpserver):
    for _ in range(3):
        httpserver.expect_oneshot_request("/hook").respond_with_data("", status=204)
    channel = hook(httpserver)
    for i in range(3):
        channel.send(make_message(alert_id=f"msg_{i}"))
    assert channel._http() is channel._http()
    assert [r.headers["webhook-id"] for r, _ in httpserver.log] == ["msg_0", "msg_1", "msg_2"]
    channel.close()


def test_a_huge_error_body_is_cut_short_in_the_error(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("x" * 5_000_000, status=500)
    with pytest.raises(DeliveryError) as info:
        hook(httpserver).send(make_message())
    assert len(str(info.value)) < 400


def test_a_malformed_secret_is_refused_at_construction():
    with pytest.raises(ChannelConfigError):
        WebhookChannel("https://hooks.example/x", "whsec_not base64!!")


def test_the_channel_repr_never_shows_the_secret():
    assert SECRET[6:] not in repr(WebhookChannel("https://hooks.example/x", SECRET))


# --- retry schedule ---------------------------------------------------------------------------------


def test_the_retry_schedule_covers_at_least_a_day_even_with_the_least_jitter():
    class Lowest:
        @staticmethod
        def uniform(a, b):
            return a

    total = 0.0
    attempt = 1
    while (delay := retry_delay(attempt, rng=Lowest)) is not None:
        total += delay
        attempt += 1
        assert attempt < 100
    assert total >= 24 * 3600
    assert attempt - 1 == len(RETRY_SCHEDULE)


def test_the_retry_schedule_backs_off_with_jitter():
    rng = random.Random(7)
    first = [retry_delay(1, rng=rng) for _ in range(20)]
    assert all(4.5 <= d <= 5.5 for d in first)
    assert len(set(first)) > 1
    assert retry_delay(2, rng=rng) > 200
    assert retry_delay(len(RETRY_SCHEDULE) + 1) is None


def test_retry_after_wins_when_it_asks_for_longer():
    assert retry_delay(1, 600, rng=random.Random(1)) == 600
    assert retry_delay(3, 60, rng=random.Random(1)) > 1000  # the schedule is already longer
    assert retry_delay(1, 10**9, rng=random.Random(1)) == 86400  # capped at a day


def test_retry_after_parses_seconds_and_http_dates():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_delivery_errors_survive_pickling():
    err = pickle.loads(pickle.dumps(DeliveryError("gone", disable_endpoint=True, retry_after=3)))
    assert err.permanent and err.disable_endpoint and err.retry_after == 3 and str(err) == "gone"


# --- email ------------------------------------------------------------------------------------------


class Inbox:
    def __init__(self, reply: str = "250 OK") -> None:
        self.envelopes = []
        self.reply = reply

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return self.reply


def check_login(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == b"desk"
        and auth_data.password == b"s3cret"
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server():
    started = []

    def start(**kw) -> tuple[Inbox, int]:
        inbox = Inbox(kw.pop("reply", "250 OK"))
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **kw)
        controller.start()
        started.append(controller)
        return inbox, port

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a throwaway certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(tls_files) -> ssl.SSLContext:
    cert, key = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def starttls_login(smtp_server, tls_files, password: str) -> tuple[Inbox, EmailChannel]:
    """A server that demands STARTTLS and the desk/s3cret login, and a channel that trusts its certificate."""
    inbox, port = smtp_server(
        tls_context=server_context(tls_files), require_starttls=True, authenticator=check_login
    )
    cert, _ = tls_files
    channel = EmailChannel(
        "127.0.0.1",
        port,
        "starttls",
        username="desk",
        password=password,
        sender="n@alerts.example",
        recipients=["desk@news.example"],
        ssl_context=ssl.create_default_context(cafile=str(cert)),
    )
    return inbox, channel


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


def test_an_email_arrives_as_multipart_plain_and_html_with_stable_headers(smtp_server):
    inbox, port = smtp_server()
    channel = EmailChannel(
        "127.0.0.1", port, "none", sender="newsmon@alerts.example", recipients=["desk@news.example"]
    )
    assert channel.send(make_message()) == "sent to 1 recipient(s)"
    [env] = inbox.envelopes
    assert env.mail_from == "newsmon@alerts.example" and env.rcpt_tos == ["desk@news.example"]
    msg = parsed(env)
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Message-ID"] == "<msg_0f1e2d3c@newsmon>"
    assert msg["Subject"] == "Ferry capsizes off Lake Varna: at least 14 killed, up from 9"
    plain = msg.get_body(("plain",)).get_content()
    assert "at least 14 killed, up from 9" in plain and "http" not in plain
    assert 'href="https://one.example/ferry"' in msg.get_body(("html",)).get_content()


def test_a_title_with_crlf_cannot_inject_a_header(smtp_server):
    inbox, port = smtp_server()
    channel = EmailChannel(
        "127.0.0.1", port, "none", sender="newsmon@alerts.example", recipients=["desk@news.example"]
    )
    channel.send(make_message(event_title="Ferry sinks\r\nBcc: evil@example.com\r\n\r\nInjected body"))
    [env] = inbox.envelopes
    assert env.rcpt_tos == ["desk@news.example"]
    msg = parsed(env)
    assert msg["Bcc"] is None
    assert "\n" not in msg["Subject"] and "\r" not in msg["Subject"]
    assert msg["Subject"].startswith("Ferry sinks Bcc: evil@example.com Injected body")
    head = env.original_content.split(b"\r\n\r\n", 1)[0]
    assert not any(line.lower().startswith(b"bcc:") for line in head.split(b"\r\n"))


def test_email_over_starttls_with_login(smtp_server, tls_files):
    inbox, channel = starttls_login(smtp_server, tls_files, password="s3cret")
    channel.send(make_message())
    assert len(inbox.envelopes) == 1


def test_a_wrong_smtp_password_is_permanent(smtp_server, tls_files):
    inbox, channel = starttls_login(smtp_server, tls_files, password="wrong")
    with pytest.raises(DeliveryError) as info:
        channel.send(make_message())
    assert info.value.permanent
    assert "wrong" not in str(info.value)
    assert inbox.envelopes == []


def test_starttls_refuses_an_untrusted_certificate(smtp_server, tls_files):
    inbox, port = smtp_server(tls_context=server_context(tls_files), require_starttls=True)
    channel = EmailChannel(
        "127.0.0.1", port, "starttls", sender="n@alerts.example", recipients=["d@news.example"]
    )
    with pytest.raises(DeliveryError):
        channel.send(make_message())
    assert inbox.envelopes == []


def test_email_over_implicit_tls(smtp_server, tls_files):
    cert, _ = tls_files
    inbox, port = smtp_server(ssl_context=server_context(tls_files))
    channel = EmailChannel(
        "127.0.0.1",
        port,
        "tls",
        sender="n@alerts.example",
        recipients=["desk@news.example"],
        ssl_context=ssl.create_default_context(cafile=str(cert)),
    )
    channel.send(make_message())
    assert len(inbox.envelopes) == 1


def test_a_5xx_smtp_reply_is_permanent_and_4xx_is_retryable(smtp_server):
    for reply, permanent in (("554 rejected as spam", True), ("451 try again later", False)):
        inbox, port = smtp_server(reply=reply)
        channel = EmailChannel(
            "127.0.0.1", port, "none", sender="n@alerts.example", recipients=["d@news.example"]
        )
        with pytest.raises(DeliveryError) as info:
            channel.send(make_message())
        assert info.value.permanent is permanent, reply


def test_an_smtp_server_that_is_down_is_retryable():
    channel = EmailChannel(
        "127.0.0.1", free_port(), "none", sender="n@alerts.example", recipients=["d@news.example"], timeout=2
    )
    with pytest.raises(DeliveryError) as info:
        channel.send(make_message())
    assert not info.value.permanent


# --- apprise ----------------------------------------------------------------------------------------


def test_apprise_without_the_package_is_a_clear_permanent_error():
    try:
        import apprise  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("apprise is installed")
    with pytest.raises(DeliveryError, match="apprise") as info:
        AppriseChannel(["ntfy://127.0.0.1/topic"]).send(make_message())
    assert info.value.permanent


# --- building channels from the alerts file ---------------------------------------------------------


def test_every_channel_type_is_registered():
    assert set(CHANNEL_TYPES) == {"console", "file", "webhook", "email", "apprise"}


def test_build_channel_looks_secrets_up_by_name(httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=200)
    spec = {"type": "webhook", "url": httpserver.url_for("/hook"), "secret_env": "HOOK_SECRET"}
    channel = build_channel("hook", spec, {"HOOK_SECRET": SECRET}, allow_private_networks=True)
    channel.send(make_message())
    request, _ = httpserver.log[0]
    Webhook(SECRET).verify(request.get_data(), dict(request.headers))


def test_a_missing_secret_names_the_variable_not_a_value():
    spec = {"type": "webhook", "url": "https://hooks.example/x", "secret_env": "HOOK_SECRET"}
    with pytest.raises(ChannelConfigError, match="'hook'.*HOOK_SECRET"):
        build_channel("hook", spec, {})


def test_build_channel_makes_email_channels_with_the_password_from_secrets(smtp_server):
    inbox, port = smtp_server()
    spec = {
        "type": "email",
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "sender": "n@alerts.example",
        "recipients": "desk@news.example",
    }
    build_channel("mail", spec, {}).send(make_message())
    assert inbox.envelopes[0].rcpt_tos == ["desk@news.example"]
    with pytest.raises(ChannelConfigError, match="SMTP_PASSWORD"):
        build_channel("mail", {**spec, "username": "desk", "password_env": "SMTP_PASSWORD"}, {})


def test_build_channel_splits_apprise_urls_from_one_secret():
    channel = build_channel(
        "chat", {"type": "apprise", "urls_env": "URLS"}, {"URLS": "ntfy://a/b, tgram://c/d"}
    )
    assert isinstance(channel, AppriseChannel)
    assert "ntfy" not in repr(channel)


def test_inline_secrets_are_refused():
    with pytest.raises(ChannelConfigError, match="'secret'"):
        build_channel("hook", {"type": "webhook", "url": "https://hooks.example/x", "secret": SECRET}, {})


# --- docs -------------------------------------------------------------------------------------------


def test_the_hand_written_verifier_in_the_docs_accepts_our_signatures(httpserver):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text(encoding="utf-8")
    code = next(block for block in docs.split("```python\n")[1:] if "def verify(" in block).split("```")[0]
    namespace: dict = {}
    exec(code, namespace)
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=204)
    hook(httpserver).send(make_message())
    request, _ = httpserver.log[0]
    assert namespace["verify"](SECRET, request.get_data(), dict(request.headers))
    assert not namespace["verify"](SECRET, request.get_data() + b" ", dict(request.headers))


def test_the_documented_payload_fields_match_the_payload():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text(encoding="utf-8")
    example = json.loads(docs.split("```json\n", 1)[1].split("```", 1)[0])
    real = make_message().payload()
    assert set(example) == set(real)
    assert set(example["data"]) == set(real["data"])
    for part in ("event", "figure"):
        assert set(example["data"][part]) == set(real["data"][part])
    assert set(example["data"]["sources"][0]) == set(real["data"]["sources"][0])


def test_a_digest_goes_through_the_webhook_and_email_channels(httpserver, smtp_server):
    digest = digest_message(
        "killed-rise", [make_message(), make_message(alert_id="msg_b", new=20)], datetime.now(UTC)
    )
    httpserver.expect_oneshot_request("/hook").respond_with_data("", status=200)
    hook(httpserver).send(digest)
    request, _ = httpserver.log[0]
    payload = Webhook(SECRET).verify(request.get_data(), dict(request.headers))
    assert payload["type"] == "figure.digest" and len(payload["data"]["alerts"]) == 2
    inbox, port = smtp_server()
    EmailChannel("127.0.0.1", port, "none", sender="n@alerts.example", recipients=["d@news.example"]).send(
        digest
    )
    assert parsed(inbox.envelopes[0])["Message-ID"] == f"<{digest.alert_id}@newsmon>"
