#!/usr/bin/python3
"""Start-up paths, whole processes, each beside the floor it is compared with, in one run.

  fresh token    bioepic-cred token NAME --from-env   vs  curl posting the same form
  cached token   bioepic-cred token NAME               vs  secret-tool lookup of the keychain item it needs
                 (the installation key the token file is sealed under)
  GUI start      bioepic-credentials to window mapped vs  a Qt Widgets program showing one empty window
  GUI idle RSS   the same, 2 s after the window mapped
  GUI drawn      the same, to the first frame drawn in that window (a DAMAGE report after the map)
  both again     vs  emptywindow --text: a menu bar, a line of text and a button (what the empty
                 window leaves out: fonts, Qt's accessibility bridge, the global-menu question)
  many scripts   50 bioepic-cred token at once on a fresh cache: wall time, token requests seen
  --gui-variant  another build of the GUI (NAME=PATH, repeatable) in the same alternation, for an A/B
                 of a change: its rows compare it with bioepic-credentials from --bin

Each pair alternates, N runs (21 by default), medians. The sandbox (bioepic-cred sandbox) is the
server; the keychain is the private gnome-keyring that tests/bench/run provides; the GUI runs on a
private Xvfb, and a window counts as mapped when the X server says so (MapNotify on the root).
Run it through tests/bench/run. Needs Debian's python3 (python3-xlib).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

from Xlib import X, display as xdisplay
from Xlib.ext import damage

from benchlib import argument_parser, add_environment, measured, private_home, start_sandbox


def median_ms(samples):
    return statistics.median(samples) * 1000


def timed(cmd, env):
    return measured(cmd, env)[0]


def sandbox_stats(base):
    with urllib.request.urlopen(base + "/sandbox/stats") as reply:
        return json.load(reply)


def start_xvfb(number):
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            conn = xdisplay.Display(f":{number}")
        except Exception:  # not up yet
            time.sleep(0.05)
            continue
        conn.damage_query_version()  # required before the first DAMAGE request
        return server, conn
    sys.exit("Xvfb did not start")


def window_start(cmd, env, conn):
    """Seconds from exec to the first top-level window mapped and to its first frame drawn, and the
    process's RSS 2 s after the map (KiB).

    Drawn is the first DAMAGE report on that window after its map: the program has put pixels in it.
    Mapped alone can come before anything is shown, if a program maps its window and then builds it.
    """
    root = conn.screen().root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    conn.sync()
    while conn.pending_events():
        conn.next_event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mapped = drawn = None
    watched = set()
    deadline = start + 20
    while drawn is None and time.perf_counter() < deadline:
        if conn.pending_events():
            event = conn.next_event()
            if event.type == X.CreateNotify and not event.override:
                # Watched from its creation, so that no drawing is missed.
                event.window.damage_create(damage.DamageReportNonEmpty)
                watched.add(event.window.id)
                conn.flush()
            elif event.type == X.MapNotify and not event.override and mapped is None:
                mapped = time.perf_counter() - start
            elif (event.type == conn.extension_event.DamageNotify and mapped is not None
                  and event.drawable.id in watched):
                drawn = time.perf_counter() - start
        else:
            time.sleep(0.0005)
    if drawn is None:
        proc.kill()
        sys.exit(f"{cmd[0]} {'drew nothing in its window' if mapped else 'mapped no window'} within 20 s")
    time.sleep(max(0.0, 2 - (time.perf_counter() - start - mapped)))
    with open(f"/proc/{proc.pid}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    proc.terminate()
    proc.wait()
    conn.sync()  # the X server frees each damage record with its window
    return mapped, drawn, rss


def main():
    parser = argument_parser(__doc__, bench_bin=True)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--skip-gui", action="store_true")
    parser.add_argument("--gui-variant", action="append", default=[], metavar="NAME=PATH",
                        help="another GUI binary, run in the same alternation and compared with --bin's")
    args = parser.parse_args()
    variants = {}
    for variant in args.gui_variant:
        name, _, path = variant.partition("=")
        if not name or not os.access(path, os.X_OK):
            sys.exit(f"--gui-variant {variant}: give NAME=PATH of an executable")
        variants[name] = [path]

    cred = os.path.join(args.bin, "bioepic-cred")
    gui = os.path.join(args.bin, "bioepic-credentials")
    empty = os.path.join(args.bench_bin, "emptywindow")
    work, env = private_home("bioepic-startup-")
    service = env["BIOEPIC_KEYCHAIN_SERVICE"]
    env.pop("QT_QPA_PLATFORM", None)
    sandbox, base = start_sandbox(cred, env, 20000 + os.getpid() % 20000, "--token-lifetime", "3600")
    rows = []
    try:
        add_environment(cred, env, "bench", base)
        subprocess.run([cred, "token", "bench"], env=env, check=True, stdout=subprocess.DEVNULL)

        # The same form for both: curl reads it from a file, never from its command line.
        form_file = os.path.join(work, "form")
        with open(os.open(form_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as fh:
            fh.write("grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret")
        from_env = dict(env, CLIENT_ID="demo-client", CLIENT_SECRET="demo-secret")
        pairs = [
            ("fresh token, token NAME --from-env", [cred, "token", "bench", "--from-env"], from_env,
             "curl posting the same form", ["curl", "-sf", "-o", "/dev/null", "--data", "@" + form_file,
                                            base + "/token"], env),
            ("cached token, token NAME", [cred, "token", "bench"], env,
             "secret-tool lookup of the keychain item it reads",
             ["secret-tool", "lookup", "user", f"{service}/fingerprint-key"], env),
        ]
        for ours_name, ours, ours_env, floor_name, floor, floor_env in pairs:
            timed(ours, ours_env)  # warm the page cache
            timed(floor, floor_env)
            mine, theirs = [], []
            for run in range(args.runs):
                if run % 2 == 0:
                    mine.append(timed(ours, ours_env))
                    theirs.append(timed(floor, floor_env))
                else:
                    theirs.append(timed(floor, floor_env))
                    mine.append(timed(ours, ours_env))
            rows.append((ours_name, median_ms(mine), floor_name, median_ms(theirs), "ms"))

        if not args.skip_gui and shutil.which("Xvfb"):
            number = 90 + os.getpid() % 9
            xvfb, conn = start_xvfb(number)
            genv = dict(env, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
            try:
                programs = {"gui": [gui], "empty": [empty], "text": [empty, "--text"], **variants}
                for command in programs.values():
                    window_start(command, genv, conn)  # warm up
                starts = {name: [] for name in programs}
                frames = {name: [] for name in programs}
                rss = {name: [] for name in programs}
                for run in range(args.runs):
                    order = list(programs.items())
                    for name, command in (order if run % 2 == 0 else reversed(order)):
                        mapped, drawn, resident = window_start(command, genv, conn)
                        starts[name].append(mapped)
                        frames[name].append(drawn)
                        rss[name].append(resident)
                rows.append(("GUI start to first window mapped", median_ms(starts["gui"]),
                             "a Qt Widgets program showing one empty window", median_ms(starts["empty"]), "ms"))
                rows.append(("GUI idle RSS after 2 s", statistics.median(rss["gui"]) / 1024, "the same empty window",
                             statistics.median(rss["empty"]) / 1024, "MB"))
                # Not the floor, but what it leaves out: fonts, accessibility, a menu bar.
                rows.append(("GUI start to first window mapped", median_ms(starts["gui"]),
                             "a window with a menu bar, a line of text and a button (emptywindow --text)",
                             median_ms(starts["text"]), "ms"))
                rows.append(("GUI idle RSS after 2 s", statistics.median(rss["gui"]) / 1024,
                             "the same window with text", statistics.median(rss["text"]) / 1024, "MB"))
                # What a person waits for: the first frame with something in it.
                rows.append(("GUI start to first frame drawn", median_ms(frames["gui"]),
                             "the empty window", median_ms(frames["empty"]), "ms"))
                rows.append(("GUI start to first frame drawn", median_ms(frames["gui"]),
                             "the window with text", median_ms(frames["text"]), "ms"))
                for name in variants:
                    rows.append((f"{name}: first window mapped", median_ms(starts[name]), "bioepic-credentials",
                                 median_ms(starts["gui"]), "ms"))
                    rows.append((f"{name}: idle RSS after 2 s", statistics.median(rss[name]) / 1024,
                                 "bioepic-credentials", statistics.median(rss["gui"]) / 1024, "MB"))
                    rows.append((f"{name}: first frame drawn", median_ms(frames[name]), "bioepic-credentials",
                                 median_ms(frames["gui"]), "ms"))
            finally:
                xvfb.terminate()
                xvfb.wait()

        # Many scripts at once, on a fresh cache: one token request between them.
        data = os.path.join(work, "data", "bioepic-credentials")
        for cached in (os.path.join(data, "tokens", "bench.token"), os.path.join(data, "state.json")):
            if os.path.exists(cached):
                os.remove(cached)
        before = sandbox_stats(base)["token_requests"]
        start = time.perf_counter()
        procs = [subprocess.Popen([cred, "token", "bench"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL) for _ in range(args.concurrent)]
        tokens = {p.communicate()[0] for p in procs}
        wall = time.perf_counter() - start
        if any(p.returncode != 0 for p in procs):
            sys.exit("a concurrent token call failed")
        requests = sandbox_stats(base)["token_requests"] - before
    finally:
        sandbox.terminate()
        sandbox.wait()
        shutil.rmtree(work, ignore_errors=True)

    print(f"{args.runs} alternating runs of each, medians")
    print(f"| what | this project | the floor it is compared with | floor | ratio |")
    print(f"|---|---:|---|---:|---:|")
    for ours_name, ours, floor_name, floor, unit in rows:
        print(f"| {ours_name} | {ours:.1f} {unit} | {floor_name} | {floor:.1f} {unit} | {ours / floor:.2f}x |")
    print(f"\n{args.concurrent} concurrent `token` calls on a fresh cache: {wall * 1000:.0f} ms wall, "
          f"{requests} token request(s) seen by the sandbox, {len(tokens)} distinct token(s) printed")


if __name__ == "__main__":
    main()
