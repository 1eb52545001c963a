/**
 * Reads back what a synthesized stack really holds (routes, their guards, the trigger and its
 * group map) from the CloudFormation template and the cloud assembly, not from the construct's
 * props. The demo prints it, and the tests check the construct's own access matrix against it.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

type Resources = Record<string, { Type: string; Properties?: any }>;

/** A method as the template declares it. */
export interface TemplateRoute {
  readonly route: string;
  readonly authorizationType: string;
  readonly scopes: string[];
}

/** Every API Gateway method of the template, with its full path, sorted by path then method. */
export function routesOf(template: { Resources: Resources }): TemplateRoute[] {
  const resources = template.Resources;
  const pathOf = (resourceId: any): string => {
    if (resourceId?.Ref === undefined) return ''; // the API's root resource
    const resource = resources[resourceId.Ref];
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod !== 'OPTIONS')
    .map((r) => ({
      route: `${r.Properties.HttpMethod} ${pathOf(r.Properties.ResourceId) || '/'}`,
      authorizationType: r.Properties.AuthorizationType,
      scopes: r.Properties.AuthorizationScopes ?? [],
    }))
    .sort((a, b) => (a.route.split(' ').reverse().join(' ') < b.route.split(' ').reverse().join(' ') ? -1 : 1));
}

/** The pre-token-generation trigger's event version (`V2_0`), if the template has one. */
export function triggerVersionOf(template: { Resources: Resources }): string | undefined {
  const pool = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool');
  return pool?.Properties?.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion;
}

/**
 * The group map the trigger was shipped with: the `scope-map.json` inside the trigger's asset in
 * the cloud assembly, found through the function's S3 key (`<asset hash>.zip`).
 */
export function shippedScopeMap(
  template: { Resources: Resources },
  assemblyDir: string,
): { baseScopes: string[]; groups: Array<[string, string[]]> } | undefined {
  for (const resource of Object.values(template.Resources)) {
    const key: unknown = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
    if (typeof key !== 'string') continue;
    const file = join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`, 'scope-map.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  return undefined;
}

/** Counts of each resource type, sorted by type. */
export function resourceCounts(template: { Resources: Resources }): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of Object.values(template.Resources)) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
}
