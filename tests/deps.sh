#!/bin/sh
# Installs the Debian packages that building reformgen, its fonts and its tests
# need. Idempotent: when everything is installed it only checks (about a second).
set -e
PKGS="gcc make pkg-config libhpdf-dev libxml2-dev libxml2-utils libcjson-dev
fonts-arphic-uming fonts-arphic-gbsn00lp fonts-wqy-zenhei fonts-lxgw-wenkai fonts-arphic-gkai00mp
poppler-utils qpdf python3 libharfbuzz-dev libdeflate-dev libpng-dev nettle-dev python3-fonttools strace
git man-db bc libminizip-dev libxlsxwriter-dev python3-docx python3-openpyxl unzip"
# make bench also needs the timing tools and the fastest peer renderers
[ "${BENCH:-}" = 1 ] && PKGS="$PKGS hyperfine time bc wkhtmltopdf fonts-arphic-gbsn00lp"
# make fuzz needs clang with libFuzzer; tests/robust/valgrind.sh needs valgrind
[ "${FUZZ:-}" = 1 ] && PKGS="$PKGS clang libclang-rt-dev"
[ "${VALGRIND:-}" = 1 ] && PKGS="$PKGS valgrind"
# make check-readers: the outside readers (tests/readers/*.sh)
[ "${READERS:-}" = 1 ] && PKGS="$PKGS mupdf-tools qemu-user libreoffice-writer-nogui libreoffice-calc-nogui"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ "${BENCH:-}" = 1 ] && ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi
[ -z "$missing" ] && exit 0
echo "make deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
