/**
 * Multi-Region: the pool's issuer, typed and trusted exactly by every authorizer; a replica made by
 * `ScopedUserPoolReplica` that carries the enforcement into its Region (the primary's trigger,
 * byte for byte, attached by the Regional configuration); APIs in the replica Region attached to
 * the replica; and the refusals of every replica that would not enforce the maps.
 */
import { App, CfnCondition, CfnResource, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  ApiDefinition, Enforcement, IssuerType, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool, ScopedUserPoolProps, ScopedUserPoolReplica,
} from '../src';
import { problemsOf, SEED, STRICT_CONTEXT, synthApi, synthHttpApi } from './util';

const ACCOUNT = '111111111111';
const MRK = `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;
const MAPS = {
  groupScopes: { Admin: ['orders/read', 'orders/write'], Reader: ['orders/read'] },
  machineClients: [{ name: 'billing', scopes: ['orders/read'] }],
};
const ROUTES = { 'GET /orders': ['orders/read'], 'DELETE /orders/{id}': ['orders/write'] };

interface TwoRegions {
  readonly app: App;
  readonly primary: Stack;
  readonly secondary: Stack;
  readonly pool: ScopedUserPool;
}

/** A pool in us-east-1, ready for replication unless `props` say otherwise, and an empty stack in us-west-2. */
function twoRegions(props: Partial<ScopedUserPoolProps> = {}): TwoRegions {
  const app = new App({ context: STRICT_CONTEXT });
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const secondary = new Stack(app, 'Secondary', { env: { account: ACCOUNT, region: 'us-west-2' }, crossRegionReferences: true });
  const pool = new ScopedUserPool(primary, 'Pool', {
    ...MAPS,
    issuer: IssuerType.UPDATED,
    encryptionKey: kms.Key.fromKeyArn(primary, 'Key', MRK),
    ...props,
  });
  return { app, primary, secondary, pool };
}

/**
 * A replica of the pool declared without the construct: a raw resource (aws-cdk-lib's
 * `CfnUserPoolReplica` is newer than the library's floor; the check finds either by type).
 */
function rawReplica(stack: Stack, region: string, pool: ScopedUserPool): CfnResource {
  return new CfnResource(stack, 'Raw', { type: 'AWS::Cognito::UserPoolReplica', properties: { RegionName: region, UserPoolId: pool.userPool.userPoolId } });
}

/** The app's synth error, or '' when it synthesizes. */
function synthMessage(setup: TwoRegions): string {
  try {
    setup.app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

function onlyResource(template: Template, type: string): { [key: string]: any } {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('the issuer', () => {
  test('left out, nothing is written, and the authorizers trust the original issuer (templates unchanged)', () => {
    const { api, template } = synthHttpApi({ ...MAPS, routeScopes: ROUTES });
    expect(onlyResource(template, 'AWS::Cognito::UserPool').Properties.IssuerConfiguration).toBeUndefined();
    expect(api.scopedUserPool.issuer).toBe(IssuerType.ORIGINAL);
    const jwt = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer').Properties.JwtConfiguration;
    expect(Stack.of(api).resolve(jwt.Issuer)).toEqual(Stack.of(api).resolve(`https://cognito-idp.eu-west-1.amazonaws.com/${api.userPool.userPoolId}`));
  });

  test('UPDATED is written, and the HTTP JWT authorizer trusts it, in both API forms', () => {
    for (const apiDefinition of [false, true]) {
      const { api, template } = synthHttpApi({
        ...MAPS,
        routeScopes: ROUTES,
        issuer: IssuerType.UPDATED,
        ...(apiDefinition ? { apiDefinition: ApiDefinition.OPENAPI_DOCUMENT } : {}),
      });
      expect(onlyResource(template, 'AWS::Cognito::UserPool').Properties.IssuerConfiguration).toEqual({ Type: 'UPDATED' });
      const expected = Stack.of(api).resolve(`https://issuer-cognito-idp.eu-west-1.amazonaws.com/${api.userPool.userPoolId}`);
      expect(Stack.of(api).resolve(api.scopedUserPool.issuerUrl)).toEqual(expected);
      expect(JSON.stringify(template.toJSON())).toContain('https://issuer-cognito-idp.');
      expect(JSON.stringify(template.toJSON())).not.toContain('https://cognito-idp.');
    }
  });

  test('the Lambda authorizer is told the one issuer it accepts', () => {
    const { api, template } = synthApi({ ...MAPS, routeScopes: ROUTES, enforcement: Enforcement.LAMBDA_AUTHORIZER, issuer: IssuerType.UPDATED });
    const fn = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { ISSUER: Match.anyValue() } } } });
    expect(Object.keys(fn)).toHaveLength(1);
    const variables = Object.values(fn)[0].Properties.Environment.Variables;
    expect(variables.ISSUER).toEqual(Stack.of(api).resolve(api.scopedUserPool.issuerUrl));
  });

  test('a pool passed in: its template is read, a contradiction is an error, silence is a warning', () => {
    const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const updated = new cognito.UserPool(stack, 'Updated', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    (updated.node.defaultChild as CfnResource).addPropertyOverride('IssuerConfiguration', { Type: 'UPDATED' });
    expect(new ScopedUserPool(stack, 'A', { ...MAPS, userPool: updated }).issuer).toBe(IssuerType.UPDATED);

    const other = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const pool = new cognito.UserPool(other, 'Updated', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    (pool.node.defaultChild as CfnResource).addPropertyOverride('IssuerConfiguration', { Type: 'UPDATED' });
    expect(problemsOf(() => new ScopedUserPool(other, 'A', { ...MAPS, userPool: pool, issuer: IssuerType.ORIGINAL })))
      .toEqual([expect.stringContaining('issuer: ORIGINAL, but the userPool passed in sets IssuerConfiguration UPDATED')]);

    const silent = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new ScopedUserPool(silent, 'A', { ...MAPS, userPool: new cognito.UserPool(silent, 'P', { featurePlan: cognito.FeaturePlan.ESSENTIALS }) });
    Annotations.fromStack(silent).hasWarning('/S/A', Match.stringLikeRegexp('sets no IssuerConfiguration.*IssuerType.ORIGINAL, or IssuerType.UPDATED'));
  });

  test('an override that changes the issuer afterwards is an error naming it', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new ScopedUserPool(stack, 'A', MAPS);
    (pool.userPool.node.defaultChild as CfnResource).addPropertyOverride('IssuerConfiguration.Type', 'UPDATED');
    expect(() => Template.fromStack(stack)).toThrow(/IssuerConfiguration is UPDATED .*the authorizers trust ORIGINAL/);
  });

  test('encryptionKey writes the customer managed key, and is refused on a pool passed in', () => {
    const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new ScopedUserPool(stack, 'A', { ...MAPS, encryptionKey: kms.Key.fromKeyArn(stack, 'K', MRK) });
    expect(onlyResource(Template.fromStack(stack), 'AWS::Cognito::UserPool').Properties.KeyConfiguration)
      .toEqual({ KeyType: 'CUSTOMER_MANAGED_KEY', KmsKeyArn: MRK });
    const other = new Stack(new App(), 'S');
    expect(problemsOf(() => new ScopedUserPool(other, 'A', {
      ...MAPS, userPool: new cognito.UserPool(other, 'P'), encryptionKey: kms.Key.fromKeyArn(other, 'K', MRK),
    }))).toContain('encryptionKey: set KeyConfiguration on the userPool you pass in, not here');
  });
});

describe('a replica', () => {
  test('is made in the primary stack, and attached in its Region with a byte-identical trigger on the same event version', () => {
    const { app, primary, secondary, pool } = twoRegions({ triggerEventVersion: cognito.LambdaVersion.V3_0 });
    const replica = new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    const assembly = app.synth();
    const first = Template.fromStack(primary);
    const second = Template.fromStack(secondary);
    const made = onlyResource(first, 'AWS::Cognito::UserPoolReplica').Properties;
    expect(made.RegionName).toBe('us-west-2');
    expect(made.UserPoolId).toEqual({ Ref: primary.getLogicalId(pool.userPool.node.defaultChild as CfnResource) });
    expect(Object.keys(second.findResources('AWS::Cognito::UserPoolReplica'))).toHaveLength(0);

    const attachment = onlyResource(second, 'AWS::Cognito::UserPoolRegionalConfigurationAttachment').Properties;
    expect(attachment.Status).toBe('ACTIVE');
    expect(attachment.LambdaConfig.PreTokenGenerationConfig.LambdaVersion).toBe('V3_0');
    expect(attachment.LambdaConfig.PreTokenGenerationConfig.LambdaArn)
      .toEqual({ 'Fn::GetAtt': [secondary.getLogicalId(replica.triggerFunction!.node.defaultChild as CfnResource), 'Arn'] });

    // The same asset: the same bundle and map, byte for byte.
    const codeOf = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((fn) => String(fn.Properties.Description).startsWith('Adds the OAuth scopes'))
      .map((fn) => fn.Properties.Code.S3Key);
    const [primaryCode] = codeOf(first);
    const [secondaryCode] = codeOf(second);
    expect(secondaryCode).toBeDefined();
    expect(secondaryCode).toEqual(primaryCode);
    expect(String(primaryCode)).toMatch(/^[0-9a-f]{64}\.zip$/);

    // Cognito in the replica Region may invoke it, for this pool of this account only.
    const permission = onlyResource(second, 'AWS::Lambda::Permission').Properties;
    expect(permission.Principal).toBe('cognito-idp.amazonaws.com');
    expect(permission.SourceAccount).toBe(ACCOUNT);
    expect(JSON.stringify(permission.SourceArn)).toContain(':cognito-idp:us-west-2:111111111111:userpool/');
    expect(pool.replicaRegions()).toEqual(['us-west-2']);
    expect(assembly.getStackByName('Secondary').dependencies.map((d) => d.id)).toContain('Primary');
  });

  test('active: false leaves it INACTIVE; with the Lambda authorizer it gets no trigger', () => {
    const { secondary, pool } = twoRegions({ enforcement: Enforcement.LAMBDA_AUTHORIZER, featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const replica = new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool, active: false });
    const attachment = onlyResource(Template.fromStack(secondary), 'AWS::Cognito::UserPoolRegionalConfigurationAttachment').Properties;
    expect(attachment).toEqual({ UserPoolId: expect.anything(), Status: 'INACTIVE' });
    expect(replica.triggerFunction).toBeUndefined();
    expect(JSON.stringify(Template.fromStack(secondary).toJSON())).not.toContain('PreTokenGeneration');
  });

  test('machine clients with claims get the client IDs parameter in the replica Region too', () => {
    const { secondary, pool } = twoRegions({
      triggerEventVersion: cognito.LambdaVersion.V3_0,
      machineClients: [{ name: 'billing', scopes: ['orders/read'], claims: { tenant: 'acme' } }],
    });
    const replica = new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    const parameter = onlyResource(Template.fromStack(secondary), 'AWS::SSM::Parameter').Properties;
    const original = onlyResource(Template.fromStack(Stack.of(pool)), 'AWS::SSM::Parameter').Properties;
    expect(parameter.Name).toBe(original.Name);
    expect(parameter.Name).toMatch(/machine-client-ids$/);
    expect(replica.machineClientIdsParameter).toBeDefined();
  });

  test('the replica Region\'s client IDs parameter stays as made too', () => {
    const setup = twoRegions({
      triggerEventVersion: cognito.LambdaVersion.V3_0,
      machineClients: [{ name: 'billing', scopes: ['orders/read'], claims: { tenant: 'acme' } }],
    });
    const replica = new ScopedUserPoolReplica(setup.secondary, 'Replica', { scopedUserPool: setup.pool });
    (replica.machineClientIdsParameter!.node.defaultChild as CfnResource).addPropertyOverride('Value', '[]');
    expect(synthMessage(setup)).toMatch(/Secondary\/Replica\/MachineClientIds\/Resource: its Value was changed after the construct made it/);
  });

  test('an override of its LambdaConfig is an error', () => {
    const { app, secondary, pool } = twoRegions();
    const replica = new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    replica.regionalConfiguration.addPropertyOverride('LambdaConfig', {});
    expect(() => app.synth()).toThrow(/LambdaConfig is no longer the one this construct made/);
  });
});

describe('refused', () => {
  function synthErrors(build: (setup: TwoRegions) => void, props: Partial<ScopedUserPoolProps> = {}): string {
    const setup = twoRegions(props);
    build(setup);
    try {
      setup.app.synth();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the app to fail validation');
  }

  test('a raw UserPoolReplica of the pool, in any stack, names its Region and the construct to use', () => {
    const message = synthErrors(({ primary, pool }) => {
      rawReplica(primary, 'eu-central-1', pool);
    });
    expect(message).toMatch(/Raw: a replica of .* in eu-central-1 runs none of the enforcement there.*use a ScopedUserPoolReplica in a stack in eu-central-1/);
  });

  test('a second replica, and two Regions: a pool has one replica', () => {
    const message = synthErrors(({ primary, secondary, pool }) => {
      new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
      rawReplica(primary, 'us-west-2', pool);
    });
    expect(message).toContain('a second replica of');
    const two = synthErrors(({ app, secondary, pool }) => {
      new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
      const third = new Stack(app, 'Third', { env: { account: ACCOUNT, region: 'eu-west-1' }, crossRegionReferences: true });
      new ScopedUserPoolReplica(third, 'Replica', { scopedUserPool: pool });
    });
    expect(two).toMatch(/replicas in eu-west-1, us-west-2; a user pool has at most one replica/);
  });

  test('a replica in the primary Region', () => {
    const { primary, pool } = twoRegions();
    expect(problemsOf(() => new ScopedUserPoolReplica(primary, 'Replica', { scopedUserPool: pool })))
      .toEqual([expect.stringContaining('is in us-east-1 already; a replica serves another Region')]);
    const raw = synthErrors(({ primary: stack, pool: p }) => {
      rawReplica(stack, 'us-east-1', p);
    });
    expect(raw).toContain('a replica of the pool in its own Region (us-east-1)');
  });

  test.each([
    ['the Lite plan', { enforcement: Enforcement.LAMBDA_AUTHORIZER }, /on the Lite plan, which Cognito cannot replicate/],
    ['the original issuer', { issuer: undefined }, /original issuer, which names one Region.*set issuer: IssuerType.UPDATED/],
    ['no customer managed key', { encryptionKey: undefined }, /not encrypted with a customer managed KMS key/],
  ] as Array<[string, Partial<ScopedUserPoolProps>, RegExp]>)('a pool on %s', (_name, props, expected) => {
    expect(synthErrors(({ secondary, pool }) => new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool }), props)).toMatch(expected);
  });

  test('a single-Region key', () => {
    const message = synthErrors(({ primary, secondary }) => {
      const pool = new ScopedUserPool(primary, 'Other', {
        ...MAPS,
        domainPrefix: 'other-prefix',
        issuer: IssuerType.UPDATED,
        encryptionKey: kms.Key.fromKeyArn(primary, 'Single', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      });
      new ScopedUserPoolReplica(secondary, 'OtherReplica', { scopedUserPool: pool });
    });
    expect(message).toMatch(/is a single-Region key; replication needs a multi-Region key/);
  });

  test('a Regional configuration of the pool made outside the construct', () => {
    const message = synthErrors(({ secondary, pool }) => {
      new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
      new CfnResource(secondary, 'Raw', {
        type: 'AWS::Cognito::UserPoolRegionalConfigurationAttachment',
        properties: { UserPoolId: pool.userPool.userPoolId, LambdaConfig: { PreTokenGeneration: 'arn:aws:lambda:us-west-2:111111111111:function:x' } },
      });
    });
    expect(message).toMatch(/Raw: a Regional configuration of .* that ScopedUserPoolReplica did not make/);
  });

  test('a replica stack without a Region', () => {
    const { app, pool } = twoRegions();
    const agnostic = new Stack(app, 'Agnostic');
    expect(problemsOf(() => new ScopedUserPoolReplica(agnostic, 'Replica', { scopedUserPool: pool })))
      .toEqual([expect.stringContaining('has no Region known at synth')]);
  });
});

describe('APIs in the replica Region', () => {
  test('attach to the replica: a REST Cognito authorizer trusts the pool in its own Region, made before or after the API', () => {
    for (const replicaFirst of [true, false]) {
      const { app, secondary, pool } = twoRegions();
      if (replicaFirst) new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
      new ScopedCognitoApi(secondary, 'Api', { scopedUserPool: pool, routeScopes: ROUTES, alarms: false });
      if (!replicaFirst) new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
      app.synth();
      const authorizer = onlyResource(Template.fromStack(secondary), 'AWS::ApiGateway::Authorizer').Properties;
      expect(JSON.stringify(authorizer.ProviderARNs)).toContain(':cognito-idp:us-west-2:111111111111:userpool/');
    }
  });

  test('HTTP and Lambda authorizers trust the pool\'s updated issuer, named by the primary Region', () => {
    const { app, secondary, pool } = twoRegions();
    new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    new ScopedCognitoHttpApi(secondary, 'Http', { scopedUserPool: pool, routeScopes: ROUTES, alarms: false });
    app.synth();
    const jwt = onlyResource(Template.fromStack(secondary), 'AWS::ApiGatewayV2::Authorizer').Properties.JwtConfiguration;
    expect(JSON.stringify(jwt.Issuer)).toContain('https://issuer-cognito-idp.us-east-1.amazonaws.com/');

    const lite = twoRegions({ enforcement: Enforcement.LAMBDA_AUTHORIZER, featurePlan: cognito.FeaturePlan.ESSENTIALS });
    new ScopedUserPoolReplica(lite.secondary, 'Replica', { scopedUserPool: lite.pool });
    new ScopedCognitoApi(lite.secondary, 'Api', { scopedUserPool: lite.pool, routeScopes: ROUTES, alarms: false });
    lite.app.synth();
    const fns = Object.values(Template.fromStack(lite.secondary).findResources('AWS::Lambda::Function'))
      .filter((fn) => fn.Properties.Environment?.Variables?.ISSUER !== undefined);
    expect(fns).toHaveLength(1);
    expect(JSON.stringify(fns[0].Properties.Environment.Variables.ISSUER)).toContain('https://issuer-cognito-idp.us-east-1.amazonaws.com/');
  });

  test('an API in another Region than its pool, with no replica there, is warned about', () => {
    const { app, secondary, pool } = twoRegions();
    new ScopedCognitoHttpApi(secondary, 'Http', { scopedUserPool: pool, routeScopes: ROUTES, alarms: false });
    app.synth();
    Annotations.fromStack(secondary).hasWarning('/Secondary/Http', Match.stringLikeRegexp('its pool in us-east-1, which has no replica in us-west-2'));
    const replicated = twoRegions();
    new ScopedUserPoolReplica(replicated.secondary, 'Replica', { scopedUserPool: replicated.pool });
    new ScopedCognitoHttpApi(replicated.secondary, 'Http', { scopedUserPool: replicated.pool, routeScopes: ROUTES, alarms: false });
    replicated.app.synth();
    Annotations.fromStack(replicated.secondary).hasNoWarning('/Secondary/Http', Match.stringLikeRegexp('no replica'));
  });

  test('the pool\'s matrix covers every API in every Region, with the Region in each row, the same grid in each', () => {
    const { app, primary, secondary, pool } = twoRegions();
    new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    new ScopedCognitoApi(primary, 'Api', { scopedUserPool: pool, routeScopes: ROUTES, alarms: false });
    new ScopedCognitoApi(secondary, 'Api', { scopedUserPool: pool, routeScopes: ROUTES, alarms: false });
    app.synth();
    const rows = pool.accessMatrix();
    expect(new Set(rows.map((row) => row.region))).toEqual(new Set(['us-east-1', 'us-west-2']));
    const grid = (region: string) => rows.filter((row) => row.region === region).map(({ api: _a, region: _r, ...rest }) => rest);
    expect(grid('us-west-2')).toEqual(grid('us-east-1'));
    expect(grid('us-east-1')).toHaveLength(2);
    expect(pool.accessMatrixMarkdown()).toContain('### Secondary/Api (us-west-2)');
  });

  test('a pool\'s matrix carries no Region when the stack has none, and an API\'s own matrix none at all', () => {
    const { api } = synthApi(SEED, new Stack(new App(), 'Agnostic'));
    expect(api.scopedUserPool.accessMatrix().every((row) => row.region === undefined)).toBe(true);
    const inRegion = synthApi(SEED).api;
    expect(inRegion.scopedUserPool.accessMatrix().every((row) => row.region === 'eu-west-1')).toBe(true);
    expect(inRegion.accessMatrix().every((row) => row.region === undefined)).toBe(true);
  });
});

describe('what a review found, refused or warned about', () => {
  test('an override of the replica\'s Region, of the pool its configuration names, or of its status', () => {
    const moved = twoRegions();
    new ScopedUserPoolReplica(moved.secondary, 'Replica', { scopedUserPool: moved.pool }).replica.addPropertyOverride('RegionName', 'eu-central-1');
    expect(synthMessage(moved)).toMatch(/is no longer the pool's in us-west-2 .*RegionName or UserPoolId/);

    const elsewhere = twoRegions();
    new ScopedUserPoolReplica(elsewhere.secondary, 'Replica', { scopedUserPool: elsewhere.pool })
      .regionalConfiguration.addPropertyOverride('UserPoolId', 'us-east-1_Other123');
    expect(synthMessage(elsewhere)).toMatch(/no longer the Regional configuration of .*changed its UserPoolId/);

    const status = twoRegions();
    new ScopedUserPoolReplica(status.secondary, 'Replica', { scopedUserPool: status.pool, active: false })
      .regionalConfiguration.addPropertyOverride('Status', 'ACTIVE');
    expect(synthMessage(status)).toMatch(/its Status is no longer INACTIVE/);
  });

  test('a replica or Regional configuration naming a pool other than by reference fails closed', () => {
    const selected = twoRegions();
    new CfnResource(selected.primary, 'Raw', {
      type: 'AWS::Cognito::UserPoolReplica',
      properties: { RegionName: 'eu-west-1', UserPoolId: Fn.select(1, Fn.split('/', selected.pool.userPool.userPoolArn)) },
    });
    expect(synthMessage(selected)).toMatch(/Raw: a AWS::Cognito::UserPoolReplica whose UserPoolId is not a reference to a pool of the app/);

    const imported = twoRegions();
    new ScopedUserPoolReplica(imported.secondary, 'Replica', { scopedUserPool: imported.pool });
    new CfnResource(imported.secondary, 'Raw', {
      type: 'AWS::Cognito::UserPoolRegionalConfigurationAttachment',
      properties: { UserPoolId: Fn.importValue('PoolId'), Status: 'ACTIVE' },
    });
    expect(synthMessage(imported)).toMatch(/Raw: a AWS::Cognito::UserPoolRegionalConfigurationAttachment whose UserPoolId is not a reference/);
  });

  test('a resource whose Type is overridden to a replica is found as one', () => {
    const setup = twoRegions();
    new CfnResource(setup.primary, 'Raw', {
      type: 'AWS::CloudFormation::WaitConditionHandle',
      properties: { RegionName: 'eu-west-1', UserPoolId: setup.pool.userPool.userPoolId },
    }).addOverride('Type', 'AWS::Cognito::UserPoolReplica');
    expect(synthMessage(setup)).toMatch(/Raw: a replica of .* in eu-west-1 runs none of the enforcement there/);
  });

  test('the trigger\'s code, in the pool\'s Region or the replica\'s, cannot be changed afterwards', () => {
    const primaryTrigger = twoRegions();
    (primaryTrigger.pool.triggerFunction!.node.defaultChild as CfnResource).addPropertyOverride('Code', { ZipFile: 'exports.handler=async e=>e' });
    expect(synthMessage(primaryTrigger)).toMatch(/PreTokenGeneration\/Resource: its Code was changed after the construct made it.*other scopes/);

    const replicaTrigger = twoRegions();
    const replica = new ScopedUserPoolReplica(replicaTrigger.secondary, 'Replica', { scopedUserPool: replicaTrigger.pool });
    replica.triggerFunction!.addEnvironment('NODE_OPTIONS', '--require /opt/other.js');
    expect(synthMessage(replicaTrigger)).toMatch(/Replica\/PreTokenGeneration\/Resource: its Environment was changed/);
  });

  test('a pool\'s web ACL the replica lacks, and TOTP MFA a replica does not support, are warned about', () => {
    const setup = twoRegions({
      webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/pool/1234abcd-12ab-34cd-56ef-1234567890ab`,
      userPoolProps: { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { sms: false, otp: true } },
    });
    new ScopedUserPoolReplica(setup.secondary, 'Replica', { scopedUserPool: setup.pool });
    setup.app.synth();
    Annotations.fromStack(setup.secondary).hasWarning('/Secondary/Replica', Match.stringLikeRegexp('a web ACL is a Regional setting'));
    Annotations.fromStack(setup.secondary).hasWarning('/Secondary/Replica', Match.stringLikeRegexp('TOTP MFA, which a replica does not support'));
  });

  test('an issuer the template writes through a field the override reads past is still caught', () => {
    const stack = new Stack(new App(), 'S');
    const pool = new ScopedUserPool(stack, 'A', MAPS);
    const cfn = pool.userPool.node.defaultChild as CfnResource;
    // Where aws-cdk-lib has the field (2.262 and later); the merged read must see it past an unrelated deletion override.
    if (!('issuerConfiguration' in cfn)) return;
    (cfn as unknown as { issuerConfiguration: object }).issuerConfiguration = { type: 'UPDATED' };
    cfn.addPropertyDeletionOverride('IssuerConfiguration.Unused');
    expect(() => Template.fromStack(stack)).toThrow(/IssuerConfiguration is UPDATED/);
  });

  test('a REST authorizer resolved before the replica is declared still trusts the replica', () => {
    const { app, secondary, pool } = twoRegions();
    const api = new ScopedCognitoApi(secondary, 'Api', { scopedUserPool: pool, routeScopes: ROUTES, alarms: false });
    secondary.resolve((api.authorizer!.node.defaultChild as CfnResource & { providerArns: string[] }).providerArns);
    new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    app.synth();
    const authorizer = onlyResource(Template.fromStack(secondary), 'AWS::ApiGateway::Authorizer').Properties;
    expect(JSON.stringify(authorizer.ProviderARNs)).toContain(':cognito-idp:us-west-2:');
  });

  test('a key of the app that is not multi-Region', () => {
    const setup = twoRegions({ encryptionKey: undefined });
    const app = setup.app;
    const primary = new Stack(app, 'Primary2', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const secondary = new Stack(app, 'Secondary2', { env: { account: ACCOUNT, region: 'us-west-2' }, crossRegionReferences: true });
    const key = new kms.Key(primary, 'Key');
    const pool = new ScopedUserPool(primary, 'Pool', { ...MAPS, domainPrefix: 'second-pool', issuer: IssuerType.UPDATED, encryptionKey: key });
    new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
    expect(synthMessage({ app, primary, secondary, pool })).toMatch(/its KMS key Primary2\/Key\/Resource is a single-Region key/);
  });
});

describe('what a second review found', () => {
  test('overrides of the whole Properties, a token or a deletion, are read as the template merges them', () => {
    const lazy = twoRegions();
    new ScopedUserPoolReplica(lazy.secondary, 'Replica', { scopedUserPool: lazy.pool })
      .regionalConfiguration.addOverride('Properties', Lazy.any({ produce: () => ({ LambdaConfig: undefined }) }));
    expect(synthMessage(lazy)).toMatch(/its LambdaConfig is no longer the one this construct made/);

    const moved = twoRegions();
    new ScopedUserPoolReplica(moved.secondary, 'Replica', { scopedUserPool: moved.pool })
      .replica.addOverride('Properties', Lazy.any({ produce: () => ({ RegionName: 'eu-central-1' }) }));
    expect(synthMessage(moved)).toMatch(/is no longer the pool's in us-west-2/);

    const deleted = new Stack(new App(), 'S');
    const pool = new ScopedUserPool(deleted, 'A', MAPS);
    (pool.userPool.node.defaultChild as CfnResource).addDeletionOverride('Properties');
    expect(() => Template.fromStack(deleted)).toThrow(/its Pre Token Generation trigger is no longer this construct's/);
  });

  test('the trigger\'s code edited in place is refused', () => {
    const setup = twoRegions();
    const replica = new ScopedUserPoolReplica(setup.secondary, 'Replica', { scopedUserPool: setup.pool });
    const code = (replica.triggerFunction!.node.defaultChild as CfnResource & { code: { s3Key?: string } }).code;
    code.s3Key = 'other.zip';
    expect(synthMessage(setup)).toMatch(/Replica\/PreTokenGeneration\/Resource: its Code was changed/);
  });

  test('a Type override given as a token is resolved', () => {
    const setup = twoRegions();
    new CfnResource(setup.primary, 'Raw', {
      type: 'AWS::CloudFormation::WaitConditionHandle',
      properties: { RegionName: 'eu-west-1', UserPoolId: setup.pool.userPool.userPoolId },
    }).addOverride('Type', Lazy.string({ produce: () => 'AWS::Cognito::UserPoolReplica' }));
    expect(synthMessage(setup)).toMatch(/Raw: a replica of .* in eu-west-1 runs none of the enforcement there/);
  });

  test('a condition on what carries the enforcement in the replica Region', () => {
    const setup = twoRegions();
    const replica = new ScopedUserPoolReplica(setup.secondary, 'Replica', { scopedUserPool: setup.pool });
    replica.regionalConfiguration.cfnOptions.condition = new CfnCondition(setup.secondary, 'Never', { expression: Fn.conditionEquals('a', 'b') });
    expect(synthMessage(setup)).toMatch(/RegionalConfiguration: a CloudFormation condition on it could deploy the replica/);
  });

  test('TOTP turned on after the replica was declared is still warned about; MultiRegion given as a string is multi-Region', () => {
    const setup = twoRegions({ encryptionKey: undefined });
    const key = new kms.CfnKey(setup.primary, 'MultiRegionKey', {
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] },
    });
    key.addPropertyOverride('MultiRegion', 'true');
    const pool = new ScopedUserPool(setup.primary, 'Other', {
      ...MAPS, domainPrefix: 'other-pool', issuer: IssuerType.UPDATED, encryptionKey: kms.Key.fromKeyArn(setup.primary, 'Imported', key.attrArn),
    });
    new ScopedUserPoolReplica(setup.secondary, 'Replica', { scopedUserPool: pool });
    (pool.userPool.node.defaultChild as CfnResource).addPropertyOverride('EnabledMfas', ['SOFTWARE_TOKEN_MFA']);
    setup.app.synth();
    Annotations.fromStack(setup.secondary).hasWarning('/Secondary/Replica', Match.stringLikeRegexp('TOTP MFA, which a replica does not support'));
  });
});
