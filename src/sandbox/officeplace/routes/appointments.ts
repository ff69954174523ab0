import type { Context, Hono } from 'hono';
import type { CalendarWrite } from '../calendar.ts';
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

/** The longest range a preview covers; a calendar is read a few weeks at a time. */
const MAX_PREVIEW_DAYS = 62;

/** Appointment CRUD and the calendar preview, in the directory tenant's agents' calendars. */
export function registerAppointmentRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed, calendars } = context;
  const agent = (adId: string) => seed.agents.find((candidate) => candidate.adId === adId);

  /** The directory and user a call names, or the problem to answer with. */
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

  function refused(c: Context<AppEnv>, outcome: Exclude<CalendarWrite, { ok: true }>): Response {
    if (outcome.reason === 'not_found') return problem(c, 404, 'Appointment not found.');
    return problem(c, 409, 'The time conflicts with an existing appointment in this calendar.', {
      conflictingAppointmentId: outcome.with.appointmentId,
    });
  }

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
    return c.json({
      appointments: calendars.between(adId.toLowerCase(), from, to).map((row) => wirePreview(row, organizer)),
    });
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
    const outcome = calendars.create(
      {
        adId: adId.toLowerCase(),
        subject: fields.subject,
        body: fields.body,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        timeZone,
        isAllDay: false,
        showAs: fields.showAs,
        isCancelled: false,
        location: fields.location ?? null,
      },
      context.now(),
    );
    if (!outcome.ok) return refused(c, outcome);
    return c.json({ appointmentId: outcome.appointment.appointmentId }, 201);
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
    if (!outcome.ok) return refused(c, outcome);
    return c.json({ appointmentId: outcome.appointment.appointmentId });
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
    if (!outcome.ok) return refused(c, outcome);
    return c.body(null, 204);
  });
}
