#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring and a throwaway
# HOME, so tests and demos use a real Secret Service without touching the user's keyring.
# Usage: scripts/lib/keyring.sh COMMAND [ARGS...]
# How this works and why: docs/ARCHITECTURE.md, "Tests".
set -euo pipefail

if [[ "${1:-}" == "--start-daemon" ]]; then
    # Started by D-Bus activation (the .service files written below), for the first request and
    # again if gnome-keyring-daemon ends during the run. gnome-keyring aborts now and then when a
    # client dies in the middle of opening a session, and the crash tests kill clients at every
    # step. A real session then gets a locked keyring (and a prompt); here it is unlocked again
    # with the same password, as PAM would at login, and the end is recorded for the report below.
    echo "$(date +%T.%3N) started" >>"$BIOEPIC_KEYRING_EVENTS"
    status=0
    gnome-keyring-daemon --foreground --unlock --components=secrets \
        <"$BIOEPIC_KEYRING_PASSWORD_FILE" >/dev/null 2>>"$BIOEPIC_KEYRING_LOG" || status=$?
    # At the end of the session the folder is being removed: write nothing into it then.
    if [[ -e "$BIOEPIC_KEYRING_EVENTS" ]]; then
        echo "$(date +%T.%3N) ended with status $status" 2>/dev/null >>"$BIOEPIC_KEYRING_EVENTS" || true
    fi
    exit "$status"
fi

if [[ "${1:-}" == "--inside" ]]; then
    shift
    # The first request starts gnome-keyring through D-Bus; it creates and unlocks the "login"
    # collection without a prompt. The probe fails in seconds on a broken keyring instead of
    # hanging a test.
    if ! printf probe | timeout 10 secret-tool store --label=bioepic-probe bioepic-probe 1 ||
        ! timeout 10 secret-tool clear bioepic-probe 1; then
        echo "keyring.sh: the private gnome-keyring does not work (secret-tool store failed)" >&2
        cat "$BIOEPIC_KEYRING_LOG" >&2
        exit 4
    fi
    status=0
    "$@" || status=$?
    if grep -q ended "$BIOEPIC_KEYRING_EVENTS"; then
        {
            echo "keyring.sh: gnome-keyring-daemon ended during the run and D-Bus started it again, unlocked:"
            sed 's/^/  /' "$BIOEPIC_KEYRING_EVENTS"
            echo "  its last messages:"
            tail -n 20 "$BIOEPIC_KEYRING_LOG" | sed 's/^/  /'
        } >&2
    fi
    exit "$status"
fi

keyring_home=$(mktemp -d /tmp/bioepic-keyring-home.XXXXXX)
runtime_dir=$(mktemp -d /tmp/bioepic-keyring-run.XXXXXX)
chmod 700 "$keyring_home" "$runtime_dir"
# The daemon ends with the bus, so it may still be writing its last files here: once more after a
# moment. A folder left behind must not turn the command's exit status into a failure.
cleanup() {
    rm -rf "$keyring_home" "$runtime_dir" 2>/dev/null || { sleep 0.5 && rm -rf "$keyring_home" "$runtime_dir"; } || true
}
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

# A non-empty password creates the "login" collection unlocked. A throwaway, like the keyring.
export BIOEPIC_KEYRING_PASSWORD_FILE="$runtime_dir/keyring-password"
export BIOEPIC_KEYRING_EVENTS="$runtime_dir/keyring-events" BIOEPIC_KEYRING_LOG="$runtime_dir/keyring-daemon.log"
(umask 077 && printf %s "keyring-$$-$RANDOM" >"$BIOEPIC_KEYRING_PASSWORD_FILE")
: >"$BIOEPIC_KEYRING_EVENTS"
: >"$BIOEPIC_KEYRING_LOG"
# The session bus looks in $XDG_DATA_HOME/dbus-1/services before the system's folders, so these
# replace the system's files, which would start gnome-keyring locked.
services="$XDG_DATA_HOME/dbus-1/services"
mkdir -p "$services"
self=$(realpath "$0")
for name in org.freedesktop.secrets org.gnome.keyring org.freedesktop.impl.portal.Secret; do
    printf '[D-BUS Service]\nName=%s\nExec="%s" --start-daemon\n' "$name" "$self" >"$services/$name.service"
done
# The bus's notes on each start are left out: an unplanned start is reported above.
dbus-run-session -- "$0" --inside "$@" 2> >(grep --line-buffered -v -e 'Failed to set fd limit' \
    -e "ctivat.* service.*'org.freedesktop.secrets'" >&2)
