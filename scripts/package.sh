#!/usr/bin/env bash
# Builds the Debian package (dpkg-deb) into dist/: the programs the test suite built (build/,
# scripts/setup.sh; it finds its rules and web bundle in /usr/share/exoclinic beside
# /usr/bin), the packaged rule files, the web bundle, the systemd unit, its
# defaults and its system user, and docs/operations.md. Prints the .deb's path last.
#   scripts/package.sh            build the package
#   scripts/package.sh --check    build it, then check it (dpkg-deb, systemd-analyze, lintian)
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$PWD

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
version=$(sed -n 's/^project(exoclinic VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
jobs="${EXO_JOBS:-2}"

[ -f web/dist/index.html ] || (cd web && npm ci --no-audit --no-fund --loglevel=error &&
                                 npm run --silent build >/dev/null)
[ -f build/CMakeCache.txt ] || { echo "package: no build/ (run scripts/setup.sh)" >&2; exit 1; }
cmake --build build -j"$jobs" --target exoclinic exo_render

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/exoclinic_${version}_${arch}"
install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/usr/lib/exoclinic" "$pkg/usr/share/exoclinic" \
  "$pkg/usr/share/doc/exoclinic" "$pkg/lib/systemd/system" "$pkg/usr/lib/sysusers.d" \
  "$pkg/etc/default"
install -m 0755 -s build/exoclinic "$pkg/usr/bin/exoclinic"
# The whole program, which /usr/bin/exoclinic becomes for every command but the statistics ones
# (src/exoclinic.cc).
install -m 0755 -s build/exoclinic-main "$pkg/usr/lib/exoclinic/exoclinic-main"
# The document renderer, loaded by the program on its first document (src/report/render/api.h).
install -m 0644 -s build/exoclinic-render.so "$pkg/usr/lib/exoclinic/exoclinic-render.so"
cp -r rules "$pkg/usr/share/exoclinic/rules"
cp -r web/dist "$pkg/usr/share/exoclinic/web"
install -m 0644 packaging/exoclinic.service "$pkg/lib/systemd/system/exoclinic.service"
install -m 0644 packaging/exoclinic.sysusers "$pkg/usr/lib/sysusers.d/exoclinic.conf"
install -m 0644 packaging/exoclinic.default "$pkg/etc/default/exoclinic"
install -m 0644 docs/operations.md "$pkg/usr/share/doc/exoclinic/operations.md"
install -m 0644 deploy/nginx/exoclinic.conf "$pkg/usr/share/doc/exoclinic/nginx-exoclinic.conf"
gzip -9n -c packaging/changelog > "$pkg/usr/share/doc/exoclinic/changelog.gz"
install -m 0644 packaging/copyright "$pkg/usr/share/doc/exoclinic/copyright"
find "$pkg/usr/share" -type d -exec chmod 0755 {} + && find "$pkg/usr/share" -type f -exec chmod 0644 {} +
install -m 0755 packaging/postinst packaging/prerm packaging/postrm "$pkg/DEBIAN/"
echo "/etc/default/exoclinic" > "$pkg/DEBIAN/conffiles"

# Shared-library dependencies as dpkg-shlibdeps finds them (it wants a debian/control).
mkdir -p "$stage/debian"
printf 'Source: exoclinic\n\nPackage: exoclinic\nArchitecture: any\n' > "$stage/debian/control"
depends=$(cd "$stage" && dpkg-shlibdeps -O "$pkg/usr/bin/exoclinic" \
                                            "$pkg/usr/lib/exoclinic/exoclinic-main" \
                                            "$pkg/usr/lib/exoclinic/exoclinic-render.so" 2>/dev/null |
          sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
  packaging/control.in > "$pkg/DEBIAN/control"
echo "Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)" >> "$pkg/DEBIAN/control"

mkdir -p dist
deb="$root_dir/dist/exoclinic_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null

if [ "${1:-}" = "--check" ]; then
  "$root_dir/scripts/check-package.sh" "$deb"
fi
echo "$deb"
