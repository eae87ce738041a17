import { createServer, request, type Server } from 'node:http'
import { freePort } from '../../functions/local/dynamo-local'

export type Recorded = { operation: string; body: any }

/**
 * A proxy in front of DynamoDB Local that writes down every request (operation and body), so a test can
 * say what the code under test read: at the network edge, nothing of the project's code is replaced.
 */
export async function startRecordingProxy(target: string) {
  const upstream = new URL(target)
  const log: Recorded[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? ''
      log.push({ operation, body: body.length ? JSON.parse(body.toString()) : undefined })
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers)
        up.pipe(res)
      })
      forward.on('error', () => res.destroy())
      forward.end(body)
    })
  })
  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return { endpoint: `http://127.0.0.1:${port}`, log, stop: () => new Promise<void>((r) => server.close(() => r())) }
}
