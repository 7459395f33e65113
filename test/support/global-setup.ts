// Runs once before all test files: finds out whether PostgreSQL is reachable
// (testTargets warns loudly when not, and throws under CI=true), and migrates
// the template databases that createMigrated() copies (removed at the end).
import type { TestProject } from 'vitest/node';
import { buildTemplates, testTargets, type Templates } from './databases.ts';

export default async function setup(project: TestProject) {
  const targets = await testTargets();
  const postgres = targets.some((t) => t.name === 'postgresql');
  project.provide('postgres', postgres);
  const built = await buildTemplates(postgres);
  project.provide('templates', built.templates);
  return () => built.dispose();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: boolean;
    templates: Templates;
  }
}
