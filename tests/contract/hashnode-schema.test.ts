import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  buildSchema,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { hashnodeAdapter } from '../../src/platforms/hashnode/adapter.js';
import { HASHNODE_DOCUMENTS, type HashnodeOperation } from '../../src/platforms/hashnode/graphql.js';
import type { RenderedPost } from '../../src/platforms/types.js';
import { HASHNODE_SCHEMA_PATH } from '../helpers/platform-server.js';
import { renderedPost, sessionFor } from '../helpers/sessions.js';

// The schema is a byte-exact copy of Hashnode's published SDL, kept with the tests; where the
// shared contracts folder sits beside the repository, the copy is checked against it too.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaText = readFileSync(HASHNODE_SCHEMA_PATH, 'utf8');
const sharedSchemaPath = path.resolve(repoRoot, '..', 'shared', 'api-contracts', 'hashnode', 'gql-beta.schema.graphql');
const schema: GraphQLSchema = buildSchema(schemaText);

it.runIf(existsSync(sharedSchemaPath))('uses the same schema as the shared API contracts', () => {
  expect(schemaText).toBe(readFileSync(sharedSchemaPath, 'utf8'));
});

const ORIGIN = 'https://gql-beta.hashnode.com';
const PUBLICATION_ID = '65f0c0ffee0000000000abcd';
const env = { HASHNODE_TOKEN: 'test-hashnode-token', HASHNODE_PUBLICATION_ID: PUBLICATION_ID };
const settings = { publicationId: PUBLICATION_ID };
/** Hashnode rejects queries nested deeper than this. */
const HASHNODE_MAX_QUERY_DEPTH = 10;

const operations = Object.keys(HASHNODE_DOCUMENTS) as HashnodeOperation[];

function onlyOperation(document: DocumentNode): OperationDefinitionNode {
  const definitions = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  expect(definitions).toHaveLength(1);
  return definitions[0] as OperationDefinitionNode;
}

function selectionDepth(selectionSet: SelectionSetNode | undefined): number {
  if (!selectionSet) return 0;
  return 1 + Math.max(0, ...selectionSet.selections.map((selection) => ('selectionSet' in selection ? selectionDepth(selection.selectionSet) : 0)));
}

/** The problems graphql-js finds when these variables are coerced to the document's declared input types. */
function variableProblems(query: string, variables: Record<string, unknown>): string[] {
  const operation = onlyOperation(parse(query));
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return 'errors' in result && result.errors ? result.errors.map((error) => error.message) : [];
}

interface SentRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** Runs one adapter call against an intercepted Hashnode and returns every request body it sent. */
async function captureRequests(replies: unknown[], run: () => Promise<unknown>): Promise<SentRequest[]> {
  const sent: SentRequest[] = [];
  const scope = nock(ORIGIN);
  for (const reply of replies) {
    scope
      .post('/', (body: SentRequest) => {
        sent.push(body);
        return true;
      })
      .reply(200, reply as nock.Body);
  }
  await run();
  expect(scope.isDone()).toBe(true);
  return sent;
}

const session = () => sessionFor(hashnodeAdapter, env, { settings });
const fullPost = (overrides: Partial<RenderedPost> = {}): RenderedPost =>
  renderedPost({
    platform: 'hashnode',
    tags: ['Web Development', 'Node.js', 'C#'],
    coverImage: 'https://blog.example.com/cover.png',
    series: '65f0c0ffee00000000005e71',
    ...overrides,
  });
const postNode = { id: 'post-1', slug: 'testing-xpost', url: 'https://b/testing-xpost', canonicalUrl: 'https://other.example.com/' };
const emptyPage = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

/** Every path through the adapter, so every request it can send is checked against the schema. */
async function everyRequestTheAdapterSends(): Promise<SentRequest[]> {
  const published = fullPost();
  const draft = fullPost({ published: false });
  const preparedPost = hashnodeAdapter.prepare(published, settings, env);
  const preparedDraft = hashnodeAdapter.prepare(draft, settings, env);
  const asDraft = { id: 'draft-1', url: undefined, meta: { kind: 'draft' } };
  const asPost = { id: 'post-1', url: undefined, meta: { kind: 'post' } };
  return [
    ...(await captureRequests([{ data: { publishPost: { post: postNode } } }], () => hashnodeAdapter.create(session(), preparedPost, published))),
    ...(await captureRequests([{ data: { createDraft: { draft: { id: 'draft-1', slug: 's' } } } }], () =>
      hashnodeAdapter.create(session(), preparedDraft, draft),
    )),
    ...(await captureRequests([{ data: { updatePost: { post: postNode } } }], () => hashnodeAdapter.update(session(), asPost, preparedPost, published))),
    ...(await captureRequests([{ data: { updateDraft: { draft: { id: 'draft-1', slug: 's' } } } }], () =>
      hashnodeAdapter.update(session(), asDraft, preparedDraft, draft),
    )),
    ...(await captureRequests(
      [{ data: { updateDraft: { draft: { id: 'draft-1', slug: 's' } } } }, { data: { publishDraft: { post: postNode } } }],
      () => hashnodeAdapter.update(session(), asDraft, preparedPost, published),
    )),
    ...(await captureRequests(
      [
        { data: { publication: { post: null, redirectedPost: null } } },
        { data: { publication: { posts: { edges: [{ node: postNode }], pageInfo: { hasNextPage: true, endCursor: 'c1' } } } } },
        { data: { publication: { posts: emptyPage } } },
        { data: { publication: { drafts: emptyPage } } },
      ],
      () => hashnodeAdapter.find!(session(), draft),
    )),
  ];
}

describe('Hashnode documents against the gql-beta schema', () => {
  it.each(operations)('%s is valid GraphQL for gql-beta and no deeper than Hashnode allows', (operation) => {
    const document = parse(HASHNODE_DOCUMENTS[operation]);
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    const definition = onlyOperation(document);
    expect(selectionDepth(definition.selectionSet)).toBeLessThanOrEqual(HASHNODE_MAX_QUERY_DEPTH);
  });

  it('sends only known documents, covers every one, and every variables object fits its input types', async () => {
    const sent = await everyRequestTheAdapterSends();
    const used = new Set<HashnodeOperation>();
    for (const request of sent) {
      const operation = operations.find((candidate) => HASHNODE_DOCUMENTS[candidate] === request.query);
      expect(operation, `an unlisted document was sent:\n${request.query}`).toBeDefined();
      used.add(operation as HashnodeOperation);
      expect(variableProblems(request.query, request.variables), operation).toEqual([]);
    }
    expect([...used].sort()).toEqual([...operations].sort());
  });

  it('dry-run payloads (placeholder publication id) fit the input types too', () => {
    for (const published of [true, false]) {
      const prepared = hashnodeAdapter.prepare(fullPost({ published }), {}, {});
      const query = published ? HASHNODE_DOCUMENTS.publishPost : HASHNODE_DOCUMENTS.createDraft;
      expect(variableProblems(query, { ...prepared.payload })).toEqual([]);
    }
  });

  it('catches a field the schema does not have (the check itself works)', () => {
    const prepared = hashnodeAdapter.prepare(fullPost(), settings, env);
    const input = prepared.payload.input;
    const legacyShape = { input: { ...input, coverImageOptions: { coverImageURL: 'https://blog.example.com/cover.png' } } };
    expect(variableProblems(HASHNODE_DOCUMENTS.publishPost, legacyShape).join('\n')).toMatch(/"coverImageOptions" is not defined by type "PublishPostInput"/);
    expect(validate(schema, parse('mutation { removePost(input: { id: "1" }) { post { id } } }'))).not.toEqual([]);
  });
});
