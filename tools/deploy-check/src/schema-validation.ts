import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Validates rendered objects against the Kubernetes, KEDA, prometheus-operator and Strimzi schemas,
 * offline (see validate-schemas.mjs, run in a child process because the model packages are ESM-only).
 * Returns the problems as sentences naming the object; empty when every object validates.
 */
export function validateAgainstSchemas(objects: readonly unknown[]): string[] {
  const script = join(__dirname, 'validate-schemas.mjs');
  const output = execFileSync(process.execPath, [script], { input: JSON.stringify(objects), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output) as string[];
}
