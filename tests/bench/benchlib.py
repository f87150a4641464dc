"""What the benchmarks share: their command line, one measured run of a process, a private home,
and a sandbox with an environment logged in to it. Imported by the *_benchmark.py scripts beside it."""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def argument_parser(doc, bench_bin=False):
    """The options every benchmark takes: --bin (bioepic-cred and the GUI), and --bench-bin (the
    bench programs) for those that run them."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    build = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build")
    parser.add_argument("--bin", default=os.path.join(build, "bin"), help="directory of bioepic-cred")
    if bench_bin:
        parser.add_argument("--bench-bin", default=os.path.join(build, "bench-bin"))
    return parser


def measured(cmd, env, ok_codes=(0,)):
    """Runs cmd (output discarded); returns (wall s, CPU s of it and its children, peak RSS KiB).
    Any exit code outside ok_codes ends the benchmark with the program's own message."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        sys.exit(f"{cmd[0]} failed ({code}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def private_home(prefix, **extra):
    """A scratch directory and an environment whose settings, data and keychain entries live apart."""
    work = tempfile.mkdtemp(prefix=prefix)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_DATA_HOME=os.path.join(work, "data"),
               BIOEPIC_KEYCHAIN_SERVICE="bioepic-bench", **extra)
    return work, env


def start_sandbox(cred, env, port, *options):
    """bioepic-cred sandbox on @port with options; returns (process, base URL)."""
    server = subprocess.Popen([cred, "sandbox", "--port", str(port), *options], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    return server, server.stdout.readline().decode().strip()


def add_environment(cred, env, name, base, verify=True):
    """Environment @name on @base with the sandbox's demo client stored (and checked, unless not verify)."""
    subprocess.run([cred, "env", "add", name, "--base-url", base], env=env, check=True, stderr=subprocess.DEVNULL)
    login = [cred, "login", name, "--client-id", "demo-client", "--secret-stdin"] + ([] if verify else ["--no-verify"])
    subprocess.run(login, env=env, check=True, input=b"demo-secret\n", stderr=subprocess.DEVNULL)
