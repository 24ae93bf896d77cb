import { execFileSync } from 'node:child_process';
import { parseYamlStream } from './manifest-checks';

/**
 * Renders a kustomization with `kubectl kustomize` (kustomize ships inside kubectl) and returns its
 * documents. A missing kubectl is an error, not a reason to skip: the checks would silently prove nothing.
 */
export function renderKustomization(dir: string, kubectl: string = process.env.KUBECTL ?? 'kubectl'): unknown[] {
  let output: string;
  try {
    output = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `kubectl not found (tried "${kubectl}"). The deployment checks render ${dir} with "kubectl kustomize"; ` +
          'install kubectl 1.27 or newer, or set KUBECTL to its path. These checks are never skipped.',
      );
    }
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`"${kubectl} kustomize ${dir}" failed: ${stderr || (error as Error).message}`);
  }
  return parseYamlStream(output);
}
