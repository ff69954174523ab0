// Writes what the widget's package publishes beside its scripts, from the widget's own source so neither can
// drift from it: `dist/types/` (the public types, which import nothing) and `dist/custom-elements.json` (the
// element's attributes and events, for editors and documentation tools). Run by `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path: string) => `${root}${path}`;

/** The public type files: the two entries and the two files they name types from. */
const PUBLIC_TYPES = ['module', 'react', 'options', 'events'];

function types(): void {
  rmSync(at('.types'), { recursive: true, force: true });
  execFileSync(process.execPath, [at('node_modules/typescript/bin/tsc'), '-p', at('tsconfig.types.json')], {
    stdio: 'inherit',
  });
  mkdirSync(at('dist/types'), { recursive: true });
  for (const name of PUBLIC_TYPES) {
    const text = readFileSync(at(`.types/widget/${name}.d.ts`), 'utf8');
    // Declarations keep the source's `.ts` names; the published files are `.d.ts` beside `.js` names.
    writeFileSync(
      at(`dist/types/${name}.d.ts`),
      text
        .replace(/from '\.\/(\w+)\.ts'/g, "from './$1.js'")
        .replace(/import '\.\/(\w+)\.ts'/g, "import './$1.js'"),
    );
  }
  rmSync(at('.types'), { recursive: true, force: true });
}

/** A declaration's own doc comment, as written. */
const docOf = (node: ts.Node) =>
  ts
    .getJSDocCommentsAndTags(node)
    .map((doc) => ts.getTextOfJSDocComment((doc as ts.JSDoc).comment) ?? '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim() || undefined;

/** The members of an interface in a widget source file: name, type as written, doc comment. */
function members(file: string, name: string) {
  const source = ts.createSourceFile(file, readFileSync(at(file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!declaration) throw new Error(`${name} is not in ${file}`);
  return declaration.members.filter(ts.isPropertySignature).map((member) => ({
    name: member.name.getText(source).replace(/^'|'$/g, ''),
    type: member.type?.getText(source) ?? 'unknown',
    description: docOf(member),
  }));
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function manifest(): void {
  const options = members('widget/options.ts', 'WidgetOptions');
  const prefill = members('widget/options.ts', 'Prefill');
  const attributes = [
    ...options
      .filter((o) => o.name !== 'prefill')
      .map((o) => ({ name: kebab(o.name), type: { text: o.type }, description: o.description })),
    { name: 'mode', type: { text: "'inline' | 'popup' | 'button'" }, description: 'How it appears.' },
    {
      name: 'manage',
      type: { text: 'string' },
      description: 'A visitor’s manage token: shows their viewing to move or cancel, instead of the booking.',
    },
    ...prefill.map((p) => ({
      name: `prefill-${p.name}`,
      type: { text: 'string' },
      description: p.description,
    })),
  ];
  const events = members('widget/events.ts', 'ViewingWidgetEventMap').map((e) => ({
    name: e.name,
    type: { text: e.type },
    description: e.description,
  }));
  const document = {
    schemaVersion: '2.1.0',
    modules: [
      {
        kind: 'javascript-module',
        path: 'dist/esm/index.js',
        declarations: [
          {
            kind: 'class',
            name: 'ViewingWidgetElement',
            tagName: 'viewing-widget',
            customElement: true,
            description:
              'Book a viewing: a branch, a home, a free time and the visitor’s details, in a shadow root.',
            superclass: { name: 'HTMLElement' },
            attributes,
            events,
            members: [
              { kind: 'field', name: 'step', readonly: true, description: 'The step the visitor is on.' },
              { kind: 'method', name: 'open', description: 'Opens the dialog of a popup or button widget.' },
              { kind: 'method', name: 'close', description: 'Closes its dialog.' },
            ],
          },
        ],
        exports: [
          {
            kind: 'custom-element-definition',
            name: 'viewing-widget',
            declaration: { name: 'ViewingWidgetElement' },
          },
        ],
      },
    ],
  };
  writeFileSync(at('dist/custom-elements.json'), JSON.stringify(document, null, 2) + '\n');
}

types();
manifest();
