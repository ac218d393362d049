#!/usr/bin/env bash
# Builds the native packages of Stowage with jpackage (JDK 17+): an app-image and a .deb.
#
# Usage:  packaging/build.sh [app-image|deb|all]     (default all)
# Output: target/package/stowage/            the app-image (bin/stowage, lib/app/stowage.jar, lib/runtime)
#         target/package/stowage_<v>_<arch>.deb   installs /opt/stowage, a menu entry and an icon;
#                                              depends on libgtk-3-0 (JavaFX's window toolkit on Linux)
# Needs: jpackage (JDK), and for the .deb fakeroot and dpkg-deb. The jar is built first when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
what="${1:-all}"
jar="$repo/target/stowage.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -q -DskipTests package)

# jpackage wants a numeric version: 0.1.0-SNAPSHOT -> 0.1.0
version="$(sed -n 's:.*<version>\([0-9][0-9.]*\).*</version>.*:\1:p' "$repo/pom.xml" | head -1)"
out="$repo/target/package"
input="$out/input"
rm -rf "$input"
mkdir -p "$input"
cp "$jar" "$input/"

common=(
    --name stowage
    --app-version "$version"
    --vendor "Stowage"
    --description "Daemonless container-image manager: desktop app and CLI"
    --input "$input"
    --main-jar stowage.jar
    --main-class dev.stowage.Launcher
    --icon "$here/stowage.png"
    --dest "$out"
)

if [ "$what" = app-image ] || [ "$what" = all ]; then
    rm -rf "$out/stowage"
    jpackage --type app-image "${common[@]}"
    echo "app-image: $out/stowage (run $out/stowage/bin/stowage; with arguments it is the CLI)"
fi
if [ "$what" = deb ] || [ "$what" = all ]; then
    rm -f "$out"/stowage_*.deb
    jpackage --type deb "${common[@]}" \
        --resource-dir "$here/linux" \
        --linux-package-name stowage \
        --linux-package-deps libgtk-3-0 \
        --linux-shortcut \
        --linux-menu-group "Development;System;" \
        --linux-app-category devel \
        --linux-deb-maintainer "stowage@localhost"
    echo "deb: $(ls "$out"/stowage_*.deb)"
fi
rm -rf "$input"
