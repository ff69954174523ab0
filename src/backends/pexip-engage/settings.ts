import { z } from 'zod';

/** How the proxy reaches an enterprise's Pexip Engage account. */
export const PexipEngageSettings = z.object({
  baseUrl: z.url().default('https://api.pexipengage.com'),
  authUrl: z.url().default('https://auth.pexipengage.com'),
  enterprise: z.string().min(1, 'is required: the enterprise name in Pexip Engage'),
  clientId: z.string().min(1, 'is required: the API client id'),
  clientSecret: z.string().min(1, 'is required: the API client secret'),
  subjectId: z.string().min(1).optional(),
  subjectName: z.string().min(1).optional(),
  meetingType: z.enum(['OFFICE', 'ON_LOCATION', 'PHONE', 'VIDEO']).default('OFFICE'),
  /** What Pexip sends in X-Webhook-Secret to /v1/webhooks/pexip-engage; without it webhooks are refused. */
  webhookSecret: z.string().min(16, 'must be at least 16 characters').optional(),
  language: z.string().min(2).optional(),
});
export type PexipEngageSettings = z.infer<typeof PexipEngageSettings>;
