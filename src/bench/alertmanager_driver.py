#!/usr/bin/env python3
"""Alertmanager as a webhook deliverer: N alerts in, N webhook notifications out (stdlib only).

    python3 alertmanager_driver.py --am-bin BIN --workdir DIR --port P --sink-url URL \
        --access-log FILE --n N [--batch 500] [--timeout S] [--count-ids] --out FILE.json

Starts a fresh Alertmanager on 127.0.0.1:P (gossip off, storage in DIR) whose only route sends to a webhook
receiver at --sink-url, with every alert its own group (group_by ['...'], group_wait 0s), so that each alert
becomes one notification. Then POSTs N alerts with distinct labels to /api/v2/alerts in batches over one
keep-alive connection and counts the deliveries in the sink's access log (one line per request, "$msec $status",
lines after the offset at the first POST). The time runs from the first POST to the N-th delivery logged by
the sink. Stops Alertmanager (SIGTERM) before it exits and writes one JSON object.

Every alert carries a unique label bench_id. With --count-ids the access log's lines are "$msec $status
$bench_id" (the queue sink's format, see sink_log.py): deliveries are then counted as distinct ids, and the log
is watched 3 s more after the N-th for duplicates. Alertmanager's VmRSS is sampled every 100 ms meanwhile.
"""
import argparse
import datetime
import http.client
import json
import os
import signal
import subprocess
import time
import urllib.request

from sink_log import SinkLog, Sampler, cpu_seconds, proc_status

CONFIG = """\
global:
  resolve_timeout: 5m
route:
  receiver: sink
  group_by: ['...']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: sink
    webhook_configs:
      - url: '{sink_url}'
        send_resolved: false
"""


def wait_ready(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"alertmanager exited at start with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("alertmanager did not become ready in 30 s")


def batches(n, size, run_id):
    starts = datetime.datetime.now(datetime.timezone.utc).isoformat()
    out = []
    for lo in range(0, n, size):
        alerts = [{
            "labels": {"alertname": "SwitchboardBench", "run": run_id, "idx": f"{i:06d}", "bench_id": f"{run_id}-{i}",
                       "severity": "warning", "instance": f"host-{i % 1000:04d}.example"},
            "annotations": {"summary": f"benchmark alert {i}"},
            "startsAt": starts,
        } for i in range(lo, min(n, lo + size))]
        out.append(json.dumps(alerts).encode())
    return out


class AccessLog:
    """Counts the lines appended to an nginx access log after a given offset; remembers the N-th one's time."""

    def __init__(self, path):
        self.path, self.offset, self.partial = path, os.path.getsize(path), b""
        self.count, self.non_200, self.first, self.nth = 0, 0, None, None

    def poll(self, n):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()  # an unfinished last line waits for the next poll
        for line in lines:
            msec, _, status = line.partition(b" ")
            self.count += 1
            if self.first is None:
                self.first = float(msec)
            if status.strip() != b"200":
                self.non_200 += 1
            if self.count == n:
                self.nth = float(msec)
        return self.count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--am-bin", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sink-url", required=True)
    ap.add_argument("--access-log", required=True)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--count-ids", action="store_true", help="the access log carries bench_id: count distinct ids")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    os.makedirs(os.path.join(args.workdir, "data"), exist_ok=True)
    config = os.path.join(args.workdir, "alertmanager.yml")
    with open(config, "w") as f:
        f.write(CONFIG.format(sink_url=args.sink_url))
    log = open(os.path.join(args.workdir, "alertmanager.log"), "w")
    proc = subprocess.Popen([args.am_bin, f"--config.file={config}",
                             f"--storage.path={os.path.join(args.workdir, 'data')}",
                             f"--web.listen-address=127.0.0.1:{args.port}", "--cluster.listen-address="],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_ready(args.port, proc)
        run_id = f"r{int(time.time())}"
        bodies = batches(args.n, args.batch, run_id)
        time.sleep(1.0)  # let start-up settle before the clock starts
        sink = SinkLog(args.access_log, prefix=run_id + "-") if args.count_ids else AccessLog(args.access_log)
        sampler = Sampler([proc.pid])
        cpu_before = cpu_seconds(proc.pid)
        sampler.start()
        errors = []
        t0 = time.time()
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        for body in bodies:
            conn.request("POST", "/api/v2/alerts", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"POST /api/v2/alerts answered {response.status}")
                break
        conn.close()
        posted = time.time() - t0
        deadline = t0 + args.timeout
        count = (lambda: sink.poll()) if args.count_ids else (lambda: sink.poll(args.n))
        while count() < args.n and time.time() < deadline and not errors:
            time.sleep(0.01)
        rss_at_end, cpu_after = proc_status(proc.pid, "VmRSS"), cpu_seconds(proc.pid)
        if args.count_ids:
            complete = len(sink.arrivals) >= args.n
            if complete:
                time.sleep(3.0)  # late duplicates
                sink.poll()
            end = max(sink.arrivals.values()) if complete else time.time()
            delivered = len(sink.arrivals)
        else:
            complete = sink.nth is not None
            end = sink.nth if complete else time.time()
            delivered = min(sink.count, args.n)
        sampler.stop()
        elapsed = end - t0
        result = {
            "n": args.n, "batch": args.batch, "complete": complete, "delivered": delivered,
            "elapsed_s": round(elapsed, 3), "per_s": round(delivered / elapsed, 1) if elapsed > 0 else None,
            "posts_done_s": round(posted, 3),
            "first_delivery_s": round(sink.first - t0, 3) if sink.first else None,
            "non_200_at_sink": sink.non_200, "errors": errors, "timeout_s": args.timeout,
            "rss_at_end_kib": rss_at_end, "rss_peak_kib": sampler.peak[proc.pid],
            "rss_hwm_kib": proc_status(proc.pid, "VmHWM"),
            "cpu_s": round(cpu_after - cpu_before, 2) if cpu_after is not None and cpu_before is not None else None,
        }
        if args.count_ids:
            result.update(duplicates=sink.duplicates, sink_lines=sink.lines, other_lines_at_sink=sink.no_id)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
