#!/usr/bin/env python3
"""Turns the raw outputs of one queue.sh run into its tables (markdown, stdout).

    python3 queue_report.py OUT_DIR
    python3 queue_report.py --brief q-NAME.json      # one line about one result file

Reads from OUT_DIR: queue-environment.txt, queue-figures.txt (key=value lines written by queue.sh) and the
q-*.json files of queue_driver.py and alertmanager_driver.py. Every figure comes from those files.
"""
import json
import os
import sys

# (file prefix, column title, memory label)
SETUPS = [
    ("switchboard", "Switchboard, 1 instance, embedded PostgreSQL"),
    ("switchboard-pair", "Switchboard, 2 instances, one external PostgreSQL"),
    ("graphile", "graphile-worker, same external PostgreSQL"),
    ("alertmanager", "Alertmanager (in memory)"),
]
SWITCHBOARD = ("switchboard", "switchboard-pair")
PEERS = ("graphile", "alertmanager")


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_figures(out):
    figures = {}
    try:
        with open(os.path.join(out, "queue-figures.txt")) as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    figures[key] = value
    except OSError:
        pass
    return figures


def mib(kib):
    return None if kib in (None, "", 0) else int(kib) / 1024


def fmt_mib(value):
    return "–" if value is None else f"{value:,.0f} MiB"


def fmt_rate(value):
    return "–" if value is None else f"{value:,.0f}/s"


def fmt_ms(value):
    return "–" if value is None else (f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms")


class Burst:
    """One burst's figures in a common shape, whichever driver wrote them."""

    def __init__(self, setup, raw):
        self.raw = raw
        if setup == "alertmanager":
            self.complete = raw["complete"]
            self.rate = raw["per_s"] if raw["complete"] else None
            self.enqueue_rate = raw["n"] / raw["posts_done_s"] if raw.get("posts_done_s") else None
            self.delivered, self.expected = raw["delivered"], raw["n"]
            self.duplicates = raw.get("duplicates")
            self.first = raw.get("first_delivery_s")
            self.elapsed = raw["elapsed_s"]
            self.rss_end = {"alertmanager": mib(raw.get("rss_at_end_kib"))}
            self.rss_peak = {"alertmanager": mib(raw.get("rss_hwm_kib") or raw.get("rss_peak_kib"))}
            self.cpu = {"alertmanager": raw.get("cpu_s")}
            self.postgres = None
            self.note = f"POSTs of {raw['batch']} alerts on one connection"
        else:
            self.complete = raw["state"] == "complete" and raw["missing"] == 0 and raw["accepted"] > 0
            self.rate = raw["delivered_per_s"] if self.complete else None
            self.enqueue_rate = raw.get("enqueue_per_s")
            self.delivered, self.expected = raw["delivered"], raw["accepted"]
            self.duplicates = raw["duplicates"]
            self.first = raw.get("first_delivery_s")
            self.elapsed = raw["elapsed_s"]
            self.rss_end = {k: mib(v) for k, v in raw.get("rss_at_end_kib", {}).items()}
            self.rss_peak = {k: mib(v) for k, v in raw.get("rss_peak_kib", {}).items()}
            self.cpu = raw.get("cpu_s", {})
            self.postgres = raw.get("postgres")
            refused = {k: v for k, v in raw.get("answers", {}).items() if k != "success"}
            self.note = ", ".join(f"{v:,} {k}" for k, v in refused.items())
            if raw.get("http_error_count"):
                self.note += f"{', ' if self.note else ''}{raw['http_error_count']} failed calls ({raw['http_errors'][0]})"
            if raw.get("sampled_states"):
                states = ", ".join(f"{v} {k}" for k, v in sorted(raw["sampled_states"].items()))
                self.note += f"{'; ' if self.note else ''}states of {sum(raw['sampled_states'].values())} sampled: {states}"

    def result(self):
        if self.complete:
            return fmt_rate(self.rate)
        state = self.raw.get("state", "timeout").upper()
        return f"{state}: {self.delivered:,}/{self.expected:,} after {self.elapsed:.0f} s"

    def rss_total_end(self):
        values = [v for v in self.rss_end.values() if v]
        return sum(values) if values else None


def brief(path):
    """One line about one q-*.json file, for queue.sh's progress messages."""
    r = read_json(path)
    if r is None:
        return "no result"
    if r.get("mode") == "probes":
        return f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms, {r['lost']} lost"
    if "per_s" in r:  # Alertmanager
        return (f"{r['delivered']:,}/{r['n']:,} at {r['per_s']:,.0f}/s, {r.get('duplicates')} duplicates, "
                f"RSS {mib(r['rss_at_end_kib']):,.0f} MiB")
    return (f"{r['state']}: {r['delivered']:,}/{r['accepted']:,} at {r['delivered_per_s'] or 0:,.0f}/s, enqueue "
            f"{r['enqueue_per_s'] or 0:,.0f}/s, {r['duplicates']} duplicates")


def main():
    if sys.argv[1] == "--brief":
        print(brief(sys.argv[2]))
    else:
        print(render(sys.argv[1]))


def render(out):
    """The queue section's environment, figures and targets as markdown."""
    figures = read_figures(out)
    counts = [int(n) for n in figures.get("counts", "").split(",") if n]
    setups = [(key, title) for key, title in SETUPS if key in figures.get("targets", ",".join(k for k, _ in SETUPS))]
    bursts = {(key, n): Burst(key, raw) for key, _ in setups for n in counts
              if (raw := read_json(os.path.join(out, f"q-{key}-{n}.json")))}
    probes = {key: read_json(os.path.join(out, f"q-{key}-probes.json")) for key, _ in setups}

    header = ["figure"] + [title for _, title in setups]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]

    def row(label, cell):
        lines.append("| " + " | ".join([label] + [str(cell(key)).replace("|", "\\|") for key, _ in setups]) + " |")

    def not_run(key):
        return f"skipped: {figures[f'skip_{key}']}" if figures.get(f"skip_{key}") else "not run"

    def burst_cell(n, fn):
        return lambda key: fn(bursts[(key, n)]) if (key, n) in bursts else not_run(key)

    for n in counts:
        row(f"**{n:,}**: delivered/s, first enqueue → last at sink", burst_cell(n, Burst.result))
        row(f"{n:,}: enqueue/s (until the last call answered)", burst_cell(n, lambda b: fmt_rate(b.enqueue_rate)))
        row(f"{n:,}: delivered / duplicates at the sink",
            burst_cell(n, lambda b: f"{b.delivered:,}/{b.expected:,} / "
                                    f"{'–' if b.duplicates is None else f'{b.duplicates:,}'}"))
        row(f"{n:,}: first delivery after the first enqueue",
            burst_cell(n, lambda b: "–" if b.first is None else f"{b.first * 1000:,.0f} ms"))
        row(f"{n:,}: RSS when the last arrived (peak)",
            burst_cell(n, lambda b: "; ".join(f"{k + ' ' if len(b.rss_end) > 1 else ''}{fmt_mib(v)} "
                                              f"({fmt_mib(b.rss_peak.get(k))})" for k, v in b.rss_end.items()) or "–"))
        row(f"{n:,}: CPU seconds of the process(es)",
            burst_cell(n, lambda b: ", ".join(f"{v:.1f} s" for v in b.cpu.values() if v is not None) or "–"))
        row(f"{n:,}: PostgreSQL memory (PSS of all its processes)",
            burst_cell(n, lambda b: f"{fmt_mib(mib(b.postgres['pss_kib']))} ({b.postgres['processes']} processes)"
                       if b.postgres else "–"))
        row(f"{n:,}: notes", burst_cell(n, lambda b: b.note or ""))

    def probe_cell(fn):
        return lambda key: "–" if key == "alertmanager" else (fn(probes[key]) if probes.get(key) else not_run(key))

    row("single item, idle queue: p50 / p99 / max",
        probe_cell(lambda p: f"{fmt_ms(p['p50_ms'])} / {fmt_ms(p['p99_ms'])} / {fmt_ms(p['max_ms'])}"))
    row("single item: delivered / lost / duplicates",
        probe_cell(lambda p: f"{p['delivered']}/{p['n']} / {p['lost']} / {p['duplicates']}"))
    row("single item: enqueue call answered, p50 / p99",
        probe_cell(lambda p: f"{fmt_ms(p['commit_p50_ms'])} / {fmt_ms(p['commit_p99_ms'])}"))

    text = []
    env = os.path.join(out, "queue-environment.txt")
    if os.path.exists(env):
        with open(env) as f:
            text.append(f.read().rstrip())
        for key in ("postgres_settings", "graphile_version"):
            if figures.get(key):
                text.append(f"- {key.replace('_', ' ')}: {figures[key]}")
        text.append("")
    text += lines + ["", targets_table(counts, bursts, probes), ""]
    text.append("Delivered/s is N ÷ (the sink's log time of the last distinct id − the first enqueue call); the sink logs "
          "with 1 ms resolution. Each body carries a unique id; a second line with the same id is a duplicate "
          "(watched 3 s after the last). RSS is VmRSS; Switchboard's embedded PostgreSQL runs in its own processes and "
          "is shown apart. All processes share the same cores: compare columns of one run.")
    return "\n".join(text)


def targets_table(counts, bursts, probes):
    lines = ["| target | figure | met |", "|---|---|---|"]

    def verdict(ok):
        return "–" if ok is None else ("yes" if ok else "**no**")

    for n in counts:
        peer_rates = {k: bursts[(k, n)].rate for k in PEERS if (k, n) in bursts and bursts[(k, n)].rate}
        best = max(peer_rates.items(), key=lambda kv: kv[1]) if peer_rates else None
        for key in SWITCHBOARD:
            if (key, n) not in bursts:
                continue
            rate = bursts[(key, n)].rate
            ok = None if best is None else (rate is not None and rate >= best[1])
            lines.append(f"| {n:,}: `{key}` delivers at least as fast as the best peer | {fmt_rate(rate)} vs "
                         f"{fmt_rate(best[1]) + ' (' + best[0] + ')' if best else 'no peer figure'} | {verdict(ok)} |")
    for key in SWITCHBOARD:
        runs = [(bursts[(key, n)].duplicates, bursts[(key, n)].delivered) for n in counts if (key, n) in bursts]
        if probes.get(key):
            runs.append((probes[key]["duplicates"], probes[key]["delivered"]))
        if runs:
            dups, delivered = sum(d for d, _ in runs), sum(n for _, n in runs)
            lines.append(f"| `{key}`: zero duplicates | {dups:,} in {delivered:,} delivered | "
                         f"{verdict(dups == 0 if delivered else None)} |")
    for key in SWITCHBOARD:
        p = probes.get(key)
        if p:
            lines.append(f"| `{key}`: single item p50 ≤ 10 ms | {fmt_ms(p['p50_ms'])} | "
                         f"{verdict(p['p50_ms'] is not None and p['p50_ms'] <= 10 and p['lost'] == 0)} |")
            lines.append(f"| `{key}`: single item p99 ≤ 50 ms | {fmt_ms(p['p99_ms'])} | "
                         f"{verdict(p['p99_ms'] is not None and p['p99_ms'] <= 50 and p['lost'] == 0)} |")
    if counts:
        n = max(counts)
        am = bursts.get(("alertmanager", n))
        am_rss = am.rss_total_end() if am else None
        for key in SWITCHBOARD:
            b = bursts.get((key, n))
            if not b:
                continue
            rss = b.rss_total_end()
            ok = None if am_rss is None or rss is None else rss < am_rss / 4
            lines.append(f"| {n:,}: `{key}` RSS under a quarter of Alertmanager's | {fmt_mib(rss)} vs "
                         f"{fmt_mib(am_rss)} ÷ 4 = {fmt_mib(am_rss / 4 if am_rss else None)} | {verdict(ok)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
