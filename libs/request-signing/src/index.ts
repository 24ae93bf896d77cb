export * from './bank-request-signature';
export * from './webhook-signature';
