import { jwtSecret } from './secret'
import { table } from './table'

/**
 * What the api function may do to the table, and nothing more: no Scan except the platform's export
 * (a separate concern once offboarding moves to its own function), no table management. Linking the table
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
  'dynamodb:Scan',
]

export const api = new sst.aws.ApiGatewayV2('Api', {
  accessLog: { retention: '1 month' },
})

api.route('ANY /api/{proxy+}', {
  handler: 'functions/api.handler',
  architecture: 'arm64',
  runtime: 'nodejs20.x',
  memory: '1024 MB',
  timeout: '29 seconds',
  nodejs: { minify: true },
  link: [jwtSecret],
  environment: {
    CADRE_TABLE: table.name,
    CADRE_STAGE: $app.stage,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
  permissions: [{ actions: dataActions, resources: [table.arn, $interpolate`${table.arn}/index/*`] }],
})
