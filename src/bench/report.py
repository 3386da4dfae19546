#!/usr/bin/env python3
"""Turns the raw outputs of one run.sh run into the results table (markdown, stdout).

    python3 report.py OUT_DIR

Reads from OUT_DIR: environment.txt, figures.txt (key=value lines written by run.sh), wrk-*.txt (wrk --latency
output), hey-*.csv (hey -o csv: one row per answered request), alertmanager.json and concurrency-*.json; and,
when the queue section ran, its tables (queue_report.py). Every figure in the tables comes from those files, so
they can be rebuilt from a results directory.
"""
import csv
import json
import math
import os
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def read_figures(out):
    figures = {}
    path = os.path.join(out, "figures.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    figures[key] = value
    return figures


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def wrk_result(path):
    """requests/s, p50/p99/max ms, request count, non-2xx, socket errors, not-ok bodies from wrk --latency output."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None

    def ms(token):
        m = re.match(r"([\d.]+)(us|ms|s|m|h)$", token)
        return float(m.group(1)) * UNITS[m.group(2)] if m else None

    result = {"text": text}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    result["rps"] = float(m.group(1)) if m else None
    for label, key in (("50%", "p50"), ("99%", "p99")):
        m = re.search(r"^\s+" + re.escape(label) + r"\s+(\S+)", text, re.M)
        result[key] = ms(m.group(1)) if m else None
    m = re.search(r"^[ \t]+Latency[ \t]+\S+[ \t]+\S+[ \t]+(\S+)", text, re.M)
    result["max"] = ms(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    result["requests"] = int(m.group(1)) if m else None
    result["duration"] = (m.group(2) + m.group(3)) if m else None
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    result["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    m = re.search(r"not-ok bodies: (\d+)", text)
    result["not_ok"] = int(m.group(1)) if m else None
    return result


def percentile(sorted_values, q):
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def hey_result(path, sent):
    """Latency percentiles (ms), achieved rate and error counts from hey -o csv output."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return None
    rows = [r for r in rows if r.get("response-time") not in (None, "")]
    latencies = sorted(float(r["response-time"]) * 1000.0 for r in rows)
    span = max((float(r["offset"]) + float(r["response-time"]) for r in rows), default=0.0)
    return {
        "answered": len(rows), "sent": sent,
        "non200": sum(1 for r in rows if r["status-code"] != "200"),
        "p50": percentile(latencies, 0.50), "p99": percentile(latencies, 0.99),
        "p999": percentile(latencies, 0.999), "max": latencies[-1] if latencies else None,
        "rate": len(rows) / span if span > 0 else None, "span_s": span,
    }


def fmt_ms(value):
    if value is None:
        return "–"
    if value < 1:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    if value < 1000:
        return f"{value:.0f} ms"
    return f"{value / 1000:,.2f} s"


def fmt_delta(value):
    if value is None:
        return "–"
    return ("+" if value >= 0 else "−") + fmt_ms(abs(value))


def fmt_int(value):
    return "–" if value is None else f"{value:,}"


def mib(kib):
    return "–" if kib in (None, "") else f"{int(kib) / 1024:,.0f} MiB"


def main():
    out = sys.argv[1]
    figures = read_figures(out)
    rows = []

    def row(section, scenario, result, p50="", p99="", p999="", mx="", errors="", notes=""):
        rows.append([section, scenario, result, p50, p99, p999, mx, errors, notes])

    # 1. throughput ---------------------------------------------------------------------------------------------
    conns = figures.get("wrk_connections", "64")
    sect = f"1 throughput, wrk -c{conns}"
    wrk = {}
    for key, label in (("sink", "sink direct: nginx `return 200`"),
                       ("relay", "nginx `proxy_pass` relay → sink"),
                       ("execute-webhook", "`_execute` `.webhook` → sink"),
                       ("execute-server-log", "`_execute` `.server-log`"),
                       ("execute-index", "`_execute` `.index` → search node")):
        r = wrk_result(os.path.join(out, f"wrk-{key}.txt"))
        wrk[key] = r
        if r is None:
            reason = figures.get(f"skip_{key}", "not run")
            row(sect, label, f"skipped: {reason}")
            continue
        if r["rps"] is None:
            row(sect, label, "no result (see raw output)", notes=f"wrk-{key}.txt")
            continue
        errors = f"non-2xx {fmt_int(r['non2xx'])}, socket {fmt_int(r['socket_errors'])}"
        if r["not_ok"] is not None:
            errors += f", status≠ok {fmt_int(r['not_ok'])}"
        row(sect, label, f"{r['rps']:,.0f} req/s", fmt_ms(r["p50"]), fmt_ms(r["p99"]), "", fmt_ms(r["max"]),
            errors, f"{fmt_int(r['requests'])} requests in {r['duration']}")

    am = read_json(os.path.join(out, "alertmanager.json"))
    am_rate = None
    if am is None:
        row(sect, "Alertmanager: alerts → webhooks → sink", f"skipped: {figures.get('skip_alertmanager', 'not run')}")
    else:
        am_rate = am["per_s"] if am["complete"] else None
        result = f"{am['per_s']:,.0f} delivered/s" if am["complete"] else \
            f"TIMEOUT: {am['delivered']:,}/{am['n']:,} in {am['timeout_s']:.0f} s"
        row(sect, f"Alertmanager: {am['n']:,} alerts → {am['n']:,} webhooks → sink", result,
            errors=f"non-200 at sink {am['non_200_at_sink']}" + (f"; {am['errors'][0]}" if am["errors"] else ""),
            notes=f"{am['delivered']:,}/{am['n']:,} delivered in {am['elapsed_s']:.2f} s from the first POST "
                  f"(POSTs of {am['batch']} done at {am['posts_done_s']:.2f} s, first delivery at "
                  f"{am['first_delivery_s'] if am['first_delivery_s'] is not None else '–'} s)")

    hook = wrk.get("execute-webhook")
    hook_rps = hook["rps"] if hook else None
    relay_rps = wrk["relay"]["rps"] if wrk.get("relay") else None
    if hook_rps and am_rate:
        row(sect, "ratio `.webhook` / Alertmanager", f"{hook_rps / am_rate:.3f}×",
            notes=f"{hook_rps:,.0f} req/s ÷ {am_rate:,.0f} delivered/s")
    else:
        row(sect, "ratio `.webhook` / Alertmanager", "–", notes="a figure is missing")
    if hook_rps and relay_rps:
        row(sect, "ratio `.webhook` / relay", f"{hook_rps / relay_rps:.3f}×",
            notes=f"{hook_rps:,.0f} ÷ {relay_rps:,.0f} req/s")
    else:
        row(sect, "ratio `.webhook` / relay", "–", notes="a figure is missing")

    # 2. latency at fixed rates ---------------------------------------------------------------------------------
    sect = "2 latency at a fixed rate (hey)"
    for rate in [r for r in figures.get("rates", "").split(",") if r]:
        paced = {}
        for target, label in (("relay", "relay"), ("execute", "`_execute` `.webhook`")):
            sent = int(figures.get(f"hey_{target}_{rate}_n", "0") or 0)
            workers = figures.get(f"hey_{target}_{rate}_c", "?")
            h = hey_result(os.path.join(out, f"hey-{target}-{rate}.csv"), sent)
            paced[target] = h
            if h is None or not h["answered"]:
                row(sect, f"{label} @ {rate} req/s", "no result", notes=f"hey-{target}-{rate}.csv")
                continue
            row(sect, f"{label} @ {rate} req/s", f"{h['rate']:,.0f} req/s achieved", fmt_ms(h["p50"]),
                fmt_ms(h["p99"]), fmt_ms(h["p999"]), fmt_ms(h["max"]),
                f"non-200 {h['non200']}, unanswered {sent - h['answered']}",
                f"{h['answered']:,}/{sent:,} answered in {h['span_s']:.1f} s; {workers} workers × "
                f"{int(rate) // int(workers) if workers.isdigit() else '?'} req/s")
        r, e = paced.get("relay"), paced.get("execute")
        if r and e and r["answered"] and e["answered"]:
            row(sect, f"`_execute` − relay @ {rate} req/s", "overhead", fmt_delta(e["p50"] - r["p50"]),
                fmt_delta(e["p99"] - r["p99"]), fmt_delta(e["p999"] - r["p999"]),
                fmt_delta(e["max"] - r["max"]))

    # 3. concurrency --------------------------------------------------------------------------------------------
    sect = "3 concurrency, receiver answers after 1 s"
    for n in [n for n in figures.get("concurrency", "").split(",") if n]:
        c = read_json(os.path.join(out, f"concurrency-{n}.json"))
        label = f"{int(n):,} `_execute` in flight at once"
        if c is None:
            row(sect, label, "no result", notes=figures.get(f"concurrency_{n}_error", ""))
            continue
        result = f"wall {c['wall_s']:.1f} s" if c["complete"] else \
            f"TIMEOUT after {c['timeout_s']:.0f} s: {c['answered']:,}/{c['n']:,} answered"
        p50 = fmt_ms(c["p50_s"] * 1000) if c["p50_s"] is not None else "–"
        mx = fmt_ms(c["max_s"] * 1000) if c["max_s"] is not None else "–"
        per = c["rss_per_execution_kib"]
        errs = ", ".join(f"{v}× {k}" for k, v in sorted(c["errors"].items(), key=lambda kv: -kv[1])[:2])
        notes = f"{per:,.1f} KiB per in-flight execution (RSS {mib(c['rss_idle_kib'])} idle → " \
                f"{mib(c['rss_peak_kib'])} peak, {c['rss_samples']} samples)" if per is not None else "RSS not read"
        limit = figures.get("open_files", "")
        if limit.isdigit() and int(limit) < 2 * int(n) + 1000:
            notes += f"; open-file limit {int(limit):,} is under 2 per call"
        row(sect, label, result, p50, "", "", mx,
            f"rejected/failed {c['rejected_or_failed']:,}, timed out {c['timed_out']:,}" + (f" ({errs})" if errs else ""),
            notes)

    # 4. start-up -----------------------------------------------------------------------------------------------
    sect = "4 start-up and memory"
    if figures.get("startup_ready_s"):
        row(sect, "`java -jar` → `/q/health/ready` 200", f"{float(figures['startup_ready_s']):.2f} s",
            notes="second start: embedded PostgreSQL already initialised (first start: "
                  f"{float(figures.get('startup_first_ready_s', 'nan')):.2f} s)")
        row(sect, "`java -jar` → first `_execute` answered", f"{float(figures['startup_first_execute_s']):.2f} s",
            notes=f"connector created during the first start; answer status: "
                  f"{figures.get('startup_first_execute_status', '?')}")
    else:
        row(sect, "start-up", "no result")
    row(sect, "RSS idle after start", mib(figures.get("rss_idle_kib")), notes="VmRSS, 3 s after ready")
    row(sect, "RSS after all the load", mib(figures.get("rss_after_kib")),
        notes=f"VmHWM (lifetime peak) {mib(figures.get('rss_hwm_kib'))}")

    # 5. event log ----------------------------------------------------------------------------------------------
    sect = "5 event-log completeness"
    for key, label in (("paced", "fixed-rate `_execute` runs"), ("slow", "concurrency runs")):
        if f"eventlog_{key}_answered" not in figures:
            continue
        answered = int(figures[f"eventlog_{key}_answered"])
        kpi = json.loads(figures.get(f"eventlog_{key}_kpi", "{}") or "{}")
        events = kpi.get("success", 0) + kpi.get("failure", 0) if kpi else None
        timed_out = int(figures.get(f"eventlog_{key}_timed_out", "0") or 0)
        if events is None:
            verdict = "no KPI answer"
        elif events == answered:
            verdict = "nothing lost"
        elif timed_out and events > answered:
            verdict = f"{events - answered:+,} rows from calls the client gave up on: not comparable"
        else:
            verdict = f"MISMATCH: {events - answered:+,}"
        later = figures.get(f"eventlog_{key}_kpi_later")
        note = f"connector `{figures.get(f'eventlog_{key}_connector')}`; KPI {json.dumps(kpi)} read " \
               f"{figures.get('eventlog_wait_s', '2')} s after the last answer"
        if later:
            lk = json.loads(later)
            note += f"; {lk.get('success', 0) + lk.get('failure', 0):,} rows {figures.get('eventlog_later_s')} s later"
        if timed_out:
            note += f"; {timed_out:,} calls timed out on the client and are not counted as answered"
        row(sect, label, f"{answered:,} answered / {fmt_int(events)} rows: {verdict}", notes=note)

    # print -----------------------------------------------------------------------------------------------------
    header = ["section", "scenario", "result", "p50", "p99", "p99.9", "max", "errors", "notes"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(cell).replace("|", "\\|") for cell in r) + " |")
    env = os.path.join(out, "environment.txt")
    if os.path.exists(env):
        with open(env) as f:
            print(f.read().rstrip())
        print()
    print("\n".join(lines))
    print()
    print("Latencies in section 2 come from hey's CSV (0.1 ms resolution); section 1 from wrk (closed loop, "
          "64 connections). All processes share the same cores, so every figure includes its neighbours' load.")
    if os.path.exists(os.path.join(out, "queue-figures.txt")):
        import queue_report
        print()
        print(queue_report.render(out))


if __name__ == "__main__":
    main()
