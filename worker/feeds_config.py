"""Reads config/feeds.yaml: the feeds to poll. Errors name the file, the entry and the field."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class FeedsConfigError(ValueError):
    pass


class FeedSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1)
    name: str | None = None
    full_text: bool = True
    enabled: bool = True
    first_fetch_alerts: bool = False

    @field_validator("url")
    @classmethod
    def _url_kind(cls, value: str) -> str:
        value = value.strip()
        if "://" in value and not value.startswith(("http://", "https://", "file://")):
            raise ValueError("must be an http(s):// or file:// URL, or a path")
        return value


def resolve_url(url: str, base_dir: Path) -> str:
    """Paths in the YAML are relative to the YAML file, so the sample feeds work from any directory."""
    if url.startswith(("http://", "https://", "file://")):
        return url
    path = Path(url)
    if not path.is_absolute():
        path = (base_dir / path).resolve()
    return path.as_uri()


def load_feeds(path: str | Path) -> list[FeedSpec]:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise FeedsConfigError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise FeedsConfigError(f"{path}: not valid YAML: {exc}") from exc
    entries = raw.get("feeds", []) if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise FeedsConfigError(f"{path}: expected a top-level `feeds:` list")
    feeds = []
    for i, entry in enumerate(entries, start=1):
        if isinstance(entry, str):
            entry = {"url": entry}
        try:
            spec = FeedSpec.model_validate(entry)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "entry"
            raise FeedsConfigError(f"{path}: feed #{i}: {field}: {err['msg']}") from None
        spec.url = resolve_url(spec.url, path.parent)
        feeds.append(spec)
    return feeds
