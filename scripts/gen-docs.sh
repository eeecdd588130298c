#!/usr/bin/env bash
# Regenerates docs/qc-criteria.md from rules/qc.toml (a test fails when it is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  sed -n '1,/^<!-- generated below -->$/p' docs/qc-criteria.md
  build/exoclinic qc criteria
} > docs/qc-criteria.md.new
mv docs/qc-criteria.md.new docs/qc-criteria.md
