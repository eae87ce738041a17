import { createServer, request, type Server } from 'node:http'
import { freePort } from '../../functions/local/dynamo-local'

/**
 * A pass-through proxy in front of DynamoDB Local that notes each operation (and the index of each Query):
 * what the FHIR searches really ask of the table, seen at the network edge.
 */
export async function startOpsRecorder(target: string) {
  const upstream = new URL(target)
  const ops: { op: string; index?: string }[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? ''
      let index: string | undefined
      try {
        index = JSON.parse(body.toString()).IndexName
      } catch {}
      ops.push({ op, index })
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
  return { endpoint: `http://127.0.0.1:${port}`, ops, stop: () => new Promise<void>((r) => server.close(() => r())) }
}
