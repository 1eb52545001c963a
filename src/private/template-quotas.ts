import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { documentSizeProblems, templateResourceProblems } from './quota-rules';

const checkedStacks = new WeakSet<Stack>();

/**
 * Checks, once per stack, that the template of the stack `scope` is in stays within
 * CloudFormation's 500 resources, when the app synthesizes (after every construct is added).
 * aws-cdk-lib refuses such a template too, but without naming the quota's source.
 */
export function checkTemplateResourcesAtSynth(scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (checkedStacks.has(stack)) return;
  checkedStacks.add(stack);
  stack.node.addValidation({
    validate: () => {
      const count = stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
      return templateResourceProblems(stack.node.path, count);
    },
  });
}

/**
 * The problems of an OpenAPI document that would not fit in a template: its size as the stack will
 * write it (indented as aws-cdk-lib indents templates, unless the stack suppresses indentation,
 * at the depth of a resource property).
 */
export function documentSizeProblemsOf(scope: IConstruct, document: unknown): string[] {
  const stack = Stack.of(scope);
  const resolved = stack.resolve(document);
  // aws-cdk-lib has no public accessor for the stack's `suppressTemplateIndentation`.
  const suppressed = (stack as unknown as { _suppressTemplateIndentation?: boolean })._suppressTemplateIndentation === true;
  if (suppressed) return documentSizeProblems(Buffer.byteLength(JSON.stringify(resolved)));
  const text = JSON.stringify(resolved, undefined, 1);
  // Resources > logical ID > Properties > Body: every line of the document is indented 4 more.
  const lines = text.split('\n').length;
  return documentSizeProblems(Buffer.byteLength(text) + 4 * (lines - 1));
}
