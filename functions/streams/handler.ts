import { applyRecords } from './apply'
import type { ChangeRecord } from './records'
import { tick } from './tick'

/**
 * The Lambda on the table's stream (infra/stream.ts). A thrown error makes Lambda deliver the batch again,
 * which is safe: applying a record twice, or out of order, gives the same counts.
 */
export const handler = async (event: { Records: ChangeRecord[] }) => {
  const result = await applyRecords(event.Records)
  console.log(JSON.stringify({ msg: 'aggregates applied', ...result }))
}

/** Once a day: contributions that time alone changes (licences expiring, deployments starting or ending). */
export const daily = async () => {
  console.log(JSON.stringify({ msg: 'aggregates tick', ...(await tick()) }))
}
