/** The waiting list's words, by language: only pages that offer a list load them, with its file. */
export interface WaitlistWords {
  prompt: string;
  join: string;
  days: string;
  pickDay: string;
  joinedTitle: string;
  joined: (reference: string) => string;
  link: string;
}

const WORDS: Record<string, WaitlistWords> = {
  en: {
    prompt: 'None of these times suit you?',
    join: 'Join the waiting list',
    days: 'Days that suit you',
    pickDay: 'Choose at least one day',
    joinedTitle: 'You’re on the waiting list',
    joined: (reference) =>
      `When a time on a day that suits you frees up, it is held for you for a while and you are sent a link to book it. Your reference is ${reference}.`,
    link: 'Your place on the list',
  },
  fr: {
    prompt: 'Aucun de ces créneaux ne vous convient ?',
    join: 'Rejoindre la liste d’attente',
    days: 'Jours qui vous conviennent',
    pickDay: 'Choisissez au moins un jour',
    joinedTitle: 'Vous êtes sur la liste d’attente',
    joined: (reference) =>
      `Quand un créneau se libère un jour qui vous convient, il vous est réservé un moment et vous recevez un lien pour le réserver. Votre référence : ${reference}.`,
    link: 'Votre place sur la liste',
  },
  nl: {
    prompt: 'Past geen van deze tijden?',
    join: 'Op de wachtlijst',
    days: 'Dagen die je uitkomen',
    pickDay: 'Kies minstens één dag',
    joinedTitle: 'Je staat op de wachtlijst',
    joined: (reference) =>
      `Komt er een tijd vrij op een dag die je uitkomt, dan houden we die even voor je vast en krijg je een link om te boeken. Je referentie is ${reference}.`,
    link: 'Je plek op de lijst',
  },
  de: {
    prompt: 'Keiner dieser Termine passt Ihnen?',
    join: 'Auf die Warteliste',
    days: 'Tage, die Ihnen passen',
    pickDay: 'Wählen Sie mindestens einen Tag',
    joinedTitle: 'Sie stehen auf der Warteliste',
    joined: (reference) =>
      `Wird an einem passenden Tag ein Termin frei, halten wir ihn eine Weile für Sie frei und Sie erhalten einen Link zum Buchen. Ihre Referenz: ${reference}.`,
    link: 'Ihr Platz auf der Liste',
  },
};

/** In the visitor's language (`fr-BE`, then `fr`), else in English. */
export const waitlistWords = (locale: string): WaitlistWords =>
  WORDS[locale.split('-')[0] ?? ''] ?? (WORDS.en as WaitlistWords);
