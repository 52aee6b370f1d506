export { startSimulator, SIM_DEFAULTS, type StartSimOptions, type RunningSim } from './server.js';
export { runSimCommand, readScenarioFile, clockForScenario } from './command.js';
export {
  loadScenario,
  defaultScenario,
  DEFAULT_SCENARIO,
  FAULT_ENDPOINTS,
  FAULT_KINDS,
  type Scenario,
  type ScenarioInput,
  type FaultEndpoint,
  type FaultKind,
  type FaultSpec,
} from './scenario.js';
export { FaultController } from './faults.js';
export { SimState } from './state.js';
