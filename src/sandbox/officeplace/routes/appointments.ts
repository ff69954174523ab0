import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { invalid, problem } from '../problem.ts';
import {
  AppointmentLookup,
  CreateBody,
  DeleteBody,
  PreviewQuery,
  UpdateBody,
  instantOf,
  parseInput,
} from '../request-schemas.ts';
import { wireAppointment, wirePreview } from '../wire.ts';

/**
 * The longest range a preview covers; a calendar is read a few weeks at a time. Best guess: no limit is
 * published (Graph's calendarView has none this short); settled by the API Reference's preview parameters.
 */
const MAX_PREVIEW_DAYS = 62;

/** Appointment CRUD and the calendar preview, in the directory tenant's agents' calendars. */
export function registerAppointmentRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed, calendars } = context;
  const agent = (adId: string) => seed.agents.find((candidate) => candidate.adId === adId);

  /**
   * The directory and user a call names, or the problem to answer with. Best guess: 404 for a directory or
   * user the tenant does not reach; the reference lists no status codes for the appointment calls.
   */
  function calendarOf(c: Context<AppEnv>, domainId: string, adId: string): Response | undefined {
    if (domainId.toLowerCase() !== seed.tenant.domainId) return problem(c, 404, 'Directory not found.');
    if (!agent(adId.toLowerCase())) return problem(c, 404, 'User not found in the directory.');
    return undefined;
  }

  async function readJson(
    c: Context<AppEnv>,
  ): Promise<{ ok: true; json: unknown } | { ok: false; response: Response }> {
    try {
      return { ok: true, json: JSON.parse(await c.req.text()) };
    } catch {
      return { ok: false, response: invalid(c, { $: ['The request body must be JSON.'] }) };
    }
  }

  // Best guess: a missing appointment is a 404 problem; the reference lists no codes for these calls.
  const refused = (c: Context<AppEnv>) => problem(c, 404, 'Appointment not found.');

  app.get('/:tenantId/appointment/preview', (c) => {
    const query = parseInput(PreviewQuery, c.req.query());
    if (!query.ok) return invalid(c, query.errors);
    const { domainId, adId, startDate, endDate } = query.data;
    const missing = calendarOf(c, domainId, adId);
    if (missing) return missing;
    const from = instantOf(startDate, 'UTC') ?? 0;
    const to = instantOf(endDate, 'UTC') ?? 0;
    if (to <= from) return invalid(c, { endDate: ['The endDate must be after the startDate.'] });
    if (to - from > MAX_PREVIEW_DAYS * 86_400_000) {
      return invalid(c, { endDate: [`A preview covers at most ${MAX_PREVIEW_DAYS} days.`] });
    }
    const organizer = agent(adId.toLowerCase());
    const rows = calendars.between(adId.toLowerCase(), from, to).map((row) => wirePreview(row, organizer));
    // "List appointment preview data": a bare array, or (the other variant) wrapped.
    return c.json(context.variants.preview === 'wrapped' ? { appointments: rows } : rows);
  });

  app.get('/:tenantId/appointment', (c) => {
    const query = parseInput(AppointmentLookup, c.req.query());
    if (!query.ok) return invalid(c, query.errors);
    const { domainId, adId, appointmentId } = query.data;
    if (domainId !== undefined && domainId.toLowerCase() !== seed.tenant.domainId)
      return problem(c, 404, 'Directory not found.');
    if (adId !== undefined && !agent(adId.toLowerCase()))
      return problem(c, 404, 'User not found in the directory.');
    const id = appointmentId.toLowerCase();
    const row = calendars
      .all()
      .find(
        (candidate) => candidate.appointmentId === id && (!adId || candidate.adId === adId.toLowerCase()),
      );
    if (!row) return problem(c, 404, 'Appointment not found.');
    return c.json(wireAppointment(row, agent(row.adId)));
  });

  app.post('/:tenantId/appointment', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const input = parseInput(CreateBody, body.json);
    if (!input.ok) return invalid(c, input.errors);
    const { domainId, adId, startTime, endTime, timeZone, ...fields } = input.data;
    const missing = calendarOf(c, domainId, adId);
    if (missing) return missing;
    const start = instantOf(startTime, timeZone);
    const end = instantOf(endTime, timeZone);
    if (start === undefined || end === undefined || end <= start) {
      return invalid(c, { endTime: ['The endTime must be after the startTime.'] });
    }
    // An overlapping appointment is kept beside the others (see calendar.ts).
    const { appointment } = calendars.create(
      {
        adId: adId.toLowerCase(),
        subject: fields.subject,
        body: fields.body,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        timeZone,
        isAllDay: false,
        showAs: fields.showAsStatus,
        isCancelled: false,
        location: fields.location ?? null,
      },
      context.now(),
    );
    // Best guess: 201 Created; the reference shows the body `{appointmentId}` but not the status.
    return c.json({ appointmentId: appointment.appointmentId }, 201);
  });

  app.put('/:tenantId/appointment', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const input = parseInput(UpdateBody, body.json);
    if (!input.ok) return invalid(c, input.errors);
    const { domainId, adId, appointmentId, startTime, endTime, ...fields } = input.data;
    const missing = calendarOf(c, domainId, adId);
    if (missing) return missing;
    const current = calendars.find(adId.toLowerCase(), appointmentId.toLowerCase());
    if (!current) return problem(c, 404, 'Appointment not found.');
    const zone = fields.timeZone ?? current.timeZone;
    const start = startTime === undefined ? Date.parse(current.start) : instantOf(startTime, zone);
    const end = endTime === undefined ? Date.parse(current.end) : instantOf(endTime, zone);
    if (start === undefined || end === undefined || end <= start) {
      return invalid(c, { endTime: ['The endTime must be after the startTime.'] });
    }
    const outcome = calendars.update(
      adId.toLowerCase(),
      appointmentId.toLowerCase(),
      { ...fields, start: new Date(start).toISOString(), end: new Date(end).toISOString() },
      context.now(),
    );
    if (!outcome.ok) return refused(c);
    // "Updated appointment details" (see wire.ts for what that is guessed to hold).
    return c.json(wireAppointment(outcome.appointment, agent(outcome.appointment.adId)));
  });

  app.delete('/:tenantId/appointment', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const input = parseInput(DeleteBody, body.json);
    if (!input.ok) return invalid(c, input.errors);
    const { domainId, adId, appointmentId } = input.data;
    const missing = calendarOf(c, domainId, adId);
    if (missing) return missing;
    const outcome = calendars.remove(adId.toLowerCase(), appointmentId.toLowerCase());
    if (!outcome.ok) return refused(c);
    // Best guess: "Success confirmation" as 204 No Content; the reference does not show its body.
    return c.body(null, 204);
  });
}
