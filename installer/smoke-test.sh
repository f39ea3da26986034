#!/usr/bin/env bash
# Smoke test of the app-image: starts the installed app twice as a new user would — a fresh home folder (no ~/.djl.ai,
# no settings, no cache), no JAVA_HOME, java off the PATH and, where the kernel allows it, no network — and waits for
# the main window and then for the demo workspace to be loaded (the title turns "Embedding Studio — Demo").
# Prints the app-image's size and how long each start took: the first run includes unpacking PyTorch's natives into
# the fresh ~/.djl.ai and training the demo vocabulary; the second reuses both. Also runs the second launcher
# (embedding-studio --version), and checks that the app reads its settings from ~/.config/embedding-studio: the second
# run finds the dark theme chosen there; a third opens a .esw given as argument, which then is a recent workspace
# in that settings file. Uses Xvfb when there is no display; needs xdotool and ImageMagick's import.
#
#   installer/smoke-test.sh [APP_IMAGE_FOLDER]      default: installer/target/jpackage/image/Embedding Studio
#
# Environment: SMOKE_TIMEOUT (seconds per start, default 240), SMOKE_SCREENSHOT (a .png to save the loaded window to),
# SMOKE_KEEP_HOME=1 (keep the temporary home folder and print where it is).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE="${1:-$ROOT/installer/target/jpackage/image/Embedding Studio}"
TIMEOUT="${SMOKE_TIMEOUT:-240}"
LAUNCHER="$IMAGE/bin/Embedding Studio"
CLI="$IMAGE/bin/embedding-studio"

fail() {
    echo "smoke-test: FAILED: $*" >&2
    exit 1
}

[[ -x "$LAUNCHER" ]] || fail "no app-image at $IMAGE; build it: ./mvnw -Pinstaller -pl installer -am package -DskipTests"
command -v xdotool >/dev/null || fail "needs xdotool (apt-get install xdotool)"
command -v import >/dev/null || fail "needs ImageMagick's import (apt-get install imagemagick)"
if [[ -z "${DISPLAY:-}" ]]; then
    command -v xvfb-run >/dev/null || fail "no DISPLAY and no xvfb-run (apt-get install xvfb)"
    # -noreset: otherwise the server resets when the first run's window closes, and the second run may find no display.
    exec xvfb-run -a -s "-screen 0 1400x900x24 -noreset" "$0" "$@"
fi

# No network for the app when the kernel lets us make an empty network namespace (user namespaces, or root).
OFFLINE=()
if unshare -rn true 2>/dev/null; then
    OFFLINE=(unshare -rn)
elif unshare -n true 2>/dev/null; then
    OFFLINE=(unshare -n)
fi

HOME_DIR="$(mktemp -d -t embedding-studio-smoke.XXXXXX)"
LOG_DIR="$HOME_DIR/logs"
mkdir -p "$LOG_DIR"
APP_PID=""
cleanup() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
    if [[ "${SMOKE_KEEP_HOME:-0}" == "1" ]]; then
        echo "smoke-test: kept the home folder $HOME_DIR"
    else
        rm -rf "$HOME_DIR"
    fi
}
trap cleanup EXIT

now_ms() {
    date +%s%3N
}

# A clean environment: only the display, the temporary home and a PATH without any JDK. Java takes user.home from
# the password database, not from HOME, so it is set explicitly (the JVM reads JAVA_TOOL_OPTIONS).
run_clean() { # always in a subshell (& or $(...)): exec keeps $! the app's own pid
    exec env -i DISPLAY="$DISPLAY" HOME="$HOME_DIR/home" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        JAVA_TOOL_OPTIONS="-Duser.home=$HOME_DIR/home" ${XAUTHORITY:+XAUTHORITY="$XAUTHORITY"} "${OFFLINE[@]}" "$@"
}

# Waits until a window whose title matches $1 exists; prints the milliseconds since $2.
wait_for_window() {
    local pattern="$1" start="$2" log="$3" deadline=$(( $(date +%s) + TIMEOUT ))
    while ! xdotool search --name "$pattern" >/dev/null 2>&1; do
        kill -0 "$APP_PID" 2>/dev/null || return 2
        grep -q "Exception in thread" "$log" && return 3
        (( $(date +%s) < deadline )) || return 1
        sleep 0.1
    done
    echo $(( $(now_ms) - start ))
}

# One start: window, then the workspace loaded (the title is "Embedding Studio — $2"); kills the app afterwards.
# Further arguments go to the app. Sets WINDOW_MS, DEMO_MS and BRIGHTNESS (0-255, the window's mean).
start_once() {
    local label="$1" title="^Embedding Studio — $2\$" log="$LOG_DIR/$1.log" start
    shift 2
    start="$(now_ms)"
    run_clean "$LAUNCHER" "$@" >"$log" 2>&1 &
    APP_PID=$!
    WINDOW_MS="$(wait_for_window '^Embedding Studio' "$start" "$log")" \
        || { tail -n 40 "$log" >&2; fail "$label: no main window within ${TIMEOUT}s"; }
    DEMO_MS="$(wait_for_window "$title" "$start" "$log")" \
        || { tail -n 40 "$log" >&2; fail "$label: no window titled $title within ${TIMEOUT}s"; }
    grep -q "Added the 'german' demo embedding" "$log" \
        || { tail -n 40 "$log" >&2; fail "$label: the log does not report the German demo embedding"; }
    if grep -E "Exception in thread|^\s+at |\] ERROR " "$log" >/dev/null; then
        tail -n 40 "$log" >&2
        fail "$label: the log shows an exception"
    fi
    sleep 1 # let the views settle
    BRIGHTNESS="$(import -window "$(xdotool search --name "$title" | head -n 1)" \
        -resize '1x1!' -format '%[fx:int(255*mean)]' info:)"
    if [[ "$label" == "second-run" && -n "${SMOKE_SCREENSHOT:-}" ]]; then
        import -window root "$SMOKE_SCREENSHOT"
        echo "smoke-test: screenshot in $SMOKE_SCREENSHOT"
    fi
    kill "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    while xdotool search --name '^Embedding Studio' >/dev/null 2>&1; do
        sleep 0.1
    done
}

mkdir -p "$HOME_DIR/home"
echo "smoke-test: app-image $IMAGE"
echo "smoke-test: app-image size $(du -sm "$IMAGE" | cut -f1) MB (runtime $(du -sm "$IMAGE/lib/runtime" | cut -f1) MB, jars $(du -sm "$IMAGE/lib/app" | cut -f1) MB)"
if (( ${#OFFLINE[@]} )); then echo "smoke-test: network off (${OFFLINE[*]})"; else echo "smoke-test: network on (no network namespace available)"; fi

version="$(run_clean "$CLI" --version 2>&1)" || fail "embedding-studio --version: $version"
echo "smoke-test: embedding-studio --version: $(echo "$version" | grep -v "^Picked up" | head -n 1)"

start_once first-run Demo
[[ -d "$HOME_DIR/home/.djl.ai/pytorch" ]] || fail "the first run did not unpack PyTorch into the fresh ~/.djl.ai"
echo "smoke-test: first run (fresh home, natives unpacked): window after ${WINDOW_MS} ms, demo loaded after ${DEMO_MS} ms"
(( BRIGHTNESS > 128 )) || fail "the first run should show the light theme (window brightness $BRIGHTNESS of 255)"

# The installed app must read its settings from the platform's place: the dark theme chosen there shows.
mkdir -p "$HOME_DIR/home/.config/embedding-studio"
echo '{"theme": "dark", "recent_workspaces": []}' >"$HOME_DIR/home/.config/embedding-studio/settings.json"
start_once second-run Demo
echo "smoke-test: second run: window after ${WINDOW_MS} ms, demo loaded after ${DEMO_MS} ms"
(( BRIGHTNESS < 128 )) \
    || fail "the dark theme in ~/.config/embedding-studio/settings.json was not applied (brightness $BRIGHTNESS of 255)"
echo "smoke-test: the theme set in ~/.config/embedding-studio/settings.json was applied (window brightness $BRIGHTNESS of 255)"

# A workspace file as argument (what the *.esw file association passes) opens instead of the demo, and becomes the
# first recent workspace in the settings file.
mkdir -p "$HOME_DIR/work"
cat >"$HOME_DIR/work/smoke.esw" <<'JSON'
{"format": "embedding-studio/workspace", "version": 1, "model": {"kind": "demo"}, "embeddings": [],
 "active": "german", "adapters": [], "active_adapter": ""}
JSON
start_once workspace-file smoke.esw "$HOME_DIR/work/smoke.esw"
grep -q "$HOME_DIR/work/smoke.esw" "$HOME_DIR/home/.config/embedding-studio/settings.json" \
    || fail "the opened workspace is not among the recent workspaces in ~/.config/embedding-studio/settings.json"
echo "smoke-test: a workspace file given as argument opened after ${DEMO_MS} ms and is listed as recent in the settings"
echo "smoke-test: OK"
