#!/bin/sh
# tests/fresh.sh: the README's two commands on a new, minimal Debian 12, the
# first time. Builds a root with mmdebstrap (gcc, make, git, ca-certificates
# and nothing else; packages from the machine's own sources), clones this
# checkout's HEAD into it, and runs `make demo`, `make check` and
# `make check-readers` there in that order, printing each command's result and
# time. Every mount and file it made is removed on exit, even when interrupted.
#   usage: tests/fresh.sh            (as root; KEEP=1 keeps the root for a look)
# Exit status: 0 all passed, 1 a command failed, 0 with one SKIP line when this
# machine cannot make a chroot (not root, or no mmdebstrap to be had).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
say() { printf 'fresh: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  say "SKIP: not root, so no chroot can be made here"; exit 0
fi
if ! command -v mmdebstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null 2>&1; }
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    say "SKIP: mmdebstrap is not installed and could not be installed"; exit 0
  fi
fi
if ! git -C "$top" rev-parse HEAD >/dev/null 2>&1; then
  say "SKIP: $top is not a git checkout, so there is no HEAD to clone"; exit 0
fi

root=$(mktemp -d "${TMPDIR:-/var/tmp}/reformgen-fresh.XXXXXX")
mounted=""
cleanup() {
  trap - EXIT INT TERM HUP
  # what still runs inside the root, then the mounts (innermost first)
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  for m in $mounted; do umount -l "$m" 2>/dev/null; done
  rm -f "$root.log"
  if [ "${KEEP:-}" = 1 ]; then say "kept $root"; else rm -rf "$root"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

# mount SOURCE TARGET [mount options...]: remembered for cleanup, innermost first
mnt() {
  src=$1; dst=$root$2; shift 2
  mkdir -p "$dst" && mount "$@" "$src" "$dst" && mounted="$dst $mounted"
}

timed() {  # LABEL COMMAND...: runs it, prints its result and time
  label=$1; shift
  t0=$(date +%s)
  "$@" > "$root.log" 2>&1; st=$?
  t1=$(date +%s)
  if [ $st -eq 0 ]; then r=passed; else r="FAILED (exit $st)"; fi
  say "$label: $r in $((t1 - t0)) s"
  tail -n "${TAIL:-6}" "$root.log" | sed 's/^/    /'
  # what failed or did not run, with the lines that say why
  [ $st -ne 0 ] && grep -E -A3 '^(FAIL|SKIP) |^  [^ ].*: |error:|Error [0-9]' "$root.log" | head -60 | sed 's/^/    ! /'
  rm -f "$root.log"
  return $st
}

timed "mmdebstrap --variant=apt --include=gcc,make,git,ca-certificates bookworm" \
  mmdebstrap --variant=apt --include=gcc,make,git,ca-certificates bookworm "$root" || exit 1
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
# The machine's own network settings, as mmdebstrap takes its package sources:
# certificate authorities it trusts locally (a proxy's, say) are trusted in
# the root too, by the system and by npm (Node.js keeps its own list
# otherwise); without such authorities nothing is added.
node_ca=
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1 || say "update-ca-certificates failed in the root"
  node_ca="NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"
fi
mnt proc /proc -t proc
mnt sysfs /sys -t sysfs
mnt /dev /dev --bind
mnt /dev/pts /dev/pts --bind
git clone -q "$top" "$root/src/reformgen" || { say "cannot clone $top"; exit 1; }
say "cloned $(git -C "$top" rev-parse --short HEAD) into a new Debian 12 root"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 $node_ca \
  sh -c "cd /src/reformgen && $*"; }
fails=0
timed "make demo" in_root make demo || fails=$((fails + 1))
timed "make check" in_root make check || fails=$((fails + 1))
timed "make check-readers" in_root make check-readers || fails=$((fails + 1))
rm -f "$root.log"
if [ $fails -eq 0 ]; then say "all passed"; exit 0; fi
say "$fails command(s) failed"; exit 1
