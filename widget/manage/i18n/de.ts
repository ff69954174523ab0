import type { ManageMessages } from './en-GB.ts';

export const manageDe: ManageMessages = {
  title: 'Ihre Besichtigung',
  cancelledTitle: 'Besichtigung abgesagt',
  overTitle: 'Nach Ihrer Besichtigung',
  rescheduleTitle: 'Anderen Termin wählen',
  cancelTitle: 'Besichtigung absagen',
  changeUntil: (when) => `Sie können den Termin hier bis ${when} verschieben oder absagen.`,
  locked: (branch) =>
    `Ihre Besichtigung ist zu bald, um sie hier noch zu ändern. Zum Verschieben oder Absagen wenden Sie sich bitte an ${branch}.`,
  call: (phone) => `${phone} anrufen`,
  requested:
    'Die Filiale hat diese Besichtigung noch nicht bestätigt, daher kann sie nicht verschoben werden. Absagen können Sie sie trotzdem.',
  awaitingOwner: (by: string) =>
    `Der Eigentümer stimmt jeder Besichtigung zuerst zu. Wir haben ihn gefragt und senden Ihnen seine Antwort bis ${by} per E-Mail. Absagen können Sie trotzdem.`,
  ownerDeclined:
    'Der Eigentümer konnte dieser Besichtigung nicht zustimmen, sie findet daher nicht statt. Sie können gern einen anderen Termin buchen.',
  cancelledText:
    'Diese Besichtigung wurde abgesagt. Steht sie in Ihrem Kalender, entfernt diese Datei sie daraus:',
  removeFromCalendar: 'Aus dem Kalender entfernen',
  otherTime: 'Anderen Termin wählen',
  cancel: 'Besichtigung absagen',
  current: (when) => `Ihre Besichtigung ist am ${when}.`,
  moveTo: (when) => `Besichtigung verschieben auf ${when}`,
  moved: (when) => `Erledigt: Ihre Besichtigung ist jetzt am ${when}.`,
  cancelAsk: 'Sind Sie sicher? Die Filiale wird informiert und der Termin für andere frei.',
  reason: 'Grund (optional)',
  confirmCancel: 'Ja, Besichtigung absagen',
  keep: 'Nein, behalten',
  cancelledNotice: 'Ihre Besichtigung ist abgesagt.',
  saved: 'Ihre Auswahl ist gespeichert.',
  feedbackIntro:
    'Bitte sagen Sie uns, wie die Besichtigung war. Das hilft der Filiale und dauert eine Minute.',
  experience: 'Wie war die Besichtigung?',
  experiences: { good: 'Gut', okay: 'Ganz gut', poor: 'Schlecht' },
  interest: 'Interessieren Sie sich für diese Immobilie?',
  interests: { interested: 'Ja', undecided: 'Noch unsicher', not_interested: 'Nein' },
  comments: 'Möchten Sie uns noch etwas mitteilen? (optional)',
  send: 'Senden',
  sending: 'Wird gesendet…',
  chooseAnswers: 'Bitte beantworten Sie beide Fragen.',
  thanks: 'Danke, dass Sie uns von der Besichtigung erzählt haben.',
  errors: {
    invalid_token: 'Dieser Link funktioniert nicht. Bitte nutzen Sie den Link aus Ihrer Bestätigung.',
    link_expired:
      'Dieser Link ist abgelaufen. Bei Fragen zu dieser Besichtigung wenden Sie sich bitte an die Filiale.',
    not_found: 'Wir finden diese Besichtigung nicht mehr. Bitte wenden Sie sich an die Filiale.',
    not_changeable:
      'Diese Besichtigung kann hier nicht geändert werden. Bitte wenden Sie sich an die Filiale.',
    slot_taken:
      'Dieser Termin wurde gerade vergeben, Ihre Besichtigung ist unverändert. Bitte wählen Sie einen anderen.',
    booking_in_progress:
      'Eine andere Änderung dieser Besichtigung läuft gerade. Bitte versuchen Sie es gleich noch einmal.',
    feedback_not_open: 'Sie können uns nach der Besichtigung sagen, wie sie war.',
  },
};
