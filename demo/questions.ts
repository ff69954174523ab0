import type { QuestionsSettings } from '../src/proxy/questions.ts';

/**
 * What the demo agency asks with a booking: lettings and sales questions for every branch, in each language the
 * widget speaks, all optional (so a visitor in a hurry is never held up). Pexip Engage's sandbox keeps the pets
 * question as one of its own, so there the answer lands in the appointment's questionnaire.
 */
export const DEMO_QUESTIONS = {
  lettings: [
    {
      id: 'move_in',
      kind: 'date',
      label: {
        en: 'When would you like to move in?',
        fr: 'Quand souhaitez-vous emménager ?',
        nl: 'Wanneer wilt u verhuizen?',
        de: 'Wann möchten Sie einziehen?',
      },
    },
    {
      id: 'adults',
      kind: 'number',
      min: 1,
      max: 8,
      label: {
        en: 'How many adults would live in the home?',
        fr: 'Combien d’adultes habiteraient le logement ?',
        nl: 'Hoeveel volwassenen zouden in de woning wonen?',
        de: 'Wie viele Erwachsene würden in der Wohnung leben?',
      },
    },
    {
      id: 'pets',
      kind: 'choice',
      label: { en: 'Any pets?', fr: 'Des animaux ?', nl: 'Huisdieren?', de: 'Haustiere?' },
      options: [
        { value: 'none', label: { en: 'No pets', fr: 'Aucun', nl: 'Geen', de: 'Keine' } },
        { value: 'cat', label: { en: 'A cat', fr: 'Un chat', nl: 'Een kat', de: 'Eine Katze' } },
        { value: 'dog', label: { en: 'A dog', fr: 'Un chien', nl: 'Een hond', de: 'Einen Hund' } },
        { value: 'other', label: { en: 'Another pet', fr: 'Un autre', nl: 'Een ander', de: 'Ein anderes' } },
      ],
      pexipQuestionId: 'pets',
    },
    {
      id: 'guarantor',
      kind: 'yes-no',
      label: {
        en: 'Could you provide a UK-based guarantor if asked?',
        fr: 'Pourriez-vous fournir un garant au Royaume-Uni si on vous le demande ?',
        nl: 'Kunt u zo nodig een borg in het Verenigd Koninkrijk opgeven?',
        de: 'Könnten Sie auf Nachfrage einen Bürgen im Vereinigten Königreich stellen?',
      },
    },
  ],
  sales: [
    {
      id: 'position',
      kind: 'choice',
      label: {
        en: 'What is your buying position?',
        fr: 'Quelle est votre situation d’achat ?',
        nl: 'Wat is uw kooppositie?',
        de: 'Wie ist Ihre Kaufsituation?',
      },
      options: [
        {
          value: 'first-time',
          label: { en: 'First-time buyer', fr: 'Premier achat', nl: 'Starter', de: 'Erstkäufer' },
        },
        {
          value: 'sold',
          label: {
            en: 'My home is sold, subject to contract',
            fr: 'Mon logement est vendu, sous réserve de contrat',
            nl: 'Mijn woning is verkocht onder voorbehoud',
            de: 'Meine Wohnung ist vorbehaltlich verkauft',
          },
        },
        {
          value: 'to-sell',
          label: {
            en: 'I have a home to sell',
            fr: 'J’ai un logement à vendre',
            nl: 'Ik moet nog een woning verkopen',
            de: 'Ich muss noch eine Wohnung verkaufen',
          },
        },
        {
          value: 'cash',
          label: { en: 'Cash buyer', fr: 'Achat comptant', nl: 'Koper zonder hypotheek', de: 'Barkäufer' },
        },
        { value: 'investor', label: { en: 'Investor', fr: 'Investisseur', nl: 'Belegger', de: 'Investor' } },
      ],
    },
    {
      id: 'mortgage',
      kind: 'yes-no',
      label: {
        en: 'Do you have a mortgage agreement in principle?',
        fr: 'Avez-vous un accord de principe pour un prêt ?',
        nl: 'Heeft u een hypotheekofferte in principe?',
        de: 'Haben Sie eine grundsätzliche Finanzierungszusage?',
      },
    },
  ],
} satisfies QuestionsSettings;
