import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { MessageSubmission, parseInput } from '../request-schemas.ts';
import { invalid, jsonBody, message } from './http.ts';

/**
 * Messages sent through the branch. Nothing is delivered: each lands in the emulator's outbox, readable by tests.
 * The body and the bare-string answer (the message's reference) are a Best guess; agentOS publishes neither.
 */
export function registerMessagingRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed, diary } = context;

  app.post('/v4/appointments/:shortName/messaging/:branchID', async (c) => {
    const branchId = c.req.param('branchID');
    if (!seed.branches.some((branch) => branch.id === branchId)) return message(c, 404, 'Branch not found.');
    const json = await jsonBody(c);
    if (!json.ok) return invalid(c, 'The request is invalid. The body must be a JSON message.');
    const body = parseInput(MessageSubmission, json.value);
    if (!body.ok) return invalid(c, body.message);
    const { AppointmentID, ContactID, Subject, Body } = body.data;

    const recipients: string[] = [];
    if (AppointmentID) {
      const entry = diary.find(AppointmentID);
      if (!entry) {
        return invalid(
          c,
          `The request is invalid. AppointmentID: appointment ${AppointmentID} was not found.`,
        );
      }
      const holder = seed.staff.find((person) => person.id === entry.staffId);
      if (holder?.branchId !== branchId) {
        return invalid(
          c,
          `The request is invalid. AppointmentID: appointment ${AppointmentID} belongs to another branch.`,
        );
      }
      recipients.push(...entry.guests.map((guest) => guest.email));
    }
    if (ContactID) {
      const contact = seed.contacts.find((candidate) => candidate.id === ContactID);
      if (!contact) {
        return invalid(c, `The request is invalid. ContactID: contact ${ContactID} was not found.`);
      }
      recipients.push(contact.email);
    }

    const sent = context.messages.add((reference) => ({
      reference,
      branchId,
      ...(AppointmentID ? { appointmentId: AppointmentID } : {}),
      ...(ContactID ? { contactId: ContactID } : {}),
      recipients: [...new Set(recipients.map((address) => address.toLowerCase()))],
      subject: Subject,
      body: Body,
      sentAt: context.now().toISOString(),
    }));
    return c.json(sent.reference);
  });
}
