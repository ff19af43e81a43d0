#!/usr/bin/env bash
# Regenerates the initial migration from the models (only while nothing has landed with it).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f worker/migrations/versions/0001_initial_schema.py /tmp/newsmon-gen.db
python - <<'PY'
from alembic import command
from worker.store.db import alembic_config
command.revision(alembic_config("sqlite:////tmp/newsmon-gen.db"), message="initial schema", autogenerate=True, rev_id="0001")
PY
sed -i 's/^Revises: $/Revises:/' worker/migrations/versions/0001_initial_schema.py
