/**
 * The size a function's resource-based policy reaches once deployed, read from a template: each
 * `AWS::Lambda::Permission` naming the function becomes one statement, measured with the longest
 * values Lambda allows where the template holds a token (a 100-character statement ID, a
 * 64-character function name, a 10-character API ID), so the figure is an upper bound. Lambda caps
 * the policy at 20 KB: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
type Resources = Record<string, { Type: string; Properties?: any }>;

const ARN_PARTS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '111111111111' };

/** A template value with its `Ref`s and `Fn::Join`s replaced by the longest values they may take. */
function longest(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref !== undefined) return ARN_PARTS[value.Ref] ?? 'a1b2c3d4e5';
  if (value?.['Fn::Join'] !== undefined) return value['Fn::Join'][1].map(longest).join(value['Fn::Join'][0]);
  if (value?.['Fn::GetAtt'] !== undefined) return `arn:aws:lambda:eu-west-1:111111111111:function:${'f'.repeat(64)}`;
  throw new Error(`lambda-policy: cannot size ${JSON.stringify(value)}`);
}

/** The functions (by logical ID) that permissions name, each with its policy's size in bytes. */
export function lambdaPolicySizes(template: { Resources: Resources }): Map<string, number> {
  const statements = new Map<string, object[]>();
  for (const permission of Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Permission')) {
    const p = permission.Properties;
    const fn = p.FunctionName?.['Fn::GetAtt']?.[0] ?? JSON.stringify(p.FunctionName);
    const condition: Record<string, object> = {};
    if (p.SourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': longest(p.SourceArn) };
    if (p.SourceAccount !== undefined) condition.StringEquals = { 'AWS:SourceAccount': longest(p.SourceAccount) };
    statements.set(fn, [...(statements.get(fn) ?? []), {
      Sid: 's'.repeat(100),
      Effect: 'Allow',
      Principal: { Service: p.Principal },
      Action: p.Action,
      Resource: `arn:aws:lambda:eu-west-1:111111111111:function:${'f'.repeat(64)}`,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    }]);
  }
  return new Map([...statements].map(([fn, list]) => [fn, Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: list }))]));
}

/** Lambda's cap on a function's resource-based policy. */
export const LAMBDA_POLICY_BYTES = 20 * 1024;
