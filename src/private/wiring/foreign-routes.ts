import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { IConstruct } from 'constructs';

/** A method or route of an API that its construct did not add. */
export interface ForeignRoute {
  /** `METHOD /path`, or the construct's path when the route key cannot be told. */
  readonly route: string;
  /** Whether it takes no token. */
  readonly open: boolean;
}

/**
 * The REST methods and HTTP routes anywhere in the app that name the API `apiId` (the same token)
 * and are not among `ours`: added by hand to an API passed in, to `restApi.root`, or with
 * `new HttpRoute(..., { httpApi })`. CORS preflights (`OPTIONS` methods) are left out.
 */
export function foreignRoutes(scope: IConstruct, apiId: string, ours: ReadonlySet<IConstruct>): ForeignRoute[] {
  const found: ForeignRoute[] = [];
  for (const construct of scope.node.root.node.findAll()) {
    if (ours.has(construct)) continue;
    if (construct instanceof apigateway.CfnMethod && construct.restApiId === apiId && construct.httpMethod !== 'OPTIONS') {
      const method = construct.node.scope;
      found.push({
        route: method instanceof apigateway.Method ? `${method.httpMethod} ${method.resource.path}` : construct.node.path,
        open: isOpen(construct.authorizationType),
      });
    } else if (construct instanceof apigwv2.CfnRoute && construct.apiId === apiId) {
      found.push({ route: construct.routeKey, open: isOpen(construct.authorizationType) });
    }
  }
  return found;
}

function isOpen(authorizationType: string | undefined): boolean {
  return authorizationType === undefined || authorizationType === 'NONE';
}
