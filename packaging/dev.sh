#!/usr/bin/env bash
# One entry point for developers and CI on Debian 12:
#   ./packaging/dev.sh run [ARGS...]   install what is missing, build, launch the app hosting a session
#   ./packaging/dev.sh test            install what is missing, build, run the whole test suite
#   ./packaging/dev.sh build           install what is missing and build
#   ./packaging/dev.sh deps            only install what is missing
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${CODESTREAM_BUILD_DIR:-$root/build}
command=${1:-run}
[ $# -gt 0 ] && shift

# Debian packages the build, the app and the tests need.
apt_packages=(
    cmake ninja-build g++ pkg-config git ca-certificates
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev
    libqscintilla2-qt6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libgl-dev libqrencode-dev qt6-qpa-plugins qt6-svg-dev
    xvfb xauth xdotool chromium fonts-dejavu-core redis-server procps
)

log() { printf '[dev.sh] %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        log "need root (or sudo) to run: $*"
        exit 1
    fi
}

install_apt_packages() {
    local missing=() pkg
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    for pkg in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# npm packages (the web page's libraries, test peers) live in build/npm, never in the tree.
install_npm_packages() {
    local npm_dir=$build_dir/npm
    mkdir -p "$npm_dir"
    if ! cmp -s "$root/packaging/npm/package.json" "$npm_dir/package.json" \
        || ! cmp -s "$root/packaging/npm/package-lock.json" "$npm_dir/package-lock.json" \
        || [ ! -d "$npm_dir/node_modules" ]; then
        log "installing npm packages into $npm_dir"
        cp "$root/packaging/npm/package.json" "$root/packaging/npm/package-lock.json" "$npm_dir/"
        (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

configure_and_build() {
    local werror=OFF
    [ "${CI:-}" = "true" ] && werror=ON
    if [ ! -f "$build_dir/build.ninja" ]; then
        cmake -S "$root" -B "$build_dir" -G Ninja \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCODESTREAM_WERROR=$werror
    fi
    cmake --build "$build_dir" --parallel "$(nproc)"
}

setup() {
    install_apt_packages
    install_npm_packages
    configure_and_build
}

case "$command" in
deps)
    install_apt_packages
    install_npm_packages
    ;;
build)
    setup
    ;;
run)
    setup
    exec "$build_dir/bin/codestream" --host "$@"
    ;;
test)
    setup
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 "$@"
    ;;
*)
    echo "usage: $0 run|test|build|deps [ARGS...]" >&2
    exit 2
    ;;
esac
