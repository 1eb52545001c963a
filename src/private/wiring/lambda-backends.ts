import { Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * The Lambda functions behind an API's routes, each invoked through one integration and allowed by
 * one resource-policy statement for the whole API, however many routes it backs. (aws-cdk-lib's
 * `LambdaIntegration` adds two statements per REST method and `HttpLambdaIntegration` one per HTTP
 * route, so a function behind a few dozen routes outgrows Lambda's 20 KB policy.)
 */
export class LambdaBackends<I> {
  private readonly integrations = new Map<lambda.IFunction, I>();
  private readonly allowed = new Set<lambda.IFunction>();

  /**
   * @param owner the API construct: the permissions are created in its scope (and stack)
   * @param apiId the ID of the API the functions are invoked by
   * @param newIntegration the API kind's integration for a function, made once per function
   */
  constructor(
    private readonly owner: Construct,
    private readonly apiId: () => string,
    private readonly newIntegration: (fn: lambda.IFunction) => I,
  ) {}

  /** The integration for `fn`, made once; `allow`s this API to invoke `fn`. */
  public integrationFor(fn: lambda.IFunction): I {
    this.allow(fn);
    let integration = this.integrations.get(fn);
    if (integration === undefined) {
      integration = this.newIntegration(fn);
      this.integrations.set(fn, integration);
    }
    return integration;
  }

  /** Allows this API, and only it, to invoke `fn`: one resource-policy statement, on the first call only. */
  public allow(fn: lambda.IFunction): void {
    if (this.allowed.has(fn)) return;
    this.allowed.add(fn);
    fn.addPermission(`Invoke${Names.nodeUniqueId(fn.node)}`, {
      scope: this.owner,
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      // Any stage, method and path of this API: the routes themselves decide who gets through.
      sourceArn: Stack.of(this.owner).formatArn({ service: 'execute-api', resource: this.apiId(), resourceName: '*' }),
    });
  }
}

/** The URI by which API Gateway invokes a function (proxy integration). */
export function lambdaInvocationUri(scope: Construct, fn: lambda.IFunction): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`;
}

/**
 * The same URI as an `Fn::Sub` object for an OpenAPI document, where it is repeated for every
 * route: shorter in the template than the string's `Fn::Join`, and only the function's ARN is a
 * token, which makes the document faster to resolve (aws-cdk-lib resolves it several times, to
 * hash the REST API's deployment).
 */
export function lambdaInvocationUriObject(fn: lambda.IFunction): object {
  return {
    'Fn::Sub': ['arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Arn}/invocations', { Arn: fn.functionArn }],
  };
}
