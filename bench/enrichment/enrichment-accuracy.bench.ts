import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedEntryReceivedV1 } from '@kontor/contracts';
import { findRepoRoot } from '@kontor/local-infra';
import { enrichEntry, mccCategory } from '@kontor/normalization';

/**
 * Accuracy of merchant cleaning and categorisation on the labelled set (labelled-descriptors.psv), with two
 * naive baselines computed in the same run: the raw descriptor as the name, and the MCC alone as the category.
 */
export interface LabelledDescriptor {
  country: string;
  descriptor: string;
  mcc?: string;
  transactionCode?: string;
  direction: 'debit' | 'credit';
  expectedMerchant: string;
  expectedCategory: string;
}

export function readLabelledSet(name = 'labelled-descriptors.psv'): LabelledDescriptor[] {
  const file = join(findRepoRoot(__dirname), 'bench/enrichment', name);
  const [, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const [country, descriptor, mcc, transactionCode, direction, expectedMerchant, expectedCategory] = line.split('|');
    return { country, descriptor, mcc: mcc || undefined, transactionCode: transactionCode || undefined, direction: direction as 'debit' | 'credit', expectedMerchant, expectedCategory };
  });
}

/** The entry a bank would send for this descriptor: card rows carry the MCC, transfer rows a counterparty. */
export function entryFor(row: LabelledDescriptor): Pick<FeedEntryReceivedV1, 'description' | 'merchant' | 'counterparty' | 'remittanceInformation' | 'references' | 'creditDebit' | 'card'> {
  const transfer = !row.mcc && row.transactionCode?.startsWith('iso:PMNT-') && !row.transactionCode.includes('CCRD');
  return {
    description: row.descriptor,
    creditDebit: row.direction === 'credit' ? 'CRDT' : 'DBIT',
    ...(row.mcc && { merchant: { name: row.descriptor.slice(0, 140), mcc: row.mcc }, card: { token: 'card_bench00000000000001', last4: '1234' } }),
    ...(transfer && { counterparty: { name: row.descriptor.slice(0, 140), accountMasked: 'XX00 •••• 0000' } }),
    ...(row.transactionCode && { references: { transactionCode: row.transactionCode } }),
  };
}

const same = (a: string | undefined, b: string) => (a ?? '').replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;

function report(title: string, rows: LabelledDescriptor[]): void {
  const started = performance.now();
  const results = rows.map((row) => ({ row, got: enrichEntry(entryFor(row)) }));
  const micros = ((performance.now() - started) * 1000) / rows.length;
  const merchantOk = results.filter((r) => same(r.got.displayName, r.row.expectedMerchant));
  const categoryOk = results.filter((r) => r.got.category.detailed === r.row.expectedCategory);
  const primaryOk = results.filter((r) => r.got.category.primary === r.row.expectedCategory.split('.')[0]);
  const rawName = rows.filter((r) => same(r.descriptor, r.expectedMerchant)).length;
  const mccOnly = rows.filter((r) => mccCategory(r.mcc) === r.expectedCategory).length;
  const countries = [...new Set(rows.map((r) => r.country))];

  console.log(`\n## ${title}\n\nenrichment accuracy: ${rows.length} labelled descriptors from ${countries.length} countries (${countries.join(', ')}), ${micros.toFixed(0)} µs per entry\n`);
  console.log('| figure | Kontor rules | naive baseline (same run) |');
  console.log('| --- | ---: | ---: |');
  console.log(`| merchant name exactly right | **${pct(merchantOk.length, rows.length)}** (${merchantOk.length}) | ${pct(rawName, rows.length)} (raw descriptor) |`);
  console.log(`| category (detailed) right | **${pct(categoryOk.length, rows.length)}** (${categoryOk.length}) | ${pct(mccOnly, rows.length)} (MCC alone) |`);
  console.log(`| category (primary) right | ${pct(primaryOk.length, rows.length)} (${primaryOk.length}) | |`);
  console.log('\n| country | rows | merchant | category |\n| --- | ---: | ---: | ---: |');
  for (const country of countries) {
    const of = results.filter((r) => r.row.country === country);
    console.log(`| ${country} | ${of.length} | ${pct(of.filter((r) => merchantOk.includes(r)).length, of.length)} | ${pct(of.filter((r) => categoryOk.includes(r)).length, of.length)} |`);
  }
  const misses = results.filter((r) => !merchantOk.includes(r) || !categoryOk.includes(r));
  console.log(`\nmisses (${misses.length}):`);
  for (const { row, got } of misses) {
    console.log(`  ${row.descriptor}  →  ${got.displayName ?? '∅'} / ${got.category.detailed} (${got.category.source})   expected ${row.expectedMerchant} / ${row.expectedCategory}`);
  }
}

function main(): void {
  report('labelled set (rules and labels by the same author: in-sample)', readLabelledSet('labelled-descriptors.psv'));
  report('held out: descriptors from real statements other projects published, labelled before the rules ran on them', readLabelledSet('heldout-descriptors.psv'));
}

if (require.main === module) main();
