#!/usr/bin/env bash
# Builds the native packages of Stowage: jpackage (JDK 17+) makes the app-image once, and the .deb (dpkg-deb)
# and the .rpm (rpmbuild) are assembled from it, with no maintainer scripts.
#
# Usage:  packaging/build.sh [app-image|deb|rpm|all]...  (default all: the app-image, the .deb, and the .rpm
#                                                       when rpmbuild is installed; deb and rpm make the
#                                                       app-image first only when it is missing or older than the jar)
# Environment: STOWAGE_PACKAGE_RELEASE   the packages' release (Debian revision, rpm Release), default 1
#              STOWAGE_PACKAGE_COMPRESSION=fast   gzip -1 instead of xz (the same files, built in seconds; the tests use it)
# Output: target/package/stowage/                       the app-image (bin/stowage, lib/app/stowage.jar, lib/runtime)
#         target/package/stowage_<v>-1_<arch>.deb       /opt/stowage, /usr/bin/stowage, the menu entry, the icons
#         target/package/stowage-<v>-1.<arch>.rpm       the same files
# Needs: jpackage, jar and java (JDK); for the .deb dpkg-deb and dpkg-shlibdeps (dpkg-dev) and the libraries the
# app and its runtime link to (libgtk-3-0, libgl1, libxtst6, libxxf86vm1, libgif7 and the JDK's own: they are read
# to compute the dependencies); for the .rpm rpmbuild (rpm) and objdump (binutils). The jar is built first when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
[ $# -gt 0 ] || set -- all
for what in "$@"; do
    case "$what" in app-image|deb|rpm|all) ;; *) echo "usage: $0 [app-image|deb|rpm|all]..." >&2; exit 2 ;; esac
done
release="${STOWAGE_PACKAGE_RELEASE:-1}"
fast=false
[ "${STOWAGE_PACKAGE_COMPRESSION:-}" = fast ] && fast=true
jar="$repo/target/stowage.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -q -DskipTests package)

# The version the jar reports (the pom's, e.g. 0.1.0-SNAPSHOT). jpackage wants a numeric one (0.1.0); the
# packages use 0.1.0~SNAPSHOT, which dpkg and rpm both sort before the release 0.1.0.
version="$(java -jar "$jar" --version)"
version="${version#stowage }"
numeric="${version%%[!0-9.]*}"
numeric="${numeric%.}"
pkgversion="${version//-/\~}"
summary="Daemonless container-image manager: desktop app and CLI"
description="Stowage keeps container images in an embedded OCI image store on disk, with no daemon. Without a
command it opens the desktop app; with one it is a docker-image-like CLI (load, save, tag, push, pull,
inspect, layers, commit). Bundles its own Java runtime."
out="$repo/target/package"
image="$out/stowage"
work="$out/work"
mkdir -p "$out"

app_image() {
    local input="$out/input"
    rm -rf "$input" "$image"
    mkdir -p "$input"
    cp "$jar" "$input/"
    jpackage --type app-image --name stowage --app-version "$numeric" --vendor Stowage \
        --description "$summary" --input "$input" --main-jar stowage.jar --main-class dev.stowage.Launcher \
        --icon "$here/stowage.png" --dest "$out"
    rm -rf "$input"
    echo "app-image: $image (run $image/bin/stowage; with a command it is the CLI)"
}

# The installed file tree in $1: the app-image in /opt/stowage, /usr/bin/stowage, the menu entry, the icons.
stage_tree() {
    local root="$1"
    rm -rf "$root"
    mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/icons/hicolor"
    cp -a "$image" "$root/opt/stowage"
    # absolute, as Debian policy wants for a link between top-level directories
    ln -s /opt/stowage/bin/stowage "$root/usr/bin/stowage"
    install -m 0644 "$here/linux/stowage.desktop" "$root/usr/share/applications/stowage.desktop"
    java "$here/IconSizes.java" "$here/stowage.png" "$root/usr/share/icons/hicolor" stowage 16 22 24 32 48 64 128 256
    chmod -R u+rwX,go+rX,go-w "$root"
}

# The native libraries the app loads from its jar (JavaFX, zstd-jni, JNA) for this machine, extracted into $1:
# they are not files of the package, but what they link to is a dependency.
jar_libraries() {
    rm -rf "$1"
    mkdir -p "$1"
    (cd "$1" && jar xf "$jar" $(jar tf "$jar" | grep -E '^lib[^/]*\.so$|^linux/amd64/.*\.so$|^com/sun/jna/linux-x86-64/.*\.so$'))
    find "$1" -name '*.so' -type f
}

elf_files() {
    find "$@" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'head -c4 "$1" | grep -q ELF && echo "$1"' _ {} \;
}

# The files of one package in $work/$1/$2 (sets stage) and the jar's native libraries beside them (sets libs).
prepare() {
    rm -rf "${work:?}/$1"
    stage="$work/$1/$2"
    stage_tree "$stage"
    libs="$(jar_libraries "$work/$1/jarlibs")"
}

deb() {
    local arch stage libs deps size
    arch="$(dpkg --print-architecture)"
    prepare deb debian/stowage
    # dpkg-shlibdeps reads a debian/ directory: the libraries of debian/stowage are the package's own
    printf 'Source: stowage\n\nPackage: stowage\nArchitecture: any\n' > "$work/deb/debian/control"
    deps="$(cd "$work/deb" && dpkg-shlibdeps -O --warnings=0 \
        -l"$stage/opt/stowage/lib/runtime/lib" -l"$stage/opt/stowage/lib/runtime/lib/server" \
        -e $(elf_files "$stage/opt/stowage") $libs | sed -n 's/^shlibs:Depends=//p')"
    [ -n "$deps" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }
    size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
    mkdir -p "$stage/DEBIAN"
    {
        echo "Package: stowage"
        echo "Version: $pkgversion-$release"
        echo "Architecture: $arch"
        echo "Maintainer: Stowage <stowage@localhost>"
        echo "Installed-Size: $size"
        echo "Depends: $deps"
        echo "Recommends: libisal2, libssl3"
        echo "Section: devel"
        echo "Priority: optional"
        echo "Description: $summary"
        echo "$description" | sed 's/^/ /'
    } > "$stage/DEBIAN/control"
    (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
    chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
    rm -f "$out"/stowage_*.deb
    local compression=(-Zxz)
    $fast && compression=(-Zgzip -z1)
    dpkg-deb --root-owner-group "${compression[@]}" --build "$stage" "$out/stowage_${pkgversion}-${release}_${arch}.deb" >/dev/null
    echo "deb: $(ls "$out"/stowage_*.deb)"
}

rpm_package() {
    local stage libs bundled requires
    prepare rpm root
    # rpm's automatic requirements would name the runtime's own libraries (libjvm.so), which no other package
    # provides: the requirements are the shared libraries the ELF files need that the package does not hold,
    # as rpm names them (libgtk-3.so.0()(64bit)), so every rpm distribution resolves them
    bundled="$(find "$stage" -name '*.so*' -printf '%f\n' | sort -u)"
    requires="$(for f in $(elf_files "$stage/opt/stowage") $libs; do objdump -p "$f" | awk '/^ *NEEDED/{print $2}'; done \
        | sort -u | grep -vxF "$bundled" | sed 's/$/()(64bit)/' | paste -sd' ' | sed 's/ /, /g')"
    cat > "$work/rpm/stowage.spec" <<EOF
Name: stowage
Version: $pkgversion
Release: $release
Summary: $summary
License: Unknown
URL: https://stowage.dev
AutoReqProv: no
Requires: $requires
Recommends: libisal.so.2()(64bit)
%global debug_package %{nil}
%global __os_install_post %{nil}
%global _build_id_links none

%description
$description

%install
cp -a "$stage/." "%{buildroot}/"

%files
/opt/stowage
/usr/bin/stowage
/usr/share/applications/stowage.desktop
/usr/share/icons/hicolor/*/apps/stowage.png
EOF
    rm -f "$out"/stowage-*.rpm
    local compression=()
    $fast && compression=(--define "_binary_payload w1.gzdio")
    rpmbuild --quiet -bb --define "_topdir $work/rpm/top" --define "_rpmdir $out" "${compression[@]}" \
        --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" "$work/rpm/stowage.spec" >/dev/null
    echo "rpm: $(ls "$out"/stowage-*.rpm)"
}

for what in "$@"; do
    if [ "$what" = app-image ] || [ "$what" = all ] || [ ! -x "$image/bin/stowage" ] || [ "$jar" -nt "$image/bin/stowage" ]; then
        app_image
    fi
    if [ "$what" = deb ] || [ "$what" = all ]; then
        deb
    fi
    if [ "$what" = rpm ] || { [ "$what" = all ] && command -v rpmbuild >/dev/null; }; then
        rpm_package
    elif [ "$what" = all ]; then
        echo "rpm: skipped (rpmbuild is not installed; it is in the rpm package)"
    fi
done
rm -rf "$work"
