# Shared by the packaging tests: CTest passes the build and source directories in the
# environment; exit code 77 marks a test as skipped.
set -euo pipefail

: "${CODESTREAM_BUILD_DIR:?}" "${CODESTREAM_SOURCE_DIR:?}" "${CODESTREAM_VERSION:?}"
: "${CODESTREAM_APP_ID:=io.github.codestream.CodeStream}"
: "${CODESTREAM_ICON_SIZES:=16 32 48 64 128 256}"
linux_dir=$CODESTREAM_SOURCE_DIR/packaging/linux
failures=0

fail() {
    printf 'FAIL: %s\n' "$*" >&2
    failures=$((failures + 1))
}

pass() {
    printf 'ok: %s\n' "$*"
}

skip() {
    printf 'SKIP: %s\n' "$*" >&2
    exit 77
}

require_tool() {
    command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (Debian package $2)"
}

# Exits non-zero when any check failed.
finish() {
    if [ "$failures" -ne 0 ]; then
        printf '%d check(s) failed\n' "$failures" >&2
        exit 1
    fi
    printf 'all checks passed\n'
}

# Creates $temp_dir, a temporary directory removed when the test exits.
make_temp_dir() {
    temp_dir=$(mktemp -d "${TMPDIR:-/tmp}/codestream-packaging.XXXXXX")
    trap 'rm -rf "$temp_dir"' EXIT
}

# The long options (--name) that a program's --help output lists, one per line.
help_options() {
    "$@" --help 2>/dev/null | grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' | sed 's/^[ ,]*//' | sort -u
}

# Whether a codestream-cli command is implemented (its --help describes options).
cli_command_available() {
    "$CODESTREAM_BUILD_DIR/bin/codestream-cli" "$1" --help 2>&1 | grep -q -- '--help'
}
