#!/usr/bin/env bash
# Smoke test of the app-image: starts the installed app twice as a new user would — a fresh home folder (no ~/.djl.ai,
# no settings, no cache), no JAVA_HOME, java off the PATH and, where the kernel allows it, no network — and waits for
# the main window and then for the demo workspace to be loaded (the title turns "Embedding Studio — Demo").
# Prints the app-image's size and how long each start took: the first run includes unpacking PyTorch's natives into
# the fresh ~/.djl.ai and training the demo vocabulary; the second reuses both. Also runs the second launcher
# (embedding-studio --version), and checks that the app reads its settings from ~/.config/embedding-studio: the second
# run finds the dark theme chosen there; a third opens a .esw given as argument, which then is a recent workspace
# in that settings file. Uses Xvfb when there is no display; needs xdotool and ImageMagick's import.
# Then runs every command of the command-line tool the same way (its own fresh home): info, train-tokenizer, overlap
# --corpus, add-embeddings, embed, fill-mask, train, evaluate and projector on the tiny BERT of the tests (a vocab.txt, a corpus and
# texts written here), and download from a local Hub (model-core's HubTestServer, on 127.0.0.1 only) through
# HF_ENDPOINT into the huggingface_hub cache layout; each is checked for exit 0 and its output, and timed. The Hub
# runs on the build's JDK (bin/lib/find-jdk.sh) from model-core/target/test-classes, which the Maven build compiles.
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
HUB_PID=""
cleanup() {
    local pid
    for pid in "$APP_PID" "$HUB_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
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
# the password database, not from HOME, so it is set explicitly (the JVM reads JAVA_TOOL_OPTIONS). RUN_HOME is the
# home, RUN_ENV more VAR=value.
RUN_HOME="$HOME_DIR/home"
RUN_ENV=()
run_clean() { # always in a subshell (& or $(...)): exec keeps $! the app's own pid
    exec env -i DISPLAY="$DISPLAY" HOME="$RUN_HOME" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        JAVA_TOOL_OPTIONS="-Duser.home=$RUN_HOME" ${XAUTHORITY:+XAUTHORITY="$XAUTHORITY"} "${RUN_ENV[@]}" \
        "${OFFLINE[@]}" "$@"
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

# The command-line tool, in its own fresh home (so its first command unpacks PyTorch by itself), without network
# except for download, which reaches only the local Hub on 127.0.0.1.
RUN_HOME="$HOME_DIR/cli-home"
WORK="$HOME_DIR/cli-work"
mkdir -p "$RUN_HOME" "$WORK"

# Runs `embedding-studio $2...` (label $1) in the clean environment, fails unless it exits with 0, prints its time.
# Its output is in $LOG_DIR/cli-$1.out and .err.
cli() {
    local label="$1" start rc=0
    shift
    start="$(now_ms)"
    (run_clean "$CLI" "$@") >"$LOG_DIR/cli-$label.out" 2>"$LOG_DIR/cli-$label.err" || rc=$?
    CLI_MS=$(( $(now_ms) - start ))
    if (( rc != 0 )); then
        tail -n 20 "$LOG_DIR/cli-$label.out" "$LOG_DIR/cli-$label.err" >&2
        fail "embedding-studio $label exited with $rc"
    fi
}
# Fails with the command's output unless the check ($2...) succeeds; otherwise prints the command's result ($1).
check() {
    local label="$1" result="$2"
    shift 2
    if ! "$@"; then
        tail -n 20 "$LOG_DIR/cli-$label.out" "$LOG_DIR/cli-$label.err" >&2
        fail "embedding-studio $label: $result: check failed: $*"
    fi
    echo "smoke-test: embedding-studio $label: ${CLI_MS} ms: $result"
}
out_has() { # out_has LABEL EXTENDED-REGEX
    grep -Eq "$2" "$LOG_DIR/cli-$1.out"
}

# The tiny BERT of the tests (2 layers, hidden size 32, 99 rows, a masked-LM head) with a vocab.txt written here.
MODEL="$WORK/tiny-bert"
mkdir -p "$MODEL"
cp "$ROOT/model-core/src/test/resources/reference/tiny-bert/config.json" \
    "$ROOT/model-core/src/test/resources/reference/tiny-bert/model.safetensors" "$MODEL/"
{
    printf '%s\n' '[PAD]' '[UNK]' '[CLS]' '[SEP]' '[MASK]' the cat sat on mat a dog ran '##s' '##ed' and is was big \
        small red house . ,
    for i in $(seq 0 74); do echo "tok$i"; done
} >"$MODEL/vocab.txt"
(( $(wc -l <"$MODEL/vocab.txt") == 99 )) || fail "the vocab.txt written for the tiny BERT does not have 99 lines"
for _ in $(seq 1 40); do
    echo "the cat sat on the mat and the dog ran to the red house."
    echo "a big dog was on the small mat, the cats sat and ran."
done >"$WORK/corpus.txt"

cli info info "$MODEL"
check info "$(grep -Em1 'hidden size' "$LOG_DIR/cli-info.out" | tr -s ' ' | sed 's/^ //')" \
    out_has info 'hidden size: +32$'

cli train-tokenizer train-tokenizer --corpus "$WORK/corpus.txt" --type wordpiece --size 50 --out "$WORK/tokenizer"
check train-tokenizer "$(grep -Em1 '^Trained' "$LOG_DIR/cli-train-tokenizer.out" | sed 's/ on .* in / in /')" \
    test -s "$WORK/tokenizer/tokenizer.json"

cli overlap overlap "$WORK/tokenizer" "$MODEL" --corpus "$WORK/corpus.txt" --json "$WORK/overlap.json"
check overlap "$(grep -Em1 '^Shared' "$LOG_DIR/cli-overlap.out"); $(grep -Em1 '^A on corpus' \
    "$LOG_DIR/cli-overlap.out")" out_has overlap '^A on corpus: .*fertility [0-9.]+'
[[ -s "$WORK/overlap.json" ]] || fail "overlap wrote no $WORK/overlap.json"

cli add-embeddings add-embeddings --model "$MODEL" --name smoke --tokenizer "$WORK/tokenizer/tokenizer.json" \
    --reference default --seed 42 --out "$WORK/embeddings"
check add-embeddings "$(grep -Em1 'copied' "$LOG_DIR/cli-add-embeddings.out" | tr -s ' ' | sed 's/^ //')" \
    test -s "$WORK/embeddings/embedding.pt"

cli embed embed --model "$MODEL" --embeddings "$WORK/embeddings" --text "the cat sat on the mat." \
    --text "a dog ran." --pooling mean --out "$WORK/vectors.safetensors"
check embed "$(grep -Em1 'pooled' "$LOG_DIR/cli-embed.out" | tr -s ' ' | sed 's/^ //') in $(stat -c %s \
    "$WORK/vectors.safetensors") bytes" out_has embed 'pooled +F32 \(2, 32\)'

cli fill-mask fill-mask --model "$MODEL" --top 3 "the cat [MASK] on the mat."
check fill-mask "$(grep -Ec '^ +[0-9]+ +[^ ]+ +0\.[0-9]+$' "$LOG_DIR/cli-fill-mask.out") candidates, the first: \
$(grep -Em1 '^ +1 +' "$LOG_DIR/cli-fill-mask.out" | tr -s ' ' | sed 's/^ //')" out_has fill-mask '^ +3 +[^ ]+ +0\.[0-9]+$'

cli train train --model "$MODEL" --embeddings "$WORK/embeddings" --adapter smoke --objective mlm \
    --data "$WORK/corpus.txt" --steps 4 --batch-size 4 --max-length 16 --eval-split 0.25 --out "$WORK/run"
check train "$(grep -Em1 '^Trained' "$LOG_DIR/cli-train.out")" test -s "$WORK/run/adapter/pytorch_adapter.bin"

cli evaluate evaluate --model "$MODEL" --embeddings "$WORK/run/embedding" --adapter-folder "$WORK/run/adapter" \
    --objective mlm --data "$WORK/corpus.txt" --batch-size 4 --max-length 16 --eval-split 0.25
check evaluate "$(grep -Em1 '^Held out' "$LOG_DIR/cli-evaluate.out")" out_has evaluate '^Held out \([0-9]+ masked tokens\): loss [0-9.]+'

[[ -d "$RUN_HOME/.djl.ai/pytorch" ]] || fail "the command-line tool did not unpack PyTorch into its fresh ~/.djl.ai"

cli projector projector "$WORK/embeddings" --out "$WORK/projector"
check projector "$(wc -l <"$WORK/projector/tensor.tsv") rows in tensor.tsv" test -s "$WORK/projector/tensor.tsv"

# download, from a local Hub serving the same folder; it runs on the build's JDK, from the test classes.
source "$ROOT/bin/lib/find-jdk.sh"
JDK_JAVA="$(find_jdk)" || fail "no JDK 21+ to run the local Hub (bin/lib/find-jdk.sh)"
HUB_CLASSES="$ROOT/model-core/target/test-classes"
[[ -f "$HUB_CLASSES/org/embeddingstudio/core/hub/SmokeTestHub.class" ]] \
    || fail "no $HUB_CLASSES; build it: ./mvnw -pl model-core test-compile"
# Its standard input is a pipe this script holds open: the Hub ends with the script even if the trap does not run.
mkfifo "$HOME_DIR/hub.in"
"$JDK_JAVA" -cp "$HUB_CLASSES" org.embeddingstudio.core.hub.SmokeTestHub someone/tiny-bert "$MODEL" \
    <"$HOME_DIR/hub.in" >"$LOG_DIR/hub.out" 2>"$LOG_DIR/hub.err" &
HUB_PID=$!
exec 3>"$HOME_DIR/hub.in"
for _ in $(seq 1 300); do
    grep -q '^endpoint ' "$LOG_DIR/hub.out" && break
    kill -0 "$HUB_PID" 2>/dev/null || { cat "$LOG_DIR/hub.err" >&2; fail "the local Hub did not start"; }
    sleep 0.1
done
read -r _ HUB_ENDPOINT _ HUB_COMMIT <"$LOG_DIR/hub.out" || true
[[ "$HUB_ENDPOINT" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || fail "the local Hub printed no loopback endpoint"
echo "smoke-test: local Hub at $HUB_ENDPOINT (someone/tiny-bert @ $HUB_COMMIT)"
OFFLINE=()
RUN_ENV=(HF_ENDPOINT="$HUB_ENDPOINT")
cli download download someone/tiny-bert
CACHE="$RUN_HOME/.cache/huggingface/hub/models--someone--tiny-bert"
SNAPSHOT="$CACHE/snapshots/$HUB_COMMIT"
[[ "$(tail -n 1 "$LOG_DIR/cli-download.out")" == "$SNAPSHOT" ]] \
    || { cat "$LOG_DIR/cli-download.out" >&2; fail "download did not print the snapshot folder $SNAPSHOT"; }
[[ "$(cat "$CACHE/refs/main" 2>/dev/null)" == "$HUB_COMMIT" ]] || fail "download wrote no refs/main naming $HUB_COMMIT"
for file in config.json model.safetensors vocab.txt; do
    [[ -L "$SNAPSHOT/$file" && "$(readlink "$SNAPSHOT/$file")" == ../../blobs/* ]] \
        || fail "download: $SNAPSHOT/$file is not a relative link into blobs/"
    cmp -s "$SNAPSHOT/$file" "$MODEL/$file" || fail "download: $SNAPSHOT/$file differs from what the Hub served"
done
check download "config.json, model.safetensors, vocab.txt in ~/.cache/huggingface/hub/models--someone--tiny-bert" \
    test -d "$CACHE/blobs"
exec 3>&-
echo "smoke-test: OK"
