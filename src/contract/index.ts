/**
 * The proxy's public HTTP API, version 1: the one source of truth shared by the widget and the proxy.
 * The proxy parses every request with these schemas; the widget imports only their types, so no zod
 * reaches the browser bundle.
 */
export * from './catalog.ts';
export * from './slots.ts';
export * from './booking.ts';
export * from './errors.ts';
export * from './manage.ts';
export * from './staff.ts';
export * from './questions.ts';
export * from './approval.ts';
export * from './waitlist.ts';
