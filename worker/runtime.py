"""Per-process state built once from the settings: the spaCy extractor, alert rules and channels.

Workers load the NLP model once per process, not per task. Tests and the CLI call :func:`use` to run
with settings of their own.
"""

from __future__ import annotations

import threading
from typing import Any

from worker.settings import Settings, get_settings
from worker.stages import alert as alert_stage
from worker.stages import deliver as deliver_stage

_lock = threading.Lock()
_state: dict[str, Any] = {}


def use(settings: Settings | None) -> None:
    with _lock:
        extractors = _state.get("extractors", {})
        _state.clear()
        _state["extractors"] = extractors  # the model does not depend on anything else; keep it loaded
        if settings is not None:
            _state["settings"] = settings


def settings() -> Settings:
    return _state.get("settings") or get_settings()


def extractor(model: str | None = None):
    from worker.stages.extract import Extractor

    model = model or settings().nlp_model
    with _lock:
        cache = _state.setdefault("extractors", {})
        if model not in cache:
            cache[model] = Extractor(model)
        return cache[model]


def http_client():
    """One HTTP client per process: its connection pool and per-host limit are shared by every poll."""
    from worker.pipeline import fetch_limits
    from worker.stages.fetch import make_client

    with _lock:
        if "http" not in _state:
            _state["http"] = make_client(fetch_limits(settings()))
        return _state["http"]


def alert_config() -> tuple[list[alert_stage.Rule], dict[str, dict]]:
    with _lock:
        if "rules" not in _state:
            _state["rules"] = alert_stage.load_rules(settings().alerts_file)
        return _state["rules"]


def rules() -> list[alert_stage.Rule]:
    return alert_config()[0]


def channels() -> dict[str, deliver_stage.Channel]:
    cfg = alert_config()[1]
    with _lock:
        if "channels" not in _state:
            s = settings()
            secrets = s.secrets()
            _state["channels"] = {
                name: deliver_stage.build_channel(
                    name, spec, secrets, allow_private_networks=s.allow_private_networks
                )
                for name, spec in cfg.items()
            }
        return _state["channels"]
