import { execFileSync } from 'node:child_process';
import { renderBuiltinKustomization } from './builtin-kustomize';
import { parseYamlStream } from './manifest-checks';

/**
 * Renders a kustomization with `kubectl kustomize` (kustomize ships inside kubectl) and returns its
 * documents. Where kubectl is not installed (and it is not in the registries this project reaches),
 * the built-in renderer takes over: it implements the features Kontor's kustomizations use, refuses
 * any other, and is compared with kubectl's output in its tests. Either way the checks run; nothing is skipped.
 */
export function renderKustomization(dir: string, kubectl: string = process.env.KUBECTL ?? 'kubectl'): unknown[] {
  let output: string;
  try {
    output = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return renderBuiltinKustomization(dir);
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`"${kubectl} kustomize ${dir}" failed: ${stderr || (error as Error).message}`);
  }
  return parseYamlStream(output);
}
