import { createServer, request, type Server } from 'node:http'
import { freePort } from '../../functions/local/dynamo-local'

/**
 * A proxy in front of DynamoDB Local that fails a share of requests the way DynamoDB does under load:
 * throttling errors returned before the request is applied, and added latency. Faults are injected at the
 * network edge only; nothing of the project's own code is replaced.
 */
export async function startFaultProxy(target: string, options: { faultRate: number; delayMs?: number; delayRate?: number }) {
  const upstream = new URL(target)
  const stats = { requests: 0, faults: 0, delayed: 0 }
  let rate = options.faultRate
  const faults = [
    ['ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.'],
    ['ThrottlingException', 'Rate of requests exceeds the allowed throughput.'],
  ] as const
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      stats.requests++
      const body = Buffer.concat(chunks)
      if (Math.random() < (options.delayRate ?? 0)) {
        stats.delayed++
        await new Promise((r) => setTimeout(r, options.delayMs ?? 50))
      }
      if (Math.random() < rate) {
        stats.faults++
        const [type, message] = faults[stats.faults % faults.length]!
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${stats.faults}` })
        return res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }))
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 500, up.headers)
          up.pipe(res)
        },
      )
      forward.on('error', () => res.destroy())
      forward.end(body)
    })
  })
  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    setFaultRate: (next: number) => (rate = next),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  }
}
