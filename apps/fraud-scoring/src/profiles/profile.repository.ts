import type { EntityManager } from 'typeorm';
import type { BehaviourProfile } from '@kontor/fraud-rules';
import { BehaviourProfileEntity } from './behaviour-profile.entity';

export const ACCOUNT_SUBJECT = 'account';
export const cardSubject = (token: string) => `card:${token}`;
const profileKey = (accountRef: string, subject: string) => `${accountRef}|${subject}`;

/** Loads and stores behaviour profiles inside the caller's transaction; queries only. */
export class ProfileRepository {
  /**
   * Serialises everyone who changes these accounts' profiles until the transaction ends (e.g. the old owner
   * of a partition still finishing a batch after a rebalance). Sorted, so two batches never deadlock.
   */
  static async lockAccounts(manager: EntityManager, accountRefs: readonly string[]): Promise<void> {
    const sorted = [...new Set(accountRefs)].sort();
    await manager.query('SELECT count(pg_advisory_xact_lock(hashtextextended(a, 0))) FROM (SELECT unnest($1::text[]) AS a ORDER BY 1) s', [sorted]);
  }

  /** Every profile (account and cards) of these accounts, by `accountRef|subject`. */
  static async load(manager: EntityManager, accountRefs: readonly string[]): Promise<Map<string, BehaviourProfile>> {
    const rows = await manager.getRepository(BehaviourProfileEntity).createQueryBuilder('p').where('p.account_ref = ANY(:refs)', { refs: [...new Set(accountRefs)] }).getMany();
    return new Map(rows.map((r) => [profileKey(r.accountRef, r.subject), r.profile]));
  }

  static async save(manager: EntityManager, profiles: ReadonlyMap<string, BehaviourProfile>): Promise<void> {
    if (profiles.size === 0) return;
    const values = [...profiles].map(([key, profile]) => {
      const split = key.indexOf('|');
      return { accountRef: key.slice(0, split), subject: key.slice(split + 1), profile };
    });
    await manager
      .createQueryBuilder()
      .insert()
      .into(BehaviourProfileEntity)
      .values(values)
      .orUpdate(['profile', 'updated_at'], ['account_ref', 'subject'])
      .execute();
  }

  static key = profileKey;
}
