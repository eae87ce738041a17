import type { z } from 'zod/mini'
import { keys } from '../db/keys'
import { commit } from '../db/write'
import { newId } from '../id'
import { created } from '../util/entity'
import * as worker from '../worker'
import { assertWritable, listChildren } from '../worker/children'
import { TrainingCreate, type TrainingInfo } from './schema'

export * from './schema'

export const trainingItem = (t: TrainingInfo) => ({ ...keys.workerChild(t.workerId, 'TRN', t.id), ...keys.changeFeed(t.updatedAt, t.id), ...t })

export async function create(workerId: string, input: z.input<typeof TrainingCreate>) {
  assertWritable(await worker.load(workerId))
  const training: TrainingInfo = { id: newId('training'), workerId, ...TrainingCreate.parse(input), ...created() }
  await commit([{ put: trainingItem(training), when: 'absent' }], {
    audit: { action: 'training.create', entityType: 'worker', entityId: workerId, after: training },
    result: training,
  })
  return training
}

export async function list(workerId: string) {
  await worker.load(workerId)
  const items = await listChildren<TrainingInfo>(workerId, 'TRN')
  return { items: items.sort((a, b) => (b.startDate ?? b.createdAt).localeCompare(a.startDate ?? a.createdAt)), cursor: null }
}
