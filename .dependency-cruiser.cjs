/**
 * The layer table (docs/architecture.md): each folder of source/ may import only the folders listed for it.
 * `npx depcruise source` must report no violation and no cycle; `npm test` runs it.
 */
const layers = {
  core: [],
  config: ['core'],
  broker: ['core'],
  store: ['core'],
  sim: ['core'],
  auth: ['core', 'broker', 'store'],
  engine: ['core', 'broker', 'store'],
  present: ['core'],
  headless: ['core', 'present'],
  ui: ['core', 'present'],
  app: ['core', 'config', 'broker', 'store', 'sim', 'auth', 'engine', 'present', 'headless', 'ui'],
  cli: ['core', 'config', 'broker', 'app'],
};

const folders = Object.keys(layers);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle ties layers (or files) together so that neither can change alone.',
      from: { path: '^source/' },
      to: { circular: true },
    },
    ...folders.map((folder) => ({
      name: `layer-${folder}`,
      severity: 'error',
      comment: `${folder}/ may import only: ${layers[folder].join(', ') || 'nothing of the app (it stays pure)'}`,
      from: { path: `^source/${folder}/` },
      to: { path: '^source/', pathNot: [`^source/(${[folder, ...layers[folder]].join('|')})/`] },
    })),
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core/ does no I/O: no Node built-ins, no packages except the pure ones listed.',
      from: { path: '^source/core/' },
      to: { dependencyTypes: ['core', 'npm'], pathNot: ['node_modules/(luxon|zod|highs)/'] },
    },
    {
      name: 'no-unknown-folder',
      severity: 'error',
      comment: 'Every folder of source/ has a row in the layer table.',
      from: { path: '^source/' },
      to: { path: '^source/', pathNot: [`^source/(${folders.join('|')})/`] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
