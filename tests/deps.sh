#!/bin/sh
# Installs the Debian packages that building reformgen, its fonts and its tests
# need. Idempotent: when everything is installed it only checks (about a second).
set -e
PKGS="gcc make pkg-config libhpdf-dev libxml2-dev libxml2-utils libcjson-dev
fonts-arphic-uming fonts-arphic-gbsn00lp fonts-wqy-zenhei fonts-lxgw-wenkai fonts-arphic-gkai00mp
poppler-utils qpdf python3 libharfbuzz-dev libdeflate-dev libpng-dev nettle-dev python3-fonttools strace
libminizip-dev libxlsxwriter-dev python3-openpyxl git man-db bc mount gettext locales"
# make bench also needs the timing tools and the fastest peer renderers
[ "${BENCH:-}" = 1 ] && PKGS="$PKGS hyperfine time bc wkhtmltopdf fonts-arphic-gbsn00lp"
[ "${HEAVY:-}" = 1 ] && PKGS="$PKGS time"
# make fuzz needs clang with libFuzzer; tests/robust/valgrind.sh needs valgrind
[ "${FUZZ:-}" = 1 ] && PKGS="$PKGS clang libclang-rt-dev"
[ "${VALGRIND:-}" = 1 ] && PKGS="$PKGS valgrind"
# make check-readers: the outside readers (tests/readers/*.sh): MuPDF, qemu
# for the baseline CPU, LibreOffice Calc writing XLSX workbooks for import
[ "${READERS:-}" = 1 ] && PKGS="$PKGS mupdf-tools qemu-user libreoffice-calc-nogui"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ "${BENCH:-}" = 1 ] && ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
if [ -n "$missing" ]; then
  echo "make deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# the Chinese messages are tested in the zh_CN.UTF-8 locale (tests/t_i18n.sh)
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
  echo "make deps: generating the zh_CN.UTF-8 locale"
  grep -qx 'zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null ||
    echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
