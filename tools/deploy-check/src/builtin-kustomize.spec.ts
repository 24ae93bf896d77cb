import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyJsonPatch, configMapHash, renderBuiltinKustomization } from './builtin-kustomize';
import { parseYamlStream } from './manifest-checks';

const root = resolve(__dirname, '../../..');
const sample = resolve(__dirname, '../fixtures/kustomize-sample/overlay');

type Obj = { kind?: string; metadata?: { name?: string; namespace?: string } };
/** Objects by kind/namespace/name, so output order (which kustomize sorts its own way) does not matter. */
const byId = (objects: readonly unknown[]) => Object.fromEntries((objects as Obj[]).map((o) => [`${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, o]));

describe('the built-in kustomize renderer', () => {
  it('renders the sample exactly as kubectl kustomize did (committed rendering, so no kubectl is needed here)', () => {
    const expected = parseYamlStream(readFileSync(resolve(__dirname, '../fixtures/kustomize-sample/kubectl-output.yaml'), 'utf8'));
    expect(byId(renderBuiltinKustomization(sample))).toEqual(byId(expected));
  });

  it('hashes ConfigMaps like kustomize', () => {
    // Values kubectl kustomize produced: `literals: [A=b]` → x-b9t2424hkf.
    expect(configMapHash({ A: 'b' })).toBe('b9t2424hkf');
  });

  it('applies JSON 6902 add, replace and remove, and refuses a path that does not exist', () => {
    const target = { spec: { list: [1, 2], gone: true, keep: 'x' } };
    applyJsonPatch(target, [
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'replace', path: '/spec/keep', value: 'y' },
      { op: 'remove', path: '/spec/gone' },
      { op: 'add', path: '/spec/a~1b', value: 1 },
    ]);
    expect(target).toEqual({ spec: { list: [1, 2, 3], keep: 'y', 'a/b': 1 } });
    expect(() => applyJsonPatch(target, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(/does not exist/);
  });

  it('applies JSON 6902 test as a guard: an index patch fails when the element there is not the one meant', () => {
    const target: { volumes: Record<string, string | Record<string, string>>[] } = { volumes: [{ name: 'tmp' }, { name: 'spool', emptyDir: { sizeLimit: '1Gi' } }] };
    applyJsonPatch(target, [
      { op: 'test', path: '/volumes/1/name', value: 'spool' },
      { op: 'replace', path: '/volumes/1/emptyDir/sizeLimit', value: '2Gi' },
    ]);
    expect(target.volumes[1]).toEqual({ name: 'spool', emptyDir: { sizeLimit: '2Gi' } });
    expect(() => applyJsonPatch(target, [{ op: 'test', path: '/volumes/0/name', value: 'spool' }])).toThrow(/patch test \/volumes\/0\/name failed/);
  });

  it('refuses kustomization features it does not implement instead of rendering them wrong', () => {
    expect(() => renderBuiltinKustomization(resolve(__dirname, '../fixtures/kustomize-sample/unsupported'))).toThrow(/unsupported fields: namePrefix/);
  });

  it('renders every Kontor overlay as kubectl kustomize does, wherever kubectl is installed', () => {
    let kubectl: string | undefined;
    try {
      kubectl = execFileSync('sh', ['-c', 'command -v "${KUBECTL:-kubectl}"'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      kubectl = undefined;
    }
    // Without kubectl the committed sample above is the comparison with kustomize; the overlays must still render.
    for (const dir of ['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod']) {
      const rendered = byId(renderBuiltinKustomization(resolve(root, dir)));
      if (kubectl) {
        const expected = parseYamlStream(execFileSync(kubectl, ['kustomize', resolve(root, dir)], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 }));
        expect(rendered).toEqual(byId(expected));
      } else {
        expect(Object.keys(rendered).filter((id) => id.startsWith('Deployment/'))).toHaveLength(4);
      }
    }
  });
});
