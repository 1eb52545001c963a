/**
 * A synthesized app as deployment would make it, without an AWS account: its templates and staged
 * assets from the cloud assembly, the physical IDs deployment would give the app's one user pool
 * and its clients, and template values resolved to what they would be once deployed, across stacks
 * (`Fn::ImportValue` of another stack's output) and across Regions (a `crossRegionReferences`
 * stack reads another Region's value through CDK's `Custom::CrossRegionExportReader`, which the
 * producer's `Custom::CrossRegionExportWriter` wrote).
 */
import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { ACCOUNT, POOL_ID, REGION, stagedAuthorizerFolder } from './lambda/shipped-authorizer';
import { clientsOf, TemplateClient } from './token-oracle';

export type Resources = Record<string, { Type: string; Properties?: any }>;
export type Template = { Resources: Resources; Outputs?: Record<string, any> };
export type Assembly = ReturnType<App['synth']>;

const READER_TYPE = 'Custom::CrossRegionExportReader';
const WRITER_TYPE = 'Custom::CrossRegionExportWriter';

/** The synthesized app, with the physical IDs a deployment would give its pool and clients. */
export class Deployment {
  public readonly templates = new Map<string, Template>();
  public readonly assemblyDir: string;
  /** The app's one user pool: its stack and logical ID. */
  public readonly pool: { readonly stack: string; readonly logicalId: string };
  /** The ID deployment gives the pool: `<its Region>_...` (`POOL_ID` in `REGION`, where stacks without a Region are deployed). */
  public readonly poolId: string;
  private readonly environments = new Map<string, { readonly region: string; readonly account: string }>();

  constructor(assembly: Assembly) {
    this.assemblyDir = assembly.directory;
    for (const stack of assembly.stacks) {
      this.templates.set(stack.stackName, stack.template as Template);
      // A stack without a Region (or account) at synth is deployed in REGION (ACCOUNT).
      const known = (value: string | undefined, unknown: string, otherwise: string) =>
        value === undefined || value.startsWith('unknown-') || Token.isUnresolved(value) || value === unknown ? otherwise : value;
      this.environments.set(stack.stackName, {
        region: known(stack.environment?.region, 'unknown-region', REGION),
        account: known(stack.environment?.account, 'unknown-account', ACCOUNT),
      });
    }
    const pools = [...this.templates].flatMap(([stack, t]) =>
      Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::Cognito::UserPool').map(([logicalId]) => ({ stack, logicalId })));
    expect(pools).toHaveLength(1);
    this.pool = pools[0];
    this.poolId = `${this.regionOf(this.pool.stack)}_${POOL_ID.split('_')[1]}`;
  }

  public template(stack: string): Template {
    return this.templates.get(stack)!;
  }

  /** The pool's template. */
  public get poolTemplate(): Template {
    return this.template(this.pool.stack);
  }

  /** The app clients of the pool, as the pool's template declares them. */
  public poolClients(): TemplateClient[] {
    return clientsOf(this.poolTemplate.Resources);
  }

  /** The Region a stack is deployed in. */
  public regionOf(stack: string): string {
    return this.environments.get(stack)!.region;
  }

  /** The account a stack is deployed in. */
  public accountOf(stack: string): string {
    return this.environments.get(stack)!.account;
  }

  /**
   * The issuer of the pool's tokens, by its template's IssuerConfiguration: the updated
   * (`https://issuer-cognito-idp.<pool's Region>...`) or the original form. `other` gives the form
   * the pool's tokens do not carry.
   */
  public issuer(other = false): string {
    const updated = this.poolTemplate.Resources[this.pool.logicalId].Properties?.IssuerConfiguration?.Type === 'UPDATED';
    const host = updated !== other ? 'issuer-cognito-idp' : 'cognito-idp';
    return `https://${host}.${this.regionOf(this.pool.stack)}.amazonaws.com/${this.poolId}`;
  }

  /** The ID deployment gives an app client of the pool's stack: one per logical ID, shaped like Cognito's. */
  public clientId(logicalId: string): string {
    return createHash('sha256').update(`${this.pool.stack}/${logicalId}`).digest('hex').slice(0, 26);
  }

  /**
   * A template value as deployment resolves it: a pseudo parameter, a `Ref` to the pool or one of
   * its clients, the pool's ARN, an import of another stack's output, a value read from another
   * Region by CDK's export reader, a join.
   */
  public resolve(value: any, stack: string): string {
    if (typeof value === 'string') return value;
    if (value?.Ref === 'AWS::Region') return this.regionOf(stack);
    if (value?.Ref === 'AWS::AccountId') return this.accountOf(stack);
    if (value?.Ref === 'AWS::Partition') return 'aws';
    if (value?.Ref !== undefined) {
      const resource = this.template(stack).Resources[value.Ref];
      if (resource?.Type === 'AWS::Cognito::UserPool' && stack === this.pool.stack && value.Ref === this.pool.logicalId) return this.poolId;
      if (resource?.Type === 'AWS::Cognito::UserPoolClient' && stack === this.pool.stack) return this.clientId(value.Ref);
      throw new Error(`no deployed ID for ${stack}/${value.Ref}`);
    }
    const getAtt = value?.['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      const [logicalId, attribute] = getAtt;
      if (stack === this.pool.stack && logicalId === this.pool.logicalId && attribute === 'Arn') {
        return `arn:aws:cognito-idp:${this.regionOf(stack)}:${this.accountOf(stack)}:userpool/${this.poolId}`;
      }
      if (this.template(stack).Resources[logicalId]?.Type === READER_TYPE) return this.crossRegionValue(stack, logicalId, attribute);
      throw new Error(`cannot resolve ${JSON.stringify(value)} in ${stack}`);
    }
    if (value?.['Fn::ImportValue'] !== undefined) {
      for (const [name, template] of this.templates) {
        for (const output of Object.values<any>(template.Outputs ?? {})) {
          if (output.Export?.Name === value['Fn::ImportValue']) {
            // An export is read in its own Region only.
            expect(this.regionOf(name)).toBe(this.regionOf(stack));
            return this.resolve(output.Value, name);
          }
        }
      }
      throw new Error(`no export ${JSON.stringify(value)}`);
    }
    if (Array.isArray(value?.['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'];
      return parts.map((part: unknown) => this.resolve(part, stack)).join(separator);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }

  /**
   * The value the export reader `readerId` of `stack` gives as its attribute `name`: the reader
   * reads the SSM parameter `name` in its own Region (`{{resolve:ssm:name}}`), which the export
   * writer of another stack wrote there, from a value of its own stack.
   */
  private crossRegionValue(stack: string, readerId: string, name: string): string {
    const reader = this.template(stack).Resources[readerId].Properties.ReaderProps;
    expect(reader.region).toBe(this.regionOf(stack));
    expect(reader.imports[name]).toBe(`{{resolve:ssm:${name}}}`);
    const written = [...this.templates].flatMap(([producer, template]) => Object.values(template.Resources)
      .filter((r) => r.Type === WRITER_TYPE && r.Properties.WriterProps.region === reader.region && name in r.Properties.WriterProps.exports)
      .map((r) => ({ producer, value: r.Properties.WriterProps.exports[name] })));
    expect(written).toHaveLength(1);
    return this.resolve(written[0].value, written[0].producer);
  }

  /** The logical ID of the Lambda function a value names (`Fn::GetAtt [fn, Arn]`), in `stack`. */
  public functionNamed(value: any, stack: string): string {
    const [logicalId, attribute] = value?.['Fn::GetAtt'] ?? [];
    expect(attribute).toBe('Arn');
    expect(this.template(stack).Resources[logicalId]?.Type).toBe('AWS::Lambda::Function');
    return logicalId;
  }

  /** The staged asset folder of a function of `stack`, from its S3 key (`<asset hash>.zip`). */
  public assetFolder(stack: string, functionId: string): string {
    return stagedAuthorizerFolder(this.assemblyDir, this.template(stack).Resources[functionId].Properties.Code.S3Key);
  }
}

/** The assembly's view with some stacks left out: an app deployed stack set by stack set. */
export function withoutStack(assembly: Assembly, ...names: string[]): Assembly {
  return { directory: assembly.directory, stacks: assembly.stacks.filter((s) => !names.includes(s.stackName)) } as unknown as Assembly;
}
