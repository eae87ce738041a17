import { dollarsPerMillion, PRICE, type Metered } from './meter'
import type { CostRow } from './phase-crud'
import type { Row } from './stats'

/** Per operation: consumed capacity (table and indexes), its on-demand price per million, the floor beside it. */
export function costRows(costs: CostRow[]): Row[] {
  return costs.map(({ operation, m, floor }) => {
    const top = Object.entries(m.byTarget).sort((a, b) => b[1] - a[1])[0]
    return {
      section: 'cost', benchmark: `cost: ${operation}`, value: dollarsPerMillion(m), unit: '$/M ops', ...(floor ? { baseline: dollarsPerMillion(floor), ratio: dollarsPerMillion(m) / dollarsPerMillion(floor) } : {}),
      note: `${m.read.toFixed(2)} RCU + ${m.write.toFixed(2)} WCU${floor ? ` (floor ${floor.read.toFixed(2)} + ${floor.write.toFixed(2)})` : ''}; by target: ${Object.entries(m.byTarget).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}${top ? `; most: ${top[0]}` : ''}`,
      data: { metered: m, floor },
    }
  })
}

/**
 * What a country of 50,000 workers with 200 daily users costs a month in AWS, from the capacity measured above.
 * Every assumption is written out beside its figure (prices: us-east-1, on demand, November 2025 list prices).
 */
export function costModel(costs: CostRow[]) {
  const find = (re: RegExp) => costs.find((c) => re.test(c.operation))?.m
  const zero: Metered = { calls: 0, byCommand: {}, read: 0, write: 0, itemsRead: 0, byTarget: {} }
  const get = find(/^GET worker.*district/) ?? find(/^GET worker/) ?? zero
  const create = find(/^create worker.*district/) ?? find(/^create worker/) ?? zero
  const patch = find(/^PATCH worker.*district/) ?? find(/^PATCH worker/) ?? zero
  const lists = costs.filter((c) => c.operation.startsWith('list:')).map((c) => c.m)
  const list = lists.length ? { read: lists.reduce((s, m) => s + m.read, 0) / lists.length, write: lists.reduce((s, m) => s + m.write, 0) / lists.length } : zero
  const days = 22
  const users = 200
  const perUserDay = { reads: 30, lists: 20, patches: 3, creates: 1 }
  const month = { reads: users * days * perUserDay.reads, lists: users * days * perUserDay.lists, patches: users * days * perUserDay.patches, creates: users * days * perUserDay.creates }
  const importRows = 5000
  // an imported row writes a worker, a licence, a deployment, their guards and three audit events: about 3 creates
  const importUnits = { read: create.read * 3 * importRows, write: create.write * 3 * importRows }
  const requests = month.reads + month.lists + month.patches + month.creates
  // rate buckets: at this traffic each request flushes its own (tenant and user buckets): two small writes
  const rateWrites = requests * 2
  const rru = month.reads * get.read + month.lists * list.read + month.patches * patch.read + month.creates * create.read + importUnits.read
  const wru = month.reads * get.write + month.lists * list.write + month.patches * patch.write + month.creates * create.write + importUnits.write + rateWrites
  const dynamoRequests = (rru / 1e6) * PRICE.readPerMillion + (wru / 1e6) * PRICE.writePerMillion
  // storage: ~6 items a worker (worker, guard, licence, its guard, deployment, training) of ~1 KB, the worker item
  // projected into 6 indexes and licences/deployments into 2: about 14 KB a worker; plus a year of audit log
  // (an event of ~1 KB and its history entry for every request and imported entity, twelve months of them)
  const storageGB = (50_000 * 14 * 1024 + (requests + importRows * 3) * 2 * 1024 * 12) / 1e9
  const storage = storageGB * 0.25
  const pitr = storageGB * 0.2
  // Lambda: arm64 1024 MB, billed duration ≈ 30 ms a request in AWS (DynamoDB round trips of ~5 ms each)
  const lambda = (requests / 1e6) * 0.2 + requests * 0.03 * 1 * 0.0000133334
  const apiGateway = (requests / 1e6) * 1.0
  // the stream consumer: one invocation per batch; at this traffic about one per write, 512 MB, ~50 ms
  const writes = month.patches + month.creates + importRows * 3
  const consumer = (writes / 1e6) * 0.2 + writes * 0.05 * 0.5 * 0.0000133334
  const total = dynamoRequests + storage + pitr + lambda + apiGateway + consumer
  const $ = (n: number) => `$${n.toFixed(2)}`
  const text = [
    `Cost model: a country of 50,000 workers, ${users} daily users, ${days} working days a month`,
    `  per user per day: ${perUserDay.reads} record reads, ${perUserDay.lists} list/search pages, ${perUserDay.patches} edits, ${perUserDay.creates} registration; one import of ${importRows.toLocaleString('en')} rows a month`,
    `  = ${requests.toLocaleString('en')} API requests a month; ${(rru / 1e6).toFixed(2)} M read units, ${(wru / 1e6).toFixed(2)} M write units (rate buckets ${(rateWrites / 1e6).toFixed(2)} M of them)`,
    `  DynamoDB on-demand requests ${$(dynamoRequests)}; storage ${storageGB.toFixed(1)} GB ${$(storage)}; PITR ${$(pitr)}`,
    `  Lambda (API) ${$(lambda)}; API Gateway HTTP API ${$(apiGateway)}; stream consumer ${$(consumer)}`,
    `  total ≈ ${$(total)} a month (CloudFront, S3 for exports and imports, CloudWatch logs not counted: each well under a dollar at this traffic)`,
  ].join('\n')
  return { text, total, dynamoRequests, storageGB, lambda, apiGateway, consumer, pitr, storage, month, perUserDay, rru, wru }
}
