import type { Messages } from './en-GB.ts';

export const fr: Messages = {
  dir: 'ltr',
  steps: {
    branch: 'Choisissez une agence',
    property: 'Choisissez un bien',
    slot: 'Choisissez un créneau',
    details: 'Vos coordonnées',
    confirm: 'Vérifiez et réservez',
    done: 'Visite réservée',
  },
  progress: (n, total) => `Étape ${n} sur ${total}`,
  stepAnnouncement: (n, total, title) => `Étape ${n} sur ${total} : ${title}`,
  back: 'Retour',
  loading: 'Chargement…',
  retry: 'Réessayer',

  missingProxy: 'Ce module de réservation n’est pas encore configuré : son attribut « proxy » est absent.',
  errors: {
    network: 'Impossible de joindre le service de réservation. Vérifiez votre connexion, puis réessayez.',
    rate_limited: 'Beaucoup de personnes réservent en ce moment. Patientez un instant, puis réessayez.',
    not_found: 'Nous ne l’avons pas trouvé. Il n’est peut-être plus disponible.',
    upstream_unavailable: 'Le système de réservation ne répond pas pour l’instant. Réessayez dans un moment.',
    generic: 'Un problème est survenu de notre côté. Veuillez réessayer.',
    fields: 'Veuillez vérifier les informations signalées.',
  },

  branchIntro: 'Avec laquelle de nos agences souhaitez-vous organiser la visite ?',
  noBranches: 'Aucune agence ne prend de réservation pour le moment.',

  channelLegend: 'Afficher',
  channels: { all: 'Tous', lettings: 'À louer', sales: 'À vendre' },
  noProperties: 'Aucun bien à afficher ici pour le moment.',
  showMore: 'Afficher plus de biens',
  chooseProperty: 'Réserver une visite',
  choosePropertyLabel: (title, address) => `Réserver une visite : ${title}, ${address}`,
  photoAlt: (title) => `Photo : ${title}`,
  bedrooms: (n) => (n === 0 ? 'Studio' : n === 1 ? '1 chambre' : `${n} chambres`),
  pricePeriod: { week: 'par semaine', month: 'par mois', year: 'par an' },
  priceOnApplication: 'Prix sur demande',

  longDate: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`,
  timeRange: (from, to) => `de ${from} à ${to}`,
  zoneNote: (name, zone) => `Horaires en ${name} (${zone})`,
  previousWeek: 'Semaine précédente',
  nextWeek: 'Semaine suivante',
  dayLabel: (date, free) =>
    free === 0
      ? `${date}, aucun créneau libre`
      : `${date}, ${free} ${free === 1 ? 'créneau libre' : 'créneaux libres'}`,
  freeCount: (free) => (free === 0 ? 'Complet' : free === 1 ? '1 libre' : `${free} libres`),
  timesFor: (date) => `Créneaux du ${date}`,
  slotLabel: (date, range) => `${date}, ${range}`,
  noTimesThisWeek: 'Aucun créneau libre cette semaine.',
  noTimesOnDay: (date) => `Aucun créneau libre le ${date}.`,
  jumpToFree: 'Aller au premier jour disponible',
  noTimesSoon: 'Aucun créneau libre dans les 8 prochaines semaines. Veuillez contacter l’agence.',
  alternatives: 'Autres créneaux libres',
  slotTaken: 'Ce créneau vient d’être pris. Choisissez-en un autre — vos coordonnées sont conservées.',

  fields: {
    firstName: 'Prénom',
    lastName: 'Nom',
    email: 'E-mail',
    phone: 'Téléphone',
    message: 'Message pour l’agent (facultatif)',
  },
  marketing:
    'Envoyez-moi par e-mail des biens similaires. Vous pouvez vous désabonner à tout moment. (Facultatif — laissez décoché si vous préférez.)',
  invalid: {
    firstName: 'Indiquez votre prénom',
    lastName: 'Indiquez votre nom',
    name: 'Uniquement des lettres, espaces, apostrophes, traits d’union et points',
    email: 'Indiquez une adresse e-mail du type nom@exemple.fr',
    phone: 'Indiquez un numéro de téléphone : des chiffres uniquement, avec un + au début si besoin',
    message: 'Votre message ne doit pas dépasser 1 000 caractères',
  },
  continue: 'Continuer',

  summary: {
    property: 'Bien',
    when: 'Date et heure',
    you: 'Vos coordonnées',
    message: 'Message',
    marketing: 'Actualités par e-mail',
    yes: 'Oui',
    no: 'Non',
  },
  changeProperty: 'Changer de bien',
  changeTime: 'Changer d’horaire',
  changeDetails: 'Modifier mes coordonnées',
  book: 'Réserver la visite',
  booking: 'Réservation…',

  doneRequested: 'Visite demandée',
  reference: 'Votre référence',
  branch: 'Agence',
  nextConfirmed: 'Votre visite est inscrite à l’agenda de l’agence. Conservez votre référence.',
  nextRequested: 'L’agence confirmera votre visite par e-mail ou par téléphone. Conservez votre référence.',
  whatNext: 'Et ensuite ?',
  calendar: 'Ajouter à l’agenda :',
  ics: 'Fichier d’agenda',
  manage: 'Modifier ou annuler',

  open: 'Réserver une visite',
  close: 'Fermer',
};
