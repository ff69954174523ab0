import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Backend } from '../../backends/index.ts';
import type { WebhookReceipt } from '../../contract/index.ts';
import type { Change } from '../changes.ts';
import { errorResponse } from '../errors.ts';
import type { Logger } from '../log.ts';

/** What the upstream tells the proxy of changes made there; each becomes a change every instance hears. */
export function webhookRoutes(
  app: Hono,
  { backend, tell, log }: { backend: Backend; tell: (change: Change) => void; log: Logger },
): void {
  app.post(
    // The optional last part carries a shared secret for systems that cannot send one in a header.
    '/v1/webhooks/:system/:secret?',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The webhook body is too large.'),
    }),
    async (c) => {
      if (c.req.param('system') !== backend.name || !backend.handleWebhook) {
        return errorResponse(
          c,
          404,
          'not_found',
          `This proxy takes no webhooks from ${c.req.param('system')}.`,
        );
      }
      const pathSecret = c.req.param('secret');
      const outcome = await backend.handleWebhook({
        headers: c.req.raw.headers,
        rawBody: await c.req.text(),
        ...(pathSecret ? { pathSecret } : {}),
      });
      if (outcome.kind === 'rejected') {
        log.warn('webhook_rejected', {
          system: backend.name,
          status: outcome.status,
          message: outcome.message,
        });
        return errorResponse(
          c,
          outcome.status,
          outcome.status === 401 ? 'unauthorized' : 'invalid_request',
          outcome.message,
        );
      }
      if (outcome.kind === 'refresh') {
        if (outcome.propertyIds === 'all') tell({ kind: 'all-times' });
        else
          for (const id of outcome.propertyIds) tell({ kind: 'times', propertyId: id, source: 'upstream' });
        log.info('webhook_applied', {
          system: backend.name,
          properties: outcome.propertyIds === 'all' ? 'all' : outcome.propertyIds.length,
        });
      }
      return c.json({ ok: true, outcome: outcome.kind } satisfies WebhookReceipt);
    },
  );
}
