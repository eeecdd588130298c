#!/usr/bin/env bash
# Fails if any C++ source differs from clang-format's output (.clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(git ls-files '*.h' '*.cc' | xargs clang-format --dry-run 2>&1 | grep -c "warning:" || true)
if [ "$bad" != "0" ]; then
  git ls-files '*.h' '*.cc' | xargs clang-format --dry-run 2>&1 | grep "warning:" | head -20
  echo "check-format: $bad formatting differences; run: git ls-files '*.h' '*.cc' | xargs clang-format -i"
  exit 1
fi
echo "check-format: ok"
