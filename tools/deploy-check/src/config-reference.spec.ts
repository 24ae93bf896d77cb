import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configFiles, configReference, readConfigClasses, REFERENCE_END, REFERENCE_START, withReference } from './config-reference';

const root = resolve(__dirname, '../../..');

describe('the configuration reference in docs/operations.md', () => {
  it('is what the config classes say (run `npm run docs:operations` after changing one)', () => {
    const document = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    expect(withReference(document, configReference(root))).toBe(document);
  });

  it('lists every variable of the shared config and of each service', () => {
    const reference = configReference(root);
    for (const name of ['DATABASE_URL', 'DATABASE_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SSL_CA_FILE', 'OTEL_TRACES_EXPORTER', 'KONTOR_SECRETS_KEY', 'MESSENGER_PAGE_ACCESS_TOKEN', 'FRAUD_RULE_SET']) {
      expect(reference).toContain(`| \`${name}\` |`);
    }
    for (const service of ['bank-ingestion', 'transaction-normalizer', 'fraud-scoring', 'messenger-gateway']) expect(reference).toContain(`### ${service}`);
  });

  it('says what every variable means: each has a doc comment in its config class', () => {
    const undocumented = configFiles(root)
      .flatMap((file) => readConfigClasses(file, root))
      .flatMap((config) => config.variables.filter((v) => v.doc === '').map((v) => `${config.file}: ${v.name}`));
    expect(undocumented).toEqual([]);
  });
});

describe('readConfigClasses', () => {
  it('reads names, defaults, doc comments, constraints and whether a variable is required', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-config-'));
    try {
      const file = join(dir, 'sample.config.ts');
      writeFileSync(
        file,
        [
          "import { IsIn, IsInt, IsOptional, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';",
          'export class SampleConfig extends PlatformConfig {',
          '  override PORT: number = 3009;',
          '  /** Records per batch. */',
          '  @IsInt()',
          '  @Min(1)',
          '  @Max(10_000)',
          '  BATCH_SIZE: number = 10 * 100;',
          "  @MinLength(32, { message: 'SAMPLE_KEY must be at least 32 characters' })",
          "  SAMPLE_KEY: string = '';",
          "  @Matches(/^([a-z]+\\.)?$/, { message: 'SAMPLE_PREFIX must be empty or end in a dot' })",
          "  SAMPLE_PREFIX: string = '';",
          "  @IsIn(['a', 'b'])",
          "  SAMPLE_MODE: string = 'a';",
          "  @ValidateIf((c: SampleConfig) => c.SAMPLE_MODE === 'b')",
          "  @MinLength(1)",
          '  SAMPLE_B_URL?: string = undefined;',
          '  @IsOptional()',
          '  SAMPLE_NOTE?: string = undefined;',
          '  private readonly notAVariable = 1;',
          '}',
        ].join('\n'),
      );
      const [sample] = readConfigClasses(file, dir);
      expect(sample).toMatchObject({ name: 'SampleConfig', parent: 'PlatformConfig', file: 'sample.config.ts' });
      expect(sample.variables).toEqual([
        { name: 'PORT', defaultValue: '3009', required: 'no', doc: "This service's default.", constraint: '' },
        { name: 'BATCH_SIZE', defaultValue: '1000', required: 'no', doc: 'Records per batch.', constraint: 'integer; ≥ 1; ≤ 10000' },
        { name: 'SAMPLE_KEY', defaultValue: '', required: 'yes', doc: '', constraint: 'at least 32 characters' },
        { name: 'SAMPLE_PREFIX', defaultValue: '', required: 'no', doc: '', constraint: 'must be empty or end in a dot' },
        { name: 'SAMPLE_MODE', defaultValue: 'a', required: 'no', doc: '', constraint: 'one of `a`, `b`' },
        { name: 'SAMPLE_B_URL', defaultValue: '', required: 'conditional', doc: '', constraint: 'at least 1 characters' },
        { name: 'SAMPLE_NOTE', defaultValue: '', required: 'no', doc: '', constraint: '' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a document without the markers rather than appending somewhere', () => {
    expect(() => withReference('# Operations\n', 'x')).toThrow(/no config-reference markers/);
    expect(withReference(`a\n${REFERENCE_START}\nold\n${REFERENCE_END}\nb`, 'new')).toBe('a\nnew\nb');
  });
});
