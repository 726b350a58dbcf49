#!/usr/bin/env bash
# Set up, build the demo warehouse on first run, and open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${LEARNING_DB:-data/warehouse.duckdb}
if [ ! -f "$DB" ]; then
  echo "First run: generating the fictional demo region and loading it into $DB …"
  .venv/bin/python -m etl demo --out data/demo
  .venv/bin/python -m etl load data/demo --db "$DB"
fi
export LEARNING_DB="$DB"
exec .venv/bin/python -m streamlit run dashboard/app.py "$@"
