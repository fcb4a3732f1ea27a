/**
 * Hashnode (gql-beta GraphQL, contract §2): POST / only, the current SDL executed with strict
 * scalars and a depth limit, Pro-plan gating, errors in `errors[].extensions.code`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  buildSchema,
  executeSync,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import {
  escapeHtml,
  isHttpUrl,
  isJsonRequest,
  isRecord,
  readingMinutes,
  slugify,
  type EmulatedRequest,
  type EmulatorDefinition,
  type EmulatorResponse,
  type GraphqlSummary,
  type PlatformEmulator,
} from './common.js';

export interface HashnodeOptions {
  hashnodeToken?: string;
  /** 24 hex characters (Hashnode ObjectId). */
  hashnodePublicationId?: string;
  /** false → every write and publication read answers FORBIDDEN "…no active Pro plan…". */
  hashnodePro?: boolean;
}

export const HASHNODE_CREDENTIALS = {
  hashnodeToken: 'test-hashnode-token-SECRET456',
  hashnodePublicationId: '65f0c0ffee00000000000001',
} as const;

export interface HashnodeTagInput {
  slug: string;
  name: string | null;
}

export interface HashnodePost {
  id: string;
  publicationId: string;
  title: string;
  subtitle: string | null;
  slug: string;
  url: string;
  contentMarkdown: string;
  coverImage: string | null;
  tags: HashnodeTagInput[];
  /** Set from originalArticleURL; read back as Post.canonicalUrl. */
  canonicalUrl: string | null;
  metaTitle: string | null;
  metaDescription: string | null;
  ogImage: string | null;
  disableComments: boolean;
  isDelisted: boolean;
  enableToc: boolean;
  seriesId: string | null;
  publishedAt: string;
  updatedAt: string | null;
  /** The draft this post was published from, if any. */
  fromDraftId: string | null;
  updateCount: number;
}

export interface HashnodeDraft {
  id: string;
  publicationId: string;
  title: string | null;
  subtitle: string | null;
  slug: string | null;
  contentMarkdown: string | null;
  tags: HashnodeTagInput[];
  canonicalUrl: string | null;
  coverImage: string | null;
  publishedAt: string | null;
  metaTitle: string | null;
  metaDescription: string | null;
  disableComments: boolean;
  /** False once published or deleted (drafts are soft-deleted). */
  active: boolean;
  updatedAt: string;
  updateCount: number;
}

export const HASHNODE_NOT_PRO_MESSAGE = 'Publication does not have an active Pro plan. Upgrade in your dashboard to access this via the API.';
const HASHNODE_MAX_BODY_BYTES = 100 * 1024;
const HASHNODE_MAX_TAGS = 15;
const HASHNODE_MAX_CO_AUTHORS = 4;
const HASHNODE_MAX_DEPTH = 10;
const HASHNODE_MAX_PAGE = 100;
const HASHNODE_MAX_DRAFT_PAGE = 50;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** A byte-exact copy of the gql-beta SDL kept with the tests, so a clone without shared/ beside it still runs them. */
export const HASHNODE_SCHEMA_PATH = path.resolve(REPO_ROOT, 'tests', 'fixtures', 'hashnode', 'gql-beta.schema.graphql');

let cachedSchema: GraphQLSchema | undefined;

/** The current gql-beta SDL, executable, with ObjectId and DateTime as strict as real scalars. */
function hashnodeSchema(): GraphQLSchema {
  if (cachedSchema) return cachedSchema;
  const schema = buildSchema(readFileSync(HASHNODE_SCHEMA_PATH, 'utf8'));
  const objectId = schema.getType('ObjectId');
  const dateTime = schema.getType('DateTime');
  // buildSchema's custom scalars accept anything; give them parsers (as graphql-tools' resolver maps do).
  if (objectId instanceof GraphQLScalarType) {
    Object.assign(objectId, strictScalar('ObjectId', (value) => /^[0-9a-f]{24}$/i.test(value)));
  }
  if (dateTime instanceof GraphQLScalarType) {
    Object.assign(dateTime, strictScalar('DateTime', (value) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))));
  }
  cachedSchema = schema;
  return schema;
}

function strictScalar(name: string, valid: (value: string) => boolean) {
  const parseText = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) throw new GraphQLError(`${name} cannot represent value: ${JSON.stringify(value)}`);
    return value;
  };
  return {
    parseValue: parseText,
    parseLiteral: (node: ValueNode) => {
      if (node.kind !== Kind.STRING) throw new GraphQLError(`${name} cannot represent a non-string value`, { nodes: node });
      return parseText(node.value);
    },
  };
}

/** "Max query depth 10 (deeper queries rejected)". */
function depthLimitRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node: OperationDefinitionNode) {
      const depth = selectionDepth(node.selectionSet, (name) => context.getFragment(name), new Set());
      if (depth > HASHNODE_MAX_DEPTH) {
        context.reportError(new GraphQLError(`Query depth ${depth} exceeds the maximum of ${HASHNODE_MAX_DEPTH}`, { nodes: node }));
      }
    },
  };
}

function selectionDepth(set: SelectionSetNode, fragment: (name: string) => FragmentDefinitionNode | null | undefined, seen: Set<string>): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      deepest = Math.max(deepest, 1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, fragment, seen) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragment, seen));
    } else if (!seen.has(selection.name.value)) {
      const definition = fragment(selection.name.value);
      if (definition) deepest = Math.max(deepest, selectionDepth(definition.selectionSet, fragment, new Set([...seen, selection.name.value])));
    }
  }
  return deepest;
}

function summariseGraphql(body: unknown): GraphqlSummary | null {
  if (!isRecord(body) || typeof body['query'] !== 'string') return null;
  let document: DocumentNode;
  try {
    document = parse(body['query']);
  } catch {
    return null;
  }
  const operationName = typeof body['operationName'] === 'string' ? body['operationName'] : null;
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return null;
  const rootFields = operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
  return {
    operationType: operation.operation,
    operationName: operation.name?.value ?? operationName,
    rootFields,
    variables: isRecord(body['variables']) ? body['variables'] : {},
  };
}

interface HashnodeContext {
  authenticated: boolean;
}

type GraphqlArgs = Record<string, unknown>;

function hashnodeError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export class HashnodeEmulator implements PlatformEmulator {
  token: string;
  publicationId: string;
  /** false → FORBIDDEN "Publication does not have an active Pro plan…" on writes and publication reads. */
  pro: boolean;
  readonly posts: HashnodePost[] = [];
  readonly drafts: HashnodeDraft[] = [];
  readonly user = { id: '65f0c0ffee0000000000a001', username: 'xpost-tester', name: 'Xpost Tester', email: 'tester@example.com' };
  readonly host = 'xpost-tester.hashnode.dev';
  private nextId = 1;
  private readonly initial: { token: string; publicationId: string; pro: boolean };
  private readonly now: () => Date;

  constructor(token: string, publicationId: string, pro: boolean, now: () => Date) {
    this.token = token;
    this.publicationId = publicationId;
    this.pro = pro;
    this.initial = { token, publicationId, pro };
    this.now = now;
  }

  reset(): void {
    Object.assign(this, this.initial);
    this.posts.length = 0;
    this.drafts.length = 0;
    this.nextId = 1;
  }

  errorResponse(status: number, message: string): EmulatorResponse {
    return { status, body: { errors: [{ message, extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST' } }] } };
  }

  rateLimitResponse(retryAfterSeconds: number | undefined, _style: 'json' | 'text'): EmulatorResponse {
    const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return { status: 429, headers, body: { errors: [{ message: 'Too many requests', extensions: { code: 'TOO_MANY_REQUESTS' } }] } };
  }

  handle(request: EmulatedRequest): EmulatorResponse {
    const requestError = (status: number, code: string, message: string): EmulatorResponse => ({ status, body: { errors: [{ message, extensions: { code } }] } });
    if (request.method !== 'POST') return requestError(405, 'BAD_REQUEST', 'emulator: only POST / is emulated');
    if (!isJsonRequest(request)) {
      return requestError(400, 'BAD_REQUEST', 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Send Content-Type: application/json.');
    }
    if (Buffer.byteLength(request.rawBody, 'utf8') > HASHNODE_MAX_BODY_BYTES) return requestError(413, 'BAD_REQUEST', 'Request body larger than 100 KB');
    const body = request.body;
    if (!isRecord(body)) return requestError(400, 'BAD_REQUEST', 'POST body missing, invalid Content-Type, or JSON object has no keys.');
    if (typeof body['query'] !== 'string' || body['query'].trim() === '') {
      return requestError(400, 'BAD_REQUEST', 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.');
    }
    const variables = body['variables'];
    if (variables !== undefined && variables !== null && !isRecord(variables)) {
      return requestError(400, 'BAD_REQUEST', '`variables` in a POST body should be provided as an object.');
    }
    let document: DocumentNode;
    try {
      document = parse(body['query']);
    } catch (error) {
      return requestError(400, 'GRAPHQL_PARSE_FAILED', error instanceof Error ? error.message : 'Syntax error');
    }
    const schema = hashnodeSchema();
    const validationErrors = validate(schema, document, [...specifiedRules, depthLimitRule]);
    if (validationErrors.length > 0) {
      return { status: 400, body: { errors: validationErrors.map((error) => formatGraphqlError(error, 'GRAPHQL_VALIDATION_FAILED')) } };
    }
    const result = executeSync({
      schema,
      document,
      rootValue: this.rootValue(),
      contextValue: { authenticated: this.authenticated(request) } satisfies HashnodeContext,
      variableValues: isRecord(variables) ? variables : undefined,
      operationName: typeof body['operationName'] === 'string' ? body['operationName'] : undefined,
    });
    // No data at all means the request itself was wrong (variables that do not fit the schema, no operation).
    if (result.data === undefined) {
      return { status: 400, body: { errors: (result.errors ?? []).map((error) => formatGraphqlError(error, 'BAD_USER_INPUT')) } };
    }
    const errors = result.errors?.map((error) => formatGraphqlError(error, 'INTERNAL_SERVER_ERROR'));
    return { status: 200, body: errors ? { errors, data: result.data } : { data: result.data } };
  }

  /** "The Bearer prefix is optional and case-insensitive." */
  private authenticated(request: EmulatedRequest): boolean {
    const header = request.headers['authorization'];
    if (!header) return false;
    return header.replace(/^bearer\s+/i, '').trim() === this.token;
  }

  private rootValue(): Record<string, (args: GraphqlArgs, context: HashnodeContext) => unknown> {
    return {
      me: (_args, context) => {
        requireAuth(context);
        return this.myUserView();
      },
      post: (args) => {
        const post = this.posts.find((candidate) => candidate.id === args['id']);
        return post ? this.postView(post) : null;
      },
      publication: (args) => {
        const matches = (args['id'] !== undefined && args['id'] === this.publicationId) || (args['host'] !== undefined && args['host'] === this.host);
        if (!matches) return null;
        this.requirePro();
        return this.publicationView();
      },
      user: (args) => (args['username'] === this.user.username ? this.userView() : null),
      draft: (args, context) => {
        requireAuth(context);
        const draft = this.drafts.find((candidate) => candidate.id === args['id'] && candidate.active);
        if (!draft) throw hashnodeError('NOT_FOUND', 'Draft not found');
        this.requirePro();
        return this.draftView(draft);
      },
      publishPost: (args, context) => this.publishPost(inputOf(args), context),
      updatePost: (args, context) => this.updatePost(inputOf(args), context),
      createDraft: (args, context) => this.createDraft(inputOf(args), context),
      updateDraft: (args, context) => this.updateDraft(inputOf(args), context),
      publishDraft: (args, context) => this.publishDraft(inputOf(args), context),
      deleteDraft: (args, context) => {
        requireAuth(context);
        const draft = this.activeDraft(inputOf(args)['draftId']);
        this.requirePro();
        draft.active = false;
        return { draft: this.draftView(draft) };
      },
    };
  }

  private requirePro(): void {
    if (!this.pro) throw hashnodeError('FORBIDDEN', HASHNODE_NOT_PRO_MESSAGE);
  }

  private requirePublication(publicationId: unknown): void {
    if (publicationId !== this.publicationId) throw hashnodeError('NOT_FOUND', 'Publication not found');
    this.requirePro();
  }

  private publishPost(input: GraphqlArgs, context: HashnodeContext): { post: unknown } {
    requireAuth(context);
    this.requirePublication(input['publicationId']);
    const title = requiredText(input['title'], 'title');
    const contentMarkdown = requiredText(input['contentMarkdown'], 'contentMarkdown');
    const now = this.now().toISOString();
    const post: HashnodePost = {
      id: this.newId(),
      publicationId: this.publicationId,
      title,
      subtitle: optionalText(input['subtitle']),
      slug: '',
      url: '',
      contentMarkdown,
      coverImage: optionalText(input['coverImage']),
      tags: checkedTags(input['tags']),
      canonicalUrl: checkedUrl(input['originalArticleURL'], 'originalArticleURL'),
      metaTitle: optionalText(input['metaTitle']),
      metaDescription: optionalText(input['metaDescription']),
      ogImage: optionalText(input['ogImage']),
      disableComments: input['disableComments'] === true,
      isDelisted: input['isDelisted'] === true,
      enableToc: input['enableToc'] === true,
      seriesId: optionalText(input['seriesId']),
      publishedAt: optionalText(input['publishedAt']) ?? now,
      updatedAt: null,
      fromDraftId: null,
      updateCount: 0,
    };
    checkCoAuthors(input['coAuthors']);
    this.assignSlug(post, optionalText(input['slug']) ?? title);
    this.posts.push(post);
    return { post: this.postView(post) };
  }

  private updatePost(input: GraphqlArgs, context: HashnodeContext): { post: unknown } {
    requireAuth(context);
    const post = this.posts.find((candidate) => candidate.id === input['id']);
    if (!post) throw hashnodeError('NOT_FOUND', 'Post not found');
    this.requirePro();
    checkCoAuthors(input['coAuthors']);
    if ('title' in input) post.title = requiredText(input['title'], 'title');
    if ('contentMarkdown' in input) post.contentMarkdown = requiredText(input['contentMarkdown'], 'contentMarkdown');
    if ('subtitle' in input) post.subtitle = optionalText(input['subtitle']);
    if ('coverImage' in input) post.coverImage = optionalText(input['coverImage']);
    // "tags replaces the set".
    if ('tags' in input) post.tags = checkedTags(input['tags']);
    if ('originalArticleURL' in input) post.canonicalUrl = checkedUrl(input['originalArticleURL'], 'originalArticleURL');
    if ('metaTitle' in input) post.metaTitle = optionalText(input['metaTitle']);
    if ('metaDescription' in input) post.metaDescription = optionalText(input['metaDescription']);
    if ('ogImage' in input) post.ogImage = optionalText(input['ogImage']);
    if ('disableComments' in input) post.disableComments = input['disableComments'] === true;
    if ('isDelisted' in input) post.isDelisted = input['isDelisted'] === true;
    if ('enableToc' in input) post.enableToc = input['enableToc'] === true;
    if ('seriesId' in input) post.seriesId = optionalText(input['seriesId']);
    if ('publishedAt' in input && typeof input['publishedAt'] === 'string') post.publishedAt = input['publishedAt'];
    if ('slug' in input && typeof input['slug'] === 'string' && input['slug'] !== post.slug) this.assignSlug(post, input['slug']);
    post.updatedAt = this.now().toISOString();
    post.updateCount += 1;
    return { post: this.postView(post) };
  }

  private createDraft(input: GraphqlArgs, context: HashnodeContext): { draft: unknown } {
    requireAuth(context);
    this.requirePublication(input['publicationId']);
    checkCoAuthors(input['coAuthors']);
    const metaTags = isRecord(input['metaTags']) ? input['metaTags'] : {};
    const cover = isRecord(input['coverImageOptions']) ? input['coverImageOptions'] : {};
    const draft: HashnodeDraft = {
      id: this.newId(),
      publicationId: this.publicationId,
      title: optionalText(input['title']),
      subtitle: optionalText(input['subtitle']),
      slug: optionalText(input['slug']),
      contentMarkdown: optionalText(input['contentMarkdown']),
      tags: checkedTags(input['tags']),
      canonicalUrl: checkedUrl(input['originalArticleURL'], 'originalArticleURL'),
      coverImage: optionalText(cover['coverImageURL']),
      publishedAt: optionalText(input['publishedAt']),
      metaTitle: optionalText(metaTags['title']),
      metaDescription: optionalText(metaTags['description']),
      disableComments: input['disableComments'] === true,
      active: true,
      updatedAt: this.now().toISOString(),
      updateCount: 0,
    };
    this.drafts.push(draft);
    return { draft: this.draftView(draft) };
  }

  private updateDraft(input: GraphqlArgs, context: HashnodeContext): { draft: unknown } {
    requireAuth(context);
    const draft = this.activeDraft(input['draftId']);
    this.requirePro();
    checkCoAuthors(input['coAuthors']);
    if ('title' in input) draft.title = optionalText(input['title']);
    if ('subtitle' in input) draft.subtitle = optionalText(input['subtitle']);
    if ('slug' in input) draft.slug = optionalText(input['slug']);
    if ('contentMarkdown' in input) draft.contentMarkdown = optionalText(input['contentMarkdown']);
    if ('tags' in input) draft.tags = checkedTags(input['tags']);
    if ('originalArticleURL' in input) draft.canonicalUrl = checkedUrl(input['originalArticleURL'], 'originalArticleURL');
    if ('publishedAt' in input) draft.publishedAt = optionalText(input['publishedAt']);
    if ('disableComments' in input) draft.disableComments = input['disableComments'] === true;
    if (isRecord(input['metaTags'])) {
      draft.metaTitle = optionalText(input['metaTags']['title']);
      draft.metaDescription = optionalText(input['metaTags']['description']);
    }
    if (isRecord(input['coverImageOptions'])) draft.coverImage = optionalText(input['coverImageOptions']['coverImageURL']);
    draft.updatedAt = this.now().toISOString();
    draft.updateCount += 1;
    return { draft: this.draftView(draft) };
  }

  private publishDraft(input: GraphqlArgs, context: HashnodeContext): { post: unknown } {
    requireAuth(context);
    const draft = this.activeDraft(input['draftId']);
    this.requirePro();
    if (!draft.title?.trim()) throw hashnodeError('BAD_USER_INPUT', 'A draft needs a title to be published');
    if (!draft.contentMarkdown?.trim()) throw hashnodeError('BAD_USER_INPUT', 'A draft needs content to be published');
    const post: HashnodePost = {
      id: this.newId(),
      publicationId: draft.publicationId,
      title: draft.title,
      subtitle: draft.subtitle,
      slug: '',
      url: '',
      contentMarkdown: draft.contentMarkdown,
      coverImage: draft.coverImage,
      tags: draft.tags,
      canonicalUrl: draft.canonicalUrl,
      metaTitle: draft.metaTitle,
      metaDescription: draft.metaDescription,
      ogImage: null,
      disableComments: draft.disableComments,
      isDelisted: false,
      enableToc: false,
      seriesId: null,
      publishedAt: draft.publishedAt ?? this.now().toISOString(),
      updatedAt: null,
      fromDraftId: draft.id,
      updateCount: 0,
    };
    this.assignSlug(post, draft.slug ?? draft.title);
    this.posts.push(post);
    // "The draft is soft-deleted once the post is created."
    draft.active = false;
    return { post: this.postView(post) };
  }

  private activeDraft(id: unknown): HashnodeDraft {
    const draft = this.drafts.find((candidate) => candidate.id === id && candidate.active);
    // "An inaccessible draft returns NOT_FOUND by design."
    if (!draft) throw hashnodeError('NOT_FOUND', 'Draft not found');
    return draft;
  }

  private assignSlug(post: HashnodePost, wanted: string): void {
    const base = slugify(wanted) || 'post';
    let slug = base;
    for (let suffix = 1; this.posts.some((other) => other !== post && other.slug === slug); suffix += 1) slug = `${base}-${suffix}`;
    post.slug = slug;
    post.url = `https://${this.host}/${slug}`;
  }

  private newId(): string {
    const id = `65f0${String(this.nextId).padStart(20, '0')}`;
    this.nextId += 1;
    return id;
  }

  private userView(): Record<string, unknown> {
    return {
      id: this.user.id,
      username: this.user.username,
      name: this.user.name,
      deactivated: false,
      followersCount: 0,
      followingsCount: 0,
      badges: [],
      posts: (args: GraphqlArgs) => connection(this.posts, args, HASHNODE_MAX_PAGE, (post) => this.postView(post)),
      publications: (args: GraphqlArgs) => connection([this.publicationView()], args, HASHNODE_MAX_PAGE, (publication) => publication),
      followers: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
      follows: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
    };
  }

  /** MyUser shares User's fields here; GraphQL only resolves the ones MyUser declares. */
  private myUserView(): Record<string, unknown> {
    return { ...this.userView(), email: this.user.email };
  }

  private publicationView(): Record<string, unknown> {
    const own = (post: HashnodePost): boolean => post.publicationId === this.publicationId;
    return {
      id: this.publicationId,
      title: 'Xpost Tester Blog',
      displayTitle: null,
      url: `https://${this.host}`,
      canonicalURL: `https://${this.host}`,
      isTeam: false,
      isHeadless: false,
      isGitHubBackupEnabled: false,
      isGithubAsSourceConnected: false,
      allowContributorEdits: false,
      redirectionRules: [],
      customRules: [],
      widgets: [],
      recommendedPublications: [],
      totalRecommendedPublications: 0,
      author: () => this.userView(),
      domainInfo: { hashnodeSubdomain: this.host.split('.')[0], domain: null, wwwPrefixedDomain: null },
      features: {},
      post: (args: GraphqlArgs) => {
        const post = this.posts.find((candidate) => own(candidate) && candidate.slug === args['slug']);
        return post ? this.postView(post) : null;
      },
      redirectedPost: () => null,
      posts: (args: GraphqlArgs) => connection(this.posts.filter(own), args, HASHNODE_MAX_PAGE, (post) => this.postView(post)),
      drafts: (args: GraphqlArgs) => connection(this.drafts.filter((draft) => draft.active), args, HASHNODE_MAX_DRAFT_PAGE, (draft) => this.draftView(draft)),
    };
  }

  private postView(post: HashnodePost): Record<string, unknown> {
    const text = post.contentMarkdown;
    return {
      id: post.id,
      cuid: null,
      title: post.title,
      subtitle: post.subtitle,
      slug: post.slug,
      url: post.url,
      content: contentView(text),
      brief: text.replace(/\s+/g, ' ').trim().slice(0, 150),
      coverImage: post.coverImage ? { url: post.coverImage } : null,
      author: () => this.userView(),
      coAuthors: [],
      publication: () => this.publicationView(),
      tags: post.tags.map((tag) => tagView(tag)),
      reactionCount: 0,
      responseCount: 0,
      replyCount: 0,
      readTimeInMinutes: readingMinutes(text),
      views: 0,
      featured: false,
      publishedAt: post.publishedAt,
      updatedAt: post.updatedAt,
      canonicalUrl: post.canonicalUrl,
      hasLatexInPost: false,
      comments: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
      likedBy: (args: GraphqlArgs) => connection([], args, HASHNODE_MAX_PAGE, (node) => node),
      series: null,
      seo: { title: post.metaTitle, description: post.metaDescription },
      ogMetaData: { image: post.ogImage },
      features: { tableOfContents: { isEnabled: post.enableToc, items: [] } },
      preferences: { pinnedToBlog: false, disableComments: post.disableComments, stickCoverToBottom: false, isDelisted: post.isDelisted },
    };
  }

  private draftView(draft: HashnodeDraft): Record<string, unknown> {
    return {
      id: draft.id,
      title: draft.title,
      subtitle: draft.subtitle,
      slug: draft.slug,
      content: draft.contentMarkdown === null ? null : contentView(draft.contentMarkdown),
      author: () => this.userView(),
      coverImage: draft.coverImage ? { url: draft.coverImage } : null,
      tags: draft.tags.map((tag) => tagView(tag)),
      updatedAt: draft.updatedAt,
      scheduledDate: null,
      publication: () => this.publicationView(),
      canonicalUrl: draft.canonicalUrl,
      seo: { title: draft.metaTitle, description: draft.metaDescription },
      isSubmittedForReview: false,
      readTimeInMinutes: readingMinutes(draft.contentMarkdown ?? ''),
    };
  }
}

function requireAuth(context: HashnodeContext): void {
  if (!context.authenticated) throw hashnodeError('UNAUTHENTICATED', 'You must be authenticated to perform this action.');
}

/** Mutation arguments are schema-validated before a resolver runs, so `input` is an object. */
function inputOf(args: GraphqlArgs): GraphqlArgs {
  const input = args['input'];
  return isRecord(input) ? input : {};
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw hashnodeError('BAD_USER_INPUT', `${field} must not be empty`);
  return value;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function checkedUrl(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isHttpUrl(value)) throw hashnodeError('BAD_USER_INPUT', `${field} must be a valid URL`);
  return value;
}

function checkedTags(value: unknown): HashnodeTagInput[] {
  if (!Array.isArray(value)) return [];
  if (value.length > HASHNODE_MAX_TAGS) throw hashnodeError('BAD_USER_INPUT', `A post can have at most ${HASHNODE_MAX_TAGS} tags`);
  return value.map((tag) => {
    const record = isRecord(tag) ? tag : {};
    const slug = typeof record['slug'] === 'string' ? record['slug'].trim() : '';
    if (slug === '') throw hashnodeError('BAD_USER_INPUT', 'Every tag needs a non-empty slug');
    return { slug, name: typeof record['name'] === 'string' ? record['name'] : null };
  });
}

function checkCoAuthors(value: unknown): void {
  if (Array.isArray(value) && value.length > HASHNODE_MAX_CO_AUTHORS) {
    throw hashnodeError('BAD_USER_INPUT', `A post can have at most ${HASHNODE_MAX_CO_AUTHORS} co-authors`);
  }
}

function tagView(tag: HashnodeTagInput): Record<string, unknown> {
  return { id: `tag-${tag.slug}`, name: tag.name ?? tag.slug, slug: tag.slug, followersCount: 0, postsCount: 0 };
}

function contentView(markdown: string): Record<string, unknown> {
  return { markdown, html: `<p>${escapeHtml(markdown)}</p>`, text: markdown };
}

/** Cursor paging; `first` above the cap is clamped, not rejected. */
function connection<T>(items: T[], args: GraphqlArgs, max: number, toNode: (item: T) => unknown): Record<string, unknown> {
  const first = Math.min(max, Math.max(0, typeof args['first'] === 'number' ? args['first'] : max));
  const after = typeof args['after'] === 'string' ? Number.parseInt(Buffer.from(args['after'], 'base64').toString('utf8'), 10) : -1;
  const start = Number.isFinite(after) ? after + 1 : 0;
  const page = items.slice(start, start + first);
  const cursor = (index: number): string => Buffer.from(String(index)).toString('base64');
  return {
    edges: page.map((item, offset) => ({ node: toNode(item), cursor: cursor(start + offset) })),
    pageInfo: { hasNextPage: start + first < items.length, endCursor: page.length > 0 ? cursor(start + page.length - 1) : null, totalDocuments: items.length },
    totalDocuments: items.length,
  };
}

function formatGraphqlError(error: GraphQLError, fallbackCode: string): Record<string, unknown> {
  const code = typeof error.extensions['code'] === 'string' ? error.extensions['code'] : fallbackCode;
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code },
  };
}

export const hashnodeEmulation: EmulatorDefinition<'hashnode', HashnodeEmulator, HashnodeOptions, typeof HASHNODE_CREDENTIALS> = {
  name: 'hashnode',
  handles: (_method, path) => path === '/',
  isWrite: (request) => request.graphql?.operationType === 'mutation',
  credentials: HASHNODE_CREDENTIALS,
  create: (options, now) =>
    new HashnodeEmulator(
      options.hashnodeToken ?? HASHNODE_CREDENTIALS.hashnodeToken,
      options.hashnodePublicationId ?? HASHNODE_CREDENTIALS.hashnodePublicationId,
      options.hashnodePro ?? true,
      now,
    ),
  annotate: (request) => {
    request.graphql = summariseGraphql(request.body);
  },
};
