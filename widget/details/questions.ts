// `viewing-widget.questions.js`: the agency's questions, their answers and their view, loaded only for a home
// whose agency asks some.
export { createAnswersModel } from './answers.ts';
export { Questions } from './Questions.tsx';
