import type { Messages } from './en-GB.ts';

export const nl: Messages = {
  steps: {
    branch: 'Kies een vestiging',
    property: 'Kies een woning',
    slot: 'Kies een tijd',
    details: 'Je gegevens',
    confirm: 'Controleren en boeken',
    done: 'Bezichtiging geboekt',
  },
  progress: (n, total) => `Stap ${n} van ${total}`,
  stepAnnouncement: (n, total, title) => `Stap ${n} van ${total}: ${title}`,
  back: 'Terug',
  loading: 'Laden…',
  retry: 'Opnieuw proberen',

  missingProxy: 'Deze boekingswidget is nog niet ingesteld: het attribuut "proxy" ontbreekt.',
  errors: {
    network: 'We konden de boekingsdienst niet bereiken. Controleer je verbinding en probeer het opnieuw.',
    rate_limited: 'Er wordt nu veel geboekt. Wacht even en probeer het dan opnieuw.',
    not_found: 'We konden dit niet vinden. Misschien is het niet meer beschikbaar.',
    upstream_unavailable: 'Het boekingssysteem reageert op dit moment niet. Probeer het zo nog eens.',
    generic: 'Er ging bij ons iets mis. Probeer het opnieuw.',
    fields: 'Controleer de gemarkeerde gegevens.',
  },

  branchIntro: 'Via welke vestiging wil je een bezichtiging plannen?',
  noBranches: 'Er zijn op dit moment geen vestigingen waar je kunt boeken.',

  channelLegend: 'Toon',
  channels: { all: 'Alle', lettings: 'Te huur', sales: 'Te koop' },
  noProperties: 'Er zijn hier op dit moment geen woningen.',
  showMore: 'Meer woningen tonen',
  chooseProperty: 'Bezichtiging boeken',
  choosePropertyLabel: (title) => `Bezichtiging boeken: ${title}`,
  photoAlt: (title) => `Foto van ${title}`,
  bedrooms: (n) => (n === 0 ? 'Studio' : n === 1 ? '1 slaapkamer' : `${n} slaapkamers`),
  pricePeriod: { week: 'per week', month: 'per maand', year: 'per jaar' },

  longDate: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`,
  timeRange: (from, to) => `${from} tot ${to}`,
  zoneNote: (name, zone) => `Tijden in ${name} (${zone})`,
  previousWeek: 'Vorige week',
  nextWeek: 'Volgende week',
  dayLabel: (date, free) =>
    free === 0 ? `${date}, geen tijden vrij` : `${date}, ${free} ${free === 1 ? 'tijd' : 'tijden'} vrij`,
  freeCount: (free) => (free === 0 ? 'Vol' : `${free} vrij`),
  timesFor: (date) => `Tijden op ${date}`,
  slotLabel: (date, range) => `${date}, ${range}`,
  noTimesThisWeek: 'Er zijn deze week geen tijden vrij.',
  noTimesOnDay: (date) => `Op ${date} zijn er geen tijden vrij.`,
  jumpToFree: 'Naar de eerste vrije dag',
  noTimesSoon: 'De komende 8 weken zijn er geen tijden vrij. Neem contact op met de vestiging.',
  alternatives: 'Andere vrije tijden',
  slotTaken: 'Die tijd is net door iemand anders geboekt. Kies een andere — je gegevens blijven bewaard.',

  fields: {
    firstName: 'Voornaam',
    lastName: 'Achternaam',
    email: 'E-mailadres',
    phone: 'Telefoonnummer',
    message: 'Bericht voor de makelaar (optioneel)',
  },
  marketing:
    'Stuur me per e-mail nieuws over vergelijkbare woningen. Je kunt je altijd weer afmelden. (Optioneel — laat leeg als je dat liever niet wilt.)',
  invalid: {
    firstName: 'Vul je voornaam in',
    lastName: 'Vul je achternaam in',
    email: 'Vul een e-mailadres in, zoals naam@voorbeeld.nl',
    phone: 'Vul een telefoonnummer in: alleen cijfers, eventueel met een + ervoor',
    message: 'Je bericht mag hoogstens 1.000 tekens lang zijn',
  },
  continue: 'Verder',

  summary: {
    property: 'Woning',
    when: 'Wanneer',
    you: 'Je gegevens',
    message: 'Bericht',
    marketing: 'Nieuws per e-mail',
    yes: 'Ja',
    no: 'Nee',
  },
  changeProperty: 'Andere woning',
  changeTime: 'Andere tijd',
  changeDetails: 'Gegevens wijzigen',
  book: 'Bezichtiging boeken',
  booking: 'Bezig met boeken…',

  doneRequested: 'Bezichtiging aangevraagd',
  reference: 'Je referentie',
  branch: 'Vestiging',
  nextConfirmed:
    'Je bezichtiging staat in de agenda van de vestiging. Bewaar je referentie: wil je de afspraak verzetten of afzeggen, neem dan contact op met de vestiging en noem deze referentie.',
  nextRequested:
    'De vestiging bevestigt je bezichtiging per e-mail of telefoon. Wil je de afspraak verzetten of afzeggen, neem dan contact op met de vestiging en noem je referentie.',
  whatNext: 'Hoe gaat het verder?',

  open: 'Bezichtiging boeken',
  close: 'Sluiten',
};
