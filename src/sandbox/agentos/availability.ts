import { freeAllocations, negotiators } from './allocations.ts';
import type { EmulatorContext } from './context.ts';
import type { SeedAppointmentType, SeedProperty, SeedStaff } from './model.ts';

export interface AllocationRequest {
  type: SeedAppointmentType;
  properties: readonly SeedProperty[];
  staffId: string;
  /** Local wall-clock times, already normalised (`2026-11-24T10:30:00`). */
  start: string;
  end: string;
}

/**
 * The negotiator, when the allocation is one agentOS would offer right now: a viewing, with someone who
 * serves every linked property, at a time still free. No slot id and no hold exist upstream, so booking and
 * moving both check the posted allocation against this, at the moment of the write.
 */
export function freeNegotiator(context: EmulatorContext, request: AllocationRequest): SeedStaff | undefined {
  const staff = context.seed.staff.find((person) => person.id === request.staffId);
  if (!staff || request.type.systemType !== 'Viewing') return undefined;
  if (!request.properties.every((property) => serves(staff, property))) return undefined;
  const offered = freeAllocations({
    staff: [staff],
    from: request.start.slice(0, 10),
    days: 1,
    now: context.now(),
    timeZone: context.seed.company.timeZone,
    isBooked: context.diary.isBooked,
  });
  return offered.some((allocation) => allocation.start === request.start && allocation.end === request.end)
    ? staff
    : undefined;
}

function serves(staff: SeedStaff, property: SeedProperty): boolean {
  return (
    negotiators([staff], { branchId: property.branchId, lettings: property.channel === 'lettings' }).length >
    0
  );
}
