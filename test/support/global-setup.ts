// Runs once before all test files: finds out whether PostgreSQL is reachable
// (testTargets warns loudly when not, and throws under CI=true).
import type { TestProject } from 'vitest/node';
import { testTargets } from './databases.ts';

export default async function setup(project: TestProject) {
  const targets = await testTargets();
  project.provide('postgres', targets.some((t) => t.name === 'postgresql'));
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: boolean;
  }
}
