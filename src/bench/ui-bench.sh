#!/usr/bin/env bash
# Desktop app benchmark (issue 5, Performance): the main window's start-up, 10,000 images listed, filtered
# and scrolled, a 100,000-entry layer read, opened as a tree and scrolled; (issue 6) a Podman engine with
# 1,000 image names listed in the window. See src/bench/README.md.
#
# Usage: src/bench/ui-bench.sh [WORKDIR]     (RUNS=N start-ups to time, default 5;
#        SECTIONS=store,engine (default both); ENGINE_TAGS=N names in the engine, default 1000)
# Needs a display: uses $DISPLAY, else starts Xvfb (and stops it at the end).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="${STOWAGE_JAR:-$repo/target/stowage.jar}"
runs="${RUNS:-5}"
[ -f "$jar" ] || (cd "$repo" && mvn -q -o -DskipTests package)
work="$(mktemp -d "${1:-/var/tmp}/stowage-ui-bench.XXXXXX")"
xvfb_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
    for n in 97 96 95 94; do [ -e "/tmp/.X11-unix/X$n" ] || { display=":$n"; break; }; done
    Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 & xvfb_pid=$!
    export DISPLAY="$display"
    sleep 1
fi
classes="$work/classes"
mkdir -p "$classes"
javac -nowarn -d "$classes" -cp "$jar" "$here/ui/UiBench.java"
cp="$jar:$classes"
sections="${SECTIONS:-store,engine}"
if [[ ",$sections," == *",engine,"* ]]; then
    command -v podman >/dev/null || { echo "podman is not installed (SECTIONS=store skips the engine)" >&2; exit 1; }
    tags="${ENGINE_TAGS:-1000}"
    poddir="$(mktemp -d /tmp/sb-uipod.XXXXXX)"   # podman wants a short runroot
    podman=(podman --storage-driver vfs --root "$poddir/root" --runroot "$poddir/rr" --tmpdir "$poddir/tmp")
    sock="$poddir/podman.sock"
    "${podman[@]}" system service --time=0 "unix://$sock" >"$poddir/service.log" 2>&1 </dev/null & pod_pid=$!
    trap 'kill "$pod_pid" 2>/dev/null || true; wait "$pod_pid" 2>/dev/null || true; rm -rf "$poddir"; cleanup' EXIT
    for _ in $(seq 300); do [ -S "$sock" ] && break; sleep 0.1; done
    [ -S "$sock" ] || { echo "podman system service did not start: $(cat "$poddir/service.log")" >&2; exit 1; }
    echo "== engine: a small image under $tags names in a Podman engine (untimed; podman tags slowly)" >&2
    mkdir -p "$work/eng"
    java -cp "$cp" dev.stowage.ui.UiBench prepare-engine-image "$work/eng/img.tar" >&2
    "${podman[@]}" load -q -i "$work/eng/img.tar" >/dev/null
    names=(); for i in $(seq 1 "$tags"); do names+=("bench/tag$i:latest"); done
    "${podman[@]}" tag bench/engine:latest "${names[@]}"
    echo "== engine: $tags names (+1) listed in the window (one JVM)"
    java -Xmx1g -cp "$cp" dev.stowage.ui.UiBench engine "$work/eng/store" "unix://$sock"
    kill "$pod_pid" 2>/dev/null || true; wait "$pod_pid" 2>/dev/null || true
    [[ ",$sections," == *",store,"* ]] || { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0; }
fi
echo "== preparing a store with 10,000 image names and a 100,000-entry layer" >&2
java -cp "$cp" dev.stowage.ui.UiBench prepare "$work/store"

echo "== start-up: java -jar stowage.jar until the window is shown ($runs runs)"
times=()
for i in $(seq "$runs"); do
    log="$work/start$i.log"
    STOWAGE_STORE="$work/store" java -jar "$jar" >"$log" 2>&1 & pid=$!
    for _ in $(seq 300); do grep -q "Window shown in" "$log" && break; sleep 0.1; done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    t="$(grep -o 'Window shown in [0-9]* ms' "$log" | grep -o '[0-9]*' || echo FAIL)"
    echo "run $i: $(grep -o "Window shown in.*" "$log" || echo "no window")"
    times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "start-up median: " a[int((NR+1)/2)] " ms (target < 2000 ms)"}'
echo "== in the window (one JVM)"
java -Xmx1g -cp "$cp" dev.stowage.ui.UiBench measure "$work/store"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
