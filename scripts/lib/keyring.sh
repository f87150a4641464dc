#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring and a throwaway
# HOME, so tests and demos use a real Secret Service without touching the user's keyring.
# Usage: scripts/lib/keyring.sh COMMAND [ARGS...]
# How this works and why: docs/ARCHITECTURE.md, "Tests".
set -euo pipefail

if [[ "${1:-}" == "--inside" ]]; then
    shift
    # A non-empty password creates and unlocks the "login" collection without a prompt.
    printf %s "keyring-$$-$RANDOM" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    for _ in $(seq 100); do
        if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
            /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
            grep -q 'boolean true'; then
            break
        fi
        sleep 0.1
    done
    # Probe: a broken keyring fails here in seconds instead of hanging a test.
    if ! printf probe | timeout 10 secret-tool store --label=bioepic-probe bioepic-probe 1 ||
        ! timeout 10 secret-tool clear bioepic-probe 1; then
        echo "keyring.sh: the private gnome-keyring does not work (secret-tool store failed)" >&2
        exit 4
    fi
    exec "$@"
fi

keyring_home=$(mktemp -d /tmp/bioepic-keyring-home.XXXXXX)
runtime_dir=$(mktemp -d /tmp/bioepic-keyring-run.XXXXXX)
chmod 700 "$keyring_home" "$runtime_dir"
cleanup() { rm -rf "$keyring_home" "$runtime_dir"; }
trap cleanup EXIT

# Keep the caller's HOME reachable for tools that need it (ccache, build dirs) via REAL_HOME.
export REAL_HOME="${HOME:-/root}"
export HOME="$keyring_home" XDG_RUNTIME_DIR="$runtime_dir"
export XDG_CONFIG_HOME="$keyring_home/.config" XDG_DATA_HOME="$keyring_home/.local/share"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
# No DISPLAY: a keyring prompt would otherwise wait forever for a click.
unset DISPLAY
# QT_NO_GLIB makes libsecret's callbacks never run (QtKeychain then hangs).
unset QT_NO_GLIB
dbus-run-session -- "$0" --inside "$@" 2> >(grep --line-buffered -v 'Failed to set fd limit' >&2)
