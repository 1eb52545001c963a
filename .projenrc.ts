import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-scoped-cognito-api',
  description:
    'Scope-based access control for API Gateway with Cognito: one construct maps groups to OAuth scopes and routes to scopes, with a generated V2 pre-token-generation trigger.',
  keywords: ['cdk', 'awscdk', 'cognito', 'api-gateway', 'oauth', 'scopes', 'authorization', 'pre-token-generation'],
  author: 'cdk-scoped-cognito-api maintainers',
  authorAddress: 'maintainers@scopedcognitoapi.github.io',
  repositoryUrl: 'https://github.com/scopedcognitoapi/cdk-scoped-cognito-api.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // The floor: FeaturePlan, the threat-protection props and LambdaVersion.V3_0 are all in 2.189.
  cdkVersion: '2.189.1',
  jsiiVersion: '~6.0.0',
  // Users may stay on the floor above; the tests run on a current aws-cdk-lib, which cdk-nag 3's
  // validation plugins and aws-cdk-lib's own template validation need.
  peerDependencyOptions: { pinnedDevDependency: false },

  // CI is `.ci/run`; projen's workflows would also write registry host names into the repo.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // What ships is an allowlist (`files` below), not a list of exclusions: scratch folders a build or
  // a developer leaves in the tree (a virtualenv, caches, test outputs) can never reach a package.
  npmignoreEnabled: false,

  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: { compilerOptions: {}, include: ['.projenrc.ts'] },

  publishToPypi: {
    distName: 'cdk-scoped-cognito-api',
    module: 'cdk_scoped_cognito_api',
  },
  publishToMaven: {
    javaPackage: 'io.github.scopedcognitoapi',
    mavenGroupId: 'io.github.scopedcognitoapi',
    mavenArtifactId: 'cdk-scoped-cognito-api',
  },
  // Go fetches a module from the repository its path names, and jsii generates the Go code, so it is
  // published to a repository of its own beside this one, named like cdklabs' (`cdk-nag-go`). The
  // package is named after the npm package: github.com/scopedcognitoapi/cdk-scoped-cognito-api-go/cdkscopedcognitoapi.
  publishToGo: {
    moduleName: 'github.com/scopedcognitoapi/cdk-scoped-cognito-api-go',
  },

  devDeps: ['aws-cdk-lib@2.275.0', 'constructs@10.5.1', 'cdk-nag@3.0.2', '@types/aws-lambda', '@aws-sdk/client-ssm', 'fast-check', 'ts-node', 'aws-jwt-verify@5.2.1', '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0'],
  gitignore: ['cdk.out/', '.venv/', '.floor/', '.integ/', '.jsii.tabl.json'],
  eslintOptions: { dirs: ['src', 'lambda-src'], devdirs: ['test', 'example', 'bench'], tsconfigPath: './tsconfig.dev.json', projectService: false },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
});

// Node 20 is past its end of life and jsii prints a banner on every call. The machines this
// project builds on ship Node 20, so the banner is silenced explicitly (README: "Toolchain").
for (const [name, value] of Object.entries({
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
  JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1',
})) {
  project.tasks.addEnvironment(name, value);
}

// jsii-pacmak writes into the Go module's go.mod the aws-cdk-lib and constructs it compiled against
// (the dev dependencies, a current release), and Go reads every requirement as a minimum. The Go floor
// goes there instead: awscdk 2.240.0, the first aws-cdk-go release built on constructs 10.5. The
// generated code uses constructs.IMixin (10.5 and later), and older awscdk Go releases do not compile
// beside constructs 10.5 ("ambiguous selector With"), so Go cannot go down to the npm floor. The
// indirect requirements are worked out anew for it, and the module is built on it; pacmak's own build,
// on the dev dependencies, is skipped: the Go consumer (test/consumers) builds on a current release.
const goModule = 'dist/go/cdkscopedcognitoapi';
const packageGo = project.tasks.tryFind('package:go')!;
packageGo.env('JSII_BUILD_GO', '0');
packageGo.exec(`sed -i '/ indirect$/d' ${goModule}/go.mod`);
packageGo.exec(`go -C ${goModule} mod edit -require=github.com/aws/aws-cdk-go/awscdk/v2@v2.240.0 -require=github.com/aws/constructs-go/constructs/v10@v10.5.1`);
packageGo.exec(`go -C ${goModule} mod tidy`);
packageGo.exec(`go -C ${goModule} build ./...`);

// The trigger handler is bundled at build time into assets/, which ships in every package,
// so consumers never need esbuild or Docker. Each function is a folder of lambda-src/ whose entry
// is index.ts; projen names the output folder after the entry (lambda-src/<function>/index/), so
// the outfile steps up one, to assets/lambda-src/<function>/index.js.
const triggerBundle = project.bundler.addBundle('lambda-src/pre-token-generation/index.ts', {
  outfile: '../index.js',
  platform: 'node',
  target: 'node22',
  minify: true,
  watchTask: false,
  // The Lambda runtime provides AWS SDK v3: the trigger reads one SSM parameter with it (V3_0 only).
  externals: ['@aws-sdk/client-ssm'],
});
// The generated Lambda authorizer (Enforcement.LAMBDA_AUTHORIZER): aws-jwt-verify is bundled in,
// so the function has no dependency to install and no SDK to load.
const authorizerBundle = project.bundler.addBundle('lambda-src/lambda-authorizer/index.ts', {
  outfile: '../index.js',
  platform: 'node',
  target: 'node22',
  minify: true,
  watchTask: false,
});

// The package holds the library and nothing else. npm adds package.json, README.md and LICENSE on its
// own; the Python wheel, the Java jar and the Go module embed this same tarball, so the list decides
// what every language ships. `test/package/check-packages.ts` fails the build on anything else.
// jsii writes a default .npmignore when there is none; `files` decides what is packed, so it is ignored.
project.gitignore.exclude('/.npmignore');
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', triggerBundle.outfile, authorizerBundle.outfile, '.jsii', 'API.md']);
// A compile or a bundle starts from empty folders, so a file whose source is gone (a moved module,
// a renamed function) cannot ride along in lib/ or assets/.
project.compileTask.prependExec('rm -rf lib');
project.tasks.tryFind('bundle')!.prependExec('rm -rf assets');

// projen packages only JavaScript when CI is set; CI here must prove the Python and Java
// packages build too, so `build` always runs every target.
project.tasks.tryFind('package')!.reset();
project.tasks.tryFind('package')!.spawn(project.tasks.tryFind('package-all')!);
project.tasks.tryFind('package')!.spawn(project.addTask('package:check', {
  description: 'Check that the packages hold the library alone (the files allowlist) and stay under 1 MB; print their sizes',
  steps: [{ exec: 'ts-node --project tsconfig.dev.json test/package/check-packages.ts' }],
}));

// cfn-lint (from PyPI, in a venv of its own) over every template the tests synthesized. W3005
// (a DependsOn that a GetAtt already implies) is how aws-cdk-lib writes Lambda roles: not ours.
const cfnLint = project.addTask('cfn-lint', {
  description: 'Lint every template the tests synthesized with cfn-lint',
  steps: [
    // projen's task shell knows `test -f`, not `test -x`.
    { exec: 'test -f .venv/cfn-lint/bin/cfn-lint || (python3 -m venv .venv/cfn-lint && .venv/cfn-lint/bin/pip install --quiet cfn-lint==1.58.0)' },
    { exec: '.venv/cfn-lint/bin/cfn-lint --ignore-checks W3005 -- test-reports/templates/*.json' },
    { exec: 'echo "cfn-lint: $(ls test-reports/templates | wc -l) templates, no findings"' },
    // The create-only properties the tests hold across an API's change of form (test/openapi-form.test.ts)
    // must be those of the schemas cfn-lint ships.
    { exec: '.venv/cfn-lint/bin/python test/cfn/create_only.py --check test/cfn/create-only-properties.json' },
  ],
});
project.testTask.prependExec('rm -rf test-reports/templates');
// ts-jest compiles each test file on its own; this type-checks tests, examples and benchmarks together.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');
project.testTask.spawn(cfnLint);

// Users may stay on the peer floor (aws-cdk-lib 2.189.1) while everything above runs on a current
// release: compile against the floor and run the construct and handler tests on it, after cfn-lint.
project.testTask.spawn(project.addTask('test:floor', {
  description: 'Compile against the aws-cdk-lib peer floor and run the construct and handler tests on it',
  steps: [{ exec: 'bash test/floor/run.sh' }],
}));

// The integration tests (test/integ) in integ-runner's snapshot mode: no account needed, and a change
// that alters what they would deploy fails until the snapshots are updated (test/integ/run.sh --update).
project.testTask.spawn(project.addTask('test:integ', {
  description: 'Check the integration tests against their committed snapshots (no deployment)',
  steps: [{ exec: 'bash test/integ/run.sh' }],
}));

// The README's TypeScript examples must compile (jsii-rosetta, strict: a snippet that fails is an error).
project.postCompileTask.exec('jsii-rosetta extract --strict');
// jsii-rosetta reads the README only (the assembly's readme): the same translator, strict, checks docs/.
project.postCompileTask.exec('ts-node --project tsconfig.dev.json test/docs/compile-snippets.ts');

const tsNode = 'ts-node --project tsconfig.dev.json';
project.addTask('demo', {
  description: 'Synthesize the example app offline into cdk.out/demo (or the folder given: npm run demo -- DIR) and print what it built',
  steps: [{ spawn: 'bundle' }, { exec: `${tsNode} example/demo.ts`, receiveArgs: true }],
});

project.addTask('bench', {
  description: 'Benchmark the trigger and the Lambda authorizer (per call, cold start, bundle size, against hand-written ones) and synth; prints the figures',
  steps: [{ spawn: 'bundle' }, { exec: `${tsNode} bench/bench.ts` }],
});

// The packages this build produced, consumed from npm, Python, Java and Go apps, whose templates
// must match. It runs after every package is built.
const consumers = project.addTask('test:consumers', {
  description: 'Synthesize the example from npm, Python, Java and Go consumer apps of the built packages and compare',
  steps: [{ exec: 'bash test/consumers/run.sh' }],
});
project.tasks.tryFind('package')!.spawn(consumers);

project.synth();
