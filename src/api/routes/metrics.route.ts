import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { hashKey } from '../../services/api-key.service.js';
import { bearerToken } from '../context.js';

/** `GET /metrics` for Prometheus; with a token set, only for a scraper that presents it. */
export function metricsRoute(registry: Registry, token: string | null | undefined): RequestHandler {
  const expected = token ? hashKey(token) : null;
  return async (req, res) => {
    if (expected) {
      const presented = bearerToken(req.headers.authorization);
      if (!presented || !timingSafeEqual(hashKey(presented), expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return void res.status(401).type('text/plain').send('metrics need METRICS_TOKEN as a bearer token\n');
      }
    }
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
