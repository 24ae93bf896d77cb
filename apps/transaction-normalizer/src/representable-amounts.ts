import { InvalidAmountError, UnknownCurrencyError, decimalToMinorUnits } from '@kontor/money';
import { PermanentMessageError } from '@kontor/platform-kafka';

/**
 * Refuses a batch holding an amount its currency cannot represent exactly. Retrying cannot fix that, so it
 * is a permanent error: the consumer retries the batch one by one and dead-letters just that message.
 */
export function assertRepresentableAmounts(messages: Iterable<{ amount: string; currency: string }>): void {
  for (const { amount, currency } of messages) {
    try {
      decimalToMinorUnits(amount, currency);
    } catch (error) {
      if (error instanceof InvalidAmountError || error instanceof UnknownCurrencyError) throw new PermanentMessageError(error.message);
      throw error;
    }
  }
}
