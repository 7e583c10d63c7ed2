# The bash completion of codestream-cli completes its commands and each command's options, and
# knows every option that the built program lists in --help.
source "$(dirname "$0")/common.sh"

bash_completion=/usr/share/bash-completion/bash_completion
[ -f "$bash_completion" ] || skip "bash-completion is not installed (Debian package bash-completion)"
script=$linux_dir/codestream-cli.bash-completion

# Runs the completion for the given words (the last one is being completed) in a fresh
# shell and prints the sorted candidates, one per line.
complete_words() {
    bash --norc --noprofile -c '
        source "$1"; source "$2"; shift 2
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _codestream_cli codestream-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" \
            2>/dev/null
        printf "%s\n" "${COMPREPLY[@]}" | sort
    ' completion "$bash_completion" "$script" codestream-cli "$@"
}

expect() {
    local expected=$1 actual
    shift
    actual=$(complete_words "$@" | paste -sd ' ')
    if [ "$actual" = "$expected" ]; then
        pass "codestream-cli $* -> $expected"
    else
        fail "codestream-cli $* completed to '$actual', expected '$expected'"
    fi
}

expect "replay serve stream watch" ""
expect "serve stream" s
expect "--help --help-all --version" --
expect "--path --ping-interval --ping-timeout --port" serve --p
expect "--tls-cert --tls-key" serve --port 3000 --tl
expect "--bind --encrypt --help --help-all --interval --port --record --server" stream notes.md --
expect "--exit-after-idle --help --help-all --output --output-dir --record" watch http://127.0.0.1:3000/#room --
expect "--bind --encrypt --help --help-all --output --port --serve --server --speed --time --version" replay session.cscast --
expect "0.0.0.0" serve --bind 0.
expect "" serve --port ""

all_serve=$(complete_words serve -- | paste -sd ' ')
for option in --bind --port --path --web-root --open-rooms --ping-interval --ping-timeout \
    --max-payload --connect-timeout --idle-timeout --threads --tls-cert --tls-key --help; do
    case " $all_serve " in
    *" $option "*) ;;
    *) fail "serve -- does not offer $option" ;;
    esac
done
pass "serve -- offers every serve option"

# File arguments complete to files.
make_temp_dir
dir=$temp_dir
touch "$dir/notes.md"
actual=$(cd "$dir" && complete_words stream no)
[ "$actual" = "notes.md" ] && pass "stream FILE completes file names" \
    || fail "stream no completed to '$actual', expected notes.md"
actual=$(cd "$dir" && complete_words watch LINK --output no)
[ "$actual" = "notes.md" ] && pass "--output completes file names" \
    || fail "--output no completed to '$actual', expected notes.md"

# Options of the built program.
offered=" $(complete_words -- | paste -sd ' ') "
for option in $(help_options "$CODESTREAM_BUILD_DIR/bin/codestream-cli"); do
    case "$offered" in
    *" $option "*) pass "completion offers $option" ;;
    *) fail "codestream-cli --help lists $option, the completion does not" ;;
    esac
done
for command in serve stream watch replay; do
    if ! cli_command_available "$command"; then
        printf 'note: codestream-cli %s is not implemented in this build; its --help not compared\n' \
            "$command"
        continue
    fi
    offered=" $(complete_words "$command" -- | paste -sd ' ') "
    for option in $(help_options "$CODESTREAM_BUILD_DIR/bin/codestream-cli" "$command"); do
        case "$offered" in
        *" $option "*) pass "completion offers $command $option" ;;
        *) fail "codestream-cli $command --help lists $option, the completion does not" ;;
        esac
    done
done

finish
