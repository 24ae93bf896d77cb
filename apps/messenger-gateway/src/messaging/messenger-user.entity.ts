import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerLocale } from '../consent/customer-consent.entity';

/** What the gateway must know about a Messenger user to message them within the rules. */
@Entity({ name: 'messenger_user' })
export class MessengerUserEntity {
  @PrimaryColumn('text')
  psid!: string;

  @Column('text', { default: 'en' })
  locale!: CustomerLocale;

  /** The last message, postback or opt-in from the user: it opens the 24-hour standard messaging window. */
  @Column('timestamptz', { name: 'last_user_message_at', nullable: true })
  lastUserMessageAt!: Date | null;

  /** Set when the Send API said the user cannot be reached (blocked the page, deleted the account). */
  @Column('timestamptz', { name: 'unreachable_at', nullable: true })
  unreachableAt!: Date | null;

  @Column('text', { name: 'last_send_error', nullable: true })
  lastSendError!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
