import { parseFeedbackPayload } from './fraud-feedback.service';

describe('parseFeedbackPayload', () => {
  const alertId = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('reads the two answers of an alert', () => {
    expect(parseFeedbackPayload(`FRAUD_FEEDBACK|${alertId}|GENUINE`)).toEqual({ alertId, verdict: 'genuine' });
    expect(parseFeedbackPayload(`FRAUD_FEEDBACK|${alertId.toUpperCase()}|FRAUD`)).toEqual({ alertId, verdict: 'fraud' });
  });

  it.each([
    'FRAUD_FEEDBACK',
    `FRAUD_FEEDBACK|${alertId}`,
    `FRAUD_FEEDBACK|${alertId}|MAYBE`,
    `FRAUD_FEEDBACK|${alertId}|FRAUD|extra`,
    "FRAUD_FEEDBACK|' OR 1=1 --|FRAUD",
    `OTHER|${alertId}|FRAUD`,
  ])('refuses %s', (payload) => {
    expect(parseFeedbackPayload(payload)).toBeUndefined();
  });
});
