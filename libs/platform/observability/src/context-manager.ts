import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { Context, ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * The active trace context, carried across awaits by AsyncLocalStorage (what
 * @opentelemetry/context-async-hooks provides; it is not among our dependencies, and this is all we need).
 */
export class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(context, () => fn.apply(thisArg, args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target === 'function') {
      const fn = target as unknown as (...args: unknown[]) => unknown;
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const manager = this;
      return function (this: unknown, ...args: unknown[]) {
        return manager.with(context, () => fn.apply(this, args));
      } as unknown as T;
    }
    if (target instanceof EventEmitter) return target;
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}
