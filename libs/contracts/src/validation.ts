import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** A payload that does not match its contract; `problems` lists every violation as `path: message`. */
export class ContractViolationError extends Error {
  constructor(
    readonly contract: string,
    readonly problems: readonly string[],
  ) {
    super(`${contract} is invalid: ${problems.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

function flatten(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * Turns untrusted JSON into a validated contract instance, or throws ContractViolationError.
 * Unknown properties are rejected so a producer cannot smuggle fields (e.g. a PAN) past the contract.
 */
export function parseContract<T extends object>(contract: new () => T, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new ContractViolationError(contract.name, ['(root): must be a JSON object']);
  }
  const instance = plainToInstance(contract, plain, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ContractViolationError(contract.name, flatten(errors));
  return instance;
}

/** Runtime type guard: true when `value` satisfies the contract (the same checks as parseContract). */
export function conformsTo<T extends object>(contract: new () => T, value: unknown): value is T {
  try {
    parseContract(contract, value);
    return true;
  } catch (error) {
    if (error instanceof ContractViolationError) return false;
    throw error;
  }
}

/** Parses a Kafka message value (UTF-8 JSON) into a contract instance. */
export function decodeMessage<T extends object>(contract: new () => T, value: Buffer | null): T {
  if (value === null) throw new ContractViolationError(contract.name, ['(root): message has no value']);
  let plain: unknown;
  try {
    plain = JSON.parse(value.toString('utf8'));
  } catch {
    throw new ContractViolationError(contract.name, ['(root): value is not valid JSON']);
  }
  return parseContract(contract, plain);
}
