import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { documentSizeProblems, templateResourceProblems } from '../rules/quota-rules';

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

const documentsByStack = new WeakMap<Stack, unknown[]>();

/**
 * Checks, when the app synthesizes, that the OpenAPI documents of the APIs in the stack of `scope`
 * (this one among them) fit in its template together: their size as the stack will write them
 * (indented as aws-cdk-lib indents templates, unless the stack suppresses indentation, at the
 * depth of a resource property). The rest of the template is aws-cdk-lib's to weigh: it warns
 * when the whole template passes 1 MB.
 */
export function checkDocumentSizeAtSynth(scope: IConstruct, document: unknown): void {
  const stack = Stack.of(scope);
  const documents = documentsByStack.get(stack);
  if (documents) {
    documents.push(document);
    return;
  }
  documentsByStack.set(stack, [document]);
  stack.node.addValidation({
    validate: () => {
      const bytes = documentsByStack.get(stack)!.map((d) => documentBytes(stack, d)).reduce((a, b) => a + b, 0);
      return documentSizeProblems(stack.node.path, bytes);
    },
  });
}

function documentBytes(stack: Stack, document: unknown): number {
  const resolved = stack.resolve(document);
  // aws-cdk-lib has no public accessor for the stack's `suppressTemplateIndentation`.
  const suppressed = (stack as unknown as { _suppressTemplateIndentation?: boolean })._suppressTemplateIndentation === true;
  if (suppressed) return Buffer.byteLength(JSON.stringify(resolved));
  const text = JSON.stringify(resolved, undefined, 1);
  // Resources > logical ID > Properties > Body: every line of the document is indented 4 more.
  return Buffer.byteLength(text) + 4 * (text.split('\n').length - 1);
}
