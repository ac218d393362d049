#!/usr/bin/env bash
# Stowage benchmark: load / save / images / registry push and pull against skopeo, on a ~650 MiB
# image of real files.
#
# Usage:   src/bench/bench.sh [WORKDIR]
#          SECTIONS=layers src/bench/bench.sh [WORKDIR]     (only the image build and the layers section)
#
#   WORKDIR   where to put the test image, archives and stores (needs ~4 GiB free).
#             Default: a fresh temp dir under /var/tmp. A private sub-directory is
#             created inside WORKDIR and removed on exit (set KEEP=1 to keep it).
#
# Environment:
#   SECTIONS            comma-separated sections to run after the image build: main (load, save,
#                       images, registry), layers (create, commit, analyze vs umoci and cat) and
#                       engine (copy from a Podman engine vs podman save) and copy (copy between
#                       registries and from a docker-archive vs skopeo copy); default all (= main,layers,engine,copy)
#   ENGINE_TAGS         names given to the image in the engine for the engine `images` timing (default 1000)
#   ROUNDS              timed rounds per comparison, alternating stowage/skopeo (default 3)
#   IMAGES_RUNS         timed runs of `images` on the 1,000-tag store (default 5)
#   STOWAGE_JAR         the jar to test (default: <repo>/target/stowage.jar, built with
#                       `mvn -q -o -DskipTests package` if missing)
#   STOWAGE_JAVA_OPTS   extra JVM options for stowage (default: none - plain `java -jar`)
#   JAVA                java launcher (default: java on PATH)
#   JDK_DIR LOCALE_DIRS COMPILER_DIR   sources of layers 1-3 (see below)
#   REGISTRY_BIN        the registry server (default: docker-registry, i.e. distribution 2.8)
#   KEEP=1              keep the work dir and its image, archives and stores at the end
#
# What it does:
#   1. Builds a 4-layer image of real files with umoci (rootless unpack / repack) in an OCI
#      layout:  layer 1 a JDK copied with symlinks resolved (cp -rL),  layer 2 locale trees,
#      layer 3 a compiler lib dir,  layer 4 64 MiB from /dev/urandom plus the deletion of one
#      file of layer 1 (a whiteout). About 650 MiB uncompressed; the real size is printed.
#      It is then copied with skopeo to IMG.tar, a docker-archive with uncompressed layers
#      (as `docker save` writes it), named bench/image:latest.
#   2. Times with GNU time (`/usr/bin/time -f '%e %M'`: wall seconds, peak RSS KiB), after
#      one untimed warm-up of each command, alternating A B A B ... for ROUNDS rounds:
#        load:   stowage load -i IMG.tar into a fresh empty store
#                vs  skopeo copy docker-archive:IMG.tar oci:FRESHDIR:bench
#        save:   stowage save -o OUT.tar bench/image:latest
#                vs  skopeo copy oci:FRESHDIR:bench docker-archive:OUT2.tar:bench/image:latest
#        images: stowage images on a store holding 1,000 tags (median of IMAGES_RUNS,
#                wall time including JVM start-up; skopeo has no equivalent)
#      and against two throwaway docker-registry instances on 127.0.0.1 (plain HTTP, filesystem
#      storage in the work dir), every stowage run there with -Xmx256m:
#        push:   stowage push of a store just loaded from IMG.tar (untimed; so no compressed-layer
#                cache yet) vs  skopeo copy docker-archive:IMG.tar docker://...; each run to a
#                registry restarted with a wiped storage dir, so every push starts from nothing
#        push again: stowage pushes the same image to the same, now full, registry (ROUNDS runs,
#                alternating with `stowage --version` as the JVM start-up baseline); its output
#                must show every layer as "Layer already exists" and nothing compressed or sent
#        pull:   stowage pull into an empty store  vs  skopeo copy docker://... oci:FRESHDIR:x
#                (one untimed warm-up each); both pull the gzip layers stowage pushed
#      Nothing is dropped from the page cache; `sync` runs (untimed) before every timed run so
#      that one run's dirty pages are not written back during the next. Outputs and stores
#      are removed between runs.
#   3. Prints a table of medians, the ratio stowage/skopeo, peak RSS, and PASS/FAIL against
#      the targets: load <= 0.3x skopeo, save <= 0.5x skopeo, stowage peak RSS <= 300 MiB,
#      images with 1,000 tags < 1.5 s; push <= 0.6x skopeo, push again < 1 s more than
#      `stowage --version`, pull <= 1.0x skopeo, every registry run succeeding with -Xmx256m.
#      For stowage's registry runs it also prints when each phase ended (from its progress lines).
#   4. layers section (SECTIONS containing layers; it runs before the main one), on a store loaded
#      from IMG.tar (untimed), alternating rounds, medians of ROUNDS:
#        create: stowage create --name cN bench/image:latest (container removed with `stowage rm`
#                after each run)  vs  umoci unpack --rootless --image L:bench FRESHBUNDLE
#        commit: after an untimed create / unpack, the same 10,000 files (100 MiB, base64 text)
#                are copied into the container's and the bundle's rootfs; then
#                stowage commit cN bench/commit:rN  vs  umoci repack --image L:commitN BUNDLE
#        analyze: stowage analyze bench/image:latest  vs  reading every layer blob of the store
#                once (cat to /dev/null) plus one `stowage --version` (JVM start-up)
#        analyze of a synthetic image whose one layer has 100,100 entries (100 dirs x 1,000 files)
#      Targets: create <= 0.8x unpack, commit <= 0.8x repack, analyze <= 2x read-once,
#      analyze of the 100,000-entry layer < 2 s including JVM start.
#
#   5. engine section (SECTIONS containing engine; runs after layers, before main): a Podman
#      `system service` (vfs storage, private root under /tmp) with IMG.tar loaded (untimed),
#      alternating rounds, medians of ROUNDS:
#        copy:   stowage --engine unix://SOCK copy engine:bench/image:latest store: (into an empty store;
#                the engine's GET /images/get streamed into the store's loader)
#                vs  podman save -o FILE bench/image:latest (the same podman storage, to a file)
#                and the engine's answer alone: curl GET /images/get > /dev/null
#        images: stowage --engine unix://SOCK images with the image under ENGINE_TAGS names
#      Targets: copy <= 1.2x podman save; engine images with 1,000 names < 1.5 s.
#
#   6. copy section (SECTIONS containing copy; runs after engine, before main): two throwaway
#      registries on 127.0.0.1, csrc holding bench/image:src (pushed by skopeo, untimed); each copy
#      into cdst goes to a registry restarted empty; alternating rounds, medians of ROUNDS:
#        registry -> registry:  stowage copy docker://csrc/bench/image:src docker://cdst/bench/image:rN
#                               vs skopeo copy of the same references
#        same registry (mounts only): stowage copy docker://csrc/bench/image:src docker://csrc/bench/mountedN:rN,
#                               minus stowage --version
#        docker-archive -> registry: stowage copy docker-archive:IMG.tar docker://cdst/...  vs skopeo copy
#      Targets: registry -> registry <= 0.7x skopeo, mount copy < 1 s after JVM start,
#      docker-archive -> registry <= 0.6x skopeo.
#
# Exit status: 0 when the benchmark ran (whatever the PASS/FAIL verdicts), non-zero on error.

set -euo pipefail

ROUNDS="${ROUNDS:-3}"
IMAGES_RUNS="${IMAGES_RUNS:-5}"
STOWAGE_JAVA_OPTS="${STOWAGE_JAVA_OPTS:-}"
JAVA="${JAVA:-java}"
KEEP="${KEEP:-0}"
SECTIONS="${SECTIONS:-all}"
REGISTRY_BIN="${REGISTRY_BIN:-docker-registry}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
STOWAGE_JAR="${STOWAGE_JAR:-$REPO_DIR/target/stowage.jar}"
JDK_DIR="${JDK_DIR:-/usr/lib/jvm/java-17-openjdk-amd64}"
LOCALE_DIRS="${LOCALE_DIRS:-/usr/share/locale /usr/share/i18n}"
COMPILER_DIR="${COMPILER_DIR:-}"
RANDOM_MIB=64
TIME=/usr/bin/time

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# want SECTION: whether SECTIONS selects it (all = every section).
want() { [[ ",$SECTIONS," == *",all,"* || ",$SECTIONS," == *",$1,"* ]]; }
for sec in ${SECTIONS//,/ }; do
    case "$sec" in all|main|layers|engine|copy) ;; *) die "unknown section '$sec' in SECTIONS (main, layers, engine, copy, all)";; esac
done

# ---------------------------------------------------------------- prerequisites
TOOLS=(umoci skopeo python3 "$JAVA")
if want main || want copy; then TOOLS+=(curl "$REGISTRY_BIN"); fi
for tool in "${TOOLS[@]}"; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
if ! "$TIME" -f '%e' true >/dev/null 2>&1; then
    log "GNU time missing; installing package 'time'"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q time >/dev/null; else sudo apt-get install -y -q time >/dev/null; fi
fi
if [ ! -f "$STOWAGE_JAR" ]; then
    log "building $STOWAGE_JAR"
    (cd "$REPO_DIR" && mvn -q -o -DskipTests package)
fi
[ -f "$STOWAGE_JAR" ] || die "no jar at $STOWAGE_JAR"
if [ -z "$COMPILER_DIR" ]; then
    for d in /usr/lib/gcc/x86_64-linux-gnu/12 /usr/libexec/gcc /usr/lib/gcc; do
        if [ -d "$d" ]; then COMPILER_DIR="$d"; break; fi
    done
fi
[ -d "$JDK_DIR" ] || die "JDK_DIR $JDK_DIR not found"
[ -n "$COMPILER_DIR" ] && [ -d "$COMPILER_DIR" ] || die "no compiler lib dir found (set COMPILER_DIR)"
SKOPEO=(skopeo)
[ -f /etc/containers/policy.json ] || SKOPEO=(skopeo --insecure-policy)

# ---------------------------------------------------------------- work dir and cleanup
if [ $# -ge 1 ] && [ -n "$1" ]; then
    mkdir -p "$1"
    WORK="$(mktemp -d "$1/stowage-bench.XXXXXX")"
else
    WORK="$(mktemp -d /var/tmp/stowage-bench.XXXXXX)"
fi
# ---------------------------------------------------------------- throwaway registries (section 2d)
declare -A REG_PID=() REG_PORT=()   # registry NAME -> pid / port

# registry_start NAME: starts a registry on 127.0.0.1 with an EMPTY storage dir $WORK/NAME/storage
# (wiped if it exists), plain HTTP, log level error, no access log. It keeps the port of an earlier
# start of NAME, so image names stay valid across restarts; a new port is tried if it is taken.
registry_start() {
    local name="$1" dir="$WORK/$1" port="${REG_PORT[$1]:-}" bin="$REGISTRY_BIN" attempt pid i code
    mkdir -p "$dir"
    for attempt in 1 2 3; do
        [ -n "$port" ] || port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        rm -rf "$dir/storage"; mkdir -p "$dir/storage"
        cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: stowage-bench-$name
EOF
        # REGISTRY_* variables would override the config file
        ( for v in $(compgen -e | grep '^REGISTRY_' || true); do unset "$v"; done
          exec "$bin" serve "$dir/config.yml" ) >>"$dir/registry.log" 2>&1 </dev/null &
        pid=$!
        REG_PID[$name]=$pid
        for i in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || break
            code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
            if [ "$code" = 200 ]; then REG_PORT[$name]=$port; return 0; fi
            sleep 0.1
        done
        registry_stop "$name"
        port=""
    done
    tail -n 20 "$dir/registry.log" >&2
    die "registry $name did not start"
}
registry_stop() {
    local pid="${REG_PID[$1]:-}"
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "REG_PID[$1]"
}
stop_registries() {
    local name
    for name in "${!REG_PID[@]}"; do registry_stop "$name"; done
}
# registry_restart_empty NAME: stop, wipe the storage, start again on the same port.
registry_restart_empty() { registry_stop "$1"; registry_start "$1"; }

cleanup() {
    local rc=$?
    stop_registries
    if [ -n "${POD_PID:-}" ]; then kill "$POD_PID" 2>/dev/null || true; wait "$POD_PID" 2>/dev/null || true; rm -rf "${PODDIR:-/nonexistent}"; fi
    if [ "$KEEP" = 1 ]; then log "keeping $WORK"; else rm -rf "$WORK"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log "work dir $WORK"
discard() { [ "$KEEP" = 1 ] || rm -rf "$@"; }   # intermediate files, kept with KEEP=1
START_ALL=$(date +%s)

# The stowage command line, as an executable word list (GNU time cannot run a shell function).
# shellcheck disable=SC2206  # STOWAGE_JAVA_OPTS is a space-separated list of options
STOWAGE=("$JAVA" $STOWAGE_JAVA_OPTS -jar "$STOWAGE_JAR")
# The registry section runs stowage with a 256 MiB heap; last on the line, so it wins over any
# -Xmx in STOWAGE_JAVA_OPTS.
# shellcheck disable=SC2206
STOWAGE_REG=("$JAVA" $STOWAGE_JAVA_OPTS -Xmx256m -jar "$STOWAGE_JAR")

# Copies a directory tree into DEST with symlinks resolved (cp -rL). Dangling symlinks
# (e.g. the JDK's lib/src.zip without the source package) are skipped; any other error fails.
copy_resolved() {
    local src="$1" dest="$2" err="$WORK/cp.err"
    mkdir -p "$(dirname "$dest")"
    if ! cp -rL "$src" "$dest" 2>"$err"; then
        if grep -v 'No such file or directory' "$err" | grep -q .; then cat "$err" >&2; die "copying $src failed"; fi
        log "  skipped $(wc -l <"$err") dangling symlink(s) in $src"
    fi
    rm -f "$err"
}

# ---------------------------------------------------------------- 1. build the image
LAYOUT="$WORK/layout"
BUNDLE="$WORK/bundle"
IMG="$WORK/IMG.tar"
log "building a 4-layer image with umoci in $LAYOUT"
umoci init --layout "$LAYOUT"
umoci new --image "$LAYOUT:bench"
umoci unpack --rootless --image "$LAYOUT:bench" "$BUNDLE" >/dev/null
ROOTFS="$BUNDLE/rootfs"
repack() { umoci repack --refresh-bundle --history.created_by "bench: $1" --image "$LAYOUT:bench" "$BUNDLE"; }

log "layer 1: JDK $JDK_DIR"
copy_resolved "$JDK_DIR" "$ROOTFS/opt/jdk"
repack "JDK"
log "layer 2: locales $LOCALE_DIRS"
for d in $LOCALE_DIRS; do copy_resolved "$d" "$ROOTFS/usr/share/$(basename "$d")"; done
repack "locales"
log "layer 3: compiler libs $COMPILER_DIR"
copy_resolved "$COMPILER_DIR" "$ROOTFS/usr/lib/compiler"
repack "compiler libs"
log "layer 4: $RANDOM_MIB MiB random data, and delete opt/jdk/release (a whiteout)"
mkdir -p "$ROOTFS/data"
head -c "$((RANDOM_MIB << 20))" /dev/urandom >"$ROOTFS/data/random.bin"
[ -f "$ROOTFS/opt/jdk/release" ] || die "opt/jdk/release missing: cannot make the whiteout"
rm "$ROOTFS/opt/jdk/release"
repack "random data + whiteout"
FILE_BYTES=$(du -sb "$ROOTFS" | cut -f1)
discard "$BUNDLE"

log "skopeo copy oci:layout:bench -> docker-archive IMG.tar"
"${SKOPEO[@]}" copy -q "oci:$LAYOUT:bench" "docker-archive:$IMG:bench/image:latest"
want layers || discard "$LAYOUT"    # the layers section unpacks and repacks it

# Layer sizes as stored in the archive (uncompressed tar streams), and the whiteout check.
python3 - "$IMG" "$FILE_BYTES" >&2 <<'EOF'
import json, sys, tarfile
img, file_bytes = sys.argv[1], int(sys.argv[2])
with tarfile.open(img) as t:
    m = json.load(t.extractfile("manifest.json"))[0]
    sizes = []
    for i, name in enumerate(m["Layers"], 1):
        member = t.getmember(name)
        sizes.append(member.size)
        with tarfile.open(fileobj=t.extractfile(member)) as layer:
            wh = [n for n in layer.getnames() if n.rsplit("/", 1)[-1].startswith(".wh.")]
        print(f"  layer {i}: {member.size / 2**20:7.1f} MiB  {name}" + (f"  whiteouts: {wh}" if wh else ""))
    if len(sizes) != 4: sys.exit(f"expected 4 layers, got {len(sizes)}")
print(f"  image: 4 layers, {sum(sizes) / 2**20:.1f} MiB uncompressed layer tars "
      f"(du -sb of the final rootfs: {file_bytes / 2**20:.1f} MiB)")
EOF
IMG_MIB=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 2**20:.0f}')" "$IMG")
log "IMG.tar is $IMG_MIB MiB"

# ---------------------------------------------------------------- timing helpers
RESULTS="$WORK/results.txt"   # lines: op tool seconds rss_kib user_s sys_s exit_status
: >"$RESULTS"

# timed OP TOOL CMD...: one timed run (after an untimed sync), appended to RESULTS.
timed() {
    local op="$1" tool="$2"; shift 2
    local out="$WORK/time.out" log_="$WORK/cmd.log"
    sync
    if ! "$TIME" -f '%e %M %U %S' -o "$out" "$@" >"$log_" 2>&1; then
        cat "$log_" >&2; die "$op/$tool failed: $*"
    fi
    read -r secs rss usr sys <"$out"
    echo "$op $tool $secs $rss $usr $sys 0" >>"$RESULTS"
    log "  $op $tool: ${secs}s, peak RSS $((rss / 1024)) MiB"
}

# timed_logged OP TOOL CMD...: like `timed`, for the registry section. The run's output lines are
# stamped with the time they arrived ($EPOCHREALTIME, after a first "<time> START" line) in
# $REGLOGS/OP-TOOL-N.log, for the phase breakdown in the report. A failing stowage run does not stop
# the benchmark: it is recorded with its exit status (and shows as FAIL: e.g. an OutOfMemoryError
# under -Xmx256m). Returns the run's exit status.
REGLOGS="$WORK/reglogs"
timed_logged() {
    local op="$1" tool="$2"; shift 2
    local out="$WORK/time.out" n rc log_
    n=$(( $(awk -v o="$op" -v t="$tool" '$1 == o && $2 == t' "$RESULTS" | wc -l) + 1 ))
    log_="$REGLOGS/$op-$tool-$n.log"
    mkdir -p "$REGLOGS"
    sync
    echo "$EPOCHREALTIME START" >"$log_"
    set +e
    "$TIME" -f '%e %M %U %S' -o "$out" "$@" 2>&1 | while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done >>"$log_"
    rc=${PIPESTATUS[0]}
    set -e
    # GNU time puts "Command exited with non-zero status N" before the format line
    read -r secs rss usr sys < <(tail -n 1 "$out")
    echo "$op $tool $secs $rss $usr $sys $rc" >>"$RESULTS"
    if [ "$rc" != 0 ]; then
        tail -n 30 "$log_" >&2
        [ "$tool" = stowage ] || die "$op/$tool failed: $*"
        log "  $op $tool: FAILED (exit $rc) after ${secs}s, peak RSS $((rss / 1024)) MiB; log $log_"
        return "$rc"
    fi
    log "  $op $tool: ${secs}s, peak RSS $((rss / 1024)) MiB"
}

# ---------------------------------------------------------------- 4. layers (SECTIONS=layers)
# Runs before the main sections (it needs the umoci layout, which it removes at the end).
if want layers; then
    MAIN_RESULTS="$RESULTS"
    RESULTS="$WORK/layers-results.txt"   # own results file, own report
    : >"$RESULTS"
    LOAD_BEFORE_LAYERS=$(cut -d' ' -f1 /proc/loadavg)
    LSTORE="$WORK/lstore"
    LBUNDLE="$WORK/lbundle"
    CHANGE="$WORK/change"
    rm -rf "$LSTORE" "$LBUNDLE"
    log "layers: loading IMG.tar into $LSTORE (untimed)"
    "${STOWAGE[@]}" --store "$LSTORE" load -i "$IMG" >/dev/null

    # The change committed by both tools: 100 dirs x 100 files, 10,000 files of 10,486 bytes
    # (100 MiB) of base64 text (random, so it compresses to about 3/4, as source or text would).
    log "layers: writing the 10,000-file / 100 MiB change template"
    python3 - "$CHANGE" <<'EOF'
import base64, os, sys
root = sys.argv[1]
size = (100 << 20) // 10000 + 1
for d in range(100):
    os.makedirs(f"{root}/d{d:03}")
    for i in range(100):
        with open(f"{root}/d{d:03}/f{i:03}.txt", "wb") as f:
            f.write(base64.b64encode(os.urandom(size))[:size])
EOF
    log "  change: $(find "$CHANGE" -type f | wc -l) files, $(du -sb "$CHANGE" | cut -f1) bytes"

    # create vs unpack
    log "layers: create/unpack warm-up"
    "${STOWAGE[@]}" --store "$LSTORE" create --name warm bench/image:latest >/dev/null
    "${STOWAGE[@]}" --store "$LSTORE" rm warm >/dev/null
    umoci unpack --rootless --image "$LAYOUT:bench" "$LBUNDLE" >/dev/null
    rm -rf "$LBUNDLE"
    for r in $(seq 1 "$ROUNDS"); do
        log "create: round $r/$ROUNDS"
        timed create stowage "${STOWAGE[@]}" --store "$LSTORE" create --name "c$r" bench/image:latest
        "${STOWAGE[@]}" --store "$LSTORE" rm "c$r" >/dev/null
        timed create umoci umoci unpack --rootless --image "$LAYOUT:bench" "$LBUNDLE"
        rm -rf "$LBUNDLE"
    done

    # commit of the 10,000-file change vs umoci repack of the same change
    for r in $(seq 1 "$ROUNDS"); do
        log "commit: round $r/$ROUNDS (untimed: create / unpack, copy the change in)"
        ID=$("${STOWAGE[@]}" --store "$LSTORE" create --name "k$r" bench/image:latest | tail -n 1)
        CROOT="$LSTORE/containers/$ID/rootfs"
        [ -d "$CROOT" ] || die "no rootfs at $CROOT (create printed '$ID')"
        cp -a "$CHANGE" "$CROOT/bench-change"
        timed commit stowage "${STOWAGE[@]}" --store "$LSTORE" commit "k$r" "bench/commit:r$r"
        "${STOWAGE[@]}" --store "$LSTORE" rm "k$r" >/dev/null
        "${STOWAGE[@]}" --store "$LSTORE" rmi "bench/commit:r$r" >/dev/null
        umoci unpack --rootless --image "$LAYOUT:bench" "$LBUNDLE" >/dev/null
        cp -a "$CHANGE" "$LBUNDLE/rootfs/bench-change"
        timed commit umoci umoci repack --image "$LAYOUT:commit$r" "$LBUNDLE"
        rm -rf "$LBUNDLE"
    done
    discard "$CHANGE"

    # analyze vs reading the layer blobs once; and analyze of a 100,000-entry layer
    mapfile -t LBLOBS < <(python3 - "$LSTORE" <<'EOF'
import json, sys
store = sys.argv[1]
def blob(d): return f"{store}/blobs/{d.replace(':', '/')}"
idx = json.load(open(f"{store}/index.json"))
m = [m for m in idx["manifests"] if m.get("annotations", {}).get("io.containerd.image.name", "").endswith("bench/image:latest")][0]
for layer in json.load(open(blob(m["digest"])))["layers"]:
    print(blob(layer["digest"]))
EOF
)
    [ "${#LBLOBS[@]}" = 4 ] || die "expected 4 layer blobs of bench/image:latest, got ${#LBLOBS[@]}"
    LBLOB_MIB=$(du -cbL "${LBLOBS[@]}" | tail -n 1 | awk '{printf "%.0f", $1 / 1048576}')
    MANY="$WORK/many"
    log "layers: writing a docker-archive with one 100,000-entry layer"
    python3 - "$MANY" <<'EOF'
import hashlib, io, json, os, sys, tarfile
out = sys.argv[1]
os.makedirs(out)
data = b"x" * 16
with tarfile.open(f"{out}/layer.tar", "w", format=tarfile.PAX_FORMAT) as t:
    for d in range(100):
        ti = tarfile.TarInfo(f"d{d:03}"); ti.type = tarfile.DIRTYPE; ti.mode = 0o755; ti.mtime = 1700000000
        t.addfile(ti)
        for i in range(1000):
            ti = tarfile.TarInfo(f"d{d:03}/f{i:04}"); ti.size = len(data); ti.mode = 0o644; ti.mtime = 1700000000
            t.addfile(ti, io.BytesIO(data))
h = hashlib.sha256()
with open(f"{out}/layer.tar", "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""): h.update(chunk)
diff_id = "sha256:" + h.hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "created": "2023-11-14T22:13:20Z",
                     "history": [{"created": "2023-11-14T22:13:20Z", "created_by": "bench: 100,100 entries"}],
                     "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
cname = hashlib.sha256(config).hexdigest() + ".json"
open(f"{out}/{cname}", "wb").write(config)
json.dump([{"Config": cname, "RepoTags": ["bench/many:latest"], "Layers": ["layer.tar"]}], open(f"{out}/manifest.json", "w"))
with tarfile.open(f"{out}/many.tar", "w") as t:
    for n in ("manifest.json", cname, "layer.tar"): t.add(f"{out}/{n}", arcname=n)
EOF
    "${STOWAGE[@]}" --store "$LSTORE" load -i "$MANY/many.tar" >/dev/null
    MANY_ENTRIES=$(python3 -c "import sys, tarfile; print(len(tarfile.open(sys.argv[1]).getmembers()))" "$MANY/layer.tar")
    MANY_MIB=$(du -bL "$MANY/layer.tar" | awk '{printf "%.0f", $1 / 1048576}')
    discard "$MANY"
    log "layers: analyze warm-up (and check that both images analyze)"
    "${STOWAGE[@]}" --store "$LSTORE" analyze bench/image:latest >"$WORK/analyze-image.txt"
    "${STOWAGE[@]}" --store "$LSTORE" analyze bench/many:latest >"$WORK/analyze-many.txt"
    cat "${LBLOBS[@]}" >/dev/null
    "${STOWAGE[@]}" --version >/dev/null
    for r in $(seq 1 "$ROUNDS"); do
        log "analyze: round $r/$ROUNDS"
        timed analyze stowage "${STOWAGE[@]}" --store "$LSTORE" analyze bench/image:latest
        timed cat cat sh -c 'cat "$@" >/dev/null' cat "${LBLOBS[@]}"
        timed version stowage "${STOWAGE[@]}" --version
        timed many stowage "${STOWAGE[@]}" --store "$LSTORE" analyze bench/many:latest
    done
    discard "$LSTORE" "$LBUNDLE" "$LAYOUT"

    python3 - "$RESULTS" "$ROUNDS" "$STOWAGE_JAVA_OPTS" "$LBLOB_MIB" "$MANY_ENTRIES" "$MANY_MIB" \
        "$LOAD_BEFORE_LAYERS" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF'
import statistics, sys
results, rounds, opts, blob_mib, many_entries, many_mib, load0, load1 = sys.argv[1:9]
runs = {}
for line in open(results):
    op, tool, secs, rss, usr, sys_, rc = line.split()
    runs.setdefault((op, tool), []).append((float(secs), int(rss), float(usr) + float(sys_)))
def med(op, tool):
    r = runs.get((op, tool)); return statistics.median(s for s, _, _ in r) if r else None
def rss(op, tool):
    r = runs.get((op, tool)); return max(m for _, m, _ in r) / 1024 if r else None
def f(x, fmt): return "-" if x is None else format(x, fmt)
def div(a, b): return a / b if a is not None and b else None
print()
print(f"Layers: stowage vs umoci 0.4.7 (rootless) and cat, {blob_mib} MiB of layer blobs; medians of {rounds} "
      f"alternating rounds; JVM options: '{opts or '(none)'}'")
print()
hdr = f"{'operation':<34} {'stowage s':>10} {'other s':>10} {'ratio':>7} {'stowage RSS MiB':>16} {'other RSS MiB':>14}"
print(hdr); print("-" * len(hdr))
def row(name, a, b, ra, rb):
    print(f"{name:<34} {f(a, '.2f'):>10} {f(b, '.2f'):>10} {f(div(a, b), '.2f'):>7} {f(ra, '.0f'):>16} {f(rb, '.0f'):>14}")
create, unpack = med("create", "stowage"), med("create", "umoci")
commit, repack = med("commit", "stowage"), med("commit", "umoci")
analyze, cat, version, many = med("analyze", "stowage"), med("cat", "cat"), med("version", "stowage"), med("many", "stowage")
read_once = cat + version if cat is not None and version is not None else None
row("create vs umoci unpack", create, unpack, rss("create", "stowage"), rss("create", "umoci"))
row("commit 10k files vs umoci repack", commit, repack, rss("commit", "stowage"), rss("commit", "umoci"))
row("analyze vs cat + --version", analyze, read_once, rss("analyze", "stowage"), None)
row("analyze vs cat only", analyze, cat, None, rss("cat", "cat"))
row("--version (JVM start)", version, None, rss("version", "stowage"), None)
row(f"analyze {int(many_entries):,} entries", many, None, rss("many", "stowage"), None)
row(f"  minus --version", div(many, 1) - version if many is not None and version is not None else None, None, None, None)
print()
targets = [
    ("create / umoci unpack", div(create, unpack), "<= 0.80x", lambda v: v <= 0.8, ".2f", "x"),
    ("commit / umoci repack", div(commit, repack), "<= 0.80x", lambda v: v <= 0.8, ".2f", "x"),
    ("analyze / read-once", div(analyze, read_once), "<= 2.00x", lambda v: v <= 2.0, ".2f", "x"),
    (f"analyze {int(many_entries) // 1000}k entries", many, "< 2.0 s", lambda v: v < 2.0, ".2f", " s"),
]
hdr = f"{'target':<26} {'measured':>10} {'limit':>12}  result"
print(hdr); print("-" * len(hdr))
for name, v, limit, test, fmt, unit in targets:
    print(f"{name:<26} {('-' if v is None else format(v, fmt) + unit):>10} {limit:>12}  {'PASS' if v is not None and test(v) else 'FAIL'}")
print()
print(f"read-once = cat of the 4 layer blobs to /dev/null + `stowage --version`; the 100,000-entry layer is "
      f"{many_mib} MiB (100 dirs x 1,000 files of 16 bytes)")
print("all timed runs (wall seconds/peak RSS MiB/CPU seconds):")
for (op, tool), r in runs.items():
    print(f"  {op:<8} {tool:<8} " + "  ".join(f"{s:.2f}/{m / 1024:.0f}/{c:.1f}" for s, m, c in r))
print(f"\n1-min load average: {load0} before the layers section, {load1} after it (2 cores)")
print()
EOF
    RESULTS="$MAIN_RESULTS"
fi
# ---------------------------------------------------------------- 5. engine (SECTIONS=engine)
if want engine; then
    command -v podman >/dev/null || die "podman is not installed"
    MAIN_RESULTS="$RESULTS"
    RESULTS="$WORK/engine-results.txt"
    : >"$RESULTS"
    LOAD_BEFORE_ENGINE=$(cut -d' ' -f1 /proc/loadavg)
    PODDIR=$(mktemp -d /tmp/sb-pod.XXXXXX)   # podman wants a runroot shorter than 50 characters
    PODMAN=(podman --storage-driver vfs --root "$PODDIR/root" --runroot "$PODDIR/rr" --tmpdir "$PODDIR/tmp")
    SOCK="$PODDIR/podman.sock"
    "${PODMAN[@]}" system service --time=0 "unix://$SOCK" >"$PODDIR/service.log" 2>&1 </dev/null &
    POD_PID=$!
    stop_podman() { kill "$POD_PID" 2>/dev/null || true; wait "$POD_PID" 2>/dev/null || true; rm -rf "$PODDIR"; POD_PID=""; }
    for i in $(seq 1 300); do [ -S "$SOCK" ] && break; sleep 0.1; done
    [ -S "$SOCK" ] || { stop_podman; die "podman system service did not start"; }
    log "engine: podman load -i IMG.tar (untimed)"
    "${PODMAN[@]}" load -q -i "$IMG" >/dev/null
    ESTORE="$WORK/estore"
    ESAVED="$WORK/podman-saved.tar"
    ENGINE_STOWAGE=("${STOWAGE[@]}" --engine "unix://$SOCK")
    log "engine: warm-up"
    rm -rf "$ESTORE" "$ESAVED"
    "${PODMAN[@]}" save -q -o "$ESAVED" bench/image:latest
    "${ENGINE_STOWAGE[@]}" --store "$ESTORE" copy engine:bench/image:latest store: >/dev/null
    for r in $(seq 1 "$ROUNDS"); do
        log "engine copy: round $r/$ROUNDS"
        rm -rf "$ESTORE"; timed copy stowage "${ENGINE_STOWAGE[@]}" --store "$ESTORE" copy engine:bench/image:latest store:
        rm -f "$ESAVED";  timed copy podman "${PODMAN[@]}" save -q -o "$ESAVED" bench/image:latest
        # the engine's own part: its answer to GET /images/get read by curl into /dev/null
        timed copy curl curl -sf -o /dev/null --unix-socket "$SOCK" "http://d/v1.41/images/get?names=bench%2Fimage%3Alatest"
    done
    # the copy keeps every layer byte for byte: the store's layer digests are the engine's diffIDs
    python3 - "$ESTORE" <<'PYEOF' > "$WORK/estore-layers.txt"
import json, sys, os
root = sys.argv[1]
index = json.load(open(os.path.join(root, "index.json")))
m = json.load(open(os.path.join(root, "blobs", *index["manifests"][0]["digest"].split(":"))))
print("\n".join(l["digest"] for l in m["layers"]))
PYEOF
    "${PODMAN[@]}" image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' bench/image:latest | sed '/^$/d' > "$WORK/engine-layers.txt"
    cmp -s "$WORK/estore-layers.txt" "$WORK/engine-layers.txt" || { stop_podman; die "engine copy: layer digests differ from the engine's"; }
    log "engine: layer digests in the store equal the engine's diffIDs"
    discard "$ESTORE" "$ESAVED"
    ENGINE_TAGS="${ENGINE_TAGS:-1000}"
    log "engine: tagging the image $ENGINE_TAGS times (untimed; podman takes a while)"
    NAMES=(); for i in $(seq 1 "$ENGINE_TAGS"); do NAMES+=("bench/tag$i:latest"); done
    "${PODMAN[@]}" tag bench/image:latest "${NAMES[@]}"
    "${ENGINE_STOWAGE[@]}" images >/dev/null
    for r in $(seq 1 "$IMAGES_RUNS"); do timed images stowage "${ENGINE_STOWAGE[@]}" images; done
    stop_podman
    python3 - "$RESULTS" "$ROUNDS" "$IMAGES_RUNS" "$ENGINE_TAGS" "$IMG_MIB" "$LOAD_BEFORE_ENGINE" "$(cut -d' ' -f1 /proc/loadavg)" \
        "$(podman --version | awk '{print $NF}')" <<'PYEOF'
import statistics, sys
results, rounds, images_runs, tags, img_mib, load0, load1, version = sys.argv[1:9]
runs = {}
for line in open(results):
    op, tool, secs, rss, usr, sys_, rc = line.split()
    runs.setdefault((op, tool), []).append((float(secs), int(rss), float(usr) + float(sys_)))
def med(op, tool):
    r = runs.get((op, tool)); return statistics.median(s for s, _, _ in r) if r else None
def rss(op, tool):
    r = runs.get((op, tool)); return max(m for _, m, _ in r) / 1024 if r else None
copy, save, images = med("copy", "stowage"), med("copy", "podman"), med("images", "stowage")
export = med("copy", "curl")
ratio = copy / save if copy and save else None
print()
print(f"Engine: Podman {version} (vfs storage) serving the Docker API on a Unix socket; {img_mib} MiB image; "
      f"medians of {rounds} alternating rounds (images: {images_runs} runs)")
print()
print(f"{'operation':<44} {'stowage s':>10} {'podman s':>9} {'ratio':>6} {'stowage RSS MiB':>16} {'podman RSS MiB':>15}")
print(f"{'copy engine -> store vs podman save -o FILE':<44} {copy:>10.2f} {save:>9.2f} {ratio:>6.2f} {rss('copy', 'stowage'):>16.0f} {rss('copy', 'podman'):>15.0f}")
print(f"{'engine GET /images/get alone (curl)':<44} {'':>10} {export:>9.2f}")
print(f"{'--engine images, ' + tags + ' names':<44} {images:>10.2f}")
print()
print(f"copy <= 1.2x podman save: {'PASS' if ratio is not None and ratio <= 1.2 else 'FAIL'} ({ratio:.2f}x); "
      f"images < 1.5 s: {'PASS' if images is not None and images < 1.5 else 'FAIL'} ({images:.2f} s)")
print("all timed runs (wall seconds/peak RSS MiB/CPU seconds):")
for (op, tool), r in runs.items():
    print(f"  {op:<7} {tool:<8} " + "  ".join(f"{s:.2f}/{m / 1024:.0f}/{c:.1f}" for s, m, c in r))
print(f"\n1-min load average: {load0} before the engine section, {load1} after it (2 cores)")
print()
PYEOF
    RESULTS="$MAIN_RESULTS"
fi
# ---------------------------------------------------------------- 6. copy (SECTIONS=copy)
# `stowage copy` between places that are not the store (issue 12), against `skopeo copy`: registry ->
# another registry, registry -> another repository of the same registry (blob mounts only), and
# docker-archive -> registry. Every destination registry is restarted with a wiped storage dir first.
if want copy; then
    MAIN_RESULTS="$RESULTS"
    RESULTS="$WORK/copy-results.txt"
    : >"$RESULTS"
    LOAD_BEFORE_COPY=$(cut -d' ' -f1 /proc/loadavg)
    log "copy: starting two $REGISTRY_BIN instances on 127.0.0.1"
    registry_start csrc
    registry_start cdst
    CP1=${REG_PORT[csrc]}
    CP2=${REG_PORT[cdst]}
    CSTORE="$WORK/cstore"   # never written: no copy here goes through the store
    CSTOWAGE=("${STOWAGE[@]}" --store "$CSTORE")
    SRCREF="docker://127.0.0.1:$CP1/bench/image:src"
    log "copy: seeding $SRCREF with skopeo (untimed, gzip layers)"
    "${SKOPEO[@]}" copy -q --dest-tls-verify=false "docker-archive:$IMG" "$SRCREF"
    log "copy: warm-up"
    registry_restart_empty cdst
    "${CSTOWAGE[@]}" copy "$SRCREF" "docker://127.0.0.1:$CP2/bench/image:w" >/dev/null || true
    registry_restart_empty cdst
    "${SKOPEO[@]}" copy -q --src-tls-verify=false --dest-tls-verify=false "$SRCREF" "docker://127.0.0.1:$CP2/bench/image:w"
    "${CSTOWAGE[@]}" copy "$SRCREF" "docker://127.0.0.1:$CP1/bench/warm:w" >/dev/null || true
    "${CSTOWAGE[@]}" --version >/dev/null
    for r in $(seq 1 "$ROUNDS"); do
        log "copy: round $r/$ROUNDS"
        registry_restart_empty cdst
        timed_logged reg2reg stowage "${CSTOWAGE[@]}" copy "$SRCREF" "docker://127.0.0.1:$CP2/bench/image:r$r" || true
        registry_restart_empty cdst
        timed_logged reg2reg skopeo "${SKOPEO[@]}" copy -q --src-tls-verify=false --dest-tls-verify=false \
            "$SRCREF" "docker://127.0.0.1:$CP2/bench/image:r$r"
        # a repository never written before in the source registry: every layer must be mounted
        timed_logged mount stowage "${CSTOWAGE[@]}" copy "$SRCREF" "docker://127.0.0.1:$CP1/bench/mounted$r:r$r" || true
        timed_logged version stowage "${CSTOWAGE[@]}" --version || true
        registry_restart_empty cdst
        timed_logged arch2reg stowage "${CSTOWAGE[@]}" copy "docker-archive:$IMG" "docker://127.0.0.1:$CP2/bench/image:r$r" || true
        registry_restart_empty cdst
        timed_logged arch2reg skopeo "${SKOPEO[@]}" copy -q --dest-tls-verify=false \
            "docker-archive:$IMG" "docker://127.0.0.1:$CP2/bench/image:r$r"
    done
    # the last copies are readable by skopeo and hold the source's layers
    "${SKOPEO[@]}" inspect --tls-verify=false "docker://127.0.0.1:$CP1/bench/mounted$ROUNDS:r$ROUNDS" >/dev/null \
        || die "copy: skopeo cannot read the mounted copy"
    stop_registries
    [ ! -e "$CSTORE/index.json" ] || log "copy: WARNING: the store $CSTORE was written to"
    discard "$CSTORE" "$WORK/csrc" "$WORK/cdst"
    python3 - "$RESULTS" "$ROUNDS" "$IMG_MIB" "$REGLOGS" "$LOAD_BEFORE_COPY" "$(cut -d' ' -f1 /proc/loadavg)" \
        "$("$REGISTRY_BIN" --version 2>/dev/null | awk '{print $NF}')" <<'PYEOF'
import glob, os, statistics, sys
results, rounds, img_mib, reglogs, load0, load1, registry_version = sys.argv[1:8]
runs = {}
for line in open(results):
    op, tool, secs, rss, usr, sys_, rc = line.split()
    runs.setdefault((op, tool), []).append((float(secs), int(rss), float(usr) + float(sys_), int(rc)))
def ok(op, tool): return [r for r in runs.get((op, tool), []) if r[3] == 0]
def med(op, tool):
    r = ok(op, tool); return statistics.median(s for s, _, _, _ in r) if r else None
def rss(op, tool):
    r = ok(op, tool); return max(m for _, m, _, _ in r) / 1024 if r else None
def f(v, spec=".2f"): return "FAIL" if v is None else format(v, spec)
# a mount run must say "Mounted from" for every layer and never upload
mount_logs = sorted(glob.glob(os.path.join(reglogs, "mount-stowage-*.log")))
mounts = [sum("Mounted from" in l for l in open(p)) for p in mount_logs]
uploads = [sum(("Pushing" in l or "Pushed" in l or "Downloading" in l) for l in open(p)) for p in mount_logs]
print()
print(f"Copy between places: docker-registry {registry_version} on 127.0.0.1 (plain HTTP); {img_mib} MiB image "
      f"(gzip layers in the source registry, as skopeo pushed them); medians of {rounds} alternating rounds; "
      f"each copy into a registry restarted empty")
print()
print(f"{'operation':<46} {'stowage s':>10} {'skopeo s':>9} {'ratio':>6} {'target':>8} {'result':>7} {'stowage RSS MiB':>16}")
checks = []
for op, label, target in (("reg2reg", "registry -> another registry", 0.7),
                          ("arch2reg", "docker-archive -> registry", 0.6)):
    s, k = med(op, "stowage"), med(op, "skopeo")
    ratio = s / k if s and k else None
    res = "PASS" if ratio is not None and ratio <= target else "FAIL"
    checks.append(res)
    print(f"{label:<46} {f(s):>10} {f(k):>9} {f(ratio):>6} {'<= ' + str(target) + 'x':>8} {res:>7} {f(rss(op, 'stowage'), '.0f'):>16}")
m, v = med("mount", "stowage"), med("version", "stowage")
after = m - v if m is not None and v is not None else None
res = "PASS" if after is not None and after < 1.0 else "FAIL"
print(f"{'registry -> same registry, other repo (mount)':<46} {f(m):>10} {'':>9} {'':>6} {'':>8} {'':>7} {f(rss('mount', 'stowage'), '.0f'):>16}")
print(f"{'stowage --version (JVM start-up)':<46} {f(v):>10}")
print(f"{'mount copy after JVM start (difference)':<46} {f(after):>10} {'':>9} {'':>6} {'< 1 s':>8} {res:>7}")
print(f"mount runs: 'Mounted from' lines per run {mounts}, upload lines {uploads}")
print("all timed runs (wall seconds/peak RSS MiB/CPU seconds/exit):")
for (op, tool), r in runs.items():
    print(f"  {op:<8} {tool:<8} " + "  ".join(f"{s:.2f}/{mm / 1024:.0f}/{c:.1f}/{rc}" for s, mm, c, rc in r))
print(f"\n1-min load average: {load0} before the copy section, {load1} after it (2 cores)")
print()
PYEOF
    RESULTS="$MAIN_RESULTS"
fi
if ! want main; then
    log "SECTIONS=$SECTIONS: main sections skipped; total $(( $(date +%s) - START_ALL )) s"
    exit 0
fi

# ---------------------------------------------------------------- 2a. load
LOAD_BEFORE_TIMED=$(cut -d' ' -f1 /proc/loadavg)   # other work on the machine skews everything
STORE="$WORK/store"        # stowage store (fresh per run; the last one is kept for save)
OCI="$WORK/oci"            # skopeo OCI layout (fresh per run; the last one is kept for save)
log "load: warm-up"
rm -rf "$STORE" "$OCI"
"${STOWAGE[@]}" --store "$STORE" load -i "$IMG" >/dev/null
"${SKOPEO[@]}" copy -q "docker-archive:$IMG" "oci:$OCI:bench"
grep -q '^bench/image  *latest' <<<"$("${STOWAGE[@]}" --store "$STORE" images)" || die "stowage load did not tag bench/image:latest"
log "  skopeo's OCI copy stores layers as: $(python3 -c "
import json,sys; d=sys.argv[1]
idx=json.load(open(d+'/index.json')); m=json.load(open(d+'/blobs/'+idx['manifests'][0]['digest'].replace(':','/')))
print(sorted({l['mediaType'] for l in m['layers']}))" "$OCI")"
for r in $(seq 1 "$ROUNDS"); do
    log "load: round $r/$ROUNDS"
    rm -rf "$STORE"; timed load stowage "${STOWAGE[@]}" --store "$STORE" load -i "$IMG"
    rm -rf "$OCI";   timed load skopeo "${SKOPEO[@]}" copy -q "docker-archive:$IMG" "oci:$OCI:bench"
done

# ---------------------------------------------------------------- 2b. save
OUT="$WORK/OUT.tar"
OUT2="$WORK/OUT2.tar"
log "save: warm-up"
rm -f "$OUT" "$OUT2"
"${STOWAGE[@]}" --store "$STORE" save -o "$OUT" bench/image:latest
"${SKOPEO[@]}" copy -q "oci:$OCI:bench" "docker-archive:$OUT2:bench/image:latest"
"${SKOPEO[@]}" inspect -n "docker-archive:$OUT" >/dev/null || die "skopeo cannot read stowage's saved archive"
for r in $(seq 1 "$ROUNDS"); do
    log "save: round $r/$ROUNDS"
    rm -f "$OUT";  timed save stowage "${STOWAGE[@]}" --store "$STORE" save -o "$OUT" bench/image:latest
    rm -f "$OUT2"; timed save skopeo "${SKOPEO[@]}" copy -q "oci:$OCI:bench" "docker-archive:$OUT2:bench/image:latest"
done
discard "$OUT" "$OUT2" "$OCI" "$STORE"

# ---------------------------------------------------------------- 2c. images with 1,000 tags
log "images: building a store with 1,000 tags"
SMALL="$WORK/small"
umoci init --layout "$SMALL/layout"
umoci new --image "$SMALL/layout:small"
umoci unpack --rootless --image "$SMALL/layout:small" "$SMALL/bundle" >/dev/null
mkdir -p "$SMALL/bundle/rootfs/etc"
echo "small bench image" >"$SMALL/bundle/rootfs/etc/motd"
umoci repack --image "$SMALL/layout:small" "$SMALL/bundle"
"${SKOPEO[@]}" copy -q "oci:$SMALL/layout:small" "docker-archive:$SMALL/small.tar:small/image:latest"
TAGSTORE="$WORK/tagstore"
"${STOWAGE[@]}" --store "$TAGSTORE" load -i "$SMALL/small.tar" >/dev/null
# One JVM per `tag` call would take minutes: write the 1,000 entries into index.json directly.
python3 - "$TAGSTORE/index.json" <<'EOF'
import json, sys
path = sys.argv[1]
index = json.load(open(path))
base = {k: v for k, v in index["manifests"][0].items() if k != "annotations"}
index["manifests"] = [dict(base, annotations={
    "io.containerd.image.name": f"docker.io/library/img{i}:latest",
    "org.opencontainers.image.ref.name": "latest"}) for i in range(1000)]
with open(path, "w") as f:
    json.dump(index, f)
EOF
LINES=$("${STOWAGE[@]}" --store "$TAGSTORE" images | wc -l)
[ "$LINES" = 1001 ] || die "images printed $LINES lines, expected 1001 (header + 1,000 tags)"
log "images: warm-up done ($LINES lines)"
for r in $(seq 1 "$IMAGES_RUNS"); do
    timed images stowage "${STOWAGE[@]}" --store "$TAGSTORE" images
done
discard "$SMALL" "$TAGSTORE"

# ---------------------------------------------------------------- 2d. registry push and pull
# reg1 receives stowage's pushes and serves both tools' pulls; reg2 receives skopeo's pushes.
# Every stowage command here runs with -Xmx256m (STOWAGE_REG), the untimed ones too.
LOAD_BEFORE_REGISTRY=$(cut -d' ' -f1 /proc/loadavg)
log "registry: starting two $REGISTRY_BIN instances on 127.0.0.1"
registry_start reg1
registry_start reg2
P1=${REG_PORT[reg1]}
P2=${REG_PORT[reg2]}
log "  reg1 127.0.0.1:$P1 (stowage pushes; both tools pull from it), reg2 127.0.0.1:$P2 (skopeo pushes)"
# The heap limit the JVM really applies with these options (MaxHeapSize, bytes).
MAX_HEAP=$("${STOWAGE_REG[@]:0:$((${#STOWAGE_REG[@]} - 2))}" -XX:+PrintFlagsFinal -version 2>/dev/null \
    | awk '$2 == "MaxHeapSize" { print $4 }')
log "  stowage: ${STOWAGE_REG[*]}  (MaxHeapSize $MAX_HEAP)"
NLAYERS=$(python3 -c "import json, sys, tarfile; print(len(json.load(tarfile.open(sys.argv[1]).extractfile('manifest.json'))[0]['Layers']))" "$IMG")

# push to an empty registry. Each stowage round pushes a store freshly loaded from IMG.tar
# (untimed), so it has no compressed layers cached from an earlier push and must gzip them all;
# each run of either tool goes to its registry just restarted with a wiped storage dir.
PSTORE="$WORK/pstore"
LAST_PUSH_OK=0
for r in $(seq 1 "$ROUNDS"); do
    log "push: round $r/$ROUNDS (untimed: wipe registries, load IMG.tar into a fresh store)"
    registry_restart_empty reg1
    rm -rf "$PSTORE"
    "${STOWAGE_REG[@]}" --store "$PSTORE" load -i "$IMG" >/dev/null
    "${STOWAGE_REG[@]}" --store "$PSTORE" tag bench/image:latest "127.0.0.1:$P1/bench/image:r$r"
    LAST_PUSH_OK=0
    timed_logged push stowage "${STOWAGE_REG[@]}" --store "$PSTORE" push "127.0.0.1:$P1/bench/image:r$r" && LAST_PUSH_OK=1
    registry_restart_empty reg2
    timed_logged push skopeo "${SKOPEO[@]}" copy -q --dest-tls-verify=false \
        "docker-archive:$IMG" "docker://127.0.0.1:$P2/bench/image:r$r"
done
registry_stop reg2
PUSHED="127.0.0.1:$P1/bench/image:r$ROUNDS"

if [ "$LAST_PUSH_OK" = 1 ]; then
    # push again: the same store (now with its compressed layers cached) and image, to the same
    # registry, which has every blob; alternating with `--version` as the JVM start-up baseline.
    log "push again: warm-up"
    "${STOWAGE_REG[@]}" --store "$PSTORE" push "$PUSHED" >/dev/null || true
    "${STOWAGE_REG[@]}" --version >/dev/null || true
    for r in $(seq 1 "$ROUNDS"); do
        log "push again: round $r/$ROUNDS"
        timed_logged push2 stowage "${STOWAGE_REG[@]}" --store "$PSTORE" push "$PUSHED" || true
        timed_logged version stowage "${STOWAGE_REG[@]}" --version || true
    done

    # pull into an empty store vs skopeo into an empty OCI layout (gzip layers kept as they are)
    PULLSTORE="$WORK/pullstore"
    PULLOCI="$WORK/pulloci"
    log "pull $PUSHED: warm-up"
    rm -rf "$PULLSTORE" "$PULLOCI"
    "${STOWAGE_REG[@]}" --store "$PULLSTORE" pull "$PUSHED" >/dev/null || true
    "${SKOPEO[@]}" copy -q --src-tls-verify=false "docker://$PUSHED" "oci:$PULLOCI:x"
    for r in $(seq 1 "$ROUNDS"); do
        log "pull: round $r/$ROUNDS"
        rm -rf "$PULLSTORE"; timed_logged pull stowage "${STOWAGE_REG[@]}" --store "$PULLSTORE" pull "$PUSHED" || true
        rm -rf "$PULLOCI";   timed_logged pull skopeo "${SKOPEO[@]}" copy -q --src-tls-verify=false "docker://$PUSHED" "oci:$PULLOCI:x"
    done
    discard "$PULLSTORE" "$PULLOCI"
else
    log "push again and pull: skipped, the last stowage push failed"
fi
stop_registries
discard "$PSTORE" "$WORK/reg1" "$WORK/reg2" "$IMG"

# ---------------------------------------------------------------- 3. report
TOTAL=$(( $(date +%s) - START_ALL ))
python3 - "$RESULTS" "$IMG_MIB" "$ROUNDS" "$IMAGES_RUNS" "$TOTAL" "$STOWAGE_JAVA_OPTS" \
    "$REGLOGS" "$NLAYERS" "$MAX_HEAP" "$LOAD_BEFORE_TIMED" "$LOAD_BEFORE_REGISTRY" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$("$REGISTRY_BIN" --version 2>/dev/null | awk '{print $NF}')" <<'EOF'
import glob, os, re, statistics, sys
results, img_mib, rounds, images_runs, total, opts = sys.argv[1:7]
reglogs, nlayers, max_heap, load0, load1, load2, registry_version = sys.argv[7:14]
nlayers = int(nlayers)
runs = {}      # (op, tool) -> [(secs, rss_kib, cpu_s, exit_status)], in run order
for line in open(results):
    op, tool, secs, rss, usr, sys_, rc = line.split()
    runs.setdefault((op, tool), []).append((float(secs), int(rss), float(usr) + float(sys_), int(rc)))
def ok(op, tool):
    return [r for r in runs.get((op, tool), []) if r[3] == 0]
def med(op, tool):
    r = ok(op, tool); return statistics.median(s for s, _, _, _ in r) if r else None
def rss(op, tool):
    r = runs.get((op, tool)); return max(m for _, m, _, _ in r) / 1024 if r else None
def f(x, fmt): return "-" if x is None else format(x, fmt)
def ratio(op):
    a, b = med(op, "stowage"), med(op, "skopeo")
    return a / b if a is not None and b else None

print()
print(f"Stowage vs skopeo, {img_mib} MiB 4-layer docker-archive; medians of {rounds} alternating rounds "
      f"(images: {images_runs} runs); JVM options: '{opts or '(none)'}'")
print()
hdr = f"{'operation':<26} {'stowage s':>10} {'skopeo s':>10} {'ratio':>7} {'stowage RSS MiB':>16} {'skopeo RSS MiB':>15}"
def row(name, op, a=None, b=None):
    a = med(op, "stowage") if a is None else a
    b = med(op, "skopeo") if b is None else b
    r = a / b if a is not None and b else None
    print(f"{name:<26} {f(a, '.2f'):>10} {f(b, '.2f'):>10} {f(r, '.2f'):>7} "
          f"{f(rss(op, 'stowage'), '.0f'):>16} {f(rss(op, 'skopeo'), '.0f'):>15}")
print(hdr); print("-" * len(hdr))
names = {"load": "load (docker-archive)", "save": "save (docker-archive)", "images": "images (1,000 tags)"}
for op in ("load", "save", "images"):
    row(names[op], op)
print()
print(f"Registry: docker-registry {registry_version} on 127.0.0.1, plain HTTP, filesystem storage; "
      f"stowage with -Xmx256m (MaxHeapSize {int(max_heap) / 2**20:.0f} MiB); medians of {rounds} alternating rounds")
print()
print(hdr); print("-" * len(hdr))
row("push (empty registry)", "push")
row("push again (all exist)", "push2")
row("--version (JVM start)", "version")
push2, version = med("push2", "stowage"), med("version", "stowage")
extra = push2 - version if push2 is not None and version is not None else None
print(f"{'push again - --version':<26} {f(extra, '.2f'):>10}")
row("pull (empty store)", "pull")
print()

# push again: every run must show each layer as "Layer already exists", and nothing compressed or sent
def stamped(path):
    """[(seconds since START, text)] of a timed_logged log."""
    lines = []
    for raw in open(path, errors="replace"):
        t, _, text = raw.rstrip("\n").partition(" ")
        lines.append((float(t.replace(",", ".")), text))
    t0 = lines[0][0]
    return [(t - t0, text) for t, text in lines[1:]]
def logs(op, tool):
    files = glob.glob(os.path.join(reglogs, f"{op}-{tool}-*.log"))
    return sorted(files, key=lambda p: int(re.search(r"-(\d+)\.log$", p).group(1)))
push2_checks = []
for path in logs("push2", "stowage"):
    texts = [t for _, t in stamped(path)]
    exists = len({t.split(":")[0] for t in texts if t.endswith(": Layer already exists")})
    work = [t for t in texts if re.search(r": (Compressing|Pushing|Pushed|Mounted from)", t)]
    push2_checks.append((exists, work))
skipped_all = bool(push2_checks) and all(e == nlayers and not w for e, w in push2_checks)
reg_runs = [r for (op, tool), rs in runs.items() if op in ("push", "push2", "version", "pull") and tool == "stowage" for r in rs]
reg_ok = sum(1 for r in reg_runs if r[3] == 0)
oom = [p for p in glob.glob(os.path.join(reglogs, "*-stowage-*.log")) if "OutOfMemoryError" in open(p, errors="replace").read()]
xmx_ok = bool(reg_runs) and reg_ok == len(reg_runs) and not oom and max_heap == str(256 << 20)

local_peak = max(rss(op, "stowage") for op in ("load", "save", "images"))
reg_peak = max((r[1] / 1024 for r in reg_runs), default=None)
peak = max(local_peak, reg_peak or 0)
def lim(v, test): return v is not None and test(v)
targets = [
    ("load time stowage/skopeo", ratio("load"), "<= 0.30x", lambda v: v <= 0.3, ".2f", "x"),
    ("save time stowage/skopeo", ratio("save"), "<= 0.50x", lambda v: v <= 0.5, ".2f", "x"),
    ("stowage peak RSS (any op)", peak, "<= 300 MiB", lambda v: v <= 300, ".0f", " MiB"),
    ("images, 1,000 tags", med("images", "stowage"), "< 1.5 s", lambda v: v < 1.5, ".2f", " s"),
    ("push time stowage/skopeo", ratio("push"), "<= 0.60x", lambda v: v <= 0.6, ".2f", "x"),
    ("push again - JVM start", extra, "< 1.0 s", lambda v: v < 1.0, ".2f", " s"),
    ("push again: layers exist", min((e for e, w in push2_checks), default=None), f"{nlayers}/{nlayers}",
     lambda v: skipped_all, "d", f"/{nlayers}"),
    ("pull time stowage/skopeo", ratio("pull"), "<= 1.00x", lambda v: v <= 1.0, ".2f", "x"),
    ("registry runs, -Xmx256m", reg_ok, "all exit 0", lambda v: xmx_ok, "d", f"/{len(reg_runs)} ok"),
]
hdr = f"{'target':<26} {'measured':>10} {'limit':>12}  result"
print(hdr); print("-" * len(hdr))
for name, v, limit, test, fmt, unit in targets:
    print(f"{name:<26} {('-' if v is None else format(v, fmt) + unit):>10} {limit:>12}  {'PASS' if lim(v, test) else 'FAIL'}")
print()
print(f"stowage peak RSS: {local_peak:.0f} MiB in load/save/images (no -Xmx), {f(reg_peak, '.0f')} MiB in the registry section (-Xmx256m)"
      + (f"; OutOfMemoryError in {', '.join(os.path.basename(p) for p in oom)}" if oom else ""))
for i, (e, w) in enumerate(push2_checks, 1):
    if e != nlayers or w:
        print(f"push again run {i}: {e}/{nlayers} layers 'Layer already exists'; other work: {w[:4]}")
print()

# When stowage's registry runs reached each phase, from the stamped progress lines (non-terminal
# output prints a line whenever a layer changes state).
def at(lines, pattern, last=False):
    hits = [t for t, text in lines if re.search(pattern, text)]
    return (hits[-1] if last else hits[0]) if hits else None
def span(a, b): return "   -  " if a is None or b is None else f"{b - a:6.2f}"
print("stowage phases, seconds: push, push2 (push again) = start (JVM, store; -> 'The push refers to') |"
      " gzip (-> 'Waiting') | upload or check (-> last 'Pushed'/'Layer already exists') | config+manifest (-> digest line) | exit")
print("                         pull = start (-> 'Pulling from') | download+verify (-> last 'Pull complete') |"
      " publish (-> 'Digest:') | exit")
for op in ("push", "push2", "pull"):
    for i, path in enumerate(logs(op, "stowage"), 1):
        lines = stamped(path)
        secs, _, cpu, rc = runs[(op, "stowage")][i - 1]
        if op.startswith("push"):
            marks = [0.0, at(lines, r"^The push refers to"), at(lines, r": Waiting$"),
                     at(lines, r": (Pushed|Layer already exists)$", last=True), at(lines, r": digest: sha256:"), secs]
        else:
            marks = [0.0, at(lines, r": Pulling from "), at(lines, r": Pull complete$", last=True),
                     at(lines, r"^Digest: "), secs]
        parts = [span(a, b) for a, b in zip(marks, marks[1:])]
        print(f"  {op + ' ' + str(i) + ':':<9}" + " |".join(parts) + f"   = {secs:.2f} s wall, {cpu:.1f} s CPU"
              + ("" if rc == 0 else f"  (exit {rc})"))
print()
print("all timed runs (wall seconds/peak RSS MiB/CPU seconds; * = failed):")
for (op, tool), r in runs.items():
    print(f"  {op:<7} {tool:<8} " + "  ".join(f"{s:.2f}/{m / 1024:.0f}/{c:.1f}" + ("" if rc == 0 else "*") for s, m, c, rc in r))
print(f"\n1-min load average: {load0} before the timed runs, {load1} before the registry section, {load2} at the end "
      f"(2 cores; other processes on the machine slow both tools)")
print(f"\nbenchmark script wall time: {int(total) // 60} min {int(total) % 60} s")
EOF
