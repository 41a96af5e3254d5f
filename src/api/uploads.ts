import type { RequestHandler } from 'express';
import graphqlUploadExpress from 'graphql-upload/graphqlUploadExpress.mjs';

export type UploadLimits = { maxFileSize: number; maxFiles: number; maxFieldSize: number };

/**
 * graphql-upload's middleware (GraphQL multipart requests), refusing a malformed multipart body
 * with a 400. The parser's own errors (no boundary, a malformed or truncated part) carry no
 * HTTP status, so they would be answered as 500s; and graphql-upload holds the answer until the
 * request has ended, which never happens when the parser failed before reading the body.
 */
export function graphqlUploads(limits: UploadLimits): RequestHandler {
  const upload = graphqlUploadExpress(limits);
  return (req, res, next) =>
    upload(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      req.resume();
      if ((error as { status?: number }).status) return next(error);
      const reason = error instanceof Error ? error.message : String(error);
      next(Object.assign(new Error(`Malformed multipart request: ${reason}`), { status: 400, expose: true }));
    });
}
