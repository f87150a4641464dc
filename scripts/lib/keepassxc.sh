#!/usr/bin/env bash
# Runs a command with KeePassXC as the only Secret Service: a private D-Bus session that cannot
# start gnome-keyring, a throwaway HOME, a fresh KDBX database with a "Secret Service" group
# exposed, and KeePassXC itself on a private Xvfb display (it is a GUI program).
# Usage: scripts/lib/keepassxc.sh COMMAND [ARGS...]
# The command sees BIOEPIC_EXPECT_PROVIDER=KeePassXC, BIOEPIC_KEEPASSXC_PID (to kill it) and
# BIOEPIC_KEEPASSXC_DB / BIOEPIC_KEEPASSXC_PASSWORD_FILE (to start it again).
# How this works and why: docs/ARCHITECTURE.md, "Tests".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ "${1:-}" == "--inside" ]]; then
    shift
    # Its single-instance lock lives in the temporary directory: a private one, so that another
    # KeePassXC of the machine's user neither blocks this one nor gets our database.
    DISPLAY=":$BIOEPIC_KEEPASSXC_DISPLAY" TMPDIR="$BIOEPIC_KEEPASSXC_TMP" keepassxc --pw-stdin \
        "$BIOEPIC_KEEPASSXC_DB" <"$BIOEPIC_KEEPASSXC_PASSWORD_FILE" >"$HOME/keepassxc.log" 2>&1 &
    export BIOEPIC_KEEPASSXC_PID=$!
    disown # its end (a SIGKILL, by a test or below) is not news
    if ! "$here/keepassxc-ready.sh" 100; then
        echo "keepassxc.sh: KeePassXC did not offer an unlocked Secret Service collection" >&2
        cat "$HOME/keepassxc.log" >&2 || true
        exit 4
    fi
    status=0
    "$@" || status=$?
    if ((status != 0)); then
        # A KeePassXC that died or stopped answering mid-run leaves its reasons here.
        if kill -0 "$BIOEPIC_KEEPASSXC_PID" 2>/dev/null; then
            echo "keepassxc.sh: KeePassXC (pid $BIOEPIC_KEEPASSXC_PID) is still running; its output:" >&2
        else
            echo "keepassxc.sh: KeePassXC (pid $BIOEPIC_KEEPASSXC_PID) is gone; its output:" >&2
        fi
        tail -n 40 "$HOME/keepassxc.log" >&2 || true
    fi
    # SIGTERM does not end KeePassXC while a dialog (an Access Request) is open.
    kill "$BIOEPIC_KEEPASSXC_PID" 2>/dev/null || true
    for _ in $(seq 20); do
        kill -0 "$BIOEPIC_KEEPASSXC_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$BIOEPIC_KEEPASSXC_PID" 2>/dev/null || true
    # A KeePassXC that a test started again (tst_provider) has another process id.
    pkill -9 -f -- "$BIOEPIC_KEEPASSXC_DB" 2>/dev/null || true
    exit "$status"
fi

for tool in keepassxc keepassxc-cli Xvfb dbus-run-session /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "keepassxc.sh: $tool is missing (scripts/lib/install-deps.sh)" >&2; exit 4; }
done

work=$(mktemp -d /tmp/bioepic-keepassxc.XXXXXX)
chmod 700 "$work"
mkdir -m 700 "$work/home" "$work/run" "$work/no-services" "$work/tmp"
export BIOEPIC_KEEPASSXC_TMP="$work/tmp"
xvfb_pid=
cleanup() {
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

export REAL_HOME="${HOME:-/root}"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY QT_NO_GLIB

# The settings that make KeePassXC a quiet Secret Service: no tray, no update check, no idle
# lock, no "reopen the last databases", no notification or confirmation for reads and deletes.
# (It still asks "Access Request" before every overwrite: the program must not overwrite.)
mkdir -p "$XDG_CONFIG_HOME/keepassxc"
cat >"$XDG_CONFIG_HOME/keepassxc/keepassxc.ini" <<'INI'
[General]
ConfigVersion=2
RememberLastDatabases=false
RememberLastKeyFiles=false
OpenPreviousDatabasesOnStartup=false

[GUI]
CheckForUpdates=false
ShowTrayIcon=false
MinimizeOnStartup=false

[Security]
LockDatabaseIdle=false
LockDatabaseScreenLock=false

[FdoSecrets]
Enabled=true
ShowNotification=false
ConfirmAccessItem=false
ConfirmDeleteItem=false
UnlockBeforeSearch=true
INI

export BIOEPIC_KEEPASSXC_DB="$HOME/secrets.kdbx"
export BIOEPIC_KEEPASSXC_PASSWORD_FILE="$HOME/db-password"
printf 'db-%s-%s\n' "$$" "$RANDOM" >"$BIOEPIC_KEEPASSXC_PASSWORD_FILE"
chmod 600 "$BIOEPIC_KEEPASSXC_PASSWORD_FILE"
password=$(head -n1 "$BIOEPIC_KEEPASSXC_PASSWORD_FILE")
printf '%s\n%s\n' "$password" "$password" | keepassxc-cli db-create --set-password "$BIOEPIC_KEEPASSXC_DB" >/dev/null 2>&1
printf '%s\n' "$password" | keepassxc-cli mkdir "$BIOEPIC_KEEPASSXC_DB" "Secret Service" >/dev/null 2>&1
# keepassxc-cli cannot expose a group: the database's custom data says which one, by UUID.
/usr/bin/python3 - "$BIOEPIC_KEEPASSXC_DB" "$password" <<'PY'
import sys
from lxml import etree
import pykeepass

kp = pykeepass.PyKeePass(sys.argv[1], password=sys.argv[2])
group = kp.find_groups(name="Secret Service", first=True)
meta = kp.tree.getroot().find("Meta")
custom = meta.find("CustomData")
if custom is None:
    custom = etree.SubElement(meta, "CustomData")
item = etree.SubElement(custom, "Item")
etree.SubElement(item, "Key").text = "FDO_SECRETS_EXPOSED_GROUP"
etree.SubElement(item, "Value").text = "{%s}" % group.uuid
kp.save()
PY

# A session bus whose only service directory is empty: nothing but KeePassXC can answer.
sed "s#<standard_session_servicedirs */>#<servicedir>$work/no-services</servicedir>#" \
    /usr/share/dbus-1/session.conf >"$work/session.conf"

for number in $(seq 40 89); do
    [[ -e "/tmp/.X$number-lock" ]] && continue
    Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    sleep 0.3
    if kill -0 "$xvfb_pid" 2>/dev/null; then
        export BIOEPIC_KEEPASSXC_DISPLAY=$number
        break
    fi
    xvfb_pid=
done
[[ -n "$xvfb_pid" ]] || { echo "keepassxc.sh: no free X display" >&2; exit 4; }

export BIOEPIC_EXPECT_PROVIDER=KeePassXC
dbus-run-session --config-file="$work/session.conf" -- "$0" --inside "$@" \
    2> >(grep --line-buffered -v 'Failed to set fd limit' >&2)
