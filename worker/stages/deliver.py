"""Delivery channels: one small class per way of sending an alert, each with one `send()`.

Every failure is a :class:`DeliveryError` that says whether retrying can help (``permanent``), how long
the receiver asked us to wait (``retry_after``) and whether the receiver wants no more deliveries
(``disable_endpoint``, HTTP 410). Scheduling the retries is the store's job; :func:`retry_delay` gives
the schedule.

Secrets never live in the alerts file: a channel spec names an environment variable (``secret_env``,
``password_env``, ``urls_env``) and :func:`build_channel` looks the name up in the mapping it is given.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import email.utils
import hashlib
import hmac
import json
import os
import random
import smtplib
import ssl
import sys
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from typing import IO, Any

import httpx

from worker.stages.alert import AlertMessage, DigestMessage, clean_text
from worker.stages.httpdates import parse_retry_after

# Channels send single alerts and digests alike: both have the same methods.
Message = AlertMessage | DigestMessage

DEFAULT_USER_AGENT = "newsmon-webhooks/1 (+https://github.com/newsmon)"
# Standard Webhooks' suggested schedule after the first attempt: 5s, 5m, 30m, 2h, 5h, 10h, 10h
# (about 27.6 h in all, so even with -10 % jitter the retries cover more than 24 h).
RETRY_SCHEDULE = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
RETRY_JITTER = 0.1
# A Retry-After beyond this is treated as this: a receiver must not be able to park an alert for weeks.
MAX_RETRY_AFTER = 86400.0
_MAX_DETAIL = 300


class DeliveryError(Exception):
    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        disable_endpoint: bool = False,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent or disable_endpoint
        self.retry_after = retry_after
        self.disable_endpoint = disable_endpoint

    def __reduce__(self):
        # Picklable despite keyword-only arguments (Celery results, multiprocessing).
        return (_rebuild, (str(self), self.permanent, self.retry_after, self.disable_endpoint))


def _rebuild(message: str, permanent: bool, retry_after: float | None, disable: bool) -> DeliveryError:
    return DeliveryError(message, permanent=permanent, retry_after=retry_after, disable_endpoint=disable)


class ChannelConfigError(ValueError):
    """A channel spec that cannot work; the message names the channel and the field."""


class Channel:
    type: str = "base"

    def send(self, message: Message) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError


# --- console and file ---------------------------------------------------------------------------------


class ConsoleChannel(Channel):
    type = "console"

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream

    def send(self, message: Message) -> str | None:
        # sys.stdout is looked up at send time so pytest's capture and CLI redirection see the output.
        stream = self._stream if self._stream is not None else sys.stdout
        try:
            stream.write(message.console_line() + "\n")
            stream.flush()
        except (OSError, ValueError) as exc:
            raise DeliveryError(f"console write failed: {exc}") from exc
        return None


class FileChannel(Channel):
    type = "file"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def send(self, message: Message) -> str | None:
        line = (json.dumps(message.payload(), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        try:
            parent = os.path.dirname(self.path)
            if parent:
                os.makedirs(parent, exist_ok=True)
            # One write on an O_APPEND descriptor, so lines from concurrent workers never interleave.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError as exc:
            raise DeliveryError(f"cannot append to {self.path}: {exc}") from exc
        return f"appended to {self.path}"


# --- webhook ------------------------------------------------------------------------------------------


def _secret_bytes(secret: str) -> bytes:
    raw = secret[len("whsec_") :] if secret.startswith("whsec_") else secret
    try:
        key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ChannelConfigError("webhook secret must be 'whsec_' followed by base64") from exc
    if len(key) < 16:
        raise ChannelConfigError("webhook secret is too short (need at least 16 bytes of key)")
    return key


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The Standard Webhooks `webhook-signature` value: "v1,<base64 HMAC-SHA256 of id.timestamp.body>"."""
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_bytes(secret), to_sign, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def _guarded_client(timeout: float, allow_private: bool, user_agent: str) -> httpx.Client:
    from worker.stages import netguard

    transport = httpx.HTTPTransport(trust_env=False)
    if not allow_private:
        # Same resolved-address guard as feeds: it checks the address it actually connects to, which
        # check_url alone cannot (DNS may answer differently a moment later).
        pool = transport._pool
        if not hasattr(pool, "_network_backend"):
            raise RuntimeError("httpx/httpcore internals changed: cannot install the address guard")
        pool._network_backend = netguard.GuardedBackend()
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment would bypass the address guard
        headers={"User-Agent": user_agent},
    )


class WebhookChannel(Channel):
    """POST the JSON payload, signed per Standard Webhooks when a `whsec_` secret is set."""

    type = "webhook"

    def __init__(
        self,
        url: str,
        secret: str | None,
        timeout: float = 10,
        allow_private_networks: bool = False,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self.url = url
        self.timeout = float(timeout)
        self.allow_private_networks = allow_private_networks
        self.user_agent = user_agent
        if secret:
            _secret_bytes(secret)  # fail at start-up, not at the first alert
        self._secret = secret or None
        self._client: httpx.Client | None = None
        self._client_pid = 0
        self._lock = threading.Lock()

    def _http(self) -> httpx.Client:
        # One keep-alive client per process: building one costs ~25 ms (TLS trust store), more than the POST.
        # A client inherited through fork would share sockets with the parent, hence the pid check.
        with self._lock:
            if self._client is None or self._client_pid != os.getpid():
                self._client = _guarded_client(self.timeout, self.allow_private_networks, self.user_agent)
                self._client_pid = os.getpid()
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None and self._client_pid == os.getpid():
                self._client.close()
            self._client = None

    def __repr__(self) -> str:
        # Never the secret: channels end up in logs and tracebacks.
        return f"WebhookChannel(url={self.url!r}, signed={self._secret is not None})"

    def send(self, message: Message) -> str | None:
        from worker.stages import netguard
        from worker.stages.fetch import FetchError

        try:
            netguard.check_url(self.url, self.allow_private_networks)
        except FetchError as exc:
            raise DeliveryError(f"webhook URL refused: {exc}", permanent=exc.kind != "dns") from exc

        body = json.dumps(message.payload(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ts = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "webhook-id": message.alert_id,
            "webhook-timestamp": str(ts),
        }
        if self._secret:
            headers["webhook-signature"] = sign(self._secret, message.alert_id, ts, body)
        try:
            with self._http().stream("POST", self.url, content=body, headers=headers) as response:
                # Only the start of the answer is kept for the log; a receiver cannot make us read megabytes.
                head = b""
                for chunk in response.iter_raw():
                    head += chunk
                    if len(head) >= 1024:
                        break
        except FetchError as exc:
            raise DeliveryError(
                f"webhook URL refused: {exc}", permanent=exc.kind == "blocked_address"
            ) from exc
        except httpx.TimeoutException as exc:
            raise DeliveryError(f"webhook timed out after {self.timeout:g}s: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook request failed: {type(exc).__name__}: {exc}") from exc
        return self._outcome(response, head)

    def _outcome(self, response: httpx.Response, head: bytes) -> str:
        status = response.status_code
        snippet = clean_text(head[:200].decode("utf-8", "replace"))
        detail = f"HTTP {status}" + (f": {snippet}" if snippet else "")
        if 200 <= status < 300:
            return f"HTTP {status}"
        if 300 <= status < 400:
            # Redirects are not followed: a signed POST must not be replayed to wherever the receiver points.
            where = response.headers.get("location", "?")
            raise DeliveryError(f"{detail[:_MAX_DETAIL]} (redirect to {where} not followed)", permanent=True)
        if status == 410:
            raise DeliveryError(f"{detail[:_MAX_DETAIL]} (endpoint gone: disabled)", disable_endpoint=True)
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if status in (408, 425, 429) or status >= 500:
            raise DeliveryError(detail[:_MAX_DETAIL], retry_after=retry_after)
        raise DeliveryError(detail[:_MAX_DETAIL], permanent=True)


# --- email --------------------------------------------------------------------------------------------

SECURITY_MODES = ("starttls", "tls", "none")


class EmailChannel(Channel):
    type = "email"

    def __init__(
        self,
        host: str,
        port: int | None = None,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        sender: str = "newsmon@localhost",
        recipients: list[str] | None = None,
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in SECURITY_MODES:
            raise ChannelConfigError(
                f"security must be one of {', '.join(SECURITY_MODES)} (got {security!r})"
            )
        if not recipients:
            raise ChannelConfigError("at least one recipient is needed")
        for addr in [sender, *recipients]:
            if clean_text(addr) != addr or "@" not in addr:
                raise ChannelConfigError(f"invalid email address {addr!r}")
        self.host = host
        self.port = (
            int(port) if port else (465 if security == "tls" else 587 if security == "starttls" else 25)
        )
        self.security = security
        self.username = username
        self._password = password
        self.sender = sender
        self.recipients = list(recipients)
        self.timeout = float(timeout)
        self._ssl_context = ssl_context

    def __repr__(self) -> str:
        return f"EmailChannel(host={self.host!r}, port={self.port}, security={self.security!r})"

    def build(self, message: Message) -> EmailMessage:
        msg = EmailMessage(policy=SMTP_POLICY)
        msg["Subject"] = clean_text(message.headline())[:250]
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.recipients)
        msg["Date"] = email.utils.format_datetime(datetime.now(UTC))
        # Stable across retries so a receiving server (or client) can drop a duplicate.
        msg["Message-ID"] = f"<{clean_text(message.alert_id).replace(' ', '_').replace('>', '_')}@newsmon>"
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
        msg.set_content(message.text())
        msg.add_alternative(message.html(), subtype="html")
        return msg

    def _context(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context()  # built once: loading the trust store is slow
        return self._ssl_context

    def _connect(self) -> smtplib.SMTP:
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._context())
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            try:
                smtp.starttls(context=self._context())
            except BaseException:
                smtp.close()
                raise
        return smtp

    def send(self, message: Message) -> str | None:
        msg = self.build(message)
        try:
            smtp = self._connect()
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP connect to {self.host}:{self.port} failed: {exc}") from exc
        try:
            if self.username:
                smtp.login(self.username, self._password or "")
            refused = smtp.send_message(msg, from_addr=self.sender, to_addrs=self.recipients)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP authentication failed ({exc.smtp_code})", permanent=True) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise DeliveryError(
                f"SMTP refused all recipients: {codes}", permanent=all(c >= 500 for c in codes)
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(f"SMTP error {exc.smtp_code}", permanent=exc.smtp_code >= 500) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryError(
                f"SMTP server does not support a needed feature: {exc}", permanent=True
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP failed: {type(exc).__name__}: {exc}") from exc
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
        ok = len(self.recipients) - len(refused)
        return f"sent to {ok} recipient(s)" + (f", refused {sorted(refused)}" if refused else "")


# --- apprise ------------------------------------------------------------------------------------------


class AppriseChannel(Channel):
    type = "apprise"

    def __init__(self, urls: list[str]) -> None:
        if not urls:
            raise ChannelConfigError("at least one Apprise URL is needed")
        self._urls = list(urls)

    def __repr__(self) -> str:
        return f"AppriseChannel({len(self._urls)} url(s))"  # the URLs carry tokens

    def send(self, message: Message) -> str | None:
        try:
            import apprise  # optional extra: pip install 'newsmon[apprise]'
        except ImportError as exc:
            raise DeliveryError(
                "the apprise channel needs the optional 'apprise' package (pip install 'newsmon[apprise]')",
                permanent=True,
            ) from exc
        app = apprise.Apprise()
        for url in self._urls:
            if not app.add(url):
                raise DeliveryError("an Apprise URL was rejected as invalid", permanent=True)
        if not app.notify(title=clean_text(message.headline()), body=message.text()):
            raise DeliveryError("Apprise reported a failed notification")
        return f"notified {len(self._urls)} service(s)"


# --- registry and construction ------------------------------------------------------------------------

CHANNEL_TYPES: dict[str, type[Channel]] = {
    "console": ConsoleChannel,
    "file": FileChannel,
    "webhook": WebhookChannel,
    "email": EmailChannel,
    "apprise": AppriseChannel,
}

_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # type: (required, optional)
    "console": (set(), {"stream"}),
    "file": ({"path"}, set()),
    "webhook": ({"url"}, {"secret_env", "timeout", "user_agent"}),
    "email": (
        {"host", "sender", "recipients"},
        {"port", "security", "username", "password_env", "timeout"},
    ),
    "apprise": ({"urls_env"}, set()),
}
# Inline secrets are refused outright: the alerts file is often committed or shown in tickets.
_INLINE_SECRETS = {"secret", "password", "urls", "url_env"}


def check_channel_spec(name: str, spec: Any) -> None:
    """Shape check of one channel spec (no secrets needed). Raises ChannelConfigError naming the field."""
    where = f"channel {name!r}"
    if not isinstance(spec, dict):
        raise ChannelConfigError(f"{where}: must be a mapping with a 'type' field")
    ctype = spec.get("type")
    if ctype not in CHANNEL_TYPES:
        raise ChannelConfigError(
            f"{where}: field 'type': must be one of {', '.join(CHANNEL_TYPES)} (got {ctype!r})"
        )
    required, optional = _KEYS[ctype]
    for key in sorted(spec):
        if key in _INLINE_SECRETS:
            raise ChannelConfigError(
                f"{where}: field {key!r}: secrets are not written in the alerts file; "
                f"use {key.removesuffix('_env')}_env with the name of an environment variable"
            )
        if key != "type" and key not in required | optional:
            raise ChannelConfigError(
                f"{where}: field {key!r}: unknown for type {ctype} (known: {', '.join(sorted(required | optional))})"
            )
    for key in sorted(required):
        if spec.get(key) in (None, "", []):
            raise ChannelConfigError(f"{where}: field {key!r}: required for type {ctype}")
    if ctype == "email":
        security = spec.get("security", "starttls")
        if security not in SECURITY_MODES:
            raise ChannelConfigError(f"{where}: field 'security': must be one of {', '.join(SECURITY_MODES)}")
        recipients = spec["recipients"]
        if not (
            isinstance(recipients, str)
            or isinstance(recipients, list)
            and all(isinstance(r, str) for r in recipients)
        ):
            raise ChannelConfigError(
                f"{where}: field 'recipients': must be an address or a list of addresses"
            )
    for key in ("timeout", "port"):
        if key in spec and (
            isinstance(spec[key], bool) or not isinstance(spec[key], int | float) or spec[key] <= 0
        ):
            raise ChannelConfigError(f"{where}: field {key!r}: must be a positive number")
    if ctype == "webhook" and not str(spec["url"]).lower().startswith(("http://", "https://")):
        raise ChannelConfigError(f"{where}: field 'url': must be an http(s) URL")


def _secret(name: str, spec: dict, key: str, secrets: Mapping[str, str], required: bool) -> str | None:
    env = spec.get(key)
    if not env:
        return None
    value = secrets.get(str(env))
    if not value:
        if required:
            raise ChannelConfigError(f"channel {name!r}: field {key!r}: the secret {env} is not set")
        return None
    return value


def build_channel(
    name: str, spec: dict, secrets: Mapping[str, str], *, allow_private_networks: bool = False
) -> Channel:
    """A ready channel from its alerts.yaml spec; secrets are looked up by the names the spec gives."""
    check_channel_spec(name, spec)
    ctype = spec["type"]
    try:
        if ctype == "console":
            stream = spec.get("stream", "stdout")
            if stream not in ("stdout", "stderr"):
                raise ChannelConfigError(f"channel {name!r}: field 'stream': stdout or stderr")
            return ConsoleChannel(sys.stderr if stream == "stderr" else None)
        if ctype == "file":
            return FileChannel(str(spec["path"]))
        if ctype == "webhook":
            return WebhookChannel(
                str(spec["url"]),
                _secret(name, spec, "secret_env", secrets, required=True),
                timeout=float(spec.get("timeout", 10)),
                allow_private_networks=allow_private_networks,
                user_agent=str(spec.get("user_agent", DEFAULT_USER_AGENT)),
            )
        if ctype == "email":
            recipients = spec["recipients"]
            return EmailChannel(
                host=str(spec["host"]),
                port=spec.get("port"),
                security=spec.get("security", "starttls"),
                username=spec.get("username"),
                password=_secret(name, spec, "password_env", secrets, required=bool(spec.get("username"))),
                sender=str(spec["sender"]),
                recipients=[recipients] if isinstance(recipients, str) else list(recipients),
                timeout=float(spec.get("timeout", 30)),
            )
        urls_value = _secret(name, spec, "urls_env", secrets, required=True) or ""
        return AppriseChannel([u for u in urls_value.replace(",", " ").split() if u])
    except ChannelConfigError as exc:
        if str(exc).startswith(f"channel {name!r}"):
            raise
        raise ChannelConfigError(f"channel {name!r}: {exc}") from exc


def retry_delay(attempt: int, retry_after: float | None = None, *, rng: Any = random) -> float | None:
    """Seconds to wait before the next attempt after `attempt` failed ones, or None to give up.

    Follows the Standard Webhooks schedule with +/-10 % jitter (so retries of many alerts spread out);
    a Retry-After from the receiver wins when it asks for longer (capped at a day).
    """
    if attempt < 1:
        return 0.0
    if attempt > len(RETRY_SCHEDULE):
        return None
    delay = RETRY_SCHEDULE[attempt - 1] * (1 + rng.uniform(-RETRY_JITTER, RETRY_JITTER))
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER))
    return delay
