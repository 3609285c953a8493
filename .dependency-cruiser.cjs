// The rules the code keeps about what may import what (npm run check:deps, part of npm test).
// Each rule says why; README.md's map shows the folders they speak of.

/** Folders whose modules are pure rules: dates, deadlines, formats, labels. */
const PURE = '^src/(deadlines|shared)/';

/** Pure models: data in, structure out, testable without a database or a process. */
const PURE_MODELS =
  '^src/(reports/(report-model|report-data|changes)|submissions/submission-model|overview/charts)\\.ts$';

/** What does I/O: the database, the file system, processes, the network, the HTTP framework. */
const IO = [
  '^src/db/',
  '\\.repository\\.ts$',
  '^src/pdf/render\\.ts$',
  '^(node:)?(fs|child_process|net|http|https|worker_threads)$',
  '^(better-sqlite3|kysely|express|express-session|pdfkit)$',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module that imports itself through others cannot be read, tested or moved on its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      scope: 'folder',
      severity: 'error',
      comment:
        'Folders form layers (shared and deadlines; db and pdf; http and security; users; committees; ' +
        'matters; findings; actions; audit; plan; submissions; meetings; reports; overview): a folder that ' +
        'imports one that imports it back is one feature split in two, and neither can change alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'routes-call-services',
      severity: 'error',
      comment:
        "Routes parse the request, call a service and render: SQL behind a route escapes the service's " +
        'rules (roles, audit, what is remembered).',
      from: { path: '\\.routes\\.ts$' },
      to: { path: ['\\.repository\\.ts$', '^src/db/(connection|prepared|expressions)\\.ts$'] },
    },
    {
      name: 'routes-not-from-routes',
      severity: 'error',
      comment: 'A route file is the edge of one feature; what two share belongs in src/http or a service.',
      from: { path: '\\.routes\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'remembered-only-in-services',
      severity: 'error',
      comment:
        'What is remembered until the data changes (src/db/remembered.ts) is built in a service, the only ' +
        'place that knows everything the value depends on.',
      from: { path: '^src/', pathNot: ['\\.service\\.ts$', '^src/db/'] },
      to: { path: '^src/db/remembered\\.ts$' },
    },
    {
      name: 'pure-rules-no-io',
      severity: 'error',
      comment:
        'Deadlines, formats and the personnummer guard are pure functions of their input and of an injected ' +
        'today, so that every rule is tested without a database and gives the same answer everywhere.',
      from: { path: PURE },
      to: { path: IO },
    },
    {
      name: 'pure-models-no-io',
      severity: 'error',
      comment:
        'The report and redovisning models build what a document says from plain data: no database, no ' +
        'drawing, so their content is tested in milliseconds and the PDF is a thin layer on top.',
      from: { path: PURE_MODELS },
      to: { path: IO },
    },
    {
      name: 'migrations-frozen',
      severity: 'error',
      comment: 'A migration is frozen in time: it must not change when the application code does.',
      from: { path: '^db/migrations/' },
      to: { path: '^src/' },
    },
    {
      name: 'app-not-from-tests',
      severity: 'error',
      comment: 'The application never depends on its tests or on the benchmark.',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    // TypeScript 7 has no JavaScript API that dependency-cruiser can use; swc parses the sources.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules/' },
  },
};
