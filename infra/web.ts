import { api } from './api'

/** Console and API behind one CloudFront router, so the console calls `/api` on its own origin (no CORS). */
export const router = new sst.aws.Router('Router')
router.route('/api', api.url)

export const web = new sst.aws.StaticSite('Web', {
  path: 'web',
  build: { command: 'npx vite build', output: 'dist' },
  router: { instance: router },
})
