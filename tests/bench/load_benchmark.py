#!/usr/bin/python3
"""Load and soak, each against the CLI or against itself over time, in one run.

  GUI search   guisearchbench: 100,000 records at 100 a page streaming into the Search table:
               main-thread CPU beside bioepic-cred search of the same pages, the worst UI-thread
               stall, the sort, peak RSS beside the JSON's size
  GUI soak     guisoakbench: 3,000 token refreshes (1-second tokens) in a running GUI through the
               keychain: RSS and open files after 100, after 1,000 (its network log, which keeps the
               last 1,000 requests, is full) and at the end: what grows after the log is full leaks
  token soak   1,000 `bioepic-cred token NAME --refresh` calls: each call's peak RSS (first 100 vs
               last 100), and the sandbox's and the keyring daemon's RSS and open files, which are
               what a long run of scripts could make grow

Run it through tests/bench/run (it builds what is needed and provides a private keyring).
"""
import json
import os
import statistics
import subprocess
import sys

from benchlib import argument_parser, add_environment, measured, private_home, start_sandbox


def proc_status(pid):
    """(RSS in KiB, open file descriptors) of a running process."""
    with open(f"/proc/{pid}/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def keyring_pid():
    """The gnome-keyring-daemon of this session (tests/bench/run starts a private one), or None."""
    found = subprocess.run(["pgrep", "-u", str(os.getuid()), "-n", "gnome-keyring-d"], capture_output=True, text=True)
    return int(found.stdout.split()[0]) if found.returncode == 0 and found.stdout.strip() else None


def run_json(cmd, env):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({result.returncode}): {result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argument_parser(__doc__, bench_bin=True)
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--refreshes", type=int, default=1000)
    args = parser.parse_args()

    cred = os.path.join(args.bin, "bioepic-cred")
    work, env = private_home("bioepic-load-", QT_QPA_PLATFORM="offscreen")

    # GUI search, beside the CLI fetching the same pages from the same kind of sandbox.
    gui = run_json([os.path.join(args.bench_bin, "guisearchbench"), "--records", str(args.records), "--cred", cred],
                   env)
    port = 20000 + os.getpid() % 20000

    def sandbox_with_bench(lifetime):
        server, url = start_sandbox(cred, env, port, "--records", str(args.records), "--token-lifetime", str(lifetime))
        add_environment(cred, env, "bench", url)
        return server

    # The CLI's CPU for the same pages (tokens that outlive the search: a page token is never retried).
    sandbox = sandbox_with_bench(3600)
    try:
        search = [cred, "search", "bench", "--collection", "samples", "--all-pages", "--page-size", "100",
                  "--output", os.path.join(work, "all.json")]
        measured(search, env)  # warm the sandbox's record cache
        cli_cpu = statistics.median(measured(search, env)[1] for _ in range(3))
    finally:
        sandbox.terminate()
        sandbox.wait()
        subprocess.run([cred, "env", "remove", "bench", "--force"], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    sandbox = sandbox_with_bench(1)
    try:
        # Token soak through the CLI: every call requests a new token and writes it to the keychain.
        keyring = keyring_pid()
        peaks, samples = [], {}
        for n in range(1, args.refreshes + 1):
            peaks.append(measured([cred, "token", "bench", "--refresh"], env)[2])
            if n in (100, args.refreshes // 2, args.refreshes):
                samples[n] = (proc_status(sandbox.pid), proc_status(keyring) if keyring else None)
    finally:
        sandbox.terminate()
        sandbox.wait()

    soak = run_json([os.path.join(args.bench_bin, "guisoakbench"), "--refreshes", str(max(3 * args.refreshes, 3000)),
                     "--cred", cred], env)

    mb = 1024.0
    print(f"| what | measured | compared with | ratio |")
    print(f"|---|---:|---|---:|")
    print(f"| GUI search, {args.records} records at 100/page: main-thread CPU | {gui['ingest_cpu_s']:.2f} s | "
          f"bioepic-cred search, same pages: {cli_cpu:.2f} s | {gui['ingest_cpu_s'] / cli_cpu:.1f}x (target ≤ 3x) |")
    print(f"| GUI search: worst UI-thread stall while rows stream in | {gui['worst_stall_ms']:.0f} ms | "
          f"target < 50 ms | |")
    print(f"| GUI search: sort by a numeric column | {gui['sort_ms']:.0f} ms, worst stall {gui['sort_stall_ms']:.0f} ms"
          f" | | |")
    print(f"| GUI search: peak RSS | {gui['peak_rss_kb'] / mb:.0f} MB | JSON received: "
          f"{gui['json_bytes'] / 1e6:.0f} MB | {gui['peak_rss_kb'] * 1024 / gui['json_bytes']:.1f}x (target < 3x) |")
    gui_refreshes = soak["refreshes"]
    print(f"| GUI soak ({soak['keychain']}): RSS after 100 / 1000 (network log full) / {gui_refreshes} refreshes | "
          f"{soak['rss_kb_after_100'] / mb:.1f} / {soak['rss_kb_log_full'] / mb:.1f} / {soak['rss_kb_at_end'] / mb:.1f}"
          f" MB | after the log is full: {soak['rss_kb_at_end'] - soak['rss_kb_log_full']:+.0f} KB | |")
    print(f"| GUI soak: open files after 100 / 1000 / end | {soak['fds_after_100']:.0f} / {soak['fds_log_full']:.0f}"
          f" / {soak['fds_at_end']:.0f} | | |")
    first, last = statistics.median(peaks[:100]), statistics.median(peaks[-100:])
    print(f"| token --refresh soak: peak RSS per call, first 100 / last 100 | {first / mb:.1f} / {last / mb:.1f} MB"
          f" | | {last / first:.2f}x |")
    for label, index in (("sandbox", 0), ("gnome-keyring-daemon", 1)):
        if all(s[index] for s in samples.values()):
            rss = " / ".join(f"{s[index][0] / mb:.1f}" for s in samples.values())
            fds = " / ".join(str(s[index][1]) for s in samples.values())
            print(f"| token soak: {label} RSS, open files after 100 / half / {args.refreshes} calls | "
                  f"{rss} MB; {fds} files | | |")


if __name__ == "__main__":
    main()
