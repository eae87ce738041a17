import * as z from 'zod/mini'
import { keys } from '../db/keys'
import { query } from '../db/read'
import { effectivePath } from '../scope'
import { OrgUnitInfo } from './schema'

/** What a picker or a tree needs of a node (and its version, to move it): no codes, coordinates or timestamps. */
export const TreeNode = z.pick(OrgUnitInfo, { id: true, kind: true, name: true, level: true, parentId: true, path: true, depth: true, facilityType: true, ownership: true, version: true })
export type TreeNode = z.infer<typeof TreeNode>
export const Tree = z.object({ items: z.array(TreeNode), truncated: z.boolean() })

/** A country has hundreds to a few thousand units and facilities; beyond this the answer says it is cut. */
const MAX_NODES = 20_000

/**
 * The caller's whole hierarchy (their subtree, for a scoped user) in one answer, in path order: one request
 * fills every picker and the tree, where listing children level by level cost a request per unit.
 * One index (the path index), read in pages of up to 1,000 items: no scan.
 */
export async function tree() {
  const path = await effectivePath(undefined)
  const items: TreeNode[] = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof query<OrgUnitInfo>>> = await query<OrgUnitInfo>({ index: 'gsi2', partition: keys.orgUnitPath('').gsi2pk, prefix: path ?? '/', cursor, limit: 1000 })
    for (const u of page.items) {
      items.push({ id: u.id, kind: u.kind, name: u.name, level: u.level, parentId: u.parentId, path: u.path, depth: u.depth, facilityType: u.facilityType, ownership: u.ownership, version: u.version })
    }
    cursor = page.cursor
  } while (cursor && items.length < MAX_NODES)
  return { items: items.map((n) => Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as TreeNode), truncated: !!cursor }
}
