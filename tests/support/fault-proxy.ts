import { createHash } from 'node:crypto'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { freePort } from '../../functions/local/dynamo-local'

export interface FaultOptions {
  /** share of new requests refused with a throttling error, before DynamoDB sees them */
  faultRate: number
  /**
   * how many attempts of a refused request (the same operation and body: the SDK's retries of it) are refused
   * in a row. 1 lets the SDK's own retries absorb nearly every fault; the SDK's `maxAttempts` lets each one
   * reach the application, as a throttled hot key or a throttled table does for seconds at a time
   */
  persist?: number
  /** share of transactions applied by DynamoDB whose answer is then lost (a 500 in its place): the SDK retries a write that already happened */
  lostAnswerRate?: number
  /**
   * share of lost answers whose retries are then refused `persist` times: the write happened, and the
   * application learns only that the table is busy (a 503), so its client's retry must be answered from
   * the write already made, not make it twice
   */
  lostThenThrottled?: number
  delayMs?: number
  delayRate?: number
  /** which requests the faults and delays may touch (by operation and body); all of them when absent */
  only?: (operation: string, body: string) => boolean
}

/**
 * A proxy in front of DynamoDB Local that fails requests the way DynamoDB does under load: throttling errors
 * returned before a request is applied (for several attempts in a row if asked), answers lost after a
 * transaction was applied, and added latency. Faults are injected at the network edge only; nothing of the
 * project's own code is replaced.
 */
export async function startFaultProxy(target: string, options: FaultOptions) {
  const upstream = new URL(target)
  const stats = { requests: 0, faults: 0, refusedAttempts: 0, outlasted: 0, lostAnswers: 0, delayed: 0 }
  let settings = { ...options }
  /** refusals still owed to a request's retries, by operation and body */
  const owed = new Map<string, number>()
  const faults = [
    ['ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.'],
    ['ThrottlingException', 'Rate of requests exceeds the allowed throughput.'],
  ] as const

  const refuse = (res: import('node:http').ServerResponse, n: number) => {
    const [type, message] = faults[n % faults.length]!
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${n}` })
    res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }))
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      stats.requests++
      const body = Buffer.concat(chunks)
      const operation = String(req.headers['x-amz-target'] ?? '')
      const id = createHash('sha1').update(operation).update(body).digest('hex')
      const pass = (up: IncomingMessage) => {
        res.writeHead(up.statusCode ?? 500, up.headers)
        up.pipe(res)
      }
      if (settings.only && !settings.only(operation, body.toString())) return forward(req, body, pass, () => res.destroy())
      if (Math.random() < (settings.delayRate ?? 0)) {
        stats.delayed++
        await new Promise((r) => setTimeout(r, settings.delayMs ?? 50))
      }
      const remaining = owed.get(id)
      if (remaining !== undefined) {
        stats.refusedAttempts++
        if (remaining <= 1) {
          owed.delete(id)
          stats.outlasted++
        } else owed.set(id, remaining - 1)
        return refuse(res, stats.refusedAttempts)
      }
      if (Math.random() < settings.faultRate) {
        stats.faults++
        stats.refusedAttempts++
        const persist = settings.persist ?? 1
        if (persist > 1) owed.set(id, persist - 1)
        else stats.outlasted++
        return refuse(res, stats.refusedAttempts)
      }
      const loseAnswer = operation.endsWith('.TransactWriteItems') && Math.random() < (settings.lostAnswerRate ?? 0)
      forward(req, body, (up) => {
        if (!loseAnswer) return pass(up)
        // DynamoDB applied it (or refused it): the caller never learns which
        up.resume()
        up.on('end', () => {
          stats.lostAnswers++
          if ((settings.persist ?? 1) > 1 && Math.random() < (settings.lostThenThrottled ?? 0)) owed.set(id, settings.persist! - 1)
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' })
          res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }))
        })
      }, () => res.destroy())
    })
  })

  function forward(req: IncomingMessage, body: Buffer, onAnswer: (up: IncomingMessage) => void, onError: () => void) {
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, onAnswer)
    out.on('error', onError)
    out.end(body)
  }

  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    /** changes the faults from the next request on; owed refusals are forgiven */
    set: (next: Partial<FaultOptions>) => {
      settings = { ...settings, ...next }
      owed.clear()
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  }
}
