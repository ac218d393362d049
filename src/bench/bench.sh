#!/usr/bin/env bash
# Stowage benchmark: load / save / images against skopeo, on a ~650 MiB image of real files.
#
# Usage:   src/bench/bench.sh [WORKDIR]
#
#   WORKDIR   where to put the test image, archives and stores (needs ~3 GiB free).
#             Default: a fresh temp dir under /var/tmp. A private sub-directory is
#             created inside WORKDIR and removed on exit (set KEEP=1 to keep it).
#
# Environment:
#   ROUNDS              timed rounds per comparison, alternating stowage/skopeo (default 3)
#   IMAGES_RUNS         timed runs of `images` on the 1,000-tag store (default 5)
#   STOWAGE_JAR         the jar to test (default: <repo>/target/stowage.jar, built with
#                       `mvn -q -o -DskipTests package` if missing)
#   STOWAGE_JAVA_OPTS   extra JVM options for stowage (default: none - plain `java -jar`)
#   JAVA                java launcher (default: java on PATH)
#   JDK_DIR LOCALE_DIRS COMPILER_DIR   sources of layers 1-3 (see below)
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
#      Nothing is dropped from the page cache; `sync` runs (untimed) before every timed run so
#      that one run's dirty pages are not written back during the next. Outputs and stores
#      are removed between runs.
#   3. Prints a table of medians, the ratio stowage/skopeo, peak RSS, and PASS/FAIL against
#      the targets: load <= 0.3x skopeo, save <= 0.5x skopeo, stowage peak RSS <= 300 MiB,
#      images with 1,000 tags < 1.5 s.
#
# Exit status: 0 when the benchmark ran (whatever the PASS/FAIL verdicts), non-zero on error.

set -euo pipefail

ROUNDS="${ROUNDS:-3}"
IMAGES_RUNS="${IMAGES_RUNS:-5}"
STOWAGE_JAVA_OPTS="${STOWAGE_JAVA_OPTS:-}"
JAVA="${JAVA:-java}"
KEEP="${KEEP:-0}"
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

# ---------------------------------------------------------------- prerequisites
for tool in umoci skopeo python3 "$JAVA"; do
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
cleanup() {
    local rc=$?
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
discard "$LAYOUT"

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
RESULTS="$WORK/results.txt"   # lines: op tool seconds rss_kib
: >"$RESULTS"

# timed OP TOOL CMD...: one timed run (after an untimed sync), appended to RESULTS.
timed() {
    local op="$1" tool="$2"; shift 2
    local out="$WORK/time.out" log_="$WORK/cmd.log"
    sync
    if ! "$TIME" -f '%e %M' -o "$out" "$@" >"$log_" 2>&1; then
        cat "$log_" >&2; die "$op/$tool failed: $*"
    fi
    read -r secs rss <"$out"
    echo "$op $tool $secs $rss" >>"$RESULTS"
    log "  $op $tool: ${secs}s, peak RSS $((rss / 1024)) MiB"
}

# ---------------------------------------------------------------- 2a. load
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
discard "$OUT" "$OUT2" "$OCI" "$STORE" "$IMG"

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

# ---------------------------------------------------------------- 3. report
TOTAL=$(( $(date +%s) - START_ALL ))
python3 - "$RESULTS" "$IMG_MIB" "$ROUNDS" "$IMAGES_RUNS" "$TOTAL" "$STOWAGE_JAVA_OPTS" <<'EOF'
import statistics, sys
results, img_mib, rounds, images_runs, total, opts = sys.argv[1:7]
runs = {}
for line in open(results):
    op, tool, secs, rss = line.split()
    runs.setdefault((op, tool), []).append((float(secs), int(rss)))
def med(op, tool):
    r = runs.get((op, tool)); return statistics.median(s for s, _ in r) if r else None
def rss(op, tool):
    r = runs.get((op, tool)); return max(m for _, m in r) / 1024 if r else None
def f(x, fmt): return "-" if x is None else format(x, fmt)

print()
print(f"Stowage vs skopeo, {img_mib} MiB 4-layer docker-archive; medians of {rounds} alternating rounds "
      f"(images: {images_runs} runs); JVM options: '{opts or '(none)'}'")
print()
hdr = f"{'operation':<26} {'stowage s':>10} {'skopeo s':>10} {'ratio':>7} {'stowage RSS MiB':>16} {'skopeo RSS MiB':>15}"
print(hdr); print("-" * len(hdr))
names = {"load": "load (docker-archive)", "save": "save (docker-archive)", "images": "images (1,000 tags)"}
for op in ("load", "save", "images"):
    a, b = med(op, "stowage"), med(op, "skopeo")
    ratio = a / b if a is not None and b else None
    print(f"{names[op]:<26} {f(a, '.2f'):>10} {f(b, '.2f'):>10} {f(ratio, '.2f'):>7} "
          f"{f(rss(op, 'stowage'), '.0f'):>16} {f(rss(op, 'skopeo'), '.0f'):>15}")
print()
peak = max(rss(op, "stowage") for op in ("load", "save", "images"))
targets = [
    ("load time stowage/skopeo", med("load", "stowage") / med("load", "skopeo"), "<= 0.30x", lambda v: v <= 0.3, ".2f", "x"),
    ("save time stowage/skopeo", med("save", "stowage") / med("save", "skopeo"), "<= 0.50x", lambda v: v <= 0.5, ".2f", "x"),
    ("stowage peak RSS (any op)", peak, "<= 300 MiB", lambda v: v <= 300, ".0f", " MiB"),
    ("images, 1,000 tags", med("images", "stowage"), "< 1.5 s", lambda v: v < 1.5, ".2f", " s"),
]
hdr = f"{'target':<26} {'measured':>10} {'limit':>12}  result"
print(hdr); print("-" * len(hdr))
for name, v, limit, ok, fmt, unit in targets:
    print(f"{name:<26} {format(v, fmt) + unit:>10} {limit:>12}  {'PASS' if ok(v) else 'FAIL'}")
print()
print("all timed runs (seconds, peak RSS MiB):")
for (op, tool), r in runs.items():
    print(f"  {op:<7} {tool:<8} " + "  ".join(f"{s:.2f}/{m / 1024:.0f}" for s, m in r))
print(f"\nbenchmark script wall time: {int(total) // 60} min {int(total) % 60} s")
EOF
