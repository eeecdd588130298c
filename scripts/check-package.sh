#!/usr/bin/env bash
# Checks a built exoclinic .deb: its control data and file list (dpkg-deb --info/--contents),
# the systemd unit (systemd-analyze verify, when installed) and its hardening directives, that
# the packaged program runs with the packaged rules, and lintian when installed.
#   scripts/check-package.sh dist/exoclinic_VERSION_ARCH.deb
set -euo pipefail
deb="$1"
fail() { echo "check-package: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

info=$(dpkg-deb --info "$deb")
for field in "Package: exoclinic" "Architecture: " "Depends: .*libsqlite3" "Installed-Size: "; do
  grep -q "^ $field" <<<"$info" || fail "control lacks '$field'"
done
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/exoclinic ./usr/lib/exoclinic/exoclinic-main \
            ./usr/lib/exoclinic/exoclinic-render.so ./lib/systemd/system/exoclinic.service \
            ./usr/lib/sysusers.d/exoclinic.conf ./etc/default/exoclinic \
            ./usr/share/exoclinic/rules/qc.toml ./usr/share/exoclinic/rules/consent/ \
            ./usr/share/exoclinic/web/index.html ./usr/share/doc/exoclinic/operations.md; do
  grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done
if grep -v ' root/root ' <<<"$contents" | grep -q .; then fail "files not owned by root"; fi

dpkg-deb --extract "$deb" "$tmp/root"
unit="$tmp/root/lib/systemd/system/exoclinic.service"
for directive in "User=exoclinic" "StateDirectory=exoclinic" "StateDirectoryMode=0700" \
                 "ProtectSystem=strict" "NoNewPrivileges=true" "PrivateTmp=true" "UMask=0077"; do
  grep -qx "$directive" "$unit" || fail "the unit lacks $directive"
done
if command -v systemd-analyze >/dev/null; then
  # The unit as installed, its program paths pointing into the extracted package.
  mkdir -p "$tmp/unit"
  sed "s|/usr/bin/exoclinic|$tmp/root/usr/bin/exoclinic|g" "$unit" > "$tmp/unit/exoclinic.service"
  out=$(systemd-analyze verify "$tmp/unit/exoclinic.service" 2>&1) || fail "systemd-analyze: $out"
  [ -z "$out" ] || fail "systemd-analyze warns: $out"
  echo "check-package: systemd-analyze verify: ok"
else
  echo "check-package: systemd-analyze not installed; unit not verified"
fi

# The packaged program, with the packaged rules, on a fresh database.
exe="$tmp/root/usr/bin/exoclinic"
"$exe" --help >/dev/null
# /usr/bin/exoclinic becomes /usr/lib/exoclinic/exoclinic-main for every command but the
# statistics ones; that program still finds the rules installed beside it by default.
"$exe" --lang en --help | grep -q -- "--rules TEXT=$tmp/root/usr/share/exoclinic/rules\$" ||
  fail "the installed program does not default to the installed rules: $("$exe" --help | grep -- --rules)"
"$exe" --lang en --db "$tmp/data/test.db" --rules "$tmp/root/usr/share/exoclinic/rules" verify \
  >"$tmp/verify.out" || fail "the packaged program's verify failed: $(cat "$tmp/verify.out")"
grep -q "integrity check: ok" "$tmp/verify.out" || fail "verify said: $(cat "$tmp/verify.out")"
[ "$(stat -c %a "$tmp/data")" = 700 ] || fail "data directory is $(stat -c %a "$tmp/data")"
# A document drawn by the packaged renderer module (/usr/lib/exoclinic/exoclinic-render.so beside
# /usr/bin), not by one the build left elsewhere: the dynamic loader names the file it loaded.
python3 -c "
import random
random.seed(1)
print('patient,time,y')
for p in range(30):
    b = random.gauss(0, 1)
    for t in range(4):
        print(f'p{p},{t},{b + 0.5 * t + random.gauss(0, 0.5):.4f}')" > "$tmp/data.csv"
LD_DEBUG=files "$exe" --lang ja analyze "$tmp/data.csv" --formula "y ~ time + (1 | patient)" \
  --report "$tmp/report.pdf" >/dev/null 2>"$tmp/loader.log" ||
  fail "the packaged program drew no report: $(grep -v 'file=\|^ *[0-9]*: *$' "$tmp/loader.log" | tail -3)"
grep -q "file=$tmp/root/usr/lib/exoclinic/exoclinic-render.so" "$tmp/loader.log" ||
  fail "the report was not drawn by the packaged renderer module"
[ "$(head -c 5 "$tmp/report.pdf")" = "%PDF-" ] || fail "the report is not a PDF"
echo "check-package: a report drawn by the packaged renderer: ok"

if command -v lintian >/dev/null; then
  lintian --fail-on error "$deb"
  echo "check-package: lintian: ok"
else
  echo "check-package: lintian not installed; skipped"
fi
echo "check-package: $(basename "$deb"): ok ($(stat -c %s "$deb") bytes)"
