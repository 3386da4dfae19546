"""Reading the queue sink's access log and the memory and CPU of processes (stdlib only).

The queue section's nginx sink writes one unbuffered line per request, "$msec $status $bench_id", where bench_id
is the value of the first "bench_id" field in the request body ("-" when there is none). Every payload the
benchmark sends carries a unique bench_id, so a second line with the same id is a duplicate delivery.
"""
import os
import threading


class SinkLog:
    """Follows an access log from its current end: distinct ids with their first arrival, duplicates, non-200."""

    def __init__(self, path, prefix=""):
        self.path, self.prefix = path, prefix
        self.offset = os.path.getsize(path) if os.path.exists(path) else 0
        self.partial = b""
        self.arrivals = {}          # id -> $msec of its first delivery
        self.lines = 0
        self.duplicates = 0
        self.non_200 = 0
        self.no_id = 0              # lines without an id, or with one of another run (not this prefix)
        self.first = None           # $msec of the first line
        self.last_new = None        # $msec of the latest first-time id

    def poll(self):
        """Reads what was appended since the last call; returns the number of distinct ids seen."""
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()  # an unfinished last line waits for the next poll
        for line in lines:
            fields = line.split(b" ")
            if len(fields) < 3:
                continue
            msec, status, bench_id = float(fields[0]), fields[1], fields[2].decode("ascii", "replace")
            self.lines += 1
            if self.first is None:
                self.first = msec
            if status != b"200":
                self.non_200 += 1
            if bench_id == "-" or not bench_id.startswith(self.prefix):
                self.no_id += 1
            elif bench_id in self.arrivals:
                self.duplicates += 1
            else:
                self.arrivals[bench_id] = msec
                self.last_new = msec
        return len(self.arrivals)


def proc_status(pid, key):
    """A kB field of /proc/PID/status (VmRSS, VmHWM), or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    """utime + stime of a live process, in seconds, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def children(ppid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == ppid:
                    found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def postgres_memory(postmaster_pid):
    """PSS of a PostgreSQL server and all its processes (shared buffers counted once), and how many there are."""
    pids = [postmaster_pid] + children(postmaster_pid)
    values = [pss_kib(p) for p in pids]
    return {"pss_kib": sum(v for v in values if v), "processes": len(pids)}


class Sampler(threading.Thread):
    """Samples VmRSS of some processes every interval; keeps each one's peak."""

    def __init__(self, pids, interval=0.1):
        super().__init__(daemon=True)
        self.pids, self.interval = list(pids), interval
        self.peak = {pid: 0 for pid in self.pids}
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            for pid in self.pids:
                value = proc_status(pid, "VmRSS")
                if value:
                    self.peak[pid] = max(self.peak[pid], value)
            self.stopped.wait(self.interval)

    def stop(self):
        self.stopped.set()
        self.join(timeout=2)
