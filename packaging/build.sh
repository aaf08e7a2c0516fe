#!/usr/bin/env bash
# Build the packaged application from a clean clone, in its own virtual environment:
#
#   bash packaging/build.sh
#
# writes dist/ScalingDesk/ (one-folder application) and dist/ScalingDesk-<version>-<platform>.tar.xz
# (.zip on Windows; dist/ScalingDesk.app too on macOS), unpacks the archive into a scratch folder,
# runs the frozen self-test there, and fails if the archive exceeds the size budget.
#
# Environment:
#   PYTHON=python3.11              interpreter for build/venv (default: python3, or python)
#   SCALINGDESK_MAX_ARCHIVE_MB=60  size budget of the compressed archive (90 for Windows' .zip)
#   SCALINGDESK_REUSE_VENV=1       keep an existing build/venv (faster local rebuilds)
#   SCALINGDESK_SKIP_SYSTEM_DEPS=1 never run apt-get, only report missing libraries (the same as
#                                  the --no-system-deps option)
#
# Run as root on Debian/Ubuntu, it first installs Qt's xcb libraries with apt-get (it says so and
# lists them before it does; --no-system-deps skips that).
set -euo pipefail
SYSTEM_DEPS=1
[ -z "${SCALINGDESK_SKIP_SYSTEM_DEPS:-}" ] || SYSTEM_DEPS=0
for arg in "$@"; do
  case "$arg" in
    --no-system-deps) SYSTEM_DEPS=0 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
ROOT=$(pwd)
START=$(date +%s)
# The budget of the archive a user downloads: 60 MB for the .tar.xz (Linux, macOS); Windows' .zip
# (deflate, what Explorer opens) compresses a third less well.
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) DEFAULT_MB=90 ;; *) DEFAULT_MB=60 ;; esac
MAX_MB=${SCALINGDESK_MAX_ARCHIVE_MB:-$DEFAULT_MB}
PYTHON=${PYTHON:-$(command -v python3 || command -v python)}
say() { printf '\n== %s\n' "$*"; }

case "$(uname -s)" in
  Linux*) OS=linux ;;
  Darwin*) OS=macos ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows ;;
  *) OS=other ;;
esac

# --- 1. Qt's xcb libraries (Linux): installed first so PyInstaller can collect what it may ----------
# The list is the README's (src/scalingdesk/qt/display.py: what Qt's xcb plugin links, checked by
# tests/test_system_packages.py against readelf and dpkg -S).
XCB_PACKAGES=$("$PYTHON" src/scalingdesk/qt/display.py --packages)
# Build tools: icupkg trims Qt's ICU data (packaging/trim_icu.py); gcc links the trimmed library.
XCB_PACKAGES="$XCB_PACKAGES icu-devtools gcc"
if [ "$OS" = linux ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && [ "$SYSTEM_DEPS" = 1 ]; then
    say "installing Qt's xcb libraries as root: apt-get install $(echo $XCB_PACKAGES | wc -w) packages"
    echo "   $XCB_PACKAGES"
    echo "   (to skip this: bash packaging/build.sh --no-system-deps, or SCALINGDESK_SKIP_SYSTEM_DEPS=1)"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    apt-get install -y --no-install-recommends $XCB_PACKAGES >/dev/null \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends $XCB_PACKAGES >/dev/null; }
  else
    # shellcheck disable=SC2086
    missing=$(dpkg-query -W -f='${Package} ${Status}\n' $XCB_PACKAGES 2>/dev/null | grep -v "install ok installed" | cut -d' ' -f1 | tr '\n' ' ' || true)
    if [ -n "$missing" ]; then
      if [ "$SYSTEM_DEPS" = 1 ]; then why="not root"; else why="asked not to"; fi
      echo "note: $why, so not installing Qt's xcb libraries; the bundle will lack them."
      echo "      To include them: sudo apt-get install $missing"
    fi
  fi
fi

# --- 2. a fresh virtual environment with the app and PyInstaller ------------------------------------
VENV=build/venv
if [ -z "${SCALINGDESK_REUSE_VENV:-}" ] || [ ! -d "$VENV" ]; then
  say "creating $VENV with $PYTHON"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [ -d "$VENV/Scripts" ]; then BIN="$VENV/Scripts"; else BIN="$VENV/bin"; fi
say "installing ScalingDesk and PyInstaller into $VENV"
# Pinned: packaging/constraints.txt (also applies to pip's isolated build of ScalingDesk's wheel).
PIP_CONSTRAINT="$ROOT/packaging/constraints.txt" "$BIN/python" -m pip install --quiet --disable-pip-version-check \
  -c packaging/constraints.txt ".[bundle]"
VERSION=$("$BIN/python" -c "from importlib.metadata import version; print(version('scalingdesk'))")

# --- 3. PyInstaller -------------------------------------------------------------------------------
say "PyInstaller (ScalingDesk $VERSION, $OS)"
rm -rf dist/ScalingDesk dist/ScalingDesk.app build/pyinstaller
"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/scalingdesk.spec

APP=dist/ScalingDesk
INTERNAL=$APP/_internal
if [ "$OS" = linux ]; then
  # Desktop integration beside the executable: the menu entry, the icon, the installer.
  cp packaging/scalingdesk.desktop packaging/install.sh "$APP/"
  chmod +x "$APP/install.sh"
  cp resources/icons/scalingdesk.svg resources/icons/scalingdesk-256.png resources/icons/scalingdesk-512.png "$APP/"
  ln -sfn _internal/LICENSES "$APP/LICENSES"
  # The Debian copyright file of every system library the bundle carries.
  if command -v dpkg-query >/dev/null 2>&1; then
    mkdir -p "$INTERNAL/LICENSES/system"
    for lib in "$INTERNAL"/*.so*; do
      [ -L "$lib" ] && continue
      name=$(basename "$lib")
      pkg=$(dpkg -S "*/$name" 2>/dev/null | head -n1 | cut -d: -f1) || true
      if [ -n "$pkg" ] && [ -f "/usr/share/doc/$pkg/copyright" ]; then
        cp "/usr/share/doc/$pkg/copyright" "$INTERNAL/LICENSES/system/$pkg.txt"
      fi
    done
  fi
fi

if [ "$OS" = windows ]; then
  cp packaging/scalingdesk-url.reg "$APP/"  # scalingdesk:// links: edit its path, then import it
fi

if [ "$OS" = linux ]; then
  say "linking identical files (numpy's and scipy's copies of libgfortran and libquadmath)"
  "$BIN/python" packaging/dedupe.py "$INTERNAL"
  for icudata in "$INTERNAL"/PySide6/Qt/lib/libicudata.so.*; do
    [ -f "$icudata" ] && [ ! -L "$icudata" ] || continue
    say "trimming Qt's ICU data to what an English window needs ($(basename "$icudata"))"
    "$BIN/python" packaging/trim_icu.py "$icudata"
  done
fi

# --- 4. the archive ---------------------------------------------------------------------------------
say "archiving"
if [ "$OS" = macos ] && [ -d dist/ScalingDesk.app ]; then TARGET=dist/ScalingDesk.app; else TARGET=$APP; fi
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && git -C "$ROOT" rev-parse HEAD >/dev/null 2>&1; then
  SOURCE_DATE_EPOCH=$(git -C "$ROOT" log -1 --format=%ct)
  export SOURCE_DATE_EPOCH
fi
ARCHIVE=$("$BIN/python" packaging/make_archive.py "$TARGET")
BYTES=$("$BIN/python" -c "import os,sys; print(os.path.getsize(sys.argv[1]))" "$ARCHIVE")
MB=$("$BIN/python" -c "print(f'{$BYTES/1e6:.1f}')")
echo "$ARCHIVE: $MB MB (budget $MAX_MB MB); unpacked $(du -sh "$TARGET" | cut -f1)"

# --- 5. the frozen self-test, run from the unpacked archive -------------------------------------------
say "frozen self-test (from the unpacked archive)"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
case "$ARCHIVE" in
  *.zip) "$BIN/python" -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$ARCHIVE" "$SCRATCH" ;;
  *) tar -xf "$ARCHIVE" -C "$SCRATCH" ;;
esac
case "$OS" in
  windows) EXE="$SCRATCH/ScalingDesk/scalingdesk.exe" ;;
  macos) EXE="$SCRATCH/ScalingDesk.app/Contents/MacOS/scalingdesk" ;;
  *) EXE="$SCRATCH/ScalingDesk/scalingdesk" ;;
esac
chmod +x "$EXE" 2>/dev/null || true
# The windowed Windows build has no console: the self-test also writes its lines to a log.
LOG="$SCRATCH/selftest.log"
status=0
QT_QPA_PLATFORM=offscreen SCALINGDESK_SELFTEST_LOG="$LOG" "$EXE" --self-test >/dev/null 2>"$SCRATCH/stderr.txt" || status=$?
cat "$LOG" 2>/dev/null || true
if [ "$status" != 0 ]; then
  echo "frozen self-test FAILED (exit status $status); stderr:" >&2
  tail -n 40 "$SCRATCH/stderr.txt" >&2 || true
  exit 1
fi

# --- 6. the size budget -------------------------------------------------------------------------------
if [ "$BYTES" -gt $((MAX_MB * 1000000)) ]; then
  echo "FAILED: $ARCHIVE is $MB MB, over the $MAX_MB MB budget" >&2
  exit 1
fi
say "done in $(( $(date +%s) - START )) s: $ARCHIVE ($MB MB), self-test passed"
