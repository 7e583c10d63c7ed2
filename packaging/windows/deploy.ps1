<#
.SYNOPSIS
Builds CodeStream on Windows and makes a self-contained folder and zip archive.

.DESCRIPTION
Configures and builds codestream.exe and codestream-cli.exe (Release), installs them into
OutputDir\CodeStream, copies Qt (windeployqt), QScintilla and the compiler runtime next to them,
checks that codestream-cli.exe runs from there, and zips the folder.

Run it from a "x64 Native Tools Command Prompt for VS 2022" (or a Developer PowerShell) so that
cl.exe, CMake and Ninja are on PATH. Needs Qt >= 6.4 for MSVC 2019/2022 64-bit with the Qt
WebSockets, Qt HTTP Server and Qt SVG modules, and QScintilla built for that Qt (docs/building.md).

.PARAMETER QtDir
The Qt kit, e.g. C:\Qt\6.8.0\msvc2022_64 or vcpkg's installed\x64-windows.

.PARAMETER QScintillaDir
Where QScintilla's include\Qsci and lib\qscintilla2_qt6.lib are. Leave it empty when
QScintilla was installed into the Qt kit itself (qmake + nmake install does that).

.EXAMPLE
powershell -ExecutionPolicy Bypass -File packaging\windows\deploy.ps1 -QtDir C:\Qt\6.8.0\msvc2022_64
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$QtDir,
    [string]$QScintillaDir = "",
    [string]$BuildDir = "",
    [string]$OutputDir = "",
    [string]$Generator = "Ninja"
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
if (-not $BuildDir) { $BuildDir = Join-Path $Root "build-windows" }
if (-not $OutputDir) { $OutputDir = Join-Path $Root "dist\windows" }
$QtDir = (Resolve-Path $QtDir).Path

function Invoke-Checked {
    param([string]$Program, [string[]]$Arguments)
    Write-Host "> $Program $($Arguments -join ' ')"
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program failed with exit code $LASTEXITCODE" }
}

$PrefixPath = $QtDir
if ($QScintillaDir) { $PrefixPath = "$QtDir;$((Resolve-Path $QScintillaDir).Path)" }

Invoke-Checked cmake @("-S", $Root, "-B", $BuildDir, "-G", $Generator,
    "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=$PrefixPath",
    "-DCODESTREAM_BUILD_TESTS=OFF")
Invoke-Checked cmake @("--build", $BuildDir, "--config", "Release",
    "--target", "codestream", "codestream-cli")

$Version = (Select-String -Path (Join-Path $BuildDir "CMakeCache.txt") `
        -Pattern '^CMAKE_PROJECT_VERSION:STATIC=(.*)$').Matches[0].Groups[1].Value
$AppDir = Join-Path $OutputDir "CodeStream"
if (Test-Path $AppDir) { Remove-Item -Recurse -Force $AppDir }

# With Qt >= 6.5 the install step already runs windeployqt (qt_generate_deploy_app_script).
Invoke-Checked cmake @("--install", $BuildDir, "--config", "Release", "--prefix", $AppDir)
$BinDir = Join-Path $AppDir "bin"

# Qt libraries, plugins (platforms, styles, imageformats incl. SVG, tls) and the MSVC runtime.
$WinDeployQt = Join-Path $QtDir "bin\windeployqt.exe"
if (-not (Test-Path $WinDeployQt)) { $WinDeployQt = Join-Path $QtDir "tools\Qt6\bin\windeployqt.exe" }
if (-not (Test-Path $WinDeployQt)) { throw "windeployqt.exe not found under $QtDir" }
foreach ($Program in @("codestream.exe", "codestream-cli.exe")) {
    Invoke-Checked $WinDeployQt @("--release", "--compiler-runtime", "--no-translations",
        "--no-system-d3d-compiler", "--no-opengl-sw", (Join-Path $BinDir $Program))
}

# windeployqt copies only Qt's own libraries: add QScintilla.
$SearchDirs = @("$QtDir\bin", "$QtDir\lib")
if ($QScintillaDir) { $SearchDirs += @("$QScintillaDir\bin", "$QScintillaDir\lib", $QScintillaDir) }
$Qsci = $SearchDirs | Where-Object { Test-Path $_ } |
    ForEach-Object { Get-ChildItem -Path $_ -Filter "qscintilla2_qt6.dll" -File -ErrorAction SilentlyContinue } |
    Select-Object -First 1
if (-not $Qsci) { throw "qscintilla2_qt6.dll not found in: $($SearchDirs -join ', ')" }
Copy-Item $Qsci.FullName $BinDir -Force
Copy-Item (Join-Path $Root "LICENSE") (Join-Path $AppDir "LICENSE.txt") -Force

# The deployed programs start with nothing but the folder (PATH reduced to the system).
$SavedPath = $env:PATH
try {
    $env:PATH = "$BinDir;$env:SystemRoot\System32;$env:SystemRoot"
    # --help must print to the pipe, not open a message box.
    $env:QT_COMMAND_LINE_PARSER_NO_GUI_MESSAGE_BOXES = "1"
    $Printed = & (Join-Path $BinDir "codestream-cli.exe") --version
    if ($LASTEXITCODE -ne 0 -or $Printed -ne "codestream-cli $Version") {
        throw "deployed codestream-cli.exe --version printed '$Printed'"
    }
    Write-Host "deployed: $Printed"
    $Help = & (Join-Path $BinDir "codestream.exe") --help 2>&1 | Out-String
    if ($Help -match "--self-test") {
        $env:QT_QPA_PLATFORM = "offscreen"
        & (Join-Path $BinDir "codestream.exe") --self-test
        if ($LASTEXITCODE -ne 0) { throw "deployed codestream.exe --self-test failed" }
        Remove-Item Env:\QT_QPA_PLATFORM
    }
} finally {
    $env:PATH = $SavedPath
}

$Zip = Join-Path $OutputDir "CodeStream-$Version-windows-x64.zip"
if (Test-Path $Zip) { Remove-Item -Force $Zip }
Compress-Archive -Path $AppDir -DestinationPath $Zip
Write-Host "done: $AppDir and $Zip"
