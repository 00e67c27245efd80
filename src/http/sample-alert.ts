/** The console's "Send test alert": a realistic generic alert, new each time. */
export function sampleAlert(now: number) {
  return {
    title: 'Test alert: checkout p99 latency above 2 s',
    dedupKey: `firebreak-test-${now}`,
    status: 'firing',
    summary: 'Sent from the Firebreak console to try the alert → incident flow. Resolve it when done.',
    severity: 'warning',
    labels: { alertname: 'FirebreakTestAlert', service: 'checkout', env: 'test' },
    startedAt: new Date(now).toISOString(),
  };
}
