#!/usr/bin/env bash
# Shared by scripts/test and scripts/demo: install what is missing, then configure and build.
# Sourced, not run. Works on a fresh Debian 12 machine as root (or with sudo).

BIOEPIC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIOEPIC_BUILD_DIR=${BIOEPIC_BUILD_DIR:-$BIOEPIC_ROOT/build}
BIOEPIC_JOBS=${BIOEPIC_JOBS:-2}

# What each step needs, from Debian 12 packages only.
BIOEPIC_BUILD_PACKAGES=(cmake ninja-build g++ lld ccache qt6-base-dev qtkeychain-qt6-dev qt6-httpserver-dev
                        qt6-websockets-dev qt6-l10n-tools libsecret-1-0 libqt6svg6)
# dbus-x11 on purpose: without it apt picks a session bus package that drags in systemd.
BIOEPIC_KEYRING_PACKAGES=(gnome-keyring dbus-daemon dbus-x11 libsecret-tools openssl)
# The second Secret Service the tests run against (scripts/lib/keepassxc.sh): KeePassXC on a
# private Xvfb, its database's exposed group set with pykeepass (Debian's python3).
BIOEPIC_KEEPASSXC_PACKAGES=(keepassxc python3-pykeepass python3-lxml xvfb xauth procps)
# The generated man page and completions are checked with the tools that read them; .env files
# against python-dotenv itself, which the scripts we replace .env files for use.
BIOEPIC_TEST_PACKAGES=(groff-base zsh clang-format git python3 python3-dotenv)
# startup_benchmark.py watches windows map on a private Xvfb through python3-xlib (Debian's python3).
BIOEPIC_BENCH_PACKAGES=(curl python3 python3-requests python3-xlib xvfb procps git)
# The sanitizer (ASan + UBSan) and libFuzzer build: clang 14 and its runtimes.
BIOEPIC_SANITIZER_PACKAGES=(clang-14 libclang-rt-14-dev)
BIOEPIC_SANITIZER_BUILD_DIR=${BIOEPIC_SANITIZER_BUILD_DIR:-$BIOEPIC_ROOT/build-san}
# Sanitizer reports end the process (UBSan would only print), so a test or a fuzzer fails on them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ensure_packages PKG...: installs the ones dpkg does not know as installed.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]})) || return 0
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    log "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local apt=("${sudo[@]}" apt-get -y -q --no-install-recommends -o Dpkg::Use-Pty=0)
    # A stale package index is the usual cause of a failed install: update and retry once.
    if ! "${apt[@]}" install "${missing[@]}" >/tmp/bioepic-apt.log 2>&1; then
        "${sudo[@]}" apt-get -q update >>/tmp/bioepic-apt.log 2>&1 || true
        if ! "${apt[@]}" install "${missing[@]}" >>/tmp/bioepic-apt.log 2>&1; then
            tail -n 30 /tmp/bioepic-apt.log >&2
            echo "package installation failed; full log in /tmp/bioepic-apt.log" >&2
            return 1
        fi
    fi
}

# How a fresh build directory is configured: tuned for the first build on a 2-core machine.
# Measured cold (no ccache) for the two programs: RelWithDebInfo 313 s; unity -O2 93 s; unity -O1
# with dependency pruning 74 s. -O1 keeps the code within a few per cent of -O2 on what this tool
# does (waiting for the network and the keychain); tests/bench/run builds a real Release for figures.
BIOEPIC_FRESH_CONFIG=(-G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG"
                      -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=20 -DCMAKE_OPTIMIZE_DEPENDENCIES=ON)

# build [CMAKE ARGS...]: configures and builds with Ninja (everything, or BIOEPIC_TARGETS).
# BIOEPIC_FRESH_CONFIG (an array) says how a directory without a CMakeCache.txt is configured.
build() {
    log "Building in $BIOEPIC_BUILD_DIR (-j$BIOEPIC_JOBS)"
    local generator=()
    [[ -f $BIOEPIC_BUILD_DIR/CMakeCache.txt ]] || generator=("${BIOEPIC_FRESH_CONFIG[@]}")
    cmake -S "$BIOEPIC_ROOT" -B "$BIOEPIC_BUILD_DIR" "${generator[@]}" "$@" >/dev/null
    local targets=()
    [[ -n ${BIOEPIC_TARGETS:-} ]] && read -ra targets <<<"--target $BIOEPIC_TARGETS"
    cmake --build "$BIOEPIC_BUILD_DIR" -j "$BIOEPIC_JOBS" "${targets[@]}"
}

# build_sanitized: the same tree built by clang with ASan, UBSan and libFuzzer coverage, in build-san.
build_sanitized() {
    local BIOEPIC_BUILD_DIR=$BIOEPIC_SANITIZER_BUILD_DIR
    # The first build's configuration, with -g1: sanitizer reports name the line.
    local BIOEPIC_FRESH_CONFIG=("${BIOEPIC_FRESH_CONFIG[@]/-O1 -DNDEBUG/-O1 -g1 -DNDEBUG}")
    CC=clang-14 CXX=clang++-14 build -DBIOEPIC_SANITIZE="address;undefined" -DBIOEPIC_FUZZ=ON -DBIOEPIC_WERROR=ON \
        -DBIOEPIC_BUILD_BENCHMARKS=OFF
}
# check_format: every C++ file of the project is as .clang-format wants it (clang-format 14).
check_format() {
    log "Checking the code format (clang-format --dry-run)"
    local files
    mapfile -t files < <(git -C "$BIOEPIC_ROOT" ls-files '*.cpp' '*.h')
    if ! (cd "$BIOEPIC_ROOT" && clang-format --dry-run --Werror "${files[@]}"); then
        echo "Some files are not formatted; run: clang-format -i \$(git ls-files '*.cpp' '*.h')" >&2
        return 1
    fi
}
