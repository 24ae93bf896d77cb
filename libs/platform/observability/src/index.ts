export * from './metrics';
export * from './tracing';
export * from './context-manager';
export * from './redact';
export * from './structured-logger';
export * from './http-observability';
export * from './observability.module';
