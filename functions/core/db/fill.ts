import { cursorAfter, query, type QueryInput } from './read'
import type { Item } from './marshal'

/**
 * The most index entries one filtered page reads. DynamoDB applies a filter after reading, so a rare status
 * or a small district thins what each read finds; the budget bounds what a page costs whatever the country's
 * size, and a page that spends it answers with the rows found and a cursor to read on.
 */
export const PAGE_READ_BUDGET = 1000
/** a name search is typed, a request a keystroke or so, and narrows as the user types: it reads less */
export const NAME_SEARCH_READ_BUDGET = 200

/**
 * A page of an index. Filtered, it is refilled in rounds sized by what the rounds before found (a rare
 * status reads wide at once, a common one little more than the page) until it is full, the index ends, or
 * the budget is spent. A round that finds more rows than the page wants resumes, next page, after the last
 * row shown, so no row is skipped.
 */
export async function fill(input: QueryInput, limit: number, budget = PAGE_READ_BUDGET) {
  const items: Item[] = []
  let cursor = input.cursor
  let read = 0
  for (let round = 0; round < 8 && read < budget; round++) {
    const want = limit - items.length
    const chunk = round === 0 ? want : Math.min(budget - read, items.length ? Math.ceil((want * read * 1.25) / items.length) : read * 4)
    const page = await query({ ...input, cursor, limit: Math.max(chunk, want, 1) })
    read += Math.max(chunk, want, 1)
    if (page.items.length > want) {
      items.push(...page.items.slice(0, want))
      return { items, cursor: cursorAfter(input, items[items.length - 1]!) }
    }
    items.push(...page.items)
    cursor = page.cursor
    if (!cursor || items.length >= limit) break
  }
  return { items, cursor: cursor ?? null }
}
