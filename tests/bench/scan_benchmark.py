#!/usr/bin/python3
"""Secret scan of a 100,000-file tree, beside the tools that bound it, in one run.

The tree (made once, under /tmp): 1,000 project folders of 100 files each: source files of many
kinds, one in ten a Python file, a .env in every tenth folder (some with a stored secret), a
notebook in every twentieth, a node_modules folder to skip in every fiftieth, and ten git
repositories with a history in which a .env was committed and deleted.

  bioepic-cred scan TREE --json      (this project: walk, read candidates, ask git)
  find TREE -type f                  (the walk alone: no tool can list the tree faster)
  grep -rIl CLIENT_SECRET TREE       (reading every file once, the way a naive scanner would)

Alternating, N runs (5 by default), medians of wall time and CPU (user+sys, children included).
Run it through tests/bench/run (it builds what is needed and provides a private keyring).
"""
import os
import shutil
import statistics
import subprocess
import time

from benchlib import argument_parser, measured, private_home


def git(directory, *arguments):
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.org", GIT_COMMITTER_NAME="b",
               GIT_COMMITTER_EMAIL="b@example.org")
    subprocess.run(["git", "-C", directory, *arguments], env=env, check=True, stdout=subprocess.DEVNULL)


def make_tree(root, files, secret):
    per_folder = 100
    kinds = [".c", ".h", ".txt", ".md", ".json", ".csv", ".yaml", ".R", ".sh"]
    body = "".join(f"line {n} of ordinary text, nothing secret here\n" for n in range(40))
    for folder in range(files // per_folder):
        directory = os.path.join(root, f"group{folder // 100}", f"project{folder}")
        os.makedirs(directory)
        for n in range(per_folder):
            if n % 10 == 0:
                name = f"module{n}.py"
                text = "import os\nvalue = os.environ['CLIENT_ID']\n" + body
            else:
                name = f"file{n}{kinds[n % len(kinds)]}"
                text = body
            with open(os.path.join(directory, name), "w") as fh:
                fh.write(text)
        if folder % 10 == 0:
            with open(os.path.join(directory, ".env"), "w") as fh:
                value = secret if folder % 30 == 0 else f"plain-{folder}"
                fh.write(f"ENV=prod\nCLIENT_ID=bench\nCLIENT_SECRET={value}\n")
        if folder % 20 == 0:
            with open(os.path.join(directory, "analysis.ipynb"), "w") as fh:
                fh.write('{"cells": [{"cell_type": "code", "source": ["print(1)"], "outputs": []}]}\n')
        if folder % 50 == 0:
            modules = os.path.join(directory, "node_modules", "pkg")
            os.makedirs(modules)
            with open(os.path.join(modules, ".env"), "w") as fh:
                fh.write("CLIENT_SECRET=vendored\n")
        if folder % 100 == 5:
            git(directory, "init", "-q")
            with open(os.path.join(directory, "old.env"), "w") as fh:
                fh.write(f"CLIENT_SECRET={secret}\n")
            git(directory, "add", ".")
            git(directory, "commit", "-qm", "first")
            git(directory, "rm", "-q", "old.env")
            git(directory, "commit", "-qm", "second")


def main():
    parser = argument_parser(__doc__)
    parser.add_argument("--files", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    cred = os.path.join(args.bin, "bioepic-cred")
    work, env = private_home("bioepic-scan-")
    secret = "bench-secret-" + os.urandom(8).hex()
    tree = os.path.join(work, "tree")
    try:
        # A stored secret to recognise, without a server: the login is not verified.
        subprocess.run([cred, "env", "add", "prod", "--base-url", "https://api.example.org"], env=env, check=True,
                       stderr=subprocess.DEVNULL)
        subprocess.run([cred, "login", "prod", "--client-id", "bench", "--secret-stdin", "--no-verify"], env=env,
                       check=True, input=(secret + "\n").encode(), stderr=subprocess.DEVNULL)
        started = time.perf_counter()
        make_tree(tree, args.files, secret)
        made = time.perf_counter() - started
        clients = {
            "bioepic-cred scan": [cred, "scan", tree, "--json"],
            "find -type f": ["find", tree, "-type", "f"],
            "grep -rIl": ["grep", "-rIl", "CLIENT_SECRET", tree],
        }
        for cmd in clients.values():
            measured(cmd, env, ok_codes=(0, 1))  # warm the page cache
        results = {name: ([], []) for name in clients}
        for rep in range(args.runs):
            for name in (list(clients) if rep % 2 == 0 else list(reversed(clients))):
                wall, cpu, _ = measured(clients[name], env, ok_codes=(0, 1))  # 1: found something
                results[name][0].append(wall)
                results[name][1].append(cpu)
        found = subprocess.run(clients["bioepic-cred scan"], env=env, capture_output=True, text=True).stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{args.files} files in {args.files // 100} folders (made in {made:.0f} s), {args.runs} alternating runs, "
          f"medians, warm page cache")
    print("| what | wall s | CPU s |")
    print("|---|---:|---:|")
    for name, (walls, cpus) in results.items():
        print(f"| {name} | {statistics.median(walls):.2f} | {statistics.median(cpus):.2f} |")
    findings = found.count('"severity"')
    print(f"\nfindings reported: {findings}")


if __name__ == "__main__":
    main()
