// Where a deployment's runs go (§1.4 step 3): the work-pool placement rules
// (src/resources/work-pools/placement.ts) decide the queue id to store.
export { poolNotFound, resolveDeploymentQueue as resolveQueue, ensureQueue } from '../work-pools/placement.ts';
