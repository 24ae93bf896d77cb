export * from './webhook-events';
export * from './local-messenger.server';
