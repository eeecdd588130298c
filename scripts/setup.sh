#!/usr/bin/env bash
# Installs what exoclinic needs on Debian 12 (apt packages, only the missing ones) and builds
# it into build/ (program: build/exoclinic). Used by run.sh and test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config ccache git
  nlohmann-json3-dev libcpp-httplib-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev sqlite3 libssl-dev libsodium-dev libhowardhinnant-date-dev tzdata
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy wrk poppler-utils openssl python3-icalendar libboost-dev nginx
  libcairo2-dev libpango1.0-dev fonts-noto-cjk fonts-ipaexfont-gothic fonts-ipafont-gothic libqrencode-dev zbar-tools librsvg2-dev
  libeigen3-dev libboost-math-dev libnlopt-dev r-base-core r-cran-lme4 r-cran-lmertest r-cran-jsonlite
  chromium
  # The sanitizer and fuzzing pass of the test command (scripts/sanitize.sh).
  clang-14 libclang-rt-14-dev
)
# Node.js and npm from Debian unless a node toolchain is already on the PATH.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ccache: share hits between clones (CI builds a fresh clone every time).
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"

# The web application (TypeScript, Vite): packages from the lock file, then the bundle that
# `exoclinic serve` serves under /app/.
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build >/dev/null)
