import pytest

from worker.settings import Settings, SettingsError, load_settings


def test_it_defaults_to_embedded_sqlite(monkeypatch):
    monkeypatch.delenv("NEWSMON_BROKER_URL", raising=False)
    monkeypatch.delenv("NEWSMON_DATABASE_URL", raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite:///newsmon.db"
    assert settings.embedded


def test_a_bad_value_stops_start_up_naming_the_setting(monkeypatch):
    monkeypatch.setenv("NEWSMON_POLL_MIN_INTERVAL", "soon")
    with pytest.raises(SettingsError) as err:
        load_settings()
    assert "NEWSMON_POLL_MIN_INTERVAL" in str(err.value)


def test_an_unknown_database_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "mysql://localhost/x")
    with pytest.raises(SettingsError, match="NEWSMON_DATABASE_URL"):
        load_settings()


def test_a_plain_postgresql_url_uses_the_psycopg3_driver():
    settings = load_settings(database_url="postgresql://u@h/db")
    assert settings.database_url == "postgresql+psycopg://u@h/db"


def test_a_broker_url_switches_to_distributed_mode():
    assert not load_settings(broker_url="redis://127.0.0.1:6379/0").embedded


def test_min_interval_above_max_is_refused():
    with pytest.raises(SettingsError, match="POLL_MIN_INTERVAL"):
        load_settings(poll_min_interval=7200, poll_max_interval=3600)


def test_secrets_file_values_override_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", "from-env")
    path = tmp_path / "secrets.env"
    path.write_text("# comment\nHOOK_SECRET=from-file\nSMTP_PASSWORD='p w'\n")
    secrets = load_settings(secrets_file=path).secrets()
    assert secrets["HOOK_SECRET"] == "from-file"
    assert secrets["SMTP_PASSWORD"] == "p w"


def test_every_setting_has_help():
    for name, field in Settings.model_fields.items():
        assert field.description, name
