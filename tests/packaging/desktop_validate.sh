# The desktop entry passes desktop-file-validate and launches the GUI as the menus expect.
source "$(dirname "$0")/common.sh"
require_tool desktop-file-validate desktop-file-utils

desktop=$linux_dir/$CODESTREAM_APP_ID.desktop
[ -f "$desktop" ] || { fail "missing $desktop"; finish; }

if output=$(desktop-file-validate --no-hints "$desktop" 2>&1) && [ -z "$output" ]; then
    pass "desktop-file-validate reports nothing"
else
    fail "desktop-file-validate: $output"
fi

# Reads KEY from GROUP of the desktop file.
value() {
    awk -v group="[$1]" -v key="$2" '
        /^\[/ { in_group = ($0 == group) }
        in_group && index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }
    ' "$desktop"
}

expect() {
    local actual
    actual=$(value "$1" "$2")
    if [ "$actual" = "$3" ]; then pass "$2=$3"; else fail "[$1] $2 is '$actual', expected '$3'"; fi
}

expect "Desktop Entry" Type Application
expect "Desktop Entry" Exec "codestream %U"
expect "Desktop Entry" Icon "$CODESTREAM_APP_ID"
expect "Desktop Entry" Categories "Development;TextEditor;"
expect "Desktop Entry" Actions "WatchSharedRoom;"
expect "Desktop Action WatchSharedRoom" Exec "codestream --watch"

mime=$(value "Desktop Entry" MimeType)
for type in text/plain text/x-c++src text/x-python; do
    case ";$mime" in
    *";$type;"*) pass "MimeType lists $type" ;;
    *) fail "MimeType lacks $type" ;;
    esac
done

finish
