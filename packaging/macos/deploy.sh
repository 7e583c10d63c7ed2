#!/usr/bin/env bash
# Builds CodeStream on macOS and makes a self-contained CodeStream.app (with codestream-cli
# inside) and a disk image.
#
#   packaging/macos/deploy.sh [BUILD_DIR] [OUTPUT_DIR]
#
# Defaults: BUILD_DIR=build-macos, OUTPUT_DIR=dist/macos (both under the source tree).
# Needs the Xcode command line tools, CMake >= 3.22, Ninja, Qt >= 6.4 (Core, Network,
# WebSockets, HttpServer, Widgets, Svg) and QScintilla built for that Qt. With Homebrew:
#   brew install cmake ninja qt qscintilla2
# Otherwise set QT_PREFIX (e.g. ~/Qt/6.8.0/macos) and QSCINTILLA_PREFIX (where QScintilla's
# include/Qsci and lib/ are; leave it unset when QScintilla was installed into Qt itself).
# CODESIGN_IDENTITY signs the bundle (default "-": ad hoc, enough to run on this Mac).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${1:-$root/build-macos}
out_dir=${2:-$root/dist/macos}
identity=${CODESIGN_IDENTITY:--}

log() { printf '[deploy] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[ "$(uname -s)" = Darwin ] || die "run this on macOS"
if command -v brew >/dev/null 2>&1; then
    : "${QT_PREFIX:=$(brew --prefix qt 2>/dev/null || true)}"
    : "${QSCINTILLA_PREFIX:=$(brew --prefix qscintilla2 2>/dev/null || true)}"
fi
[ -n "${QT_PREFIX:-}" ] && [ -d "$QT_PREFIX" ] || die "set QT_PREFIX to a Qt 6 installation"
macdeployqt=$QT_PREFIX/bin/macdeployqt
[ -x "$macdeployqt" ] || macdeployqt=$(command -v macdeployqt || true)
[ -n "$macdeployqt" ] || die "macdeployqt not found in $QT_PREFIX/bin"
prefix_path=$QT_PREFIX${QSCINTILLA_PREFIX:+;$QSCINTILLA_PREFIX}

log "configuring in $build_dir (CMAKE_PREFIX_PATH=$prefix_path)"
cmake -S "$root" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix_path" \
    -DCMAKE_OSX_DEPLOYMENT_TARGET="${MACOSX_DEPLOYMENT_TARGET:-12.0}" \
    -DCODESTREAM_BUILD_TESTS=OFF
cmake --build "$build_dir" --target codestream codestream-cli codestream-svgtopng
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")

# With Qt >= 6.5 the install step already runs Qt's deploy script on the bundle.
rm -rf "$out_dir"
cmake --install "$build_dir" --prefix "$out_dir"
app=$out_dir/CodeStream.app
mv "$out_dir/codestream.app" "$app"
mv "$out_dir/bin/codestream-cli" "$app/Contents/MacOS/codestream-cli"
rmdir "$out_dir/bin" 2>/dev/null || true

log "making the application icon"
iconset=$build_dir/codestream.iconset
rm -rf "$iconset" "$build_dir/icon-png"
QT_QPA_PLATFORM=offscreen "$build_dir/packaging/codestream-svgtopng" \
    "$root/resources/icons/codestream.svg" "$build_dir/icon-png" 16 32 64 128 256 512 1024
mkdir -p "$iconset"
for size in 16 32 128 256 512; do
    cp "$build_dir/icon-png/$size.png" "$iconset/icon_${size}x${size}.png"
    cp "$build_dir/icon-png/$((size * 2)).png" "$iconset/icon_${size}x${size}@2x.png"
done
mkdir -p "$app/Contents/Resources"
iconutil -c icns -o "$app/Contents/Resources/codestream.icns" "$iconset"

log "copying Qt, QScintilla and their plugins into the bundle"
"$macdeployqt" "$app" -always-overwrite \
    -executable="$app/Contents/MacOS/codestream-cli"

# Nothing may still point into Homebrew or the Qt installation.
leaks=""
for binary in "$app/Contents/MacOS/"* $(find "$app/Contents/Frameworks" "$app/Contents/PlugIns" \
    -type f \( -name '*.dylib' -o -perm -u+x \) 2>/dev/null); do
    if otool -L "$binary" | tail -n +2 | grep -E "($QT_PREFIX|/opt/homebrew|/usr/local)" >/dev/null; then
        leaks+=" $binary"
    fi
done
[ -z "$leaks" ] || die "binaries still load libraries from outside the bundle:$leaks"

log "signing ($identity)"
# A real identity gets the hardened runtime that notarization asks for.
sign_options=()
[ "$identity" = - ] || sign_options=(--options runtime --timestamp)
codesign --force --deep "${sign_options[@]}" --sign "$identity" "$app"
codesign --verify --deep --strict "$app"

"$app/Contents/MacOS/codestream-cli" --version
if "$app/Contents/MacOS/codestream" --help 2>/dev/null | grep -q -- '--self-test'; then
    QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/codestream" --self-test
fi

dmg=$out_dir/CodeStream-$version-macos-$(uname -m).dmg
log "making $dmg"
hdiutil create -volname "CodeStream $version" -srcfolder "$app" -ov -format UDZO "$dmg"
log "done: $app and $dmg"
