#!/usr/bin/env python3
"""Benchmark: fetch every page of a 100,000-record collection, side by side, in one run.

Clients, against the same sandbox (bioepic-cred sandbox) and the same data, alternating,
several repetitions each:
  - bioepic-cred search --all-pages (this project)
  - the Python reference client, lean and --faithful (python_reference_client.py, given by --reference)
  - curl in a shell loop following next_page_token (the raw HTTP floor of a scripted client)
Reports the median wall time and client CPU (user+sys, including child processes) of each,
the ratios against bioepic-cred, and the time the sandbox itself spent serving (no client can
go below it).

Run it through tests/bench/run, which builds what is missing and provides a private keyring.
"""
import json
import os
import statistics
import subprocess
import sys
import urllib.request

from benchlib import argument_parser, add_environment, measured, private_home, start_sandbox

HERE = os.path.dirname(os.path.abspath(__file__))


def serve_ms(base):
    with urllib.request.urlopen(base + "/sandbox/stats") as reply:
        return json.load(reply)["serve_ms"]


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--reference", default=os.path.join(HERE, "..", "..", "..", "shared", "bench",
                                                            "python_reference_client.py"),
                        help="the Python reference client (default: ../shared/bench/ beside the repository)")
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="0: pick one")
    args = parser.parse_args()
    if not os.path.isfile(args.reference):
        sys.exit(f"search_benchmark.py: the Python reference client is not at {args.reference}: "
                 "pass its path with --reference")

    cred = os.path.join(args.bin, "bioepic-cred")
    work, env = private_home("bioepic-bench-")
    sandbox, base = start_sandbox(cred, env, args.port or (20000 + os.getpid() % 20000), "--records",
                                  str(args.records), "--token-lifetime", "3600")
    try:
        add_environment(cred, env, "bench", base)
        token = subprocess.run([cred, "token", "bench"], env=env, check=True, capture_output=True).stdout.decode().strip()
        header_file = os.path.join(work, "auth-header")  # curl reads it from a file: no token in argv
        with open(os.open(header_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as fh:
            fh.write(f"Authorization: Bearer {token}\n")
        curl_loop = f"""
url='{base}/api/samples?max_page_size={args.page_size}'
tok=''; : > '{work}/curl.out'
while :; do
  if [ -z "$tok" ]; then page=$(curl -sf -H @'{header_file}' "$url"); else page=$(curl -sf -H @'{header_file}' "$url&page_token=$tok"); fi || exit 1
  printf '%s\\n' "$page" >> '{work}/curl.out'
  tok=$(printf '%s' "$page" | grep -o '"next_page_token":"[^"]*"' | cut -d'"' -f4)
  [ -z "$tok" ] && break
done"""
        py_env = dict(env, CLIENT_ID="demo-client", CLIENT_SECRET="demo-secret")
        clients = {
            "bioepic-cred": ([cred, "search", "bench", "--collection", "samples", "--all-pages", "--page-size",
                              str(args.page_size), "--output", os.path.join(work, "cred.json")], env),
            "python lean": ([sys.executable, args.reference, "--base-url", base, "--collection", "samples",
                             "--page-size", str(args.page_size), "--output", os.path.join(work, "py.json")], py_env),
            "python faithful": ([sys.executable, args.reference, "--base-url", base, "--collection", "samples",
                                 "--page-size", str(args.page_size), "--output", os.path.join(work, "pyf.json"),
                                 "--faithful"], py_env),
            "curl loop": (["bash", "-c", curl_loop], env),
        }
        # Warm-up: fills the sandbox's record cache and the page cache; not measured.
        for cmd, cenv in clients.values():
            measured(cmd, cenv)[:2]
        results = {name: {"wall": [], "cpu": [], "serve": []} for name in clients}
        for rep in range(args.repetitions):
            order = list(clients) if rep % 2 == 0 else list(reversed(clients))  # alternate
            for name in order:
                cmd, cenv = clients[name]
                before = serve_ms(base)
                wall, cpu = measured(cmd, cenv)[:2]
                results[name]["wall"].append(wall)
                results[name]["cpu"].append(cpu)
                results[name]["serve"].append((serve_ms(base) - before) / 1000)
        # Same records from everyone that writes JSON.
        with open(os.path.join(work, "cred.json")) as a, open(os.path.join(work, "py.json")) as b:
            ours, theirs = json.load(a), json.load(b)
        if ours != theirs or len(ours) != args.records:
            sys.exit(f"outputs differ: {len(ours)} vs {len(theirs)} records")
        pages = sum(1 for _ in open(os.path.join(work, "curl.out")))
    finally:
        sandbox.terminate()
        sandbox.wait()

    ref = {k: statistics.median(v) for k, v in results["bioepic-cred"].items()}
    print(f"{args.records} records, {args.page_size} per page ({pages} pages), {args.repetitions} alternating runs each; "
          f"medians")
    print(f"{'client':<18}{'wall s':>8}{'CPU s':>8}{'wall ×':>8}{'CPU ×':>8}{'server s':>10}")
    for name, series in results.items():
        wall, cpu, serve = (statistics.median(series[k]) for k in ("wall", "cpu", "serve"))
        print(f"{name:<18}{wall:8.2f}{cpu:8.2f}{wall / ref['wall']:8.1f}{cpu / ref['cpu']:8.1f}{serve:10.2f}")
    lean = {k: statistics.median(v) for k, v in results["python lean"].items()}
    cpu_ratio, wall_ratio = lean["cpu"] / ref["cpu"], lean["wall"] / ref["wall"]
    print(f"\nserver floor: the sandbox spent {ref['serve']:.2f} s serving each run; no client can beat that.")
    print(f"bioepic-cred vs lean Python: {cpu_ratio:.1f}x less CPU (target 5x), {wall_ratio:.1f}x less wall time "
          f"(target 3x): {'met' if cpu_ratio >= 5 and wall_ratio >= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
