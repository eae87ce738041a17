import { SummaryQuery } from '../../core/sharing/schema'
import { summaries } from '../../core/sharing/summaries'
import { route } from '../route'

export const summaryRoutes = [
  route({
    method: 'get', path: '/api/v1/summaries', tag: 'sharing', access: ['donor', 'partner-admin', 'ministry-admin', 'viewer'], personData: false,
    summary:
      'Cross-country figures shared with you (a donor, a partner, or another country’s ministry): without `indicator`, which countries share what and for which years; with it, each country’s tables for its latest visible year (or `period`), withheld cells marked `suppressed`. Example: /api/v1/summaries?indicator=stock&breakdown=level1-occupation',
    query: SummaryQuery,
    handler: async ({ query }) => summaries(query),
  }),
]
