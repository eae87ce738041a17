import autocannon from 'autocannon'

export type LoadResult = { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; total: number }

/** A bounded load on loopback: `connections` clients for `seconds`, cycling through `requests`. */
export function load(url: string, requests: autocannon.Request[], headers: Record<string, string>, connections = 20, seconds = 20, overallRate?: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers, requests, ...(overallRate ? { overallRate } : {}) }, (err, r) => {
      if (err) return reject(err)
      resolve({ requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, total: r.requests.total })
    })
  })
}
