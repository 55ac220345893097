#!/usr/bin/env python3
"""Measures the alert flood on a running demo, with two Alertmanager configurations side by side.

Starts Prometheus (the project's rules) scraping the demo, and two Alertmanagers fed by it: one
with an older configuration (BEFORE, e.g. `git show <commit>:docker/alertmanager/alertmanager.yml`)
and one with the current generated file. Each delivers to a receiver of its own here, which counts
notifications per department. Prints, per minute, the alerts Prometheus holds and the alerts each
Alertmanager would notify (active, not inhibited), then notifications per department per hour.

  ./demo --no-monitoring &                      # wait for "Demo ready"
  git show 0737af1:docker/alertmanager/alertmanager.yml > /tmp/before.yml
  python3 docker/alertmanager/measure_flood.py /tmp/before.yml docker/alertmanager/alertmanager.yml 30

Needs prometheus and prometheus-alertmanager on the PATH; loopback only.
"""
import collections
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

PUBLISHER, AGGREGATOR = "127.0.0.1:9080", "127.0.0.1:9081"
PROMETHEUS_PORT, PORTS = 19390, {"before": (19393, 19196), "after": (19394, 19197)}
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

counts = {name: collections.Counter() for name in PORTS}


def receiver(name, port):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            counts[name][self.path] += 1
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def main(before, after, minutes):
    work = tempfile.mkdtemp(prefix="planwatch-flood-")
    procs = []
    for name, config in (("before", before), ("after", after)):
        am_port, hook_port = PORTS[name]
        receiver(name, hook_port)
        d = os.path.join(work, name)
        os.makedirs(d)
        with open(config) as f, open(os.path.join(d, "alertmanager.yml"), "w") as out:
            out.write(f.read().replace("127.0.0.1:19095/", "127.0.0.1:%d/" % hook_port))
        procs.append(subprocess.Popen(["prometheus-alertmanager", "--config.file=" + os.path.join(d, "alertmanager.yml"),
                                       "--storage.path=" + os.path.join(d, "data"),
                                       "--web.listen-address=127.0.0.1:%d" % am_port, "--cluster.listen-address="],
                                      stdout=open(os.path.join(d, "log"), "w"), stderr=subprocess.STDOUT))
    prom = os.path.join(work, "prometheus")
    shutil.copytree(os.path.join(REPO, "docker", "prometheus"), prom)
    targets = os.path.join(prom, "targets")
    shutil.rmtree(targets, ignore_errors=True)
    os.makedirs(targets)
    for name, target in (("publisher", PUBLISHER), ("aggregator", AGGREGATOR)):
        with open(os.path.join(targets, name + ".json"), "w") as f:
            json.dump([{"targets": [target]}], f)
    with open(os.path.join(targets, "alertmanager.json"), "w") as f:
        json.dump([{"targets": ["127.0.0.1:%d" % p for p, _ in PORTS.values()]}], f)
    procs.append(subprocess.Popen(["prometheus", "--config.file=" + os.path.join(prom, "prometheus.yml"),
                                   "--storage.tsdb.path=" + os.path.join(prom, "data"),
                                   "--web.listen-address=127.0.0.1:%d" % PROMETHEUS_PORT],
                                  stdout=open(os.path.join(prom, "log"), "w"), stderr=subprocess.STDOUT))
    started = time.time()
    try:
        print("minute  prometheus(pending+firing, initiative+supervision)  before(notify)  after(notify)")
        for minute in range(1, minutes + 1):
            time.sleep(max(0, started + 60 * minute - time.time()))
            q = urllib.parse.quote('count(ALERTS{category=~"initiative|supervision"})')
            result = get("http://127.0.0.1:%d/api/v1/query?query=%s" % (PROMETHEUS_PORT, q))["data"]["result"]
            held = int(float(result[0]["value"][1])) if result else 0
            active = {}
            for name, (am_port, _) in PORTS.items():
                alerts = get("http://127.0.0.1:%d/api/v2/alerts?active=true&inhibited=false&silenced=false" % am_port)
                active[name] = len([a for a in alerts if a["labels"].get("category") in ("initiative", "supervision")])
            print("%6d  %50d  %14d  %13d" % (minute, held, active["before"], active["after"]), flush=True)
        hours = (time.time() - started) / 3600
        for name in PORTS:
            departments = {p: n for p, n in counts[name].items() if p.startswith("/departments/")}
            total = sum(departments.values())
            print("%s: %d notifications to %d departments in %.2f h: %.1f per department per hour (max %.1f)"
                  % (name, total, len(departments), hours, total / max(1, len(departments)) / hours,
                     max(departments.values(), default=0) / hours))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
