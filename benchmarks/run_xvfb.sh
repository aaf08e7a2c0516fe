#!/usr/bin/env bash
# Run a command under a fresh Xvfb (1920x1080, 24 bit) with a window manager, the xcb platform
# and the repository's src/ on the path; stop both afterwards.  Used for the benchmarks that
# measure what a user feels (real window system, real input events):
#
#   bash benchmarks/run_xvfb.sh .venv/bin/python benchmarks/bench_input_latency.py --out build/bench
#   bash benchmarks/run_xvfb.sh .venv/bin/python benchmarks/bench_startup.py --xcb-only
#
# Needs xvfb and xdotool (apt-get install -y xvfb xdotool openbox; openbox is optional).
# Exits 0 with a note when they are missing, so a CI step that only reports does not fail.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
    echo "run_xvfb.sh: Xvfb or xdotool missing (apt-get install -y xvfb xdotool openbox): skipped" >&2
    exit 0
fi
log=$(mktemp -d)
# -displayfd: Xvfb picks a free display number and tells us which.
exec 3> "$log/display"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp >"$log/xvfb.log" 2>&1 &
xvfb=$!
wm=""
cleanup() {
    [ -n "$wm" ] && kill "$wm" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$log"
}
trap cleanup EXIT
for _ in $(seq 100); do
    [ -s "$log/display" ] && break
    sleep 0.1
done
export DISPLAY=":$(head -n1 "$log/display")"
export QT_QPA_PLATFORM=xcb
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
if command -v openbox >/dev/null; then
    openbox >"$log/wm.log" 2>&1 &
    wm=$!
    sleep 0.5
fi
"$@"
