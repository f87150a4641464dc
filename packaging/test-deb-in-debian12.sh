#!/usr/bin/env bash
# Builds the .deb, then installs it with apt into a fresh Debian 12 made by debootstrap (minbase:
# nothing of this machine's packages leaks in) and checks it as a user would find it:
#   bioepic-cred --version and a CLI round trip against its own sandbox, the GUI's demo offscreen,
#   desktop-file-validate and appstreamcli validate on the installed files, the man page, the bash
#   and zsh completions, and every icon size.
# Needs root (debootstrap, chroot, mount) and the network to reach deb.debian.org.
#   packaging/test-deb-in-debian12.sh            build, make the chroot (kept in out/debian12), test
#   packaging/test-deb-in-debian12.sh --fresh    the same with a new chroot
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

fresh=0
[[ "${1:-}" == "--fresh" ]] && fresh=1
ensure_packages "${BIOEPIC_BUILD_PACKAGES[@]}" debootstrap dpkg-dev file
started=$SECONDS

# 1. The package, from a Release build of its own (no test programs).
deb_build=$BIOEPIC_ROOT/build-deb
cmake -S "$BIOEPIC_ROOT" -B "$deb_build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBIOEPIC_BUILD_TESTS=OFF >/dev/null
cmake --build "$deb_build" -j "$BIOEPIC_JOBS"
(cd "$deb_build" && rm -f ./*.deb && cpack -G DEB >/dev/null)
deb=$(ls "$deb_build"/*.deb)
log "Built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Depends | sed 's/^/    /'

# 2. A fresh Debian 12.
root=$BIOEPIC_ROOT/out/debian12
cleanup_mounts() {
    for m in proc dev/pts dev; do umount "$root/$m" 2>/dev/null || true; done
}
trap cleanup_mounts EXIT
if ((fresh)) || [[ ! -x $root/usr/bin/apt-get ]]; then
    cleanup_mounts
    rm -rf "$root"
    log "debootstrap --variant=minbase bookworm $root"
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"

# 3. Installed by apt, as a user would: it pulls in what the package says it needs, nothing more.
log "apt-get install ./$(basename "$deb") in the chroot"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive bash -c "
    set -e
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends --reinstall /tmp/$(basename "$deb") >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }
    echo \"    \$(dpkg -l | grep -c '^ii') packages installed in all\"
    # The validators a distribution runs on these files.
    apt-get install -y -qq --no-install-recommends desktop-file-utils appstream >/dev/null 2>&1
"

# 4. What the package gives a user.
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 bash -c '
set -euo pipefail
fail() { echo "FAILED: $*" >&2; exit 1; }
echo "    $(bioepic-cred --version)"
bioepic-credentials --version >/dev/null || fail "bioepic-credentials --version"
# The CLI against its own sandbox, with credentials from the environment (no keychain here).
bioepic-cred sandbox --port 18555 --token-lifetime 60 >/dev/null 2>&1 &
sandbox=$!
trap "kill $sandbox 2>/dev/null" EXIT
for _ in $(seq 50); do bioepic-cred env add box --base-url http://127.0.0.1:18555 >/dev/null 2>&1 && break; sleep 0.1; done
token=$(CLIENT_ID=demo-client CLIENT_SECRET=demo-secret bioepic-cred token box --from-env) || fail "token --from-env"
[[ ${#token} -gt 20 ]] || fail "a token of ${#token} characters"
echo "    bioepic-cred token --from-env against the sandbox: a token of ${#token} characters"
# The GUI, offscreen: the whole demo tour, screenshots saved.
QT_QPA_PLATFORM=offscreen timeout 120 bioepic-credentials --demo --screenshots /tmp/shots >/dev/null 2>&1 \
    || fail "the GUI demo offscreen"
echo "    GUI demo offscreen: $(ls /tmp/shots/*.png | wc -l) screenshots"
desktop-file-validate /usr/share/applications/org.bioepic.Credentials.desktop || fail "desktop-file-validate"
echo "    desktop-file-validate: clean"
appstreamcli validate --no-net /usr/share/metainfo/org.bioepic.Credentials.metainfo.xml >/tmp/as.log 2>&1 \
    || { cat /tmp/as.log; fail "appstreamcli validate"; }
echo "    appstreamcli validate: $(tail -1 /tmp/as.log)"
[[ -s /usr/share/man/man1/bioepic-cred.1 ]] || fail "no man page"
grep -q "^.TH" /usr/share/man/man1/bioepic-cred.1 || fail "the man page has no .TH"
bash -n /usr/share/bash-completion/completions/bioepic-cred || fail "bash completion"
[[ -s /usr/share/zsh/vendor-completions/_bioepic-cred ]] || fail "zsh completion"
echo "    man page, bash and zsh completions: present"
for size in 16 22 24 32 48 64 128 256; do
    [[ -s /usr/share/icons/hicolor/${size}x${size}/apps/bioepic-credentials.png ]] || fail "icon ${size}x${size}"
done
[[ -s /usr/share/icons/hicolor/scalable/apps/bioepic-credentials.svg ]] || fail "scalable icon"
echo "    icons: 8 PNG sizes and the SVG"
'
log "The package installs and works in a fresh Debian 12 ($((SECONDS - started)) s)"
