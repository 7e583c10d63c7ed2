#!/usr/bin/env bash
# One entry point for developers and CI on Debian 12:
#   ./packaging/dev.sh run [ARGS...]   install what is missing, build, launch the app hosting a session
#   ./packaging/dev.sh test            install what is missing, build, run the whole test suite:
#                                      the tests, the server/interop/reliability tests again on
#                                      the portable QTcpSocket backend, the tests again under
#                                      ASan+UBSan, every fuzzer
#   ./packaging/dev.sh build           install what is missing and build
#   ./packaging/dev.sh unit            build and run the tests once (no sanitizers, no fuzzing)
#   ./packaging/dev.sh sanitize        build with ASan+UBSan in build-asan/ and run the tests
#   ./packaging/dev.sh fuzz            build the libFuzzer targets in build-fuzz/ and run each
#                                      for FUZZ_SECONDS (default 60) on its seed corpus
#   ./packaging/dev.sh bench [ARGS]    build and run the benchmarks (tests/bench/run.sh), writing
#                                      build/bench/results.md and results.json
#   ./packaging/dev.sh deps            only install what is missing
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${CODESTREAM_BUILD_DIR:-$root/build}
command=${1:-run}
[ $# -gt 0 ] && shift

# Debian packages the build, the app and the tests need.
apt_packages=(
    cmake ninja-build g++ pkg-config git ca-certificates
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev libssl-dev
    libqscintilla2-qt6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libgl-dev libqrencode-dev qt6-qpa-plugins qt6-svg-dev
    xvfb xauth xdotool chromium fonts-dejavu-core redis-server procps openssl
    clang libclang-rt-14-dev libbenchmark-dev liburing-dev
    desktop-file-utils appstream libxml2-utils groff-base man-db bash-completion dpkg-dev shellcheck
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

# npm packages live in build/, never in the tree: build/npm (the web page's libraries and the
# test peers, from packaging/npm) and build/cluster (the cluster server, from packaging/cluster).
install_npm_dir() {
    local src=$1 dest=$2
    [ -f "$src/package.json" ] || return 0
    mkdir -p "$dest"
    if ! cmp -s "$src/package.json" "$dest/package.json" \
        || ! cmp -s "$src/package-lock.json" "$dest/package-lock.json" \
        || [ ! -d "$dest/node_modules" ]; then
        log "installing npm packages of $src into $dest"
        cp "$src/package.json" "$src/package-lock.json" "$dest/"
        (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

install_npm_packages() {
    install_npm_dir "$root/packaging/npm" "$build_dir/npm"
    install_npm_dir "$root/packaging/cluster" "$build_dir/cluster"
}

# configure_and_build DIR [CMAKE_ARGS...]
configure_and_build() {
    local dir=$1
    shift
    local werror=OFF
    [ "${CI:-}" = "true" ] && werror=ON
    if [ ! -f "$dir/build.ninja" ]; then
        cmake -S "$root" -B "$dir" -G Ninja \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCODESTREAM_WERROR=$werror \
            -DCODESTREAM_NODE_MODULES="$build_dir/npm/node_modules" "$@"
    fi
    cmake --build "$dir" --parallel "$(nproc)"
}

run_tests() {
    local dir=$1
    shift
    ctest --test-dir "$dir" --output-on-failure --timeout 900 "$@"
}

# The server, interop and reliability tests again with the server on its QTcpSocket backend
# (what macOS and Windows run; Linux defaults to the epoll reactor). Tests pass the variable on to
# the servers they start.
fallback_tests() {
    CODESTREAM_SOCKET_BACKEND=qt run_tests "$build_dir" -L 'server|interop|reliability'
}

sanitize() {
    local dir=$root/build-asan
    configure_and_build "$dir" -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1} \
        LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/sanitizers/ubsan.supp} \
        run_tests "$dir" -LE nosanitize "$@"
}

fuzz() {
    local dir=$root/build-fuzz seconds=${FUZZ_SECONDS:-60} target corpus failed=0
    if [ ! -f "$dir/build.ninja" ]; then
        CC=clang CXX=clang++ cmake -S "$root" -B "$dir" -G Ninja \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCODESTREAM_FUZZ=ON -DCODESTREAM_BUILD_TESTS=OFF \
            -DCODESTREAM_NODE_MODULES="$build_dir/npm/node_modules" \
            -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    fi
    local targets
    targets=$(cd "$root/tests/fuzz" && ls fuzz_*.cpp | sed 's/\.cpp$//')
    # shellcheck disable=SC2086
    cmake --build "$dir" --parallel "$(nproc)" --target $targets
    for target in $targets; do
        corpus=$dir/corpus/$target
        mkdir -p "$corpus"
        log "fuzzing $target for ${seconds}s"
        if ASAN_OPTIONS=detect_leaks=0 "$dir/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
            -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$dir/" \
            "$corpus" "$root/tests/fuzz/corpus/${target#fuzz_}" >"$dir/$target.log" 2>&1; then
            printf 'fuzz: %s: %s runs, no findings\n' "$target" \
                "$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/$target.log" | grep -o '[0-9]*$')"
        else
            printf 'fuzz: %s: FINDING (log: %s)\n' "$target" "$dir/$target.log"
            tail -40 "$dir/$target.log"
            failed=1
        fi
    done
    return $failed
}

setup() {
    install_apt_packages
    install_npm_packages
    configure_and_build "$build_dir"
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
unit)
    setup
    run_tests "$build_dir" "$@"
    ;;
sanitize)
    setup
    sanitize "$@"
    ;;
fuzz)
    setup
    fuzz
    ;;
bench)
    setup
    exec "$root/tests/bench/run.sh" "$build_dir" "$@"
    ;;
test)
    setup
    status=0
    run_tests "$build_dir" || status=1
    fallback_tests || status=1
    sanitize || status=1
    fuzz || status=1
    exit $status
    ;;
*)
    echo "usage: $0 run|test|build|unit|sanitize|fuzz|bench|deps [ARGS...]" >&2
    exit 2
    ;;
esac
