"""Rewrites the settings table in README.md from worker/settings.py (tests/test_docs.py checks they agree).

python scripts/settings_table.py
"""

import re
from pathlib import Path

from worker.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def table() -> str:
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default.as_posix() if hasattr(field.default, "as_posix") else field.default
        rows.append(
            f"| `NEWSMON_{name.upper()}` | `{'unset' if default is None else default}` | {field.description} |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new, count = re.subn(r"\| setting \| default \| what it does \|\n(?:\|.*\|\n)+", table(), text)
    if count != 1:
        raise SystemExit("README.md: settings table not found")
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
