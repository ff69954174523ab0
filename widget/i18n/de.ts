import type { Messages } from './en-GB.ts';

export const de: Messages = {
  dir: 'ltr',
  steps: {
    branch: 'Filiale wählen',
    property: 'Immobilie wählen',
    slot: 'Termin wählen',
    details: 'Ihre Angaben',
    confirm: 'Prüfen und buchen',
    done: 'Besichtigung gebucht',
  },
  progress: (n, total) => `Schritt ${n} von ${total}`,
  stepAnnouncement: (n, total, title) => `Schritt ${n} von ${total}: ${title}`,
  back: 'Zurück',
  loading: 'Wird geladen …',
  retry: 'Erneut versuchen',

  missingProxy: 'Dieses Buchungs-Widget ist noch nicht eingerichtet: Das Attribut „proxy“ fehlt.',
  errors: {
    network:
      'Der Buchungsdienst ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    rate_limited: 'Gerade buchen sehr viele. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
    not_found: 'Das haben wir nicht gefunden. Vielleicht ist es nicht mehr verfügbar.',
    upstream_unavailable:
      'Das Buchungssystem antwortet gerade nicht. Bitte versuchen Sie es gleich noch einmal.',
    generic: 'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es erneut.',
    fields: 'Bitte prüfen Sie die markierten Angaben.',
  },

  branchIntro: 'Über welche unserer Filialen möchten Sie die Besichtigung vereinbaren?',
  noBranches: 'Zurzeit nimmt keine Filiale Buchungen an.',

  channelLegend: 'Anzeigen',
  channels: { all: 'Alle', lettings: 'Zur Miete', sales: 'Zum Kauf' },
  noProperties: 'Hier gibt es zurzeit keine Immobilien.',
  search: {
    legend: 'Immobilie finden',
    words: 'Straße, Ort oder Postleitzahl',
    minPrice: 'Preis ab',
    maxPrice: 'Preis bis',
    bedrooms: 'Schlafzimmer',
    anyBedrooms: 'Beliebig',
    atLeast: (n) => `ab ${n}`,
    submit: 'Suchen',
    clear: 'Alle Immobilien zeigen',
    matches: (shown, total) => `${shown} von ${total} Immobilien`,
    none: 'Keine Immobilie entspricht Ihrer Suche.',
  },
  showMore: 'Weitere Immobilien anzeigen',
  chooseProperty: 'Besichtigung buchen',
  choosePropertyLabel: (title, address) => `Besichtigung buchen: ${title}, ${address}`,
  photoAlt: (title) => `Foto: ${title}`,
  bedrooms: (n) => (n === 0 ? 'Einzimmerwohnung' : n === 1 ? '1 Schlafzimmer' : `${n} Schlafzimmer`),
  pricePeriod: { week: 'pro Woche', month: 'pro Monat', year: 'pro Jahr' },
  priceOnApplication: 'Preis auf Anfrage',

  longDate: (p) => `${p.weekday}, ${p.day}. ${p.month} ${p.year}`,
  timeRange: (from, to) => `${from} bis ${to} Uhr`,
  zoneNote: (name, zone) => `Zeitzone: ${name} (${zone})`,
  previousWeek: 'Vorherige Woche',
  nextWeek: 'Nächste Woche',
  dayLabel: (date, free) =>
    free === 0 ? `${date}, keine Termine frei` : `${date}, ${free} ${free === 1 ? 'Termin' : 'Termine'} frei`,
  freeCount: (free) => (free === 0 ? 'Voll' : `${free} frei`),
  timesFor: (date) => `Termine am ${date}`,
  slotLabel: (date, range) => `${date}, ${range}`,
  placesLeft: (left) => (left === 1 ? 'Noch 1 Platz' : `Noch ${left} Plätze`),
  noTimesThisWeek: 'In dieser Woche sind keine Termine frei.',
  noTimesOnDay: (date) => `Am ${date} sind keine Termine frei.`,
  jumpToFree: 'Zum ersten freien Tag',
  noTimesSoon: 'In den nächsten 8 Wochen sind keine Termine frei. Bitte wenden Sie sich an die Filiale.',
  alternatives: 'Andere freie Termine',
  slotTaken:
    'Dieser Termin wurde gerade vergeben. Bitte wählen Sie einen anderen – Ihre Angaben bleiben erhalten.',

  fields: {
    firstName: 'Vorname',
    lastName: 'Nachname',
    email: 'E-Mail',
    phone: 'Telefon',
    message: 'Nachricht an den Makler (optional)',
  },
  marketing:
    'Schicken Sie mir per E-Mail Neuigkeiten zu ähnlichen Immobilien. Abmelden ist jederzeit möglich. (Optional – lassen Sie das Feld einfach frei, wenn Sie das nicht möchten.)',
  invalid: {
    firstName: 'Geben Sie Ihren Vornamen ein',
    lastName: 'Geben Sie Ihren Nachnamen ein',
    name: 'Nur Buchstaben, Leerzeichen, Apostrophe, Bindestriche und Punkte',
    email: 'Geben Sie eine E-Mail-Adresse wie name@beispiel.de ein',
    phone: 'Geben Sie eine Telefonnummer ein: nur Ziffern, auf Wunsch mit + am Anfang',
    message: 'Ihre Nachricht darf höchstens 1.000 Zeichen lang sein',
  },
  continue: 'Weiter',

  summary: {
    property: 'Immobilie',
    when: 'Termin',
    you: 'Ihre Angaben',
    message: 'Nachricht',
    marketing: 'Neuigkeiten per E-Mail',
    yes: 'Ja',
    no: 'Nein',
  },
  changeProperty: 'Immobilie ändern',
  changeTime: 'Termin ändern',
  changeDetails: 'Angaben ändern',
  book: 'Besichtigung buchen',
  ownerFirst: 'Der Eigentümer stimmt jeder Besichtigung zuerst zu: Mit der Buchung geht ihm Ihre Anfrage zu.',
  openHouse: 'Eine offene Besichtigung: Andere Interessenten können zur selben Zeit dabei sein.',
  booking: 'Wird gebucht …',

  doneRequested: 'Besichtigung angefragt',
  reference: 'Ihre Buchungsnummer',
  branch: 'Filiale',
  nextConfirmed:
    'Ihre Besichtigung steht im Kalender der Filiale. Bitte bewahren Sie Ihre Buchungsnummer auf.',
  nextRequested:
    'Die Filiale bestätigt Ihre Besichtigung per E-Mail oder Telefon. Bitte bewahren Sie Ihre Buchungsnummer auf.',
  nextOwner: (by: string) =>
    `Der Eigentümer stimmt jeder Besichtigung zuerst zu. Seine Antwort erhalten Sie bis ${by} per E-Mail; bis dahin ist der Termin für Sie reserviert.`,
  whatNext: 'Wie geht es weiter?',
  calendar: 'Zum Kalender hinzufügen:',
  ics: 'Kalenderdatei',
  manage: 'Ändern oder absagen',

  open: 'Besichtigung buchen',
  close: 'Schließen',
};
