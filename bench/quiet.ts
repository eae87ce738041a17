/**
 * The quiet tenant's client, in its own process: an open-loop client (a request every 1/rate s whatever the
 * answers do, so a slow answer cannot hide the ones behind it) for `seconds`; prints each sample's start
 * (epoch ms), latency and status as JSON. Args: url path token rate seconds.
 */
export {}
const [url, path, token, rate, seconds] = process.argv.slice(2)
const samples: [number, number, number][] = []
const pending: Promise<void>[] = []
const every = 1000 / Number(rate)
const end = Date.now() + Number(seconds) * 1000
console.error('quiet: ready')
for (let next = performance.now(); Date.now() < end; next += every) {
  const wait = next - performance.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  const at = Date.now()
  const t0 = performance.now()
  pending.push(
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
      .then(async (res) => {
        await res.arrayBuffer()
        samples.push([at, performance.now() - t0, res.status])
      })
      .catch(() => void samples.push([at, performance.now() - t0, 0])),
  )
}
await Promise.all(pending)
console.log(JSON.stringify(samples))
