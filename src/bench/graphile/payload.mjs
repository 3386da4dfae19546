// The same ~300-byte alert-like document as queue_driver.py's payload(), with the unique bench_id the sink logs.
export function payload(tag, i) {
  return {
    bench_id: `${tag}-${i}`,
    receiver: 'switchboard-bench',
    status: 'firing',
    alerts: [{
      status: 'firing',
      labels: {
        alertname: 'QueueBench', instance: 'host-0001.example', severity: 'warning',
        idx: typeof i === 'number' ? String(i).padStart(6, '0') : String(i),
      },
      annotations: { summary: 'benchmark notification' },
      startsAt: '2026-11-22T10:00:00Z',
      fingerprint: '0123456789abcdef',
    }],
    version: '4',
  };
}

export const epochSeconds = () => (performance.timeOrigin + performance.now()) / 1000;
