#!/usr/bin/env python3
"""N `_execute` calls in flight at once, with the server's memory sampled meanwhile (stdlib only).

    python3 concurrency.py --port P --connector ID --n N --timeout S --pid SERVER_PID --out FILE.json

Opens N connections to 127.0.0.1:P at once (one asyncio task each), sends one POST .../_execute on each and
waits for every answer, until all N are answered or --timeout seconds have passed; calls still open then are
counted as timed out. Meanwhile a thread reads VmRSS of --pid from /proc every 50 ms. Writes one JSON object:
wall time, latency percentiles, how many answered 200 with "status":"ok", how many were rejected/failed,
and the server's RSS before and at peak.
"""
import argparse
import asyncio
import json
import os
import resource
import threading
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    def __init__(self, pid, interval=0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak, self.samples = 0, 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            value = rss_kib(self.pid)
            if value is not None:
                self.peak = max(self.peak, value)
                self.samples += 1
            self.stopped.wait(self.interval)


async def one_call(port, path, body, i):
    """Returns (http status or 0, execute status or error text, seconds)."""
    started = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        payload = json.dumps({"params": {"body": json.dumps({"call": i, "text": body})}}).encode()
        writer.write(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nkbn-xsrf: x\r\n"
                     b"Authorization: " + os.environ["BENCH_AUTHORIZATION"].encode() + b"\r\n"
                     b"Content-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        data = await (reader.readexactly(length) if length is not None else reader.read())
        try:
            outcome = json.loads(data).get("status", "?")
        except (ValueError, AttributeError):
            outcome = "unparsable body"
        return status, outcome, time.monotonic() - started
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError) as e:
        return 0, f"{type(e).__name__}: {e}", time.monotonic() - started
    finally:
        if writer is not None:
            writer.close()


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, int(round(q * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


async def run(args):
    path = f"/api/actions/connector/{args.connector}/_execute"
    body = "concurrency benchmark " + "x" * 200
    tasks = [asyncio.create_task(one_call(args.port, path, body, i)) for i in range(args.n)]
    started = time.monotonic()
    done, pending = await asyncio.wait(tasks, timeout=args.timeout)
    wall = time.monotonic() - started
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=10)
    return [t.result() for t in done], len(pending), wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--connector", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--timeout", type=float, required=True)
    ap.add_argument("--pid", type=int, required=True, help="the server's pid, for RSS")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.n + 100:
        raise SystemExit(f"open-file limit {hard} is too low for {args.n} connections (raise ulimit -n)")

    rss_idle = rss_kib(args.pid)
    sampler = RssSampler(args.pid)
    sampler.start()
    results, timed_out, wall = asyncio.run(run(args))
    sampler.stopped.set()
    sampler.join()

    answered = [r for r in results if r[0] != 0]
    ok = sum(1 for r in results if r[0] == 200 and r[1] == "ok")
    latencies = sorted(r[2] for r in answered)
    errors = {}
    for r in results:
        if not (r[0] == 200 and r[1] == "ok"):
            key = f"{r[0]} {r[1]}" if r[0] else str(r[1])[:120]
            errors[key] = errors.get(key, 0) + 1
    peak = max(sampler.peak, rss_idle or 0)
    result = {
        "n": args.n, "timeout_s": args.timeout, "timed_out": timed_out, "complete": timed_out == 0,
        "wall_s": round(wall, 3), "answered": len(answered), "ok": ok,
        "answered_200": sum(1 for r in results if r[0] == 200),
        "rejected_or_failed": args.n - ok - timed_out, "errors": errors,
        "p50_s": percentile(latencies, 0.50), "p99_s": percentile(latencies, 0.99),
        "max_s": latencies[-1] if latencies else None,
        "rss_idle_kib": rss_idle, "rss_peak_kib": peak, "rss_samples": sampler.samples,
        "rss_per_execution_kib": round((peak - rss_idle) / args.n, 2) if rss_idle else None,
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
