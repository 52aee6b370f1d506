/** The execution engine: an async generator of EngineEvent consumed unchanged by the headless runner and the TUI. */
export { executePlan, resumeRun } from './execute.js';
export { newRunId, legTag, buildLegs, runIdOfTag } from './ids.js';
export { fitBuysToCash } from './funding.js';
export type { EngineDeps, EngineOptions, ResumeOptions } from './types.js';
