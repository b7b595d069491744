#!/bin/sh
# Installs the Debian packages that building reformgen, its fonts and its tests
# need. Idempotent: when everything is installed it only checks (about a second).
set -e
PKGS="gcc make pkg-config libhpdf-dev libxml2-dev libxml2-utils libcjson-dev
fonts-arphic-uming fonts-arphic-gbsn00lp fonts-wqy-zenhei fonts-lxgw-wenkai fonts-arphic-gkai00mp
poppler-utils qpdf python3 libharfbuzz-dev libdeflate-dev libpng-dev nettle-dev python3-fonttools strace
fonts-hanazono mupdf-tools fonts-noto-cjk
libminizip-dev libxlsxwriter-dev python3-openpyxl python3-docx unzip git man-db bc mount procps gettext locales icc-profiles-free"
# make bench also needs the timing tools and the fastest peer renderers
[ "${BENCH:-}" = 1 ] && PKGS="$PKGS hyperfine time bc wkhtmltopdf fonts-arphic-gbsn00lp"
[ "${HEAVY:-}" = 1 ] && PKGS="$PKGS time"
# make fuzz needs clang with libFuzzer; tests/robust/valgrind.sh needs valgrind
[ "${FUZZ:-}" = 1 ] && PKGS="$PKGS clang libclang-rt-dev"
[ "${VALGRIND:-}" = 1 ] && PKGS="$PKGS valgrind"
# the faces converted to TrueType below, and the part of Noto Serif CJK SC
# kept (ASCII, CJK punctuation, the unified ideographs, full-width forms)
CONVERTED=${CONVERTED:-FandolFang-Regular FandolSong-Bold NotoSerifCJKsc-Bold}
NOTO_KEEP=0020-007E,00B7,2014-201D,2026,3000-303F,4E00-9FFF,FF01-FF5E
# make check-readers: the outside readers (tests/readers/*.sh): MuPDF, qemu
# for the baseline CPU, LibreOffice Writer and Calc (import, DOCX and XLSX),
# and Chromium running ofd.js for OFD
[ "${READERS:-}" = 1 ] && PKGS="$PKGS mupdf-tools qemu-user libreoffice-writer-nogui libreoffice-calc-nogui chromium"
missing=""
# shellcheck disable=SC2086
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null | awk '/ ok installed$/ {print $1}' | tr '\n' ' ') "
for p in $PKGS; do
  case $installed in *" $p "*) ;; *) missing="$missing $p" ;; esac
done
if [ "${BENCH:-}" = 1 ] && ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi
if [ "${READERS:-}" = 1 ] && ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  echo "make deps: installing$missing"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# ofd.js for tests/readers/ofd_js.sh, at the version tests/readers/package-lock.json pins
if [ "${READERS:-}" = 1 ] && [ ! -f "$(dirname "$0")/readers/node_modules/ofd.js/package.json" ] &&
   command -v npm >/dev/null 2>&1; then
  (cd "$(dirname "$0")/readers" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi

# the Chinese messages are tested in the zh_CN.UTF-8 locale (tests/t_i18n.sh)
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
  echo "make deps: generating the zh_CN.UTF-8 locale"
  grep -qx 'zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null ||
    echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi

# The 仿宋 and 小标宋 faces: Debian ships them as OpenType/CFF only (the Fandol
# fonts inside texlive-lang-chinese, Noto Serif CJK in fonts-noto-cjk), and
# reformgen embeds TrueType outlines: converted once with fontTools
# (fonts/otf2ttf.py) into FONTDIR, which fonts/fonts.conf names. The package is
# downloaded and unpacked in a scratch folder (no TeX installation).
FONTDIR=${FONTDIR:-/usr/local/share/fonts/reformgen}   # fonts/fonts.conf names this folder
FANDOL=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
TOP=$(cd "$(dirname "$0")/.." && pwd)
todo=""
for f in $CONVERTED; do [ -s "$FONTDIR/$f.ttf" ] || todo="$todo $f"; done
[ -z "$todo" ] && exit 0
echo "make deps: converting$todo to TrueType into $FONTDIR (a few minutes, once)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case $todo in *Fandol*)
  (cd "$tmp" && { apt-get download -qq texlive-lang-chinese 2>/dev/null ||
                  { $SUDO apt-get update -qq && apt-get download -qq texlive-lang-chinese; }; } &&
   dpkg -x texlive-lang-chinese_*.deb x) ;;
esac
$SUDO mkdir -p "$FONTDIR"
for f in $todo; do
  case $f in
    Fandol*) set -- "$tmp/x$FANDOL/$f.otf" ;;
    NotoSerifCJKsc-Bold) set -- /usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc \
      --face-name "Noto Serif CJK SC" --keep "$NOTO_KEEP" ;;
  esac
  src=$1; shift
  /usr/bin/python3 "$TOP/fonts/otf2ttf.py" "$src" "$tmp/$f.ttf" "$@"
  $SUDO install -m 644 "$tmp/$f.ttf" "$FONTDIR/$f.ttf"
done
