# The Windows and macOS deploy scripts, which only run on those systems, at least parse here
# (and pass shellcheck where it is installed).
source "$(dirname "$0")/common.sh"

macos=$CODESTREAM_SOURCE_DIR/packaging/macos/deploy.sh
windows=$CODESTREAM_SOURCE_DIR/packaging/windows/deploy.ps1

if output=$(bash -n "$macos" 2>&1); then pass "bash parses macos/deploy.sh"; else fail "$output"; fi
[ -x "$macos" ] && pass "macos/deploy.sh is executable" || fail "macos/deploy.sh is not executable"
if command -v shellcheck >/dev/null 2>&1; then
    if output=$(shellcheck -s bash -S warning "$macos" 2>&1); then
        pass "shellcheck finds no warning in macos/deploy.sh"
    else
        fail "shellcheck: $output"
    fi
else
    printf 'note: shellcheck is not installed; macos/deploy.sh only parsed\n'
fi

if command -v pwsh >/dev/null 2>&1; then
    if output=$(pwsh -NoProfile -NonInteractive -Command '
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$null, [ref]$errors) | Out-Null
        if ($errors) { $errors | ForEach-Object { $_.ToString() }; exit 1 }' "$windows" 2>&1); then
        pass "PowerShell parses windows/deploy.ps1"
    else
        fail "windows/deploy.ps1: $output"
    fi
else
    printf 'note: pwsh is not installed; windows/deploy.ps1 not parsed\n'
fi
finish
