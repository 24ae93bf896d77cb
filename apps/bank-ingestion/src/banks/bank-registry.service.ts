import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '@kontor/privacy';
import { BankSigningKeyEntity } from './bank-signing-key.entity';
import { PartnerBankEntity } from './partner-bank.entity';

export interface ActiveSigningKey {
  bankId: string;
  keyId: string;
  secret: string;
}

/** Partner banks and their signing keys (secrets sealed at rest). */
@Injectable()
export class BankRegistry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
  ) {}

  async registerBank(id: string, name: string): Promise<void> {
    await this.dataSource.getRepository(PartnerBankEntity).upsert({ id, name }, ['id']);
  }

  /** Adds (or replaces, if revoked) a key; the bank's other active keys stay valid. */
  async addSigningKey(bankId: string, keyId: string, secret: string): Promise<void> {
    await this.dataSource
      .getRepository(BankSigningKeyEntity)
      .upsert({ bankId, keyId, secretSealed: this.secretBox.seal(secret), status: 'active', revokedAt: null }, ['bankId', 'keyId']);
  }

  async revokeSigningKey(bankId: string, keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(BankSigningKeyEntity)
      .update({ bankId, keyId, status: 'active' }, { status: 'revoked', revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** The key a request names, only if it and its bank are active. */
  async findActiveKey(bankId: string, keyId: string): Promise<ActiveSigningKey | undefined> {
    const row = await this.dataSource
      .getRepository(BankSigningKeyEntity)
      .createQueryBuilder('k')
      .innerJoin(PartnerBankEntity, 'b', 'b.id = k.bank_id')
      .where('k.bank_id = :bankId AND k.key_id = :keyId AND k.status = :active AND b.status = :active', { bankId, keyId, active: 'active' })
      .getOne();
    return row ? { bankId, keyId, secret: this.secretBox.open(row.secretSealed) } : undefined;
  }
}
