import { apiNodejs } from './api-bundle'
import { jobFiles, jobQueue } from './jobs'
import { jwtSecret } from './secret'
import { table } from './table'

/**
 * What the api function may do to the table, and nothing more: no Scan (a country's export and offboarding
 * read only that country's keys: functions/core/tenant/export.ts), no table management. Linking the table
 * instead would grant `dynamodb:*`.
 */
const dataActions = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:BatchWriteItem',
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
]

export const api = new sst.aws.ApiGatewayV2('Api', {
  accessLog: { retention: '1 month' },
})

/**
 * One function answers the JSON API, the FHIR directory (`/fhir/{country}/…`) and the OAuth token endpoint:
 * one set of warm instances, one bundle, every route behind the same security headers and rate budgets.
 */
export const apiFunction = new sst.aws.Function('ApiFunction', {
  handler: 'functions/api.handler',
  architecture: 'arm64',
  runtime: 'nodejs20.x',
  memory: '1024 MB',
  timeout: '29 seconds',
  nodejs: apiNodejs,
  // jobs are started by requests (a message) and their files downloaded through links the api signs
  link: [jwtSecret, jobQueue, jobFiles],
  environment: {
    CADRE_TABLE: table.name,
    CADRE_STAGE: $app.stage,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
  permissions: [{ actions: dataActions, resources: [table.arn, $interpolate`${table.arn}/index/*`] }],
})

for (const route of ['ANY /api/{proxy+}', 'ANY /fhir/{proxy+}', 'POST /oauth/token']) api.route(route, apiFunction.arn)
