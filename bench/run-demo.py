#!/usr/bin/env python3
"""Times ./sitewatch demo from an empty data directory (docs/benchmarks.md, "The demo's first minute").

    bench/run-demo.py [--home DIR] [--mqtt-port 1887] [--http-port 8094] [--data-dir /tmp/wt-stars-demo] [--runs 3]

Each run deletes the data directory, starts the demo in its own process group (the jar must be
built: the launcher would build it otherwise, and that time would count), stamps every stderr line
with the seconds since the launch, and, from the moment the history is stored, asks the HTTP API
every 3 s for the four sites' ratings over the last 30 days (as the admin token it gives the demo in SITEWATCH_ADMIN_TOKEN)
until they show at least two different star counts.
It reports the seconds to the first live alarm, to the history stored, to the first answer of the
API showing at least two different star counts, to the demo's own rating lines, and to the
rollups caught up; then stops the demo with SIGTERM to its process group, waits for it to exit and
checks that its embedded PostgreSQL has stopped. Nothing else on the machine is touched.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

SITES = ["FZ-GL-001", "QZ-FZ-001", "XM-SM-001", "ZZ-XC-001"]
TOKEN = "bench-run-demo-admin-token"


def ratings(port, frm, to):
    stars = {}
    for site in SITES:
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/sites/{site}/rating?from={frm}&to={to}",
                                     headers={"Authorization": "Bearer " + TOKEN})
        with urllib.request.urlopen(req, timeout=120) as r:
            stars[site] = json.loads(r.read())["stars"]
    return stars


def one_run(args, n):
    shutil.rmtree(args.data_dir, ignore_errors=True)
    env = dict(os.environ, SITEWATCH_ADMIN_TOKEN=TOKEN)
    cmd = [os.path.join(args.home, "sitewatch"), "demo", "--mqtt-port", str(args.mqtt_port),
           "--http-port", str(args.http_port), "--data-dir", args.data_dir]
    log = open(f"{args.log_prefix}-{n}.log", "w")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    marks = {}
    stored = threading.Event()
    done = threading.Event()
    rating_lines = {}

    def read():
        for line in p.stderr:
            t = time.monotonic() - t0
            log.write(f"{t:7.1f} {line}")
            log.flush()
            if "first live alarm" in line and "alarm" not in marks:
                marks["alarm"] = t
            if "history: stored" in line and "stored" not in marks:
                marks["stored"] = t
                stored.set()
            m = re.search(r"demo: rating (\S+) over the history: (\d+) star", line)
            if m:
                rating_lines[m.group(1)] = int(m.group(2))
                if len(set(rating_lines.values())) >= 2 and "demo_ratings" not in marks:
                    marks["demo_ratings"] = t
            if ("history: ready" in line or "history: rolled up" in line) and "rolled_up" not in marks:
                marks["rolled_up"] = t
            if "did not complete" in line:
                marks["failed"] = t

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def poll():
        stored.wait()
        frm = int((datetime.datetime.now() - datetime.timedelta(days=30)).timestamp() * 1000)
        while not done.is_set() and "api_stars" not in marks:
            start = time.monotonic()
            try:
                s = ratings(args.http_port, frm, int(time.time() * 1000))
                log.write(f"{time.monotonic() - t0:7.1f} [poll] {s}\n")
                if len(set(s.values())) >= 2 and "api_stars" not in marks:
                    marks["api_stars"] = time.monotonic() - t0
                    marks["api_stars_values"] = s
            except Exception as e:  # not up yet, or busy
                log.write(f"{time.monotonic() - t0:7.1f} [poll] {e}\n")
            time.sleep(max(0.0, 3 - (time.monotonic() - start)))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    deadline = t0 + args.timeout
    while time.monotonic() < deadline and not ("rolled_up" in marks and "api_stars" in marks) and "failed" not in marks \
            and p.poll() is None:
        time.sleep(0.5)
    done.set()
    os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(timeout=120)
    except subprocess.TimeoutExpired:
        print("the demo did not stop within 120 s of SIGTERM", file=sys.stderr)
    reader.join(timeout=10)
    pg = subprocess.run(["pgrep", "-f", os.path.join(args.data_dir, "postgres")], capture_output=True, text=True).stdout.split()
    marks["postgres_left"] = pg
    log.close()
    return marks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--mqtt-port", type=int, default=1887)
    ap.add_argument("--http-port", type=int, default=8094)
    ap.add_argument("--data-dir", default="/tmp/wt-stars-demo")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=400)
    ap.add_argument("--log-prefix", default="/tmp/run-demo")
    args = ap.parse_args()
    for n in range(1, args.runs + 1):
        m = one_run(args, n)
        f = lambda k: f"{m[k]:.1f}" if k in m else "-"
        print(f"run {n}: first live alarm {f('alarm')} s, history stored {f('stored')} s, "
              f">=2 star counts: API {f('api_stars')} s {m.get('api_stars_values', '')}, demo's lines {f('demo_ratings')} s; "
              f"rolled up {f('rolled_up')} s; postgres left running: {m['postgres_left'] or 'none'}"
              + (" FAILED" if "failed" in m else ""), flush=True)


if __name__ == "__main__":
    main()
