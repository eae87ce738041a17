import * as z from 'zod/mini'
import { getItem } from '../../core/db/read'
import { route } from '../route'

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/v1/health',
    summary: 'Liveness and database reachability',
    tag: 'health',
    access: 'public', personData: false,
    response: z.object({ status: z.literal('ok'), time: z.string(), database: z.literal('ok') }),
    handler: async () => {
      await getItem({ pk: 'G#HEALTH', sk: 'HEALTH' }, false)
      return { status: 'ok' as const, time: new Date().toISOString(), database: 'ok' as const }
    },
  }),
]
