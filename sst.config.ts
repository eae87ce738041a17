/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Production: `npx sst deploy --stage production`. A country whose law requires data in-country gets its
 * own stage in its region (`--stage ken` with `AWS_REGION=af-south-1`): the silo model of DESIGN.md.
 */
export default $config({
  app(input) {
    return {
      name: 'cadre',
      home: 'aws',
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      protect: input?.stage === 'production',
      providers: { aws: { region: (process.env.AWS_REGION as 'eu-west-1' | undefined) ?? 'eu-west-1' } },
    }
  },
  async run() {
    const { table } = await import('./infra/table')
    const { api } = await import('./infra/api')
    const { router } = await import('./infra/web')
    const { alarms } = await import('./infra/alarms')
    await import('./infra/stream')
    await import('./infra/jobs')
    alarms(process.env.CADRE_ALARM_EMAIL)
    return { api: api.url, console: router.url, table: table.name }
  },
})
