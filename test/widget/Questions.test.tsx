// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from '../../src/contract/index.ts';
import { QUESTION_WORDS, questionWords } from '../../widget/details/words.ts';
import { fr } from '../../widget/i18n/fr.ts';
import { LANGUAGES } from '../../widget/i18n/locales.ts';
import { ada, booking, fillDetails, reachDetails, setupApp } from './fixtures.tsx';

afterEach(cleanup);

const QUESTIONS: Question[] = [
  {
    id: 'move_in',
    kind: 'date',
    required: true,
    label: { en: 'When would you like to move in?', fr: 'Quand souhaitez-vous emménager ?' },
  },
  { id: 'adults', kind: 'number', required: false, min: 1, max: 8, label: { en: 'How many adults?' } },
  {
    id: 'pets',
    kind: 'choice',
    required: false,
    label: { en: 'Any pets?', fr: 'Des animaux ?' },
    options: [
      { value: 'none', label: { en: 'No pets', fr: 'Aucun' } },
      { value: 'cat', label: { en: 'A cat', fr: 'Un chat' } },
    ],
  },
  {
    id: 'guarantor',
    kind: 'yes-no',
    required: false,
    label: { en: 'Could you provide a guarantor?' },
    hint: { en: 'Someone who would pay the rent if you could not.' },
  },
];

/** The proxy's answer to a booking whose answers it refuses, by field. */
const refusal = (fields: Record<string, string>) => ({
  status: 422,
  body: { error: { code: 'invalid_request', message: 'Some answers need another look.', fields } },
});

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const continueButton = () => screen.getByRole('button', { name: 'Continue' });

describe("the agency's questions in the details step", () => {
  it('are asked in the visitor’s language, English where the agency wrote no other, with the optional ones marked', async () => {
    setupApp({ propertyId: 'p-flat', locale: 'fr', messages: fr, proxy: { questions: QUESTIONS } });
    fireEvent.click((await screen.findAllByRole('button', { name: /10:00/ }))[0]!);
    await screen.findByRole('heading', { name: fr.steps.details });

    const moveIn = await screen.findByLabelText('Quand souhaitez-vous emménager ?');
    expect(moveIn.getAttribute('type')).toBe('date');
    expect(moveIn.hasAttribute('required')).toBe(true);
    const adults = field('How many adults? (facultatif)');
    expect(adults.getAttribute('type')).toBe('number');
    expect([adults.getAttribute('min'), adults.getAttribute('max')]).toEqual(['1', '8']);
    const pets = screen.getByRole('group', { name: 'Des animaux ? (facultatif)' });
    expect([...pets.querySelectorAll('label')].map((l) => l.textContent)).toEqual(['Aucun', 'Un chat']);
    const guarantor = screen.getByRole('group', { name: 'Could you provide a guarantor? (facultatif)' });
    expect(screen.getByRole('radio', { name: 'Oui' })).toBeTruthy();
    expect(guarantor.textContent).toContain('Someone who would pay the rent if you could not.');
  });

  it('will not move on without a required answer: it says which, and takes the visitor there', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { questions: QUESTIONS } });
    await reachDetails();
    // Read while the visitor picked a time; their code loads only for a home that has some.
    await screen.findByLabelText('When would you like to move in?');
    fillDetails(ada);
    fireEvent.click(continueButton());
    const moveIn = field('When would you like to move in?');
    await waitFor(() => expect(moveIn.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(moveIn.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Answer this question',
    );
    expect(document.activeElement).toBe(moveIn);
    expect(screen.getByRole('heading', { name: 'Your details' })).toBeTruthy();

    fireEvent.input(moveIn, { target: { value: '2027-01-15' } });
    await waitFor(() => expect(moveIn.getAttribute('aria-invalid')).toBeNull());
  });

  it('sends the answers given with the booking, leaving out those skipped', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat', proxy: { questions: QUESTIONS } });
    await reachDetails();
    // Read while the visitor picked a time; their code loads only for a home that has some.
    await screen.findByLabelText('When would you like to move in?');
    fillDetails(ada);
    fireEvent.input(field('When would you like to move in?'), { target: { value: '2027-01-15' } });
    fireEvent.click(screen.getByRole('radio', { name: 'A cat' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Yes' }));
    fireEvent.click(continueButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));
    await screen.findByText(booking.reference);
    expect(proxy.requests('/v1/bookings')[0]?.body).toMatchObject({
      answers: { move_in: '2027-01-15', pets: 'cat', guarantor: 'yes' },
    });
    expect(
      Object.keys((proxy.requests('/v1/bookings')[0]?.body as { answers: object }).answers),
    ).not.toContain('adults');
  });

  it('are shown back in the confirm step as the visitor answered them: a choice by its words, a date written out', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { questions: QUESTIONS } });
    await reachDetails();
    await screen.findByLabelText('When would you like to move in?');
    fillDetails(ada);
    fireEvent.input(field('When would you like to move in?'), { target: { value: '2027-01-15' } });
    fireEvent.click(screen.getByRole('radio', { name: 'A cat' }));
    fireEvent.click(continueButton());
    await screen.findByRole('heading', { name: 'Check and book' });
    const term = (label: string) => screen.getByText(label, { selector: 'dt' }).parentElement?.textContent;
    expect(term('When would you like to move in?')).toBe(
      'When would you like to move in?Friday 15 January 2027',
    );
    expect(term('Any pets?')).toBe('Any pets?A cat');
    // Questions left unanswered are not listed.
    expect(screen.queryByText('How many adults?', { selector: 'dt' })).toBeNull();
  });

  it('when the questions could not be read, a refusal naming one reads them and takes the visitor to it, keeping all typed', async () => {
    let reads = 0;
    const { proxy } = setupApp({
      propertyId: 'p-flat',
      proxy: {
        routes: {
          '/v1/questions': () =>
            ++reads === 1 ? 'network' : { status: 200, body: { questions: QUESTIONS } },
        },
        bookings: [
          refusal({ 'answers.move_in': 'Answer this question' }),
          { status: 201, body: { booking } },
        ],
      },
    });
    await reachDetails();
    fillDetails(ada);
    fireEvent.click(continueButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));

    const moveIn = (await screen.findByLabelText('When would you like to move in?')) as HTMLInputElement;
    await waitFor(() => expect(moveIn.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Answer this question')).toBeTruthy();
    expect(field('Email').value).toBe(ada.email);
    fireEvent.input(moveIn, { target: { value: '2027-01-15' } });
    fireEvent.click(continueButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));
    await screen.findByText(booking.reference);
    expect(proxy.requests('/v1/bookings')[1]?.body).toMatchObject({ answers: { move_in: '2027-01-15' } });
  });

  it('when the agency has added a question since they were read, a refusal naming it shows it, and the others still check what is typed', async () => {
    const parking: Question = {
      id: 'parking',
      kind: 'yes-no',
      required: true,
      label: { en: 'Need parking?' },
    };
    let reads = 0;
    const { proxy } = setupApp({
      propertyId: 'p-flat',
      proxy: {
        routes: {
          '/v1/questions': () => ({
            status: 200,
            body: { questions: ++reads === 1 ? QUESTIONS : [...QUESTIONS, parking] },
          }),
        },
        bookings: [
          refusal({ 'answers.parking': 'Answer this question' }),
          { status: 201, body: { booking } },
        ],
      },
    });
    await reachDetails();
    await screen.findByLabelText('When would you like to move in?');
    fillDetails(ada);
    fireEvent.input(field('When would you like to move in?'), { target: { value: '2027-01-15' } });
    fireEvent.click(continueButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));

    const group = await screen.findByRole('group', { name: 'Need parking?' });
    fireEvent.click(within(group).getByRole('radio', { name: 'No' }));
    const moveIn = field('When would you like to move in?');
    expect(moveIn.value).toBe('2027-01-15');
    // The questions shown before still check what is typed now: a required one cleared is flagged.
    fireEvent.input(moveIn, { target: { value: '' } });
    fireEvent.click(continueButton());
    await waitFor(() =>
      expect(field('When would you like to move in?').getAttribute('aria-invalid')).toBe('true'),
    );
    fireEvent.input(field('When would you like to move in?'), { target: { value: '2027-02-01' } });
    await waitFor(() =>
      expect(field('When would you like to move in?').getAttribute('aria-invalid')).toBeNull(),
    );
    fireEvent.click(continueButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));
    await screen.findByText(booking.reference);
    expect(proxy.requests('/v1/bookings')[1]?.body).toMatchObject({
      answers: { move_in: '2027-02-01', parking: 'no' },
    });
  });

  it('when the proxy refuses an answer, takes the visitor back to it, told in their language, with every answer kept', async () => {
    setupApp({
      propertyId: 'p-flat',
      proxy: {
        questions: QUESTIONS,
        bookings: [refusal({ 'answers.adults': 'Enter 8 or less' })],
      },
    });
    await reachDetails();
    // Read while the visitor picked a time; their code loads only for a home that has some.
    await screen.findByLabelText('When would you like to move in?');
    fillDetails(ada);
    fireEvent.input(field('When would you like to move in?'), { target: { value: '2027-01-15' } });
    // The browser's own check lets this through (a page may have no `max`); the proxy's does not.
    fireEvent.input(field('How many adults? (optional)'), { target: { value: '3' } });
    fireEvent.click(continueButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));

    await screen.findByRole('heading', { name: 'Your details' });
    const adults = field('How many adults? (optional)');
    await waitFor(() => expect(adults.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Check this answer')).toBeTruthy();
    expect(adults.value).toBe('3');
    expect(field('When would you like to move in?').value).toBe('2027-01-15');
    expect(field('First name').value).toBe('Ada');
  });
});

describe("the words of the questions' own controls", () => {
  it('exist in every language the widget speaks, each its own but English’s', () => {
    const english = JSON.stringify(QUESTION_WORDS.en);
    for (const language of LANGUAGES) {
      const words = questionWords(language);
      expect(Object.values(words).every((w) => w.trim().length > 0)).toBe(true);
      if (!language.startsWith('en')) expect(JSON.stringify(words), language).not.toBe(english);
    }
    expect(questionWords('fr-BE')).toBe(QUESTION_WORDS.fr);
  });
});
