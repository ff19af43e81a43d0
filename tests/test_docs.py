"""README.md documents every setting, and only real ones (as datasette's test_docs.py does)."""

import re
from pathlib import Path

from worker.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_setting():
    missing = [
        f"NEWSMON_{name.upper()}"
        for name in Settings.model_fields
        if f"`NEWSMON_{name.upper()}`" not in README
    ]
    assert not missing, f"README.md does not document: {missing}"


def test_readme_lists_no_setting_that_does_not_exist():
    documented = set(re.findall(r"`NEWSMON_([A-Z_]+)`", README))
    known = {name.upper() for name in Settings.model_fields} | {
        "REQUIRE_SERVICES",
        "TEST_REDIS_URL",
        "TEST_PG_URL",
    }
    assert documented <= known, documented - known


def test_readme_gives_the_two_commands():
    assert "newsmon run --once" in README
    assert "python -m pytest" in README


def test_the_settings_table_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "settings_table", Path(__file__).parent.parent / "scripts" / "settings_table.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.table() in README, "run: python scripts/settings_table.py"
