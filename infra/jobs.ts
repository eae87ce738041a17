import { table } from './table'

/**
 * Work that outlasts a request (exports, offboarding, moves of units, imports): a queue of job messages, a
 * function that runs them (functions/jobs/lambda.ts), a sweeper that asks again for jobs whose message or
 * runner was lost, and the private bucket for export and import files (read through short-lived links).
 */
export const jobFiles = new sst.aws.Bucket('ExportBucket', {
  // a FHIR bundle written in the background keeps its bundle (person data) and its answer under fhir/: the job
  // removes them when it ends, the status URL sweeps a stopped job's; this bounds what a runner that died between the two left
  lifecycle: [{ id: 'fhir-feed-files', prefix: 'fhir/', expiresIn: '7 days' }],
  transform: {
    bucket: (args) => {
      args.forceDestroy = $app.stage !== 'production'
    },
  },
})

// a message stays invisible while its runner works: longer than the function's 15 minutes
export const jobQueue = new sst.aws.Queue('JobQueue', { visibilityTimeout: '16 minutes' })

const runner = {
  runtime: 'nodejs20.x' as const,
  architecture: 'arm64' as const,
  memory: '1024 MB' as const,
  timeout: '15 minutes' as const,
  nodejs: { minify: true },
  link: [jobQueue, jobFiles],
  environment: { CADRE_TABLE: table.name, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  // a job reads and writes one country's keys (an offboarding deletes them): no Scan, no table management
  permissions: [
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'],
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    },
  ],
}

jobQueue.subscribe({ handler: 'functions/jobs/lambda.handler', ...runner }, { batch: { size: 1 } })

export const jobSweeper = new sst.aws.Cron('JobSweeper', {
  schedule: 'rate(5 minutes)',
  function: { handler: 'functions/jobs/lambda.sweep', ...runner },
})
