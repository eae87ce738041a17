import { table } from './table'

/**
 * The aggregates consumer: a Lambda on the table's stream, and a daily tick for what time alone changes
 * (licences expiring). Only records of a worker's partition or of a facility reach it (the filter), so the
 * audit log, sessions and rate buckets cost nothing here. Failures retry the batch: applying is idempotent.
 */
const consumer = {
  runtime: 'nodejs20.x' as const,
  architecture: 'arm64' as const,
  memory: '512 MB' as const,
  timeout: '5 minutes' as const,
  nodejs: { minify: true },
  environment: { CADRE_TABLE: table.name, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  permissions: [
    {
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    },
  ],
}

export const aggregates = table.subscribe('Aggregates', { handler: 'functions/streams/handler.handler', ...consumer }, {
  filters: [{ dynamodb: { Keys: { sk: { S: ['W', { prefix: 'LIC#' }, { prefix: 'DEP#' }, { prefix: 'EXT#' }, { prefix: 'fac_' }] } } } }],
  transform: {
    eventSourceMapping: (args) => {
      args.startingPosition = 'TRIM_HORIZON'
      args.batchSize = 500
      args.maximumBatchingWindowInSeconds = 1
      args.bisectBatchOnFunctionError = true
    },
  },
})

export const aggregatesTick = new sst.aws.Cron('AggregatesTick', {
  schedule: 'cron(15 0 * * ? *)',
  function: { handler: 'functions/streams/handler.daily', ...consumer },
})
