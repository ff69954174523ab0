import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { E2E_SANDBOX_URL } from '../playwright.config.ts';

export interface DiaryEntry {
  reference: string;
  propertyIds: string[];
  start: string;
  /** The agent's notes: the visitor's message, and where they came from. */
  comments: string;
  guests: { contactId?: string; forename: string; surname: string; email: string; allowMarketing: boolean }[];
}

/** The emulated agentOS diary, as branch staff would see it. */
export async function diary(request: APIRequestContext): Promise<DiaryEntry[]> {
  const response = await request.get(`${E2E_SANDBOX_URL}/_sandbox/diary`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { diary: DiaryEntry[] }).diary;
}

export interface Visitor {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

export const widget = (page: Page) => page.locator('viewing-widget');

/** The page's only widget, or the given one where a page has several (inline, popup, floating button). */
const within = (target: Page | Locator): Locator => ('goto' in target ? widget(target) : target);

/**
 * Picks the first free time the widget offers (or the day's last, away from the first times other tests book
 * on the same server) and returns its accessible name.
 */
export async function pickFirstFreeTime(
  target: Page | Locator,
  { which = 'first' }: { which?: 'first' | 'last' } = {},
): Promise<string> {
  const w = within(target);
  await expect(w.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  const times = w.getByRole('button', { name: / to \d\d:\d\d$/ });
  const time = which === 'first' ? times.first() : times.last();
  await expect(time).toBeVisible();
  const name = (await time.getAttribute('aria-label')) ?? (await time.innerText());
  await time.click();
  return name;
}

export async function fillDetails(
  target: Page | Locator,
  visitor: Visitor,
  {
    marketing = false,
    answer,
  }: {
    marketing?: boolean;
    /** Answers the agency's questions, before Continue. */ answer?: (w: Locator) => Promise<void>;
  } = {},
): Promise<void> {
  const w = within(target);
  await expect(w.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await w.getByLabel('First name', { exact: true }).fill(visitor.firstName);
  await w.getByLabel('Last name', { exact: true }).fill(visitor.lastName);
  await w.getByLabel('Email', { exact: true }).fill(visitor.email);
  await w.getByLabel('Phone', { exact: true }).fill(visitor.phone);
  const consent = w.getByRole('checkbox', { name: /Send me news/ });
  await expect(consent).not.toBeChecked();
  if (marketing) await consent.check();
  await answer?.(w);
  await w.getByRole('button', { name: 'Continue' }).click();
}

/** Confirms and returns the reference shown on the done screen. */
export async function confirmBooking(target: Page | Locator): Promise<string> {
  const w = within(target);
  await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
  await w.getByRole('button', { name: 'Book viewing' }).click();
  await expect(w.getByRole('heading', { name: 'Viewing booked' })).toBeVisible();
  const reference = w.getByText(/^VW-\d+$/);
  await expect(reference).toBeVisible();
  return (await reference.innerText()).trim();
}

/**
 * A surname no other run has used, spelled in letters (names take no digits): `Staffcase` + `Bcdaf`.
 */
export function uniqueSurname(prefix: string): string {
  const letters = String(Date.now() % 100_000)
    .padStart(5, '0')
    .replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!);
  return `${prefix}${letters[0]!.toUpperCase()}${letters.slice(1)}`;
}

/** "Tuesday 24 November 2026, 10:30 to 11:00": what a screen reader says for a free time. */
export const FULL_TIME =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}, \d\d:\d\d to \d\d:\d\d$/;

/** What a walk through the flow checks at each step it stops on. */
export interface StepChecks {
  /** Called on every step once it shows: `branch`, `property`, `slot`, `details`, `details with errors`, `confirm`. */
  check: (step: string) => Promise<void>;
  /** More to check while the free times show, before one is chosen. */
  atSlot?: () => Promise<void>;
  /** More to check on the empty details form, before it is sent. */
  atDetails?: () => Promise<void>;
}

/**
 * A visitor's way through the inline widget from the first branch to the confirm step, stopping on each step
 * (and on the details form sent empty) for `check`.
 */
export async function walkToConfirm(page: Page, visitor: Visitor, { check, atSlot, atDetails }: StepChecks) {
  const w = widget(page);
  await expect(w.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
  await check('branch');
  await w.getByRole('button', { name: /^Bath/ }).click();
  const home = w.getByRole('button', { name: /^Book a viewing of / }).first();
  await expect(home).toBeVisible();
  await check('property');
  await home.click();
  await expect(w.getByRole('button', { name: FULL_TIME }).first()).toBeVisible();
  await check('slot');
  await atSlot?.();
  await w.getByRole('button', { name: FULL_TIME }).first().click();
  await expect(w.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await check('details');
  await atDetails?.();
  await w.getByRole('button', { name: 'Continue' }).click();
  await expect(w.getByText('Enter your first name')).toBeVisible();
  await check('details with errors');
  await fillDetails(page, visitor);
  await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
  await check('confirm');
}
