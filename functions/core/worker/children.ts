import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, queryAll } from '../db/read'
import { AppError, notFound } from '../error'
import type { WorkerInfo } from './schema'

export type ChildKind = 'LIC' | 'DEP' | 'TRN' | 'EXT'
const names: Record<ChildKind, string> = { LIC: 'licence', DEP: 'deployment', TRN: 'training', EXT: 'exit' }

/** Licences, deployments, training and exits live in the worker's own partition: one query reads the record. */
export async function listChildren<T>(workerId: string, kind: ChildKind): Promise<T[]> {
  const items = await queryAll<T>({ partition: keys.workerPartition(workerId).pk, prefix: `${kind}#` }, 1000)
  return items.map((i) => strip<T>(i as Record<string, unknown>))
}

export async function getChild<T>(workerId: string, kind: ChildKind, id: string): Promise<T> {
  const item = await getItem(keys.workerChild(workerId, kind, id))
  if (!item) throw notFound(names[kind])
  return strip<T>(item)
}

export function assertWritable(worker: WorkerInfo) {
  if (worker.status === 'merged') throw new AppError(409, 'worker.merged', 'This record was merged into another', { mergedInto: worker.mergedInto })
}
