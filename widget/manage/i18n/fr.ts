import type { ManageMessages } from './en-GB.ts';

export const manageFr: ManageMessages = {
  title: 'Votre visite',
  cancelledTitle: 'Visite annulée',
  overTitle: 'Après votre visite',
  rescheduleTitle: 'Choisissez un autre créneau',
  cancelTitle: 'Annuler votre visite',
  changeUntil: (when) => `Vous pouvez la déplacer ou l’annuler ici jusqu’au ${when}.`,
  locked: (branch) =>
    `Votre visite est trop proche pour être modifiée ici. Pour la déplacer ou l’annuler, contactez ${branch}.`,
  call: (phone) => `Appeler le ${phone}`,
  requested:
    'L’agence n’a pas encore confirmé cette visite : elle ne peut donc pas être déplacée. Vous pouvez toujours l’annuler.',
  awaitingOwner: (by: string) =>
    `Le propriétaire valide chaque visite. Nous lui avons demandé et vous enverrons sa réponse par e-mail d’ici ${by}. Vous pouvez toujours l’annuler.`,
  ownerDeclined:
    'Le propriétaire n’a pas pu accepter cette visite : elle n’aura donc pas lieu. Vous pouvez réserver un autre créneau.',
  cancelledText: 'Cette visite a été annulée. Si elle figure dans votre agenda, ce fichier l’en retire :',
  removeFromCalendar: 'Retirer de l’agenda',
  otherTime: 'Choisir un autre créneau',
  cancel: 'Annuler la visite',
  current: (when) => `Votre visite est prévue le ${when}.`,
  moveTo: (when) => `Déplacer ma visite au ${when}`,
  moved: (when) => `C’est fait : votre visite est déplacée au ${when}.`,
  cancelAsk: 'Vous êtes sûr ? L’agence sera prévenue et le créneau libéré pour quelqu’un d’autre.',
  reason: 'Motif (facultatif)',
  confirmCancel: 'Oui, annuler la visite',
  keep: 'Non, la garder',
  cancelledNotice: 'Votre visite est annulée.',
  saved: 'Votre choix est enregistré.',
  feedbackIntro: 'Dites-nous comment s’est passée la visite. Cela aide l’agence et ne prend qu’une minute.',
  experience: 'Comment s’est passée la visite ?',
  experiences: { good: 'Bien', okay: 'Correct', poor: 'Mal' },
  interest: 'Ce bien vous intéresse-t-il ?',
  interests: { interested: 'Oui', undecided: 'Je ne sais pas encore', not_interested: 'Non' },
  comments: 'Autre chose à nous dire ? (facultatif)',
  send: 'Envoyer',
  sending: 'Envoi…',
  chooseAnswers: 'Veuillez répondre aux deux questions.',
  thanks: 'Merci de nous avoir dit comment s’est passée la visite.',
  errors: {
    invalid_token: 'Ce lien ne fonctionne pas. Utilisez le lien de votre message de confirmation.',
    link_expired: 'Ce lien a expiré. Pour toute question sur cette visite, contactez l’agence.',
    not_found: 'Nous ne trouvons plus cette visite. Veuillez contacter l’agence.',
    not_changeable: 'Cette visite ne peut pas être modifiée ici. Veuillez contacter l’agence.',
    slot_taken:
      'Ce créneau vient d’être pris : votre visite n’a pas été déplacée. Veuillez en choisir un autre.',
    booking_in_progress: 'Une autre modification de cette visite est en cours. Réessayez dans un instant.',
    feedback_not_open: 'Vous pourrez nous dire comment s’est passée la visite une fois celle-ci terminée.',
  },
};
