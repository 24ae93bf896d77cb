import { MerchantOrderReportedV1 } from '@kontor/contracts';
import { aNormalizedTransaction, TEST_CARD_TOKEN } from '@kontor/contracts/testing';
import { tokenizeAccount } from '@kontor/privacy';
import { eventually, uniqueSuffix } from '@kontor/testing';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { ConsentScope } from '../consent/customer-consent.entity';
import { GatewayHarness } from '../gateway.test-harness';
import { TransactionReadModelConsumer } from '../read-model/read-model.consumers';
import { MerchantOrderEntity } from './merchant-order.entity';
import { MerchantOrderConsumer } from './merchant-order.consumer';

const IBAN = 'DE89370400440532013000';

/**
 * Merchant orders meet card transactions in the gateway: the order links to the payment, shipment changes
 * become POST_PURCHASE_UPDATE pushes only for customers with the receipts scope, and "receipt" answers with
 * the Messenger receipt template. Real PostgreSQL and Kafka.
 */
describe('receipts and shipping updates', () => {
  let gateway: GatewayHarness;
  const context = () => ({ eventId: `e-${uniqueSuffix()}`, topic: 't', partition: 0, offset: '0', key: null });

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_orders');
  });

  afterAll(async () => {
    await gateway.close();
  });

  async function customerWithPurchase(scopes: ConsentScope[], orderFirst = false) {
    const psid = `psid-${uniqueSuffix()}`;
    const bankId = `bank-${uniqueSuffix()}`;
    await gateway.grant(psid, bankId, IBAN, scopes);
    const accountRef = tokenizeAccount(gateway.config.KONTOR_TOKENIZATION_KEY, bankId, IBAN);
    const transaction = aNormalizedTransaction({ transactionId: crypto.randomUUID(), bankId, accountRef, amountMinor: '4599', bookingDate: '2026-11-03', displayName: 'Bookshop Berlin' });
    const order: MerchantOrderReportedV1 = {
      orderId: crypto.randomUUID(),
      bankId,
      merchantName: 'Bookshop Berlin',
      orderNumber: `A-${uniqueSuffix()}`,
      placedAt: '2026-11-02T09:00:00.000Z',
      currency: 'EUR',
      currencyExponent: 2,
      totalMinor: '4599',
      shippingMinor: '499',
      items: [{ title: 'The Book', quantity: 1, priceMinor: '4100' }],
      card: { token: TEST_CARD_TOKEN, last4: '1111' },
      shipment: { status: 'shipped', carrier: 'DHL', trackingNumber: '00340434161094042557', updatedAt: '2026-11-03T08:00:00.000Z' },
      reportedAt: '2026-11-03T08:00:00.000Z',
    };
    const addTransaction = () => gateway.app.get(TransactionReadModelConsumer).handleBatch([{ message: transaction, context: context() }]);
    const report = (o: MerchantOrderReportedV1) => gateway.app.get(MerchantOrderConsumer).handleBatch([{ message: o, context: context() }]);
    if (!orderFirst) await addTransaction();
    return { psid, transaction, order, report, addTransaction };
  }

  it('links the order to the card payment and pushes each shipment change once, tagged POST_PURCHASE_UPDATE', async () => {
    const { psid, transaction, order, report } = await customerWithPurchase(['receipts']);
    await report(order);
    await report(order); // redelivered
    expect(await gateway.dataSource.getRepository(MerchantOrderEntity).findOneBy({ orderId: order.orderId })).toMatchObject({ transactionId: transaction.transactionId });
    const [push] = await gateway.waitForMessages(psid, 1);
    expect(push).toContain(`Bookshop Berlin order ${order.orderNumber}: shipped via DHL`);
    expect(gateway.sentTo(psid)[0].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' });

    await report({ ...order, shipment: { status: 'delivered', updatedAt: '2026-11-04T08:00:00.000Z' }, reportedAt: '2026-11-04T08:00:00.000Z' });
    // An older report arriving late changes nothing.
    await report({ ...order, shipment: { status: 'in_transit', updatedAt: '2026-11-03T12:00:00.000Z' }, reportedAt: '2026-11-03T12:00:00.000Z' });
    const messages = await gateway.waitForMessages(psid, 2);
    expect(messages[1]).toContain('delivered');
    await eventually(async () => ((await gateway.dataSource.getRepository(AlertDeliveryEntity).findBy({ kind: 'shipment_update', psid })).every((d) => d.status === 'sent') ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(gateway.sentTo(psid)).toHaveLength(2);
  });

  it('sends no shipment update and no receipt without the receipts scope', async () => {
    const { psid, order, report } = await customerWithPurchase(['transactions', 'balances', 'fraud_alerts']);
    await report(order);
    await new Promise((r) => setTimeout(r, 500));
    expect(gateway.sentTo(psid)).toHaveLength(0);
    await gateway.userSays(psid, 'receipt');
    const [answer] = await gateway.waitForMessages(psid, 1);
    expect(answer).toContain('To show you receipts and shipping, Kontor needs your consent');
    expect(answer).not.toContain('The Book');
  });

  it('links an order reported before its payment arrived, then answers "receipt" with the receipt template', async () => {
    const { psid, transaction, order, report, addTransaction } = await customerWithPurchase(['receipts'], true);
    await report(order);
    expect(await gateway.dataSource.getRepository(MerchantOrderEntity).findOneBy({ orderId: order.orderId })).toMatchObject({ transactionId: null });
    await addTransaction();
    expect(await gateway.dataSource.getRepository(MerchantOrderEntity).findOneBy({ orderId: order.orderId })).toMatchObject({ transactionId: transaction.transactionId });
    await gateway.userSays(psid, 'Show me the receipt');
    const [receipt] = await gateway.waitForMessages(psid, 1);
    expect(JSON.parse(receipt)).toMatchObject({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'receipt',
          order_number: order.orderNumber,
          currency: 'EUR',
          payment_method: 'Card 1111',
          recipient_name: 'DE89 •••• 3000',
          elements: [{ title: 'The Book', quantity: 1, price: 41 }],
          summary: { total_cost: 45.99, shipping_cost: 4.99 },
        },
      },
    });
    expect(receipt).not.toContain(IBAN);
    expect(receipt).not.toContain(TEST_CARD_TOKEN);
  });
});
