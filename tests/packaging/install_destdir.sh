# `cmake --install` into a temporary DESTDIR puts every file where desktops and package tools
# look for it, and the installed programs run.
source "$(dirname "$0")/common.sh"

make_temp_dir
dir=$temp_dir
root=$dir/root
if ! DESTDIR=$root cmake --install "$CODESTREAM_BUILD_DIR" --prefix /usr >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    fail "cmake --install failed (build the codestream, codestream-cli and codestream_desktop_files targets first)"
    finish
fi
echo "installed files:"
(cd "$root" && find . -type f -o -type l | sort)

id=$CODESTREAM_APP_ID
share=$root/usr/share

expect_file() {
    if [ -f "$1" ] && [ -s "$1" ]; then pass "${1#"$root"}"; else fail "missing or empty: ${1#"$root"}"; fi
}

for program in codestream codestream-cli; do
    if [ -x "$root/usr/bin/$program" ]; then
        pass "/usr/bin/$program is executable"
    else
        fail "/usr/bin/$program missing or not executable"
    fi
    if readelf -d "$root/usr/bin/$program" 2>/dev/null | grep -E 'R(UN)?PATH' | grep -q -F "$CODESTREAM_BUILD_DIR"; then
        fail "/usr/bin/$program keeps a run path into the build directory"
    fi
done

expect_file "$share/icons/hicolor/scalable/apps/$id.svg"
cmp -s "$share/icons/hicolor/scalable/apps/$id.svg" "$CODESTREAM_SOURCE_DIR/resources/icons/codestream.svg" \
    && pass "the scalable icon is the application's SVG" || fail "the scalable icon differs from resources/icons/codestream.svg"

# A PNG's width and height are big-endian 32-bit numbers at bytes 16 and 20 (IHDR).
png_size() {
    local bytes
    bytes=($(od -An -tu1 -j16 -N8 "$1"))
    printf '%dx%d\n' $(((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3])) \
        $(((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]))
}
for size in $CODESTREAM_ICON_SIZES; do
    png=$share/icons/hicolor/${size}x${size}/apps/$id.png
    expect_file "$png"
    [ -f "$png" ] || continue
    if [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
        fail "$png is not a PNG"
    elif [ "$(png_size "$png")" != "${size}x${size}" ]; then
        fail "$png is $(png_size "$png"), expected ${size}x${size}"
    else
        pass "${size}x${size} PNG icon"
    fi
done
# The rendered icon is not blank: a 64 px PNG of the real artwork compresses to far more than a
# transparent square (about 100 bytes).
png64=$share/icons/hicolor/64x64/apps/$id.png
[ -f "$png64" ] && [ "$(stat -c %s "$png64")" -gt 1000 ] && pass "the 64 px icon has content" \
    || fail "the 64 px icon looks blank"

expect_file "$share/applications/$id.desktop"
expect_file "$share/metainfo/$id.metainfo.xml"
expect_file "$share/man/man1/codestream.1.gz"
expect_file "$share/man/man1/codestream-cli.1.gz"
expect_file "$share/bash-completion/completions/codestream-cli"
expect_file "$share/doc/codestream/copyright"

if command -v desktop-file-validate >/dev/null 2>&1; then
    output=$(desktop-file-validate --no-hints "$share/applications/$id.desktop" 2>&1) && [ -z "$output" ] \
        && pass "installed desktop file validates" || fail "installed desktop file: $output"
fi
# validate-tree checks the metainfo, its desktop file and the icons together, as a software
# centre would read them.
if command -v appstreamcli >/dev/null 2>&1; then
    if output=$(appstreamcli validate-tree --no-net --no-color "$root" 2>&1); then
        pass "appstreamcli validate-tree accepts the installed tree"
    else
        fail "appstreamcli validate-tree: $output"
    fi
fi

version=$("$root/usr/bin/codestream-cli" --version 2>&1) || true
[ "$version" = "codestream-cli $CODESTREAM_VERSION" ] && pass "installed codestream-cli --version: $version" \
    || fail "installed codestream-cli --version printed '$version'"

finish
