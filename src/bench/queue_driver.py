#!/usr/bin/env python3
"""Drives one durable queue for queue.sh and times what reaches the sink (stdlib only).

    python3 queue_driver.py bulk   --producer switchboard --url URL[,URL] --connector ID | --producer node --node-cmd CMD
                                   --sink-log FILE --tag TAG --n N [--chunk 1000] [--parallel 4] [--pid NAME=PID ...]
                                   [--postmaster PID] [--timeout S] [--stall S] --out FILE.json
    python3 queue_driver.py probes (same producer options) --sink-log FILE --tag TAG --n K [--gap-ms 50-250] --out FILE.json

bulk: builds N payloads, each a ~300-byte alert-like JSON document with a unique "bench_id" (TAG-i), in calls
of --chunk items, before the clock starts. Then --parallel senders queue them (with several --url, each call goes
to the next URL in turn). The time runs from the first call until the sink has logged every queued id; then
the sink is watched 3 s more for duplicates. Meanwhile the VmRSS of every --pid is sampled every 100 ms.

probes: K single items one after another on an otherwise idle queue, with a random pause of --gap-ms between
them. Each latency runs from just before the enqueue call is sent to the sink's log time of that id ($msec,
1 ms resolution).

Producers:
- switchboard: POST {url}/api/actions/_bulk_enqueue with a JSON array of {"id": connector, "params": {"body":
  payload}}; an item answered other than "success" is not waited for and is counted as refused.
- node: a process (--node-cmd, run through the shell) that reads one JSON command a line on stdin and answers
  one JSON line on stdout: {"cmd":"bulk","tag","n","chunk","parallel"} -> {"t0","t1","first_commit"} and
  {"cmd":"one","id"} -> {"t_done"} (epoch seconds). It prints {"ready":true,...} first.
"""
import argparse
import http.client
import json
import os
import math
import random
import subprocess
import threading
import time
import urllib.parse

from sink_log import SinkLog, Sampler, cpu_seconds, postgres_memory, proc_status

DUPLICATE_WATCH_S = 3.0


def payload(tag, i):
    return {
        "bench_id": f"{tag}-{i}",
        "receiver": "switchboard-bench", "status": "firing",
        "alerts": [{"status": "firing",
                    "labels": {"alertname": "QueueBench", "instance": "host-0001.example", "severity": "warning",
                               "idx": f"{i:06d}" if isinstance(i, int) else str(i)},
                    "annotations": {"summary": "benchmark notification"},
                    "startsAt": "2026-11-22T10:00:00Z", "fingerprint": "0123456789abcdef"}],
        "version": "4",
    }


def percentile(sorted_values, q):
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


class SwitchboardProducer:
    def __init__(self, urls, connector):
        self.targets = [urllib.parse.urlsplit(u) for u in urls]
        self.connector = connector
        self.uuids = []
        self.answers = {}           # response -> count
        self.http_errors = []

    def info(self):
        return {"producer": "switchboard", "urls": [t.geturl() for t in self.targets]}

    def _item(self, tag, i):
        return {"id": self.connector, "params": {"body": json.dumps(payload(tag, i), separators=(",", ":"))}}

    def _post(self, conn, body):
        conn.request("POST", "/api/actions/_bulk_enqueue", body=body,
                     headers={"Content-Type": "application/json", "kbn-xsrf": "true",
                              "Authorization": os.environ["BENCH_AUTHORIZATION"]})
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"_bulk_enqueue answered {response.status}: {data[:200]!r}")
        return json.loads(data)

    def _tally(self, answer):
        for item in answer.get("items", []):
            self.answers[item.get("response")] = self.answers.get(item.get("response"), 0) + 1
            if item.get("response") == "success":
                self.uuids.append(item.get("uuid"))

    def bulk(self, tag, n, chunk, parallel):
        bodies = [json.dumps([self._item(tag, i) for i in range(lo, min(n, lo + chunk))]).encode()
                  for lo in range(0, n, chunk)]
        next_call = iter(range(len(bodies)))
        lock, start = threading.Lock(), threading.Event()
        times = {"first_commit": None, "t1": None}

        def sender():
            conns = {}
            start.wait()
            while True:
                with lock:
                    index = next(next_call, None)
                if index is None:
                    break
                target = self.targets[index % len(self.targets)]
                if target not in conns:
                    conns[target] = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
                try:
                    answer = self._post(conns[target], bodies[index])
                except (OSError, RuntimeError, ValueError) as e:
                    with lock:
                        self.http_errors.append(str(e)[:200])
                    conns.pop(target).close()
                    continue
                done = time.time()
                with lock:
                    self._tally(answer)
                    times["first_commit"] = times["first_commit"] or done
                    times["t1"] = max(times["t1"] or 0, done)
            for conn in conns.values():
                conn.close()

        threads = [threading.Thread(target=sender, daemon=True) for _ in range(parallel)]
        for t in threads:
            t.start()
        t0 = time.time()
        start.set()
        for t in threads:
            t.join()
        return {"t0": t0, "t1": times["t1"] or time.time(), "first_commit": times["first_commit"],
                "accepted": self.answers.get("success", 0)}

    def one(self, item_id):
        target = self.targets[0]
        conn = getattr(self, "_probe_conn", None)
        if conn is None:
            conn = self._probe_conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        answer = self._post(conn, json.dumps([self._item(*item_id.rsplit("-", 1))]).encode())
        self._tally(answer)
        return {"t_done": time.time(), "accepted": answer["items"][0].get("response") == "success"}

    def sample_states(self, count):
        """GET /api/actions/execution/{uuid} for up to `count` random queued executions; returns state -> count."""
        target = self.targets[0]
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        states = {}
        for uuid in random.sample(self.uuids, min(count, len(self.uuids))):
            conn.request("GET", f"/api/actions/execution/{uuid}",
                             headers={"Authorization": os.environ["BENCH_AUTHORIZATION"]})
            response = conn.getresponse()
            data = response.read()
            state = json.loads(data).get("state", "?") if response.status == 200 else f"HTTP {response.status}"
            states[state] = states.get(state, 0) + 1
        conn.close()
        return states

    def close(self):
        pass


class NodeProducer:
    def __init__(self, command):
        self.proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = self._read()

    def _read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"node producer exited (code {self.proc.poll()})")
        return json.loads(line)

    def _ask(self, command):
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise SystemExit(f"node producer: {answer['error']}")
        return answer

    def info(self):
        return {"producer": "node", **self.ready}

    def bulk(self, tag, n, chunk, parallel):
        answer = self._ask({"cmd": "bulk", "tag": tag, "n": n, "chunk": chunk, "parallel": parallel})
        return {**answer, "accepted": n}

    def one(self, item_id):
        return {**self._ask({"cmd": "one", "id": item_id}), "accepted": True}

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


def run_bulk(args, producer, pids):
    sink = SinkLog(args.sink_log, prefix=args.tag + "-")
    sampler = Sampler(pids.values())
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    sampler.start()
    sent = producer.bulk(args.tag, args.n, args.chunk, args.parallel)
    expected = sent["accepted"]
    last_count, last_change = -1, time.time()
    state = "complete" if expected else "nothing queued"
    while expected and sink.poll() < expected:
        now = time.time()
        if len(sink.arrivals) != last_count:
            last_count, last_change = len(sink.arrivals), now
        if now - last_change > args.stall:
            state = "stalled"
            break
        if now - sent["t0"] > args.timeout:
            state = "timeout"
            break
        time.sleep(0.02)
    at_end = {name: proc_status(pid, "VmRSS") for name, pid in pids.items()}
    cpu_after = {name: cpu_seconds(pid) for name, pid in pids.items()}
    time.sleep(DUPLICATE_WATCH_S)
    sink.poll()
    sampler.stop()
    end = max(sink.arrivals.values()) if sink.arrivals else time.time()
    elapsed = end - sent["t0"]
    delivered = len(sink.arrivals)
    result = {
        "mode": "bulk", **producer.info(), "tag": args.tag, "n": args.n, "chunk": args.chunk,
        "parallel": args.parallel, "state": state, "accepted": expected, "delivered": delivered,
        "missing": expected - delivered, "duplicates": sink.duplicates, "non_200_at_sink": sink.non_200,
        "other_lines_at_sink": sink.no_id,
        "elapsed_s": round(elapsed, 3), "delivered_per_s": round(delivered / elapsed, 1) if elapsed > 0 else None,
        "enqueue_s": round(sent["t1"] - sent["t0"], 3),
        "enqueue_per_s": round(expected / (sent["t1"] - sent["t0"]), 1) if sent["t1"] > sent["t0"] else None,
        "first_commit_s": round(sent["first_commit"] - sent["t0"], 3) if sent.get("first_commit") else None,
        "first_delivery_s": round(sink.first - sent["t0"], 3) if sink.first else None,
        "rss_at_end_kib": at_end, "rss_peak_kib": {n: sampler.peak[p] for n, p in pids.items()},
        "rss_hwm_kib": {name: proc_status(pid, "VmHWM") for name, pid in pids.items()},
        "cpu_s": {name: round(cpu_after[name] - cpu_before[name], 2) for name in pids
                  if cpu_after[name] is not None and cpu_before[name] is not None},
        "timeout_s": args.timeout, "stall_s": args.stall,
    }
    if isinstance(producer, SwitchboardProducer):
        result["answers"] = producer.answers
        result["http_errors"] = producer.http_errors[:5]
        result["http_error_count"] = len(producer.http_errors)
        result["sampled_states"] = producer.sample_states(args.sample_states)
    if args.postmaster:
        result["postgres"] = postgres_memory(args.postmaster)
    return result


def run_probes(args, producer, pids):
    sink = SinkLog(args.sink_log, prefix=args.tag + "-")
    lo, hi = (float(x) / 1000 for x in args.gap_ms.split("-"))
    latencies, commits, lost, refused = [], [], 0, 0
    for k in range(args.n):
        time.sleep(random.uniform(lo, hi))
        item_id = f"{args.tag}-{k}"
        t_send = time.time()
        answer = producer.one(item_id)
        commits.append(answer["t_done"] - t_send)
        if not answer["accepted"]:
            refused += 1
            continue
        deadline = time.time() + 10
        while item_id not in sink.arrivals and time.time() < deadline:
            time.sleep(0.001)
            sink.poll()
        if item_id in sink.arrivals:
            latencies.append(sink.arrivals[item_id] - t_send)
        else:
            lost += 1
    time.sleep(1.0)
    sink.poll()
    ms = sorted(round(x * 1000, 1) for x in latencies)
    commit_ms = sorted(round(x * 1000, 2) for x in commits)
    return {
        "mode": "probes", **producer.info(), "tag": args.tag, "n": args.n, "gap_ms": args.gap_ms,
        "delivered": len(latencies), "lost": lost, "refused": refused, "duplicates": sink.duplicates,
        "p50_ms": percentile(ms, 0.50), "p99_ms": percentile(ms, 0.99), "max_ms": ms[-1] if ms else None,
        "min_ms": ms[0] if ms else None,
        "commit_p50_ms": percentile(commit_ms, 0.50), "commit_p99_ms": percentile(commit_ms, 0.99),
        "rss_kib": {name: proc_status(pid, "VmRSS") for name, pid in pids.items()},
        "latencies_ms": [round(x * 1000, 1) for x in latencies],
        "commits_ms": [round(x * 1000, 2) for x in commits],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["bulk", "probes"])
    ap.add_argument("--producer", choices=["switchboard", "node"], required=True)
    ap.add_argument("--url", help="Switchboard base URL(s), comma separated")
    ap.add_argument("--connector", default="bench-queue")
    ap.add_argument("--node-cmd")
    ap.add_argument("--sink-log", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--chunk", type=int, default=1000)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--gap-ms", default="50-250")
    ap.add_argument("--pid", action="append", default=[], help="NAME=PID of a process whose memory and CPU count")
    ap.add_argument("--postmaster", type=int, help="PostgreSQL server whose memory (PSS) is read at the end")
    ap.add_argument("--sample-states", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--stall", type=float, default=30.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    pids = {name: int(pid) for name, pid in (p.split("=", 1) for p in args.pid)}
    if args.producer == "switchboard":
        producer = SwitchboardProducer(args.url.split(","), args.connector)
    else:
        producer = NodeProducer(args.node_cmd)
    try:
        result = run_bulk(args, producer, pids) if args.mode == "bulk" else run_probes(args, producer, pids)
    finally:
        producer.close()
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
