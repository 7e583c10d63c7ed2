# The AppStream metainfo passes appstreamcli validate and agrees with the desktop entry and the
# project version.
source "$(dirname "$0")/common.sh"
require_tool appstreamcli appstream

metainfo=$linux_dir/$CODESTREAM_APP_ID.metainfo.xml
[ -f "$metainfo" ] || { fail "missing $metainfo"; finish; }

if output=$(appstreamcli validate --no-net --no-color "$metainfo" 2>&1); then
    pass "appstreamcli validate --no-net"
    printf '%s\n' "$output"
else
    fail "appstreamcli validate --no-net: $output"
fi

if ! command -v xmllint >/dev/null 2>&1; then
    printf 'note: xmllint is not installed (Debian package libxml2-utils); content checks not run\n'
    finish
    exit 0
fi

xpath() {
    xmllint --xpath "$1" "$metainfo" 2>/dev/null || true
}

expect() {
    local actual
    actual=$(xpath "$1")
    if [ "$actual" = "$2" ]; then pass "$1 = $2"; else fail "$1 is '$actual', expected '$2'"; fi
}

expect 'string(/component/id)' "$CODESTREAM_APP_ID"
expect 'string(/component/@type)' desktop-application
expect 'string(/component/project_license)' GPL-3.0-or-later
expect 'string(/component/launchable[@type="desktop-id"])' "$CODESTREAM_APP_ID.desktop"
expect 'string(/component/releases/release[1]/@version)' "$CODESTREAM_VERSION"
expect 'count(/component/provides/binary[text()="codestream"])' 1
expect 'count(/component/provides/binary[text()="codestream-cli"])' 1
expect 'count(/component/content_rating[@type="oars-1.1"])' 1

[ -f "$linux_dir/$CODESTREAM_APP_ID.desktop" ] && pass "the launchable desktop file exists" \
    || fail "no desktop file for the launchable"

finish
