import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sha256Hex } from '@kontor/request-signing';
import { BodyTooLargeError, drainBody, spoolBody } from './body-spool';

const PAN = '4111111111111111';

describe('spoolBody', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'spool-spec-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const body = Buffer.from(`{"entries":[${Array.from({ length: 2000 }, (_, i) => `{"entryId":"e${i}","card":{"pan":"${PAN}"}}`).join(',')}]}`);
  const stream = (bytes: Buffer, size = 1000) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

  it('hashes the body, keeps its head, and gives the same bytes back as a stream', async () => {
    const spooled = await spoolBody(stream(body), { directory, maxBytes: 1 << 20 });
    expect(spooled.size).toBe(body.length);
    expect(spooled.sha256).toBe(sha256Hex(body));
    expect(spooled.head.equals(body.subarray(0, spooled.head.length))).toBe(true);
    const back: Buffer[] = [];
    for await (const chunk of spooled.chunks()) back.push(chunk);
    expect(Buffer.concat(back).equals(body)).toBe(true);
    await spooled.discard();
    expect(readdirSync(directory)).toEqual([]);
  });

  it('stores the body encrypted: no card number readable on disk', async () => {
    const spooled = await spoolBody(stream(body), { directory, maxBytes: 1 << 20 });
    const [file] = readdirSync(directory);
    const onDisk = readFileSync(join(directory, file));
    expect(onDisk.length).toBe(body.length);
    expect(onDisk.toString('latin1')).not.toContain(PAN);
    expect(onDisk.toString('latin1')).not.toContain('entries');
    await spooled.discard();
  });

  it('stops at the limit and leaves nothing behind', async () => {
    await expect(spoolBody(stream(body), { directory, maxBytes: body.length - 1 })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(readdirSync(directory)).toEqual([]);
    await expect(drainBody(stream(body), body.length - 1)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(drainBody(stream(body), body.length)).resolves.toBeUndefined();
  });
});
