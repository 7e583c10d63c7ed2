# The man pages render without groff warnings and document every option of the programs.
source "$(dirname "$0")/common.sh"
require_tool groff groff-base
require_tool man man-db

man_dir=$CODESTREAM_BUILD_DIR/packaging/man
gui_options="--host --port --bind --server --watch --lang --self-test --help --version"
cli_words="serve stream watch replay --record --time --serve --speed --bind --port --path --web-root --open-rooms --ping-interval
    --ping-timeout --max-payload --connect-timeout --idle-timeout --threads --tls-cert --tls-key --server
    --interval --encrypt --output --exit-after-idle --help --version"

check_page() {
    local page=$1 expected=$2 source=$man_dir/$1.1 text warnings word
    if [ ! -f "$source" ] || [ ! -f "$source.gz" ]; then
        fail "$page.1 or $page.1.gz missing in $man_dir (build the codestream_desktop_files target)"
        return
    fi

    warnings=$(groff -man -ww -z -Tutf8 "$source" 2>&1 >/dev/null)
    [ -z "$warnings" ] && pass "groff -ww renders $page.1 silently" \
        || fail "groff warnings for $page.1: $warnings"

    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=all -l "$source.gz" 2>&1 >/dev/null)
    [ -z "$warnings" ] && pass "man --warnings renders $page.1.gz silently" \
        || fail "man warnings for $page.1.gz: $warnings"

    text=$(LC_ALL=C MANWIDTH=250 man -l "$source.gz" 2>/dev/null)
    grep -q "^NAME" <<<"$text" && grep -q "^SYNOPSIS" <<<"$text" && grep -q "^DESCRIPTION" <<<"$text" \
        && pass "$page.1 has NAME, SYNOPSIS and DESCRIPTION" || fail "$page.1 lacks a standard section"
    grep -q "CodeStream $CODESTREAM_VERSION" <<<"$text" \
        && pass "$page.1 names version $CODESTREAM_VERSION" || fail "$page.1 does not name the version"

    for word in $expected; do
        grep -q -F -e "$word" <<<"$text" || fail "$page.1 does not document $word"
    done
    pass "$page.1 documents: $(echo $expected)"
    printf '%s\n' "$text" >"$man_dir/$page.txt"
}

check_page codestream "$gui_options"
check_page codestream-cli "$cli_words"

# Every option that the built programs list in --help is documented.
bin=$CODESTREAM_BUILD_DIR/bin
if [ -x "$bin/codestream" ]; then
    for option in $(help_options "$bin/codestream"); do
        grep -q -F -e "$option" "$man_dir/codestream.txt" && pass "codestream.1 documents $option" \
            || fail "codestream --help lists $option, codestream.1 does not"
    done
fi
for option in $(help_options "$bin/codestream-cli"); do
    grep -q -F -e "$option" "$man_dir/codestream-cli.txt" && pass "codestream-cli.1 documents $option" \
        || fail "codestream-cli --help lists $option, codestream-cli.1 does not"
done
for command in serve stream watch replay; do
    if ! cli_command_available "$command"; then
        printf 'note: codestream-cli %s is not implemented in this build; its --help not compared\n' \
            "$command"
        continue
    fi
    # The command's own subsection (from "   serve" to the next subsection heading).
    section=$(awk -v heading="   $command" '
        $0 == heading { inside = 1; next }
        inside && /^   [^ ]/ { exit }
        inside { print }
    ' "$man_dir/codestream-cli.txt")
    [ -n "$section" ] || fail "codestream-cli.1 has no subsection for $command"
    for option in $(help_options "$bin/codestream-cli" "$command"); do
        case "$option" in --help | --help-all) continue ;; esac
        grep -q -F -e "$option" <<<"$section" \
            && pass "codestream-cli.1 documents $command $option" \
            || fail "codestream-cli $command --help lists $option, codestream-cli.1 does not"
    done
done

finish
