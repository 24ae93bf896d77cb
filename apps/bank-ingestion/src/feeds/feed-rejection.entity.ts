import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SourceLocation } from '@kontor/feed-parsers';

/** An entry (or stated balance) of an accepted feed that could not be taken, with why and where. No PAN: details are redacted. */
@Entity({ name: 'feed_rejection' })
export class FeedRejectionEntity {
  @PrimaryColumn('uuid', { name: 'feed_id' })
  feedId!: string;

  /** Order of the rejection within its feed, from 0. */
  @PrimaryColumn('integer')
  seq!: number;

  /** The entry's position in the feed (valid and invalid entries counted), when it is an entry. */
  @Column('integer', { name: 'entry_index', nullable: true })
  entryIndex!: number | null;

  @Column('text')
  reason!: string;

  @Column('text')
  detail!: string;

  @Column('jsonb')
  location!: SourceLocation;
}
