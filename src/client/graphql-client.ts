import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/**
 * One place for talking to the vitrina API: transport, auth headers, retries on network
 * errors, multipart uploads, and errors mapped by `extensions.code`.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
    /** The error's other `extensions`, e.g. `reason` (`WORSE_THAN_PARENT`, `TRAINING_IN_PROGRESS`). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ClientOptions = {
  /** The API's base URL (`http://host:4000`, `https://host/vitrina`) or its GraphQL endpoint (`…/graphql`). */
  url: string;
  apiKey?: string;
  endUser?: string;
  retries?: number;
  /** A RATE_LIMITED answer asking to wait up to this long is waited out and retried; longer waits throw. */
  maxRetryAfterSeconds?: number;
  fetch?: typeof fetch;
};

export type Upload = { bytes: Buffer | Uint8Array; filename?: string; contentType?: string };

type Body<T> = {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
};

/**
 * The GraphQL endpoint of an API URL as people write one: the server's base URL, a base path
 * behind a proxy, or the endpoint itself, each with or without a trailing slash.
 */
export function graphqlEndpoint(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith('/graphql') ? path : `${path}/graphql`;
  return parsed.toString();
}

export class VitrinaClient {
  /** Where every request goes (`graphqlEndpoint` of the configured URL). */
  readonly url: string;
  private readonly retries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.url = graphqlEndpoint(options.url);
    this.retries = options.retries ?? 3;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.doFetch = options.fetch ?? fetch;
  }

  /**
   * Run a typed operation from `src/client/generated`. `files` are uploads, each at a path into
   * the variables (`image`, or `products.3.images.0` for a list), sent as one GraphQL multipart
   * request; the rest travel as JSON.
   */
  async execute<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    files?: { [K in keyof TVariables]?: Upload } | Record<string, Upload>,
  ): Promise<TResult> {
    const query = print(document);
    const uploads = Object.entries(files ?? {}) as Array<[string, Upload]>;
    if (uploads.length > 0) return this.uploadFiles<TResult>(query, variables, uploads);
    return this.request<TResult>(query, variables);
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.send<T>(() => ({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    }));
  }

  /** A GraphQL multipart request with one file at `variables[fileVariable]`. */
  upload<T>(query: string, variables: Record<string, unknown>, fileVariable: string, file: Upload): Promise<T> {
    return this.uploadFiles<T>(query, variables, [[fileVariable, file]]);
  }

  /** A GraphQL multipart request: each file at its path into the variables (null in the JSON). */
  async uploadFiles<T>(
    query: string,
    variables: Record<string, unknown>,
    files: Array<[path: string, file: Upload]>,
  ): Promise<T> {
    const withNulls = structuredClone(variables);
    for (const [at] of files) setPath(withNulls, at.split('.'), null);
    return this.send<T>(() => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query, variables: withNulls }));
      form.set('map', JSON.stringify(Object.fromEntries(files.map(([at], i) => [i, [`variables.${at}`]]))));
      for (const [i, [, file]] of files.entries()) {
        const blob = new Blob([file.bytes], { type: file.contentType ?? 'application/octet-stream' });
        form.set(String(i), blob, file.filename ?? 'upload');
      }
      return { headers: { 'apollo-require-preflight': 'true' }, body: form };
    });
  }

  /**
   * The bytes of a file the API serves, such as a gallery view's `imageUrl` (`/images/<sha256>`),
   * fetched with this client's key and end user: shoppers' photos are shown to admins only.
   * Reading stops at `maxBytes` (`TOO_LARGE`); a missing file is `NOT_FOUND`.
   */
  async fetchFile(urlOrPath: string, maxBytes: number): Promise<Buffer> {
    const url = this.fileUrl(urlOrPath);
    let res: Response;
    try {
      res = await this.doFetch(url, { headers: this.identity() });
    } catch (error) {
      throw new ApiError(`vitrina API unreachable at ${url}: ${(error as Error).message}`, 'UNAVAILABLE');
    }
    if (!res.ok) {
      await res.body?.cancel();
      const code = res.status === 404 ? 'NOT_FOUND' : res.status === 429 ? 'RATE_LIMITED' : 'BAD_RESPONSE';
      throw new ApiError(`HTTP ${res.status} for ${url}`, code, res.status);
    }
    const tooLarge = () => new ApiError(`${url} is over ${maxBytes} bytes`, 'TOO_LARGE', res.status);
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
      await res.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    // Leaving the loop early cancels the stream: the rest is never downloaded.
    for await (const chunk of res.body ?? []) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }

  /**
   * A path the API gave (`/images/…`) is under the API's base URL, the endpoint's parent, which
   * may have a base path behind a proxy. Only the API's own origin gets the key.
   */
  private fileUrl(urlOrPath: string): string {
    const endpoint = new URL(this.url);
    const url = new URL(urlOrPath.startsWith('/') ? `.${urlOrPath}` : urlOrPath, endpoint);
    if (url.origin !== endpoint.origin) {
      throw new ApiError(`${url.origin} is not the vitrina API (${endpoint.origin})`, 'BAD_REQUEST');
    }
    return url.toString();
  }

  /** Who is asking: the key, and the end user a service key acts for. */
  private identity(): Record<string, string> {
    return {
      ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      ...(this.options.endUser ? { 'x-end-user': this.options.endUser } : {}),
    };
  }

  private async send<T>(build: () => { headers: Record<string, string>; body: RequestInit['body'] }): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        const { headers, body } = build();
        res = await this.doFetch(this.url, { method: 'POST', headers: { ...headers, ...this.identity() }, body });
      } catch (error) {
        // Network errors (server restarting, connection refused) are retried with backoff.
        if (attempt < this.retries) {
          await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
          continue;
        }
        throw new ApiError(`vitrina API unreachable at ${this.url}: ${(error as Error).message}`, 'UNAVAILABLE');
      }
      if (res.status >= 502 && res.status <= 504 && attempt < this.retries) {
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
        continue;
      }
      const retryAfter = Number(res.headers.get('retry-after') ?? 1);
      if (res.status === 429 && retryAfter >= 0 && retryAfter <= this.maxRetryAfterSeconds && attempt < this.retries) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, retryAfter * 1000));
        continue;
      }
      let body: Body<T>;
      try {
        body = (await res.json()) as Body<T>;
      } catch {
        throw new ApiError(`unexpected HTTP ${res.status} from the vitrina API`, 'BAD_RESPONSE', res.status);
      }
      const first = body.errors?.[0];
      if (first) {
        const { code, ...extensions } = first.extensions ?? {};
        throw new ApiError(first.message, code ?? 'INTERNAL_SERVER_ERROR', res.status, extensions);
      }
      if (!body.data) throw new ApiError('empty response from the vitrina API', 'BAD_RESPONSE', res.status);
      return body.data;
    }
  }
}

function setPath(target: Record<string, unknown>, [key, ...rest]: string[], value: unknown): void {
  if (key === undefined) return;
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const next = (target[key] ??= /^\d+$/.test(rest[0]!) ? [] : {});
  setPath(next as Record<string, unknown>, rest, value);
}
