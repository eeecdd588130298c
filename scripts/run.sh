#!/usr/bin/env bash
# Sets everything up, loads the demo data (four lots, forty patients with months of synthetic
# history) into an embedded SQLite database and serves the
# web application on http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DB="${EXOCLINIC_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/exoclinic/demo.db}"
mkdir -p "$(dirname "$DB")"
# The demo records' free texts (notes, reactions) are stored in Japanese, as a Japanese clinic's
# staff would write them; the pages and documents follow each reader's language.
build/exoclinic --db "$DB" demo --patients 40 --lang ja
exec build/exoclinic --db "$DB" serve --port "${PORT:-8080}"
