import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { setMetricsService } from './metrics';
import { initTracing, shutdownTracing, TracingOptions } from './tracing';

const TRACING_OPTIONS = Symbol('TRACING_OPTIONS');

@Injectable()
class TracingLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TRACING_OPTIONS) readonly options: TracingOptions) {}

  /** The last spans (the shutdown itself) reach the exporter before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}

/**
 * Registers tracing and labels the metrics with the service name as soon as the module is built, before
 * any consumer or HTTP handler runs. The HTTP side (/metrics, request metrics and spans) is mounted by
 * platform-runtime's createService.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: TracingOptions): DynamicModule {
    initTracing(options);
    setMetricsService(options.service);
    return { module: ObservabilityModule, providers: [{ provide: TRACING_OPTIONS, useValue: options }, TracingLifecycle] };
  }
}
