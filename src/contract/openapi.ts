/**
 * The proxy's API as an OpenAPI 3.1 document, made from the same zod schemas the proxy parses with: served at
 * `GET /v1/openapi.json` and written to `dist/openapi.json` by the build. Kept apart from `index.ts`, which
 * the widget reads types from, so the document's code never reaches a browser.
 */
import { z } from 'zod';
import { BookingRequest, BookingResponse, IDEMPOTENCY_HEADER, IdempotencyKey } from './booking.ts';
import {
  Branch,
  BranchesResponse,
  PropertiesQuery,
  PropertiesResponse,
  Property,
  PropertyResponse,
} from './catalog.ts';
import { ErrorResponse } from './errors.ts';
import { ViewingEvent, ViewingEventType, WaitlistEvent, WaitlistEventType } from './events.ts';
import {
  CancelRequest,
  ConsentChange,
  Feedback,
  ManagedViewing,
  RescheduleRequest,
  WebhookReceipt,
} from './manage.ts';
import { OwnerDecision, OwnerView } from './approval.ts';
import { WaitlistRequest, WaitlistResponse } from './waitlist.ts';
import { QuestionsQuery, QuestionsResponse } from './questions.ts';
import { FormTokenQuery, FormTokenResponse, Slot, SlotsQuery, SlotsResponse } from './slots.ts';
import {
  StaffDiaryQuery,
  StaffBranchQuery,
  StaffDiaryResponse,
  StaffListResponse,
  StaffMessage,
  StaffSession,
  StaffSignIn,
  StaffViewingResponse,
  StaffApprovalDecision,
  StaffWaitlistResponse,
} from './staff.ts';

/** Answers by name: each is a component of the document, and what names it refers to it there. */
const NAMED: Record<string, z.ZodType> = {
  Branch,
  Property,
  Slot,
  BranchesResponse,
  PropertiesResponse,
  PropertyResponse,
  QuestionsResponse,
  SlotsResponse,
  FormTokenResponse,
  BookingResponse,
  ManagedViewing,
  OwnerView,
  ErrorResponse,
  StaffSession,
  StaffDiaryResponse,
  StaffListResponse,
  StaffViewingResponse,
  WebhookReceipt,
  ViewingEvent,
  WaitlistEvent,
  WaitlistResponse,
  StaffWaitlistResponse,
};
type Named = keyof typeof NAMED;

interface Answer {
  description: string;
  /** A named JSON answer; absent for an answer without a body. */
  json?: Named;
  /** A body that is not JSON, by media type. */
  media?: string;
}

interface Operation {
  method: 'get' | 'post' | 'delete';
  /** In the document's form: `/v1/bookings/{token}`. */
  path: string;
  tag:
    | 'Catalog'
    | 'Free times'
    | 'Booking'
    | 'Waiting list'
    | 'Manage'
    | 'Owner approval'
    | 'Staff'
    | 'Webhooks'
    | 'Operations';
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  idempotent?: boolean;
  /** Signed in with a staff key (a session cookie, or the key as a bearer token). */
  staff?: boolean;
  answers: Record<number, Answer>;
}

/** Each system posts its own format, checked by its backend (signature, secret, shape). */
const WEBHOOK_BODY = z.record(z.string(), z.unknown());

/** The answer to a read whose copy the caller already holds: branches, homes, pictures and free times. */
const NOT_MODIFIED: Answer = { description: 'The copy the caller holds (If-None-Match) is current.' };

const viewing = { description: 'The viewing as it now is.', json: 'ManagedViewing' } as const;
const WAITLIST_PLACE = {
  description: 'The place on the list as it now is.',
  json: 'WaitlistResponse',
} as const;
const OWNER_VIEW = { description: 'The viewing as the owner sees it now.', json: 'OwnerView' } as const;
const STAFF_VIEWING = { description: 'The viewing as it now is.', json: 'StaffViewingResponse' } as const;

const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/v1/branches',
    tag: 'Catalog',
    summary: 'The branches that take viewings.',
    answers: {
      200: { description: 'Every branch.', json: 'BranchesResponse' },
      304: NOT_MODIFIED,
    },
  },
  {
    method: 'get',
    path: '/v1/properties',
    tag: 'Catalog',
    summary: 'Homes that can be viewed, searched and paged.',
    query: PropertiesQuery,
    answers: {
      200: { description: 'One page of matching homes.', json: 'PropertiesResponse' },
      304: NOT_MODIFIED,
    },
  },
  {
    method: 'get',
    path: '/v1/properties/{id}',
    tag: 'Catalog',
    summary: 'One home.',
    answers: {
      200: { description: 'The home.', json: 'PropertyResponse' },
      304: NOT_MODIFIED,
    },
  },
  {
    method: 'get',
    path: '/v1/questions',
    tag: 'Catalog',
    summary:
      "The agency's questions asked with a booking of this home (by its branch and channel), in every language the agency wrote them in.",
    query: QuestionsQuery,
    answers: {
      200: { description: 'The questions; none when the agency asks none.', json: 'QuestionsResponse' },
      304: NOT_MODIFIED,
    },
  },
  {
    method: 'get',
    path: '/v1/photos/{id}',
    tag: 'Catalog',
    summary: "A home's picture, as the agency's system holds it.",
    answers: {
      200: { description: 'The picture.', media: 'image/*' },
      304: NOT_MODIFIED,
    },
  },
  {
    method: 'get',
    path: '/v1/slots',
    tag: 'Free times',
    summary: "A home's free viewing times: the same for every visitor, so any shared cache may keep them.",
    query: SlotsQuery,
    answers: {
      200: { description: 'The free times, in the branch’s time zone.', json: 'SlotsResponse' },
      304: NOT_MODIFIED,
    },
  },
  {
    method: 'get',
    path: '/v1/form-token',
    tag: 'Free times',
    summary: 'A signed token saying when this visitor began; sent back with their booking. Never cached.',
    query: FormTokenQuery,
    answers: { 200: { description: 'The token, when the proxy checks forms.', json: 'FormTokenResponse' } },
  },
  {
    method: 'post',
    path: '/v1/bookings',
    tag: 'Booking',
    summary: 'Books a free time for a visitor, matched to a contact in the agency’s system.',
    body: BookingRequest,
    idempotent: true,
    answers: {
      201: {
        description: 'Booked (`confirmed`), or kept as a request the branch will confirm (`requested`).',
        json: 'BookingResponse',
      },
    },
  },
  {
    method: 'get',
    path: '/v1/bookings/{token}',
    tag: 'Manage',
    summary: 'The viewing a manage link names.',
    answers: { 200: viewing },
  },
  {
    method: 'get',
    path: '/v1/bookings/{token}/calendar.ics',
    tag: 'Manage',
    summary: 'The viewing as a calendar event.',
    answers: { 200: { description: 'An iCalendar file.', media: 'text/calendar' } },
  },
  {
    method: 'post',
    path: '/v1/bookings/{token}/reschedule',
    tag: 'Manage',
    summary: 'Moves the viewing to another free time of the same home.',
    body: RescheduleRequest,
    idempotent: true,
    answers: { 200: viewing },
  },
  {
    method: 'post',
    path: '/v1/bookings/{token}/cancel',
    tag: 'Manage',
    summary: 'Cancels the viewing.',
    body: CancelRequest,
    answers: { 200: viewing },
  },
  {
    method: 'post',
    path: '/v1/bookings/{token}/feedback',
    tag: 'Manage',
    summary: 'How the viewing went, once it is over.',
    body: Feedback,
    answers: { 200: viewing },
  },
  {
    method: 'post',
    path: '/v1/bookings/{token}/consent',
    tag: 'Manage',
    summary: 'Changes the visitor’s consent to marketing.',
    body: ConsentChange,
    answers: { 200: viewing },
  },
  {
    method: 'post',
    path: '/v1/waitlist',
    tag: 'Waiting list',
    summary:
      'Joins the home’s waiting list with the visitor’s details and the days that suit; checked like a booking.',
    body: WaitlistRequest,
    answers: { 201: WAITLIST_PLACE },
  },
  {
    method: 'get',
    path: '/v1/waitlist/{token}',
    tag: 'Waiting list',
    summary: 'The place a waiting-list link names: where it stands, and a time held for the visitor.',
    answers: { 200: WAITLIST_PLACE },
  },
  {
    method: 'post',
    path: '/v1/waitlist/{token}/book',
    tag: 'Waiting list',
    summary: 'Books the time held for the visitor, with the details they gave.',
    answers: { 201: { description: 'The viewing, booked.', json: 'BookingResponse' } },
  },
  {
    method: 'post',
    path: '/v1/waitlist/{token}/leave',
    tag: 'Waiting list',
    summary: 'Takes the visitor off the list; a time held for them goes to the next.',
    answers: { 200: WAITLIST_PLACE },
  },
  {
    method: 'get',
    path: '/v1/approvals/{token}',
    tag: 'Owner approval',
    summary:
      'The viewing an owner’s link names: the home, the time, the visitor’s first name and answers, and other free times to suggest.',
    answers: { 200: OWNER_VIEW },
  },
  {
    method: 'post',
    path: '/v1/approvals/{token}',
    tag: 'Owner approval',
    summary:
      'The owner agrees to the viewing, declines it, or agrees to another free time instead; the visitor is told.',
    body: OwnerDecision,
    answers: { 200: OWNER_VIEW },
  },
  {
    method: 'post',
    path: '/staff/session',
    tag: 'Staff',
    summary: 'Signs in with a staff key; the session is an HttpOnly cookie.',
    body: StaffSignIn,
    answers: { 200: { description: 'Signed in.', json: 'StaffSession' } },
  },
  {
    method: 'get',
    path: '/staff/session',
    tag: 'Staff',
    summary: 'Who is signed in.',
    staff: true,
    answers: { 200: { description: 'The signed-in member of staff.', json: 'StaffSession' } },
  },
  {
    method: 'delete',
    path: '/staff/session',
    tag: 'Staff',
    summary: 'Signs out.',
    answers: { 204: { description: 'Signed out.' } },
  },
  {
    method: 'get',
    path: '/staff/api/branches',
    tag: 'Staff',
    summary: 'The branches, for choosing a diary.',
    staff: true,
    answers: { 200: { description: 'Every branch.', json: 'BranchesResponse' } },
  },
  {
    method: 'get',
    path: '/staff/api/diary',
    tag: 'Staff',
    summary: 'A branch’s viewings over some days, with who is coming.',
    staff: true,
    query: StaffDiaryQuery,
    answers: { 200: { description: 'The diary.', json: 'StaffDiaryResponse' } },
  },
  {
    method: 'get',
    path: '/staff/api/staff',
    tag: 'Staff',
    summary: 'A branch’s negotiators.',
    staff: true,
    query: StaffBranchQuery,
    answers: { 200: { description: 'The branch’s staff.', json: 'StaffListResponse' } },
  },
  {
    method: 'get',
    path: '/staff/api/waitlist',
    tag: 'Staff',
    summary:
      'The branch’s waiting lists: who waits for which home, and any time held for them with their link.',
    staff: true,
    query: StaffBranchQuery,
    answers: { 200: { description: 'The places still open, oldest first.', json: 'StaffWaitlistResponse' } },
  },
  {
    method: 'post',
    path: '/staff/api/viewings/{reference}/cancel',
    tag: 'Staff',
    summary: 'Cancels a viewing for the visitor.',
    staff: true,
    body: CancelRequest,
    answers: { 200: STAFF_VIEWING },
  },
  {
    method: 'post',
    path: '/staff/api/viewings/{reference}/uncancel',
    tag: 'Staff',
    summary: 'Restores a cancelled viewing while its time is still free.',
    staff: true,
    answers: { 200: STAFF_VIEWING },
  },
  {
    method: 'post',
    path: '/staff/api/viewings/{reference}/reschedule',
    tag: 'Staff',
    summary: 'Moves a viewing to another free time.',
    staff: true,
    body: RescheduleRequest,
    answers: { 200: STAFF_VIEWING },
  },
  {
    method: 'post',
    path: '/staff/api/viewings/{reference}/approval',
    tag: 'Staff',
    summary: 'Answers for a home’s owner who told the branch: agrees to the viewing, or declines it.',
    staff: true,
    body: StaffApprovalDecision,
    answers: { 200: STAFF_VIEWING },
  },
  {
    method: 'post',
    path: '/staff/api/viewings/{reference}/message',
    tag: 'Staff',
    summary: 'Sends the visitor a message about their viewing.',
    staff: true,
    body: StaffMessage,
    answers: { 200: STAFF_VIEWING },
  },
  ...['/v1/webhooks/{system}', '/v1/webhooks/{system}/{secret}'].map((path): Operation => ({
    method: 'post',
    path,
    tag: 'Webhooks',
    summary: path.endsWith('{secret}')
      ? 'The same, for systems that can only send a shared secret in the address.'
      : 'Changes made in the agency’s system (`system`: the backend’s name), in that system’s own format.',
    body: WEBHOOK_BODY,
    answers: { 200: { description: 'Taken.', json: 'WebhookReceipt' } },
  })),
  {
    method: 'get',
    path: '/v1/openapi.json',
    tag: 'Operations',
    summary: 'This document.',
    answers: {
      200: { description: 'The OpenAPI 3.1 document.', media: 'application/json' },
      304: NOT_MODIFIED,
    },
  },
];

/** JSON Schema for a request's query or body, as the caller writes it (before defaults and conversions). */
const inputSchema = (schema: z.ZodType) => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return json;
};

/** The named answers as components, as the proxy sends them; each refers to the others by name. */
function components(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _, $id: __, ...json } = schema as Record<string, unknown>;
      return [id, json];
    }),
  );
}

const ref = (name: Named) => ({ $ref: `#/components/schemas/${name}` });

/** Every operation may also be refused: a 4xx or 5xx answer always has this body. */
const REFUSALS = {
  '4XX': {
    description:
      'Refused: the `code` says why (invalid_request, not_found, rate_limited, …), `message` says it in words.',
    content: { 'application/json': { schema: ref('ErrorResponse') } },
  },
  '5XX': {
    description: 'The proxy or the agency’s system could not answer; safe to try again later.',
    content: { 'application/json': { schema: ref('ErrorResponse') } },
  },
};

function queryParameters(query: z.ZodType) {
  const json = inputSchema(query) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}

function operation(op: Operation) {
  const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const idempotency = op.idempotent
    ? [
        {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: false,
          description:
            'Sent again with a retry, it returns the first attempt’s answer instead of acting twice.',
          schema: inputSchema(IdempotencyKey),
        },
      ]
    : [];
  const parameters = [...pathParameters, ...(op.query ? queryParameters(op.query) : []), ...idempotency];
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(op.answers)) {
    const media = answer.json ? 'application/json' : answer.media;
    responses[status] = {
      description: answer.description,
      ...(media ? { content: { [media]: answer.json ? { schema: ref(answer.json) } : {} } } : {}),
    };
  }
  return {
    tags: [op.tag],
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9_]+(.)?/g, (_, c?: string) => (c ?? '').toUpperCase())}`,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(op.body) } } } }
      : {}),
    ...(op.staff ? { security: [{ staffSession: [] }, { staffKey: [] }] } : {}),
    responses: { ...responses, ...REFUSALS },
  };
}

const EVENT_SUMMARIES: Record<ViewingEventType, string> = {
  'viewing.booked':
    'A viewing was booked (or kept as a request, or a request confirmed, or put back by the branch)',
  'viewing.moved': 'A viewing moved to another time; `previous` says where it was',
  'viewing.cancelled': 'A viewing was cancelled, or a kept request could not be booked',
  'viewing.feedback': 'The visitor said how the viewing went',
  'viewing.approval_requested':
    'A viewing of a home whose owner agrees each one was asked for; `approvalUrl` is the owner’s link to answer',
};

const WAITLIST_SUMMARIES: Record<WaitlistEventType, string> = {
  'waitlist.offered':
    'A time freed up and is held for the first waiting visitor it suits; `url` is their link to book it',
};

/** What the proxy sends the URLs the agency configures (`webhooksOut`), signed the Standard Webhooks way. */
function webhooks() {
  const header = (name: string, description: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  const parameters = [
    header('webhook-id', 'The event’s id: the same on every retry of it, so a repeat can be recognised.'),
    header(
      'webhook-timestamp',
      'When this attempt was sent, in seconds since 1970; refuse ones far from now.',
    ),
    header(
      'webhook-signature',
      '`v1,` and the base64 HMAC-SHA256, keyed with the secret, of `webhook-id.webhook-timestamp.body`.',
    ),
  ];
  const events = [
    ...ViewingEventType.options.map((type) => ({
      type,
      summary: EVENT_SUMMARIES[type],
      schema: 'ViewingEvent',
    })),
    ...WaitlistEventType.options.map((type) => ({
      type,
      summary: WAITLIST_SUMMARIES[type],
      schema: 'WaitlistEvent',
    })),
  ];
  return Object.fromEntries(
    events.map(({ type, summary, schema }) => [
      type,
      {
        post: {
          tags: ['Webhooks out'],
          summary,
          operationId: type.replace(/\.(\w)/, (_, c: string) => c.toUpperCase()),
          parameters,
          requestBody: { required: true, content: { 'application/json': { schema: ref(schema as Named) } } },
          responses: {
            '2XX': { description: 'Taken. Any other answer, or none within 10 s, is tried again later.' },
          },
        },
      },
    ]),
  );
}

/** The document; `serverUrl` is where the proxy is reached, when known. */
export function openApiDocument(version: string, serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.1',
    info: {
      title: 'viewing-widget proxy',
      version,
      description:
        'What the viewing widget asks of the proxy an agency runs, and what the agency’s own tools may ask too. ' +
        'Pages may call it from the origins the agency lists (CORS); staff routes need a staff key.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Set([...OPERATIONS.map((op) => op.tag), 'Webhooks out'])].map((name) => ({ name })),
    paths,
    webhooks: webhooks(),
    components: {
      schemas: components(),
      securitySchemes: {
        staffSession: { type: 'apiKey', in: 'cookie', name: 'viewing_staff' },
        staffKey: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}
