import { AsyncLocalStorage } from 'node:async_hooks'
import { recordRead } from './reads'

interface Trace {
  action: string
  via: string
  started: Map<string, Promise<void>>
}

const storage = new AsyncLocalStorage<Trace>()

/**
 * Runs a declared read of a person's record (`personData: 'read' | 'export'`). Its audit event starts the
 * moment the core finds the person visible to the caller (`worker.load` calls `traceRead`), beside the
 * request's remaining reads, and is awaited before the result is returned: no data leaves without its trace,
 * and the trace costs a round trip only where the request had nothing else left to do. If a later read
 * fails, the event stands for a read that was attempted; never the reverse.
 */
export async function withReadTrace<T>(action: string, via: string, run: () => Promise<T>) {
  const trace: Trace = { action, via, started: new Map() }
  try {
    const result = await storage.run(trace, run)
    await Promise.all(trace.started.values())
    return { result, traced: [...trace.started.keys()] }
  } catch (error) {
    await Promise.allSettled(trace.started.values())
    throw error
  }
}

/** A person's record is visible to this request: if it is a declared read, start its read event (once per person). */
export function traceRead(workerId: string) {
  const trace = storage.getStore()
  if (!trace || trace.started.has(workerId)) return
  const write = recordRead({ action: trace.action, entityType: 'worker', entityId: workerId, via: trace.via })
  write.catch(() => {}) // awaited by withReadTrace; handled now so a failure before then is not an unhandled rejection
  trace.started.set(workerId, write)
}

/** Whether this code runs inside a declared read, whose trace covers the people it loads. */
export const inReadTrace = () => storage.getStore() !== undefined
