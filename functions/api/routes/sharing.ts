import * as z from 'zod/mini'
import * as sharing from '../../core/sharing'
import { route } from '../route'

const tag = 'sharing'

export const sharingRoutes = [
  route({
    method: 'get', path: '/api/v1/sharing', tag, access: ['ministry-admin'], personData: false,
    summary: 'What your country shares, with whom, since when and granted by whom; the disclosure threshold; the donors a grant may name',
    response: z.object({ policy: sharing.SharingPolicy, partnerId: z.nullable(z.string()), donors: z.array(z.object({ id: z.string(), name: z.string() })) }),
    handler: async () => sharing.read(),
  }),
  route({
    method: 'put', path: '/api/v1/sharing', tag, access: ['ministry-admin'], personData: 'audited', ifMatch: true,
    summary:
      'Replace the sharing policy (If-Match: its version, "0" the first time). Each grant: an indicator, a breakdown, a recipient (partners, donors, peers or donor:<id>) and whether frozen drafts go too. Nothing is shared unless granted; the threshold is 5 or more.',
    body: sharing.SharingInput,
    example: { threshold: 5, grants: [{ indicator: 'stock', breakdown: 'level1-occupation', recipient: 'donors' }, { indicator: 'sdg-3c1', breakdown: 'national', recipient: 'partners', drafts: true }] },
    response: sharing.SharingPolicy,
    handler: async ({ body, version }) => sharing.update(version, body),
  }),
]
