import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Every configuration problem at once, so an operator fixes them in one go instead of one per restart. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

function describe(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message}`));
}

/**
 * Builds a validated configuration object from environment variables. Properties of the class are
 * named exactly like the variables; defaults are the class's initial values; unknown variables are
 * ignored (the environment holds much more than ours).
 */
export function loadConfig<T extends object>(configClass: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new configClass() as Record<string, unknown>;
  const relevant: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    relevant[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const config = plainToInstance(configClass, relevant, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigurationError(describe(errors));
  return config;
}

/** "true"/"1"/"yes" → true; for boolean flags read from the environment. */
export function envFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['true', '1', 'yes'].includes(value.toLowerCase()));
}

/**
 * A PEM bundle given inline or as a file path (how Kubernetes mounts a Secret); inline wins.
 * A named file that cannot be read fails start-up rather than silently trusting the system CAs.
 */
export function resolvePem(inline: string | undefined, file: string | undefined, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): string | undefined {
  if (inline) return inline;
  if (!file) return undefined;
  try {
    return read(file);
  } catch (error) {
    throw new ConfigurationError([`cannot read CA file ${file}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}
