import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QuestionsResponse } from '../../src/contract/index.ts';
import { ConfigError, loadConfig } from '../../src/proxy/config.ts';
import { QuestionBook, type QuestionsSettings } from '../../src/proxy/questions.ts';
import { json, SYSTEMS, type Upstream } from './systems.ts';

/** What a letting agent asks, as the README's example has it. */
const ASKED = [
  {
    id: 'move_in',
    kind: 'date',
    required: true,
    label: { en: 'When would you like to move in?', fr: 'Quand souhaitez-vous emménager ?' },
  },
  { id: 'adults', kind: 'number', min: 1, max: 8, label: { en: 'How many adults would live there?' } },
  {
    id: 'pets',
    kind: 'choice',
    label: { en: 'Any pets?' },
    options: [
      { value: 'none', label: { en: 'No pets' } },
      { value: 'cat', label: { en: 'A cat' } },
      { value: 'dog', label: { en: 'A dog' } },
    ],
    // The agency keeps this one in Pexip Engage too: there the answer goes in the appointment's questionnaire.
    pexipQuestionId: 'q-pets',
  },
  { id: 'guarantor', kind: 'yes-no', label: { en: 'Could you provide a guarantor?' } },
] as const satisfies QuestionsSettings['lettings'];

/** Both channels the same, so each system's first bookable home, of whichever channel, is asked them. */
const SETTINGS: QuestionsSettings = { lettings: [...ASKED], sales: [...ASKED] };

const ANSWERS = { move_in: '2027-01-15', adults: '2', pets: 'cat', guarantor: 'yes' };

/** The first viewing the proxy booked, as the agent's system holds it. */
const booked = (upstream: Upstream) => upstream.online()[0];

const guest = {
  firstName: 'Priya',
  lastName: 'Natarajan',
  email: 'priya.natarajan@example.org',
  phone: '07700 900456',
};

/** The first home with a free time in the next two weeks, and that time. */
async function bookableHome(upstream: Upstream) {
  const { body } = await json(upstream, '/v1/properties?limit=100');
  for (const property of body.properties as { id: string }[]) {
    const slots = await json(upstream, `/v1/slots?propertyId=${property.id}&from=${upstream.today}&days=14`);
    const slot = (slots.body.slots as { id: string }[] | undefined)?.[0];
    if (slot) return { propertyId: property.id, slotId: slot.id };
  }
  throw new Error('no home has a free time');
}

const book = (upstream: Upstream, body: unknown) =>
  json(upstream, '/v1/bookings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `questions-${Math.random()}` },
    body: JSON.stringify(body),
  });

let running: Upstream | undefined;
afterEach(() => {
  running?.stop();
  running = undefined;
});

describe.each(Object.keys(SYSTEMS))('qualifying questions on %s', (system) => {
  it("are asked with a booking, and the agent reads the visitor's answers with the viewing", async () => {
    const upstream = (running = await SYSTEMS[system]!({ questions: SETTINGS }));
    const home = await bookableHome(upstream);

    const asked = await upstream.call(`/v1/questions?propertyId=${home.propertyId}`);
    expect(asked.status).toBe(200);
    expect(asked.headers.get('cache-control')).toMatch(/public/);
    const { questions } = QuestionsResponse.parse(await asked.json());
    expect(questions.map((q) => q.id)).toEqual(['move_in', 'adults', 'pets', 'guarantor']);
    // The widget is shown the agency's words in every language given, never where an answer goes upstream.
    expect(questions[0]?.label.fr).toBe('Quand souhaitez-vous emménager ?');
    expect(JSON.stringify(questions)).not.toContain('q-pets');

    const answer = await book(upstream, {
      ...home,
      guest,
      consent: { marketing: false },
      answers: ANSWERS,
    });
    expect(answer.status).toBe(201);

    const held = booked(upstream);
    expect(held?.notes).toContain('When would you like to move in? 2027-01-15');
    expect(held?.notes).toContain('How many adults would live there? 2');
    expect(held?.notes).toContain('Could you provide a guarantor? Yes');
    if (system === 'pexip-engage') {
      // Pexip Engage has a questionnaire: the answer to the agency's own question goes there, by its id.
      expect(held?.answers).toEqual([{ questionId: 'q-pets', value: 'cat' }]);
      expect(held?.notes).not.toContain('Any pets?');
    } else {
      expect(held?.notes).toContain('Any pets? A cat');
    }
  });

  it('turns a booking away, naming the question, when a required answer is missing or one is not sound, and books nothing', async () => {
    const upstream = (running = await SYSTEMS[system]!({ questions: SETTINGS }));
    const home = await bookableHome(upstream);
    const answer = await book(upstream, {
      ...home,
      guest,
      consent: { marketing: false },
      answers: { adults: '0', pets: 'parrot', guarantor: 'maybe', shoe_size: '9' },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      error: {
        code: 'invalid_request',
        fields: {
          'answers.move_in': 'Answer this question',
          'answers.adults': 'Enter 1 or more',
          'answers.pets': 'Pick one of the answers offered',
          'answers.guarantor': 'Answer yes or no',
          'answers.shoe_size': 'This home is not asked that question',
        },
      },
    });
    expect(booked(upstream)).toBeUndefined();
  });
});

describe('which questions a home is asked', () => {
  const settings: QuestionsSettings = {
    lettings: [{ id: 'move_in', kind: 'date', label: { en: 'When would you like to move in?' } }],
    sales: [
      {
        id: 'position',
        kind: 'choice',
        required: true,
        label: { en: 'Your buying position' },
        options: [
          { value: 'first', label: { en: 'First-time buyer' } },
          { value: 'chain', label: { en: 'Selling a home to buy' } },
          { value: 'cash', label: { en: 'Cash buyer' } },
        ],
      },
      { id: 'mortgage', kind: 'yes-no', label: { en: 'Do you have a mortgage in principle?' } },
    ],
    branches: { 'BR-2': { lettings: [] } },
  };
  const book = new QuestionBook(settings);

  it("follows the home's channel, and a branch's own list replaces the default of its channel", () => {
    expect(book.questionsFor({ branchId: 'BR-1', channel: 'lettings' }).map((q) => q.id)).toEqual([
      'move_in',
    ]);
    expect(book.questionsFor({ branchId: 'BR-1', channel: 'sales' }).map((q) => q.id)).toEqual([
      'position',
      'mortgage',
    ]);
    expect(book.questionsFor({ branchId: 'BR-2', channel: 'lettings' })).toEqual([]);
    expect(book.questionsFor({ branchId: 'BR-2', channel: 'sales' })).toHaveLength(2);
  });

  it('takes a day of the calendar only', () => {
    const asked = new QuestionBook({
      lettings: [{ id: 'move_in', kind: 'date', label: { en: 'Move in?' } }],
    });
    const home = { branchId: 'BR-1', channel: 'lettings' } as const;
    expect(asked.check(home, { move_in: '2027-02-28' }).ok).toBe(true);
    for (const day of ['2027-02-30', '2027-13-01', '28/02/2027'])
      expect(asked.check(home, { move_in: day }), day).toEqual({
        ok: false,
        fields: { 'answers.move_in': 'Enter a date as YYYY-MM-DD' },
      });
  });

  it('lets through lawful questions that share a word with a forbidden topic (minor repairs, animal welfare)', () => {
    const lawful = ['Are minor repairs before you move in acceptable?', 'Do you care about animal welfare?'];
    for (const label of lawful)
      expect(
        () => new QuestionBook({ lettings: [{ id: 'q', kind: 'text', label: { en: label } }] }),
      ).not.toThrow();
  });

  it('sends the agent the words of a choice, not its value, and leaves out questions left blank', () => {
    const checked = book.check({ branchId: 'BR-1', channel: 'sales' }, { position: 'cash', mortgage: ' ' });
    expect(checked).toEqual({
      ok: true,
      answers: [{ id: 'position', question: 'Your buying position', answer: 'Cash buyer', value: 'cash' }],
    });
  });
});

describe("the Renters' Rights Act 2025", () => {
  const asking = (label: string, options?: string[]) => ({
    questions: {
      lettings: [
        {
          id: 'household',
          kind: options ? ('choice' as const) : ('text' as const),
          label: { en: label },
          ...(options ? { options: options.map((o) => ({ value: o.toLowerCase(), label: { en: o } })) } : {}),
        },
      ],
    },
  });
  const folder = mkdtempSync(join(tmpdir(), 'viewing-questions-'));
  let files = 0;
  const load = (settings: object) => {
    const file = join(folder, `config-${++files}.json`);
    writeFileSync(file, JSON.stringify(settings));
    return loadConfig({ env: {}, file });
  };

  it.each([
    ['Will any children live with you?'],
    ['How many kids do you have?'],
    ['Do you receive Universal Credit?'],
    ['Are you on housing benefit?'],
  ])('stops the proxy with a lettings question like "%s", naming it', (label) => {
    expect(() => load(asking(label))).toThrow(ConfigError);
    expect(() => load(asking(label))).toThrow(/questions\.lettings\.0: asks about (children|benefits)/);
  });

  it('catches the topic in a choice as well as in the question', () => {
    expect(() => load(asking('Who would live there?', ['Adults only', 'Adults and children']))).toThrow(
      /asks about children/,
    );
  });

  it('lets lawful lettings questions through, and asks nothing of sales questions', () => {
    expect(load(asking('How many adults would live there?')).questions?.lettings).toHaveLength(1);
    const sales = load({
      questions: {
        sales: [
          {
            id: 'family',
            kind: 'text',
            label: { en: 'Is the school catchment important for your children?' },
          },
        ],
      },
    });
    expect(sales.questions?.sales).toHaveLength(1);
  });

  it('refuses the same lettings question given to the proxy in code', () => {
    expect(() => new QuestionBook(asking('Do you claim benefits?').questions)).toThrow(
      /questions\.lettings\.0: asks about benefits/,
    );
  });
});
