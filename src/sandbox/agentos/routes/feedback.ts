import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { FeedbackSubmission, parseInput } from '../request-schemas.ts';
import { invalid, jsonBody } from './http.ts';

/**
 * Post-viewing feedback, kept against the appointment and the property it was about. agentOS answers a bare
 * string; which one is not published, so (Best guess) it is the feedback's own reference.
 */
export function registerFeedbackRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.post('/v4/appointments/:shortName/diary/feedback', async (c) => {
    const json = await jsonBody(c);
    if (!json.ok) {
      return invalid(
        c,
        'The request is invalid. The body must be a JSON AppointmentFeedbackSubmissionModel.',
      );
    }
    const body = parseInput(FeedbackSubmission, json.value);
    if (!body.ok) return invalid(c, body.message);
    const { AppointmentID, PropertyID, Feedback } = body.data;
    const entry = context.diary.find(AppointmentID);
    if (!entry) {
      return invalid(c, `The request is invalid. AppointmentID: appointment ${AppointmentID} was not found.`);
    }
    if (!entry.propertyIds.includes(PropertyID)) {
      return invalid(
        c,
        `The request is invalid. PropertyID: property ${PropertyID} is not linked to appointment ${AppointmentID}.`,
      );
    }
    const record = context.feedback.add((reference) => ({
      reference,
      appointmentId: AppointmentID,
      propertyId: PropertyID,
      feedback: Feedback,
      receivedAt: context.now().toISOString(),
    }));
    return c.json(record.reference);
  });
}
