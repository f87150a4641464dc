#!/usr/bin/env bash
# Waits until KeePassXC serves the Secret Service on the session bus with its default
# collection unlocked. Usage: keepassxc-ready.sh [TENTHS_OF_A_SECOND]  (exit 1 if it never is)
set -uo pipefail

tries=${1:-100}
for _ in $(seq "$tries"); do
    if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
        /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true' &&
        dbus-send --session --dest=org.freedesktop.secrets --type=method_call --print-reply \
            /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
            string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null | grep -q 'boolean false'; then
        exit 0
    fi
    sleep 0.1
done
exit 1
